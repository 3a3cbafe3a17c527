//! Nodes of the resource graph: one AWS resource each.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::kinds::KindSpec;
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

/// What kind of AWS resource a node is. The provider implements each kind;
/// what the core knows about it is its spec in src/graph/kinds.
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
    /// A Redis user (RBAC): the application's, or the `default` user switched off.
    CacheUser,
    /// The users a replication group admits.
    CacheUserGroup,
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
    /// Every kind, in declaration order (the registry of kinds is indexed by
    /// it). The order decides nothing: the delete order is each spec's `rank`.
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
        Kind::CacheUser,
        Kind::CacheUserGroup,
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
        self.spec().type_name
    }

    /// Everything the core knows about the kind: its declaration in the
    /// registry of kinds (src/graph/kinds).
    pub fn spec(self) -> &'static KindSpec {
        super::kinds::spec(self)
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

impl Node {
    /// A node with no tags, dependencies or ignored changes yet.
    pub fn new(id: NodeId, kind: Kind, name: impl Into<String>, props: Props) -> Node {
        Node {
            id,
            kind,
            name: name.into(),
            props,
            tags: BTreeMap::new(),
            deps: vec![],
            ignore_changes: vec![],
        }
    }

    /// This node with an edge to each of `deps`.
    pub fn depending_on(mut self, deps: &[(&str, Strength)]) -> Node {
        let edges = deps.iter().map(|(to, strength)| Edge {
            to: NodeId::new(*to),
            strength: *strength,
        });
        self.deps.extend(edges);
        self
    }
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
        self.spec().replace_on
    }

    /// A property the node's id and name carry, because AWS never changes it
    /// and the next value's resource must exist beside the old one: a DB
    /// parameter group's `family` (RDS refuses a major upgrade unless the new
    /// family's group is named in the same call). A live resource of the kind
    /// with the same value under an id the stack no longer has is the same
    /// resource under an older naming, kept rather than renamed.
    pub fn identity_prop(self) -> Option<&'static str> {
        self.spec().identity_prop
    }

    /// The attributes `stackctl output` shows, and apply prints at its end.
    pub fn output_attrs(self) -> impl Iterator<Item = &'static str> {
        self.spec().outputs.iter().map(|o| o.attr)
    }

    /// EC2 resources have no name of their own: a `Name` tag gives them one.
    pub fn is_ec2(self) -> bool {
        self.spec().named_by_tag
    }

    /// Kinds AWS accepts at once but makes usable minutes later (`creating` ->
    /// `available`): apply waits for them at its end unless `--no-wait`.
    pub fn settles_after_create(self) -> bool {
        self.spec().settles_after_create
    }

    /// Kinds AWS refuses to delete while their deletion protection is on:
    /// destroy checks them all before deleting anything.
    pub fn has_deletion_protection(self) -> bool {
        self.spec().deletion_protection
    }

    /// Position in creation order, as the registry declares it; deleting
    /// resources the stack no longer describes goes from the highest rank down.
    pub fn rank(self) -> u16 {
        self.spec().rank
    }
}
