//! EKS: the IAM roles, the secrets encryption key, the cluster and its managed
//! node groups (each with a launch template that requires IMDSv2).

use super::logs::LogGroups;
use super::network::NetworkIds;
use super::{Builder, Spec, id_refs, ids};
use crate::graph::props::{EksClusterProps, EksNodeGroupProps, IamRoleProps, KmsKeyProps, LaunchTemplateProps, TargetGroupAttachmentProps};
use crate::graph::{Kind, NodeId, Props, Value};
use crate::stack::model::NodeGroup;
use crate::stack::names;

pub struct RoleIds {
    pub cluster: NodeId,
    pub nodes: NodeId,
}

const POLICY_PREFIX: &str = "arn:aws:iam::aws:policy/";

/// A role of the stack that `service` assumes, with AWS-managed `policies`
/// (their names after `arn:aws:iam::aws:policy/`).
pub(super) fn role(b: &mut Builder, id: &str, name: String, service: &str, policies: &[&str]) -> NodeId {
    let stack = b.name().to_string();
    b.add(Spec::new(
        ids::role(id),
        Kind::IamRole,
        name,
        IamRoleProps {
            path: names::iam_path(&stack),
            assume_role_service: service.to_string(),
            managed_policy_arns: policies.iter().map(|p| format!("{POLICY_PREFIX}{p}")).collect(),
        }
        .into(),
    ))
}

pub fn roles(b: &mut Builder) -> Option<RoleIds> {
    b.stack.kubernetes.as_ref()?;
    let stack = b.name().to_string();
    let cluster = role(
        b,
        "eks-cluster",
        names::eks_cluster_role(&stack),
        "eks.amazonaws.com",
        &["AmazonEKSClusterPolicy"],
    );
    let nodes = role(
        b,
        "eks-nodes",
        names::eks_node_role(&stack),
        "ec2.amazonaws.com",
        &[
            "AmazonEKSWorkerNodePolicy",
            "AmazonEKS_CNI_Policy",
            "AmazonEC2ContainerRegistryReadOnly",
            // Session Manager instead of SSH: no key pair, no open port, every
            // session in CloudTrail (the EKS best practices guide; eksctl
            // attaches it to every node group too). The EKS AMIs run the agent.
            "AmazonSSMManagedInstanceCore",
        ],
    );
    Some(RoleIds { cluster, nodes })
}

pub fn cluster(b: &mut Builder, net: Option<&NetworkIds>, roles: Option<&RoleIds>, logs: &LogGroups) {
    let (Some(k), Some(net), Some(roles)) = (b.stack.kubernetes.as_ref(), net, roles) else {
        return;
    };
    let stack = b.name().to_string();
    let key = b.kms_key(
        ids::eks_secrets_key(),
        "eks-secrets",
        KmsKeyProps {
            // The key policy lets EKS use the key as the cluster role.
            cluster_role_arn: Some(Value::reference(&roles.cluster, "arn")),
            ..KmsKeyProps::rotated(format!("Envelope encryption of Kubernetes secrets of stack {stack}"))
        },
    );
    let private: Vec<Value> = id_refs(&net.private_subnets);
    let public_cidrs: Vec<String> = k.public_access_cidrs.iter().map(|c| c.value.clone()).collect();
    let mut spec = Spec::new(
        ids::eks_cluster(),
        Kind::EksCluster,
        names::eks_cluster(&stack),
        Props::from(EksClusterProps {
            version: k.version.value.clone(),
            role_arn: Value::reference(&roles.cluster, "arn"),
            // Access entries, not the aws-auth ConfigMap: the roles live under
            // the stack's IAM path, which aws-auth cannot match (README, "EKS and
            // the load balancer's targets"); EKS adds the node role's entry itself.
            authentication_mode: "API".into(),
            subnet_ids: private.clone(),
            security_group_ids: id_refs(&net.nodes_sg),
            endpoint_private_access: true,
            endpoint_public_access: !public_cidrs.is_empty(),
            public_access_cidrs: public_cidrs,
            enabled_log_types: k.logging.iter().map(|l| l.value.clone()).collect(),
            secrets_kms_key_arn: Some(Value::reference(&key, "arn")),
        }),
    );
    if let Some(log) = &logs.eks {
        // Created first so that its retention applies, not EKS's "never expire".
        spec = spec.after(log);
    }
    let cluster = b.add(spec);
    let nodes = NodeGroupParts {
        cluster: &cluster,
        role: &roles.nodes,
        subnets: &private,
        security_groups: id_refs(&net.nodes_sg),
        nat_gateways: &net.nat_gateways,
    };
    for g in &k.node_groups {
        node_group(b, g, &nodes);
    }
}

