//! TEMPORARY: the tables node.rs had, to check the registry says the same.
#![allow(dead_code)]
use super::Kind;
impl Kind {
    /// The Terraform-style type name shown in plans (`aws_vpc`).
    pub fn legacy_type_name(self) -> &'static str {
        match self {
            Kind::Vpc => "aws_vpc",
            Kind::Subnet => "aws_subnet",
            Kind::InternetGateway => "aws_internet_gateway",
            Kind::ElasticIp => "aws_eip",
            Kind::NatGateway => "aws_nat_gateway",
            Kind::RouteTable => "aws_route_table",
            Kind::SecurityGroup => "aws_security_group",
            Kind::IamRole => "aws_iam_role",
            Kind::KmsKey => "aws_kms_key",
            Kind::LaunchTemplate => "aws_launch_template",
            Kind::EksCluster => "aws_eks_cluster",
            Kind::EksNodeGroup => "aws_eks_node_group",
            Kind::DbSubnetGroup => "aws_db_subnet_group",
            Kind::DbParameterGroup => "aws_db_parameter_group",
            Kind::DbInstance => "aws_db_instance",
            Kind::DbReplica => "aws_db_instance_replica",
            Kind::CacheSubnetGroup => "aws_elasticache_subnet_group",
            Kind::CacheReplicationGroup => "aws_elasticache_replication_group",
            Kind::LoadBalancer => "aws_lb",
            Kind::TargetGroup => "aws_lb_target_group",
            Kind::Listener => "aws_lb_listener",
            Kind::TargetGroupAttachment => "aws_autoscaling_attachment",
            Kind::WebAcl => "aws_wafv2_web_acl",
            Kind::WebAclAssociation => "aws_wafv2_web_acl_association",
            Kind::OriginAccessControl => "aws_cloudfront_origin_access_control",
            Kind::Distribution => "aws_cloudfront_distribution",
            Kind::Queue => "aws_sqs_queue",
            Kind::Bucket => "aws_s3_bucket",
            Kind::EcrRepository => "aws_ecr_repository",
            Kind::LogGroup => "aws_cloudwatch_log_group",
            Kind::Topic => "aws_sns_topic",
            Kind::Alarm => "aws_cloudwatch_metric_alarm",
            Kind::Dashboard => "aws_cloudwatch_dashboard",
            Kind::Trail => "aws_cloudtrail",
            Kind::FlowLog => "aws_flow_log",
            Kind::CodeCommitRepository => "aws_codecommit_repository",
            Kind::BackupVault => "aws_backup_vault",
            Kind::BackupPlan => "aws_backup_plan",
            Kind::BackupSelection => "aws_backup_selection",
        }
    }
}

