//! Nodes of the resource graph: one AWS resource each.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::value::Props;

/// A stable logical id such as `network/subnet/private-a`: the value of the
/// `stackctl:id` tag, unchanged across runs while the stack file says the same.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(String);

impl NodeId {
    pub fn new(id: impl Into<String>) -> Self {
        NodeId(id.into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of AWS resource a node is. The provider implements each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Vpc,
    Subnet,
    InternetGateway,
    ElasticIp,
    NatGateway,
    RouteTable,
    SecurityGroup,
    IamRole,
    KmsKey,
    LaunchTemplate,
    EksCluster,
    EksNodeGroup,
    DbSubnetGroup,
    DbParameterGroup,
    DbInstance,
    DbReplica,
    CacheSubnetGroup,
    CacheReplicationGroup,
    LoadBalancer,
    TargetGroup,
    Listener,
    /// A target group attached to a node group's Auto Scaling group.
    TargetGroupAttachment,
    WebAcl,
    WebAclAssociation,
    OriginAccessControl,
    Distribution,
    Queue,
    Bucket,
    EcrRepository,
    LogGroup,
    /// The SNS topic every alarm notifies.
    Topic,
    Alarm,
    Dashboard,
    Trail,
    /// The VPC's flow log, into the stack's logs bucket.
    FlowLog,
    CodeCommitRepository,
    /// AWS Backup: the vault the stack's recovery points go to.
    BackupVault,
    BackupPlan,
    /// The stack's databases in its backup plan (no tags: read through the plan).
    BackupSelection,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::Vpc,
        Kind::Subnet,
        Kind::InternetGateway,
        Kind::ElasticIp,
        Kind::NatGateway,
        Kind::RouteTable,
        Kind::SecurityGroup,
        Kind::IamRole,
        Kind::KmsKey,
        Kind::LaunchTemplate,
        Kind::EksCluster,
        Kind::EksNodeGroup,
        Kind::DbSubnetGroup,
        Kind::DbParameterGroup,
        Kind::DbInstance,
        Kind::DbReplica,
        Kind::CacheSubnetGroup,
        Kind::CacheReplicationGroup,
        Kind::LoadBalancer,
        Kind::TargetGroup,
        Kind::Listener,
        Kind::TargetGroupAttachment,
        Kind::WebAcl,
        Kind::WebAclAssociation,
        Kind::OriginAccessControl,
        Kind::Distribution,
        Kind::Queue,
        Kind::Bucket,
        Kind::EcrRepository,
        Kind::LogGroup,
        Kind::Topic,
        Kind::Alarm,
        Kind::Dashboard,
        Kind::Trail,
        Kind::FlowLog,
        Kind::CodeCommitRepository,
        Kind::BackupVault,
        Kind::BackupPlan,
        Kind::BackupSelection,
    ];

    /// The Terraform-style type name shown in plans (`aws_vpc`).
    pub fn type_name(self) -> &'static str {
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

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.type_name())
    }
}

/// How much of its parent a node needs before it can be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// The parent's create call has returned: its id, ARN or name is known.
    Exists,
    /// AWS refuses the dependent until the parent reaches a ready state.
    Ready,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    pub to: NodeId,
    pub strength: Strength,
}

/// One AWS resource of the desired stack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: NodeId,
    pub kind: Kind,
    /// The deterministic AWS name (or `Name` tag, for kinds without names).
    pub name: String,
    /// Desired settings, in the normal form the provider reads back.
    pub props: Props,
    /// Tags to set: the stack's tags and the ownership tags.
    pub tags: BTreeMap<String, String>,
    pub deps: Vec<Edge>,
    /// Properties set at creation but never changed afterwards (a node group's
    /// `desired_size` under an autoscaler): a difference is shown, not applied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore_changes: Vec<String>,
}

/// Ownership tag keys (DESIGN.md, Ownership and crash safety).
pub mod tag {
    pub const STACK: &str = "stackctl:stack";
    pub const ID: &str = "stackctl:id";
    /// Hash of the desired properties at the last create or update.
    pub const HASH: &str = "stackctl:hash";
    /// On buckets and registries: destroy may delete their content.
    pub const FORCE_DESTROY: &str = "stackctl:force-destroy";
}

impl Kind {
    /// Properties AWS cannot change in place: a different value replaces the
    /// resource (delete, then create under the same deterministic name).
    pub fn replace_on(self) -> &'static [&'static str] {
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
    pub fn identity_prop(self) -> Option<&'static str> {
        match self {
            Kind::DbParameterGroup => Some("family"),
            _ => None,
        }
    }

    /// The attributes `stackctl output` shows, and apply prints at its end.
    pub fn output_attrs(self) -> &'static [&'static str] {
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
    pub fn is_ec2(self) -> bool {
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
    pub fn settles_after_create(self) -> bool {
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
    pub fn has_deletion_protection(self) -> bool {
        matches!(self, Kind::DbInstance | Kind::DbReplica | Kind::LoadBalancer)
    }

    /// Position in creation order; deleting resources the stack no longer
    /// describes goes from the highest rank down.
    pub fn rank(self) -> usize {
        Kind::ALL.iter().position(|k| *k == self).unwrap_or(usize::MAX)
    }
}
