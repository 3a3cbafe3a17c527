//! IAM, KMS and EKS: the cluster, its node groups and what they use.

use super::{Adoption, IdShape, KindSpec, Output, typed};
use crate::graph::Kind;
use crate::graph::props::{EksClusterProps, EksNodeGroupProps, IamRoleProps, KmsKeyProps, TargetGroupAttachmentProps};

pub const SPECS: &[KindSpec] = &[
    // Before the cluster and node groups that assume it. IAM has no call that
    // changes a role's path.
    KindSpec {
        replace_on: &["path"],
        aws_ids: &[IdShape::arn("iam", "role/")],
        props: Some(typed::<IamRoleProps>),
        ..KindSpec::new(Kind::IamRole, "aws_iam_role", 80)
    },
    // Before the cluster and databases it encrypts. Named by its alias.
    KindSpec {
        aws_ids: &[IdShape::Prefix("alias/"), IdShape::arn("kms", "")],
        props: Some(typed::<KmsKeyProps>),
        ..KindSpec::new(Kind::KmsKey, "aws_kms_key", 90)
    },
    // EKS cannot change a cluster's role, subnets, security groups or secrets
    // key once created; it is usable once `ACTIVE`, many minutes later. AWS
    // returns log types and public CIDRs in an order of its own.
    KindSpec {
        replace_on: &["role_arn", "subnet_ids", "security_group_ids", "secrets_kms_key_arn"],
        sets: &["enabled_log_types", "public_access_cidrs"],
        outputs: &[Output::same("endpoint")],
        settles_after_create: true,
        aws_ids: &[IdShape::arn("eks", "cluster/")],
        props: Some(typed::<EksClusterProps>),
        ..KindSpec::new(Kind::EksCluster, "aws_eks_cluster", 110)
    },
    // In its cluster. EKS cannot move a node group to another cluster, role,
    // subnets or instance types; it is usable once `ACTIVE`.
    KindSpec {
        replace_on: &["cluster_name", "node_role_arn", "subnet_ids", "instance_types"],
        settles_after_create: true,
        aws_ids: &[IdShape::arn("eks", "nodegroup/")],
        props: Some(typed::<EksNodeGroupProps>),
        ..KindSpec::new(Kind::EksNodeGroup, "aws_eks_node_group", 120)
    },
    // Joins a node group's Auto Scaling group and a target group: both come
    // first. Auto Scaling attaches and detaches, it never changes one.
    KindSpec {
        replace_on: &["autoscaling_group_name", "target_group_arn"],
        adoption: Adoption::ThroughParent("its node group (kubernetes/node-group/...) and the target group (edge/target-group)"),
        props: Some(typed::<TargetGroupAttachmentProps>),
        ..KindSpec::new(Kind::TargetGroupAttachment, "aws_autoscaling_attachment", 220)
    },
];