impl Kind {
    /// Properties AWS cannot change in place: a different value replaces the
    /// resource (delete, then create under the same deterministic name).
    pub fn legacy_replace_on(self) -> &'static [&'static str] {
        match self {
            Kind::Vpc => &["cidr_block"],
            Kind::Subnet => &["vpc_id", "cidr_block", "availability_zone"],
            Kind::ElasticIp => &["domain"],
            Kind::NatGateway => &["subnet_id", "allocation_id", "connectivity_type"],
            Kind::RouteTable => &["vpc_id"],
            Kind::SecurityGroup => &["vpc_id", "description"],
            Kind::IamRole => &["path"],
            Kind::EksCluster => &["role_arn", "subnet_ids", "security_group_ids", "secrets_kms_key_arn"],
            Kind::EksNodeGroup => &["cluster_name", "node_role_arn", "subnet_ids", "instance_types"],
            Kind::DbParameterGroup => &["family"],
            Kind::DbInstance => &["engine", "storage_encrypted", "master_username", "db_subnet_group_name"],
            Kind::DbReplica => &["source_db_instance_identifier", "storage_encrypted"],
            Kind::CacheReplicationGroup => &["engine", "at_rest_encryption", "transit_encryption", "subnet_group_name", "port"],
            Kind::LoadBalancer => &["type", "scheme"],
            Kind::TargetGroup => &["vpc_id", "port", "protocol", "target_type"],
            Kind::Listener => &["load_balancer_arn"],
            Kind::TargetGroupAttachment => &["autoscaling_group_name", "target_group_arn"],
            Kind::WebAcl => &["scope", "region"],
            Kind::WebAclAssociation => &["web_acl_arn", "resource_arn"],
            Kind::OriginAccessControl => &["origin_type"],
            Kind::Queue => &["fifo"],
            Kind::EcrRepository => &["encryption"],
            // EC2 has no call that changes a flow log.
            Kind::FlowLog => &[
                "resource_id",
                "traffic_type",
                "log_destination_type",
                "log_destination",
                "max_aggregation_interval",
            ],
            // A vault's key is set at creation; a selection has no update call.
            Kind::BackupVault => &["encryption_key_arn"],
            Kind::BackupSelection => &["backup_plan_id", "iam_role_arn", "resource_arns"],
            Kind::KmsKey
            | Kind::InternetGateway
            | Kind::LaunchTemplate
            | Kind::DbSubnetGroup
            | Kind::CacheSubnetGroup
            | Kind::Distribution
            | Kind::Bucket
            | Kind::LogGroup
            | Kind::Topic
            | Kind::Alarm
            | Kind::Dashboard
            | Kind::Trail
            | Kind::CodeCommitRepository
            | Kind::BackupPlan => &[],
        }
    }

    /// A property the node's id and name carry, because AWS never changes it
    /// and the next value's resource must exist beside the old one: a DB
    /// parameter group's `family` (RDS refuses a major upgrade unless the new
    /// family's group is named in the same call). A live resource of the kind
    /// with the same value under an id the stack no longer has is the same
    /// resource under an older naming, kept rather than renamed.
    pub fn legacy_identity_prop(self) -> Option<&'static str> {
        match self {
            Kind::DbParameterGroup => Some("family"),
            _ => None,
        }
    }

    /// The attributes `stackctl output` shows, and apply prints at its end.
    pub fn legacy_output_attrs(self) -> &'static [&'static str] {
        match self {
            Kind::Distribution => &["domain_name"],
            Kind::LoadBalancer => &["dns_name"],
            Kind::EksCluster => &["endpoint"],
            Kind::DbInstance | Kind::DbReplica => &["endpoint"],
            Kind::CacheReplicationGroup => &["primary_endpoint", "reader_endpoint"],
            Kind::Queue => &["url"],
            Kind::Bucket => &["name"],
            Kind::EcrRepository => &["url"],
            Kind::CodeCommitRepository => &["clone_url_http"],
            _ => &[],
        }
    }

    /// EC2 resources have no name of their own: a `Name` tag gives them one.
    pub fn legacy_is_ec2(self) -> bool {
        matches!(
            self,
            Kind::Vpc
                | Kind::Subnet
                | Kind::InternetGateway
                | Kind::ElasticIp
                | Kind::NatGateway
                | Kind::RouteTable
                | Kind::SecurityGroup
                | Kind::LaunchTemplate
                | Kind::FlowLog
        )
    }

    /// Kinds AWS accepts at once but makes usable minutes later (`creating` ->
    /// `available`): apply waits for them at its end unless `--no-wait`.
    pub fn legacy_settles_after_create(self) -> bool {
        matches!(
            self,
            Kind::NatGateway
                | Kind::EksCluster
                | Kind::EksNodeGroup
                | Kind::DbInstance
                | Kind::DbReplica
                | Kind::CacheReplicationGroup
                | Kind::LoadBalancer
                | Kind::Distribution
        )
    }

    /// Kinds AWS refuses to delete while their deletion protection is on:
    /// destroy checks them all before deleting anything.
    pub fn legacy_has_deletion_protection(self) -> bool {
        matches!(self, Kind::DbInstance | Kind::DbReplica | Kind::LoadBalancer)
    }

    /// Position in creation order; deleting resources the stack no longer
    /// describes goes from the highest rank down.
    pub fn legacy_rank(self) -> usize {
        Kind::ALL.iter().position(|k| *k == self).unwrap_or(usize::MAX)
    }
}