/// What every node group of the cluster is made with.
struct NodeGroupParts<'a> {
    cluster: &'a NodeId,
    role: &'a NodeId,
    subnets: &'a [Value],
    security_groups: Vec<Value>,
    nat_gateways: &'a [NodeId],
}

/// A node group and its launch template.
fn node_group(b: &mut Builder, g: &NodeGroup, parts: &NodeGroupParts) {
    let stack = b.name().to_string();
    let template = b.add(Spec::new(
        ids::launch_template(&g.name),
        Kind::LaunchTemplate,
        names::named(&stack, &format!("nodes-{}", g.name.value)),
        Props::from(LaunchTemplateProps {
            metadata_http_tokens: "required".into(),
            // Pods reach IMDS through one extra hop.
            metadata_hop_limit: 2,
            root_volume_gb: *g.disk_size_gb,
            root_volume_encrypted: true,
            security_group_ids: parts.security_groups.clone(),
        }),
    ));
    let mut spec = Spec::new(
        ids::node_group(&g.name),
        Kind::EksNodeGroup,
        g.name.value.clone(),
        Props::from(EksNodeGroupProps {
            cluster_name: Value::reference(parts.cluster, "name"),
            node_role_arn: Value::reference(parts.role, "arn"),
            subnet_ids: parts.subnets.to_vec(),
            instance_types: g.instance_types.iter().map(|t| t.value.clone()).collect(),
            min_size: *g.min_size,
            desired_size: *g.desired_size,
            max_size: *g.max_size,
            labels: g.labels.iter().map(|(k, v)| (k.clone(), v.value.clone())).collect(),
            launch_template_id: Some(Value::reference(&template, "id")),
        }),
    )
    .ready(parts.cluster);
    if *g.ignore_desired_size {
        // The cluster autoscaler owns it after creation.
        spec = spec.ignore_changes("desired_size");
    }
    // Nodes pull images and join the cluster through the NAT gateway.
    for nat in parts.nat_gateways {
        spec = spec.ready(nat);
    }
    b.add(spec);
}

/// The load balancer's targets are the nodes: its target group is attached to
/// each node group's Auto Scaling group, which EKS creates and names, so the
/// attachment waits for the node group to be ACTIVE (AWS reports the group then).
pub fn target_group_attachments(b: &mut Builder) {
    let Some(k) = b.stack.kubernetes.as_ref() else { return };
    let tg = ids::target_group();
    if !b.has(&tg) {
        return;
    }
    let stack = b.name().to_string();
    for g in &k.node_groups {
        let group = ids::node_group(&g.name);
        if !b.has(&group) {
            continue;
        }
        b.add(
            Spec::new(
                ids::target_group_attachment(&g.name),
                Kind::TargetGroupAttachment,
                names::named(&stack, &format!("nodes-{}-targets", g.name.value)),
                TargetGroupAttachmentProps {
                    autoscaling_group_name: Value::reference(&group, "autoscaling_group"),
                    target_group_arn: Value::reference(&tg, "arn"),
                }
                .into(),
            )
            .ready(&group),
        );
    }
}