pub fn legacy_unordered(key: &str) -> bool {
    key.ends_with("_ids")
        || key.ends_with("_arns")
        || matches!(
            key,
            "ingress"
                | "egress"
                | "routes"
                | "enabled_log_types"
                | "public_access_cidrs"
                | "cloudwatch_logs_exports"
                | "alarm_actions"
                | "ok_actions"
        )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyAdoption {
    Tags,
    ByName,
    ThroughParent(&'static str),
}

pub fn legacy_adoption(kind: Kind) -> LegacyAdoption {
    match kind {
        Kind::OriginAccessControl | Kind::Dashboard => LegacyAdoption::ByName,
        Kind::WebAclAssociation => {
            LegacyAdoption::ThroughParent("the regional web ACL (edge/web-acl/regional) and the load balancer (edge/load-balancer)")
        }
        Kind::TargetGroupAttachment => {
            LegacyAdoption::ThroughParent("its node group (kubernetes/node-group/...) and the target group (edge/target-group)")
        }
        Kind::BackupSelection => LegacyAdoption::ThroughParent("its backup plan (backup/plan)"),
        _ => LegacyAdoption::Tags,
    }
}

pub fn legacy_kinds_of_id(aws_id: &str) -> Option<&'static [Kind]> {
    const PREFIXES: &[(&str, &[Kind])] = &[
        ("vpc-", &[Kind::Vpc]),
        ("subnet-", &[Kind::Subnet]),
        ("igw-", &[Kind::InternetGateway]),
        ("eipalloc-", &[Kind::ElasticIp]),
        ("nat-", &[Kind::NatGateway]),
        ("rtb-", &[Kind::RouteTable]),
        ("sg-", &[Kind::SecurityGroup]),
        ("fl-", &[Kind::FlowLog]),
        ("lt-", &[Kind::LaunchTemplate]),
        ("alias/", &[Kind::KmsKey]),
    ];
    if let Some((_, kinds)) = PREFIXES.iter().find(|(p, _)| aws_id.starts_with(p)) {
        return Some(kinds);
    }
    if aws_id.starts_with("https://") || aws_id.starts_with("http://") {
        return Some(&[Kind::Queue]);
    }
    let arn: Vec<&str> = aws_id.splitn(6, ':').collect();
    if arn.len() < 6 || arn[0] != "arn" {
        return None;
    }
    let resource = arn[5];
    let has = |p: &str| resource.starts_with(p);
    Some(match arn[2] {
        "sqs" => &[Kind::Queue],
        "s3" => &[Kind::Bucket],
        "ecr" => &[Kind::EcrRepository],
        "iam" if has("role/") => &[Kind::IamRole],
        "logs" => &[Kind::LogGroup],
        "rds" if has("subgrp:") => &[Kind::DbSubnetGroup],
        "rds" if has("pg:") => &[Kind::DbParameterGroup],
        "rds" if has("db:") => &[Kind::DbInstance, Kind::DbReplica],
        "elasticache" if has("subnetgroup:") => &[Kind::CacheSubnetGroup],
        "elasticache" if has("replicationgroup:") => &[Kind::CacheReplicationGroup],
        "elasticloadbalancing" if has("loadbalancer/") => &[Kind::LoadBalancer],
        "elasticloadbalancing" if has("targetgroup/") => &[Kind::TargetGroup],
        "elasticloadbalancing" if has("listener/") => &[Kind::Listener],
        "eks" if has("cluster/") => &[Kind::EksCluster],
        "eks" if has("nodegroup/") => &[Kind::EksNodeGroup],
        "kms" => &[Kind::KmsKey],
        "sns" => &[Kind::Topic],
        "cloudwatch" if has("alarm:") => &[Kind::Alarm],
        "cloudwatch" if has("dashboard/") => &[Kind::Dashboard],
        "cloudtrail" => &[Kind::Trail],
        "codecommit" => &[Kind::CodeCommitRepository],
        "backup" if has("backup-vault:") => &[Kind::BackupVault],
        "backup" if has("backup-plan:") => &[Kind::BackupPlan],
        "wafv2" => &[Kind::WebAcl],
        "cloudfront" => &[Kind::Distribution],
        _ => &[],
    })
}

pub fn legacy_tf_type(kind: Kind) -> &'static str {
    match kind {
        Kind::DbReplica => "aws_db_instance",
        k => k.legacy_type_name(),
    }
}

pub fn legacy_tf_attr(kind: Kind, attr: &str) -> &str {
    match (kind, attr) {
        (Kind::DbInstance | Kind::DbReplica, "endpoint") => "address",
        (Kind::CacheReplicationGroup, "primary_endpoint") => "primary_endpoint_address",
        (Kind::CacheReplicationGroup, "reader_endpoint") => "reader_endpoint_address",
        (Kind::Bucket, "name") => "bucket",
        (Kind::EcrRepository, "url") => "repository_url",
        (_, a) => a,
    }
}

#[test]
fn the_registry_says_what_the_tables_said() {
    use super::kinds::{Adoption as A, spec};
    for k in Kind::ALL {
        let s = spec(*k);
        assert_eq!(s.type_name, k.legacy_type_name());
        assert_eq!(s.replace_on, k.legacy_replace_on(), "{k:?}");
        assert_eq!(s.identity_prop, k.legacy_identity_prop());
        assert_eq!(
            s.outputs.iter().map(|o| o.attr).collect::<Vec<_>>(),
            k.legacy_output_attrs(),
            "{k:?}"
        );
        assert_eq!(s.named_by_tag, k.legacy_is_ec2(), "{k:?}");
        assert_eq!(s.settles_after_create, k.legacy_settles_after_create(), "{k:?}");
        assert_eq!(s.deletion_protection, k.legacy_has_deletion_protection(), "{k:?}");
        assert_eq!(s.terraform_type, legacy_tf_type(*k), "{k:?}");
        for o in s.outputs {
            assert_eq!(o.terraform, legacy_tf_attr(*k, o.attr), "{k:?}");
        }
        let a = match legacy_adoption(*k) {
            LegacyAdoption::Tags => A::Tags,
            LegacyAdoption::ByName => A::ByName,
            LegacyAdoption::ThroughParent(p) => A::ThroughParent(p),
        };
        assert_eq!(s.adoption, a, "{k:?}");
        for other in Kind::ALL {
            assert_eq!(k.rank() < other.rank(), k.legacy_rank() < other.legacy_rank());
        }
    }
    let keys = [
        "ingress",
        "egress",
        "routes",
        "enabled_log_types",
        "public_access_cidrs",
        "cloudwatch_logs_exports",
        "alarm_actions",
        "ok_actions",
        "subnet_ids",
        "policy_arns",
        "instance_types",
        "tags",
        "x",
    ];
    for key in keys {
        let kinds: Vec<Kind> = Kind::ALL.iter().copied().filter(|k| spec(*k).is_set(key)).collect();
        println!("{key}: {kinds:?}");
        assert_eq!(!kinds.is_empty(), legacy_unordered(key), "{key}");
    }
}

#[test]
fn ids_as_before() {
    let ids = [
        "vpc-1",
        "subnet-1",
        "igw-1",
        "eipalloc-1",
        "nat-1",
        "rtb-1",
        "sg-1",
        "fl-1",
        "lt-1",
        "alias/x",
        "https://sqs/q",
        "http://q",
        "plain",
        "arn:aws:sqs:r:1:q",
        "arn:aws:s3:::b",
        "arn:aws:ecr:r:1:repository/x",
        "arn:aws:iam::1:role/x",
        "arn:aws:iam::1:policy/x",
        "arn:aws:logs:r:1:log-group:x",
        "arn:aws:rds:r:1:subgrp:x",
        "arn:aws:rds:r:1:pg:x",
        "arn:aws:rds:r:1:db:x",
        "arn:aws:rds:r:1:cluster:x",
        "arn:aws:elasticache:r:1:subnetgroup:x",
        "arn:aws:elasticache:r:1:replicationgroup:x",
        "arn:aws:elasticloadbalancing:r:1:loadbalancer/app/x",
        "arn:aws:elasticloadbalancing:r:1:targetgroup/x",
        "arn:aws:elasticloadbalancing:r:1:listener/app/x",
        "arn:aws:eks:r:1:cluster/x",
        "arn:aws:eks:r:1:nodegroup/x",
        "arn:aws:kms:r:1:key/x",
        "arn:aws:sns:r:1:t",
        "arn:aws:cloudwatch:r:1:alarm:x",
        "arn:aws:cloudwatch:r:1:dashboard/x",
        "arn:aws:cloudwatch:r:1:other",
        "arn:aws:cloudtrail:r:1:trail/x",
        "arn:aws:codecommit:r:1:x",
        "arn:aws:backup:r:1:backup-vault:x",
        "arn:aws:backup:r:1:backup-plan:x",
        "arn:aws:backup:r:1:other",
        "arn:aws:wafv2:r:1:regional/webacl/x",
        "arn:aws:cloudfront::1:distribution/x",
        "arn:aws:ec2:r:1:vpc/x",
        "arn:short",
    ];
    for id in ids {
        assert_eq!(
            crate::plan::import::kinds_of_id(id).map(|v| v.to_vec()),
            legacy_kinds_of_id(id).map(|v| v.to_vec()),
            "{id}"
        );
    }
}
