//! Expansion: a validated stack becomes the resource graph, one node per AWS
//! resource, in an order where every node follows what it depends on.

mod backup;
mod buckets;
mod compute;
mod data;
mod edge;
pub mod ids;
mod network;

pub use network::{ZoneShortage, zones_for};
mod logs;
mod ops;
mod storage;

use std::collections::BTreeMap;

use super::props::KmsKeyProps;
use super::{Edge, Kind, Node, NodeId, Props, ResourceGraph, Strength, Value, tag};
use crate::stack::{Stack, names};

/// What expansion needs beyond the stack file.
#[derive(Debug, Clone, Default)]
pub struct ExpandContext {
    /// The AWS account id, once known; bucket names carry it.
    pub account_id: Option<String>,
    /// The availability zones the region offers (DescribeAvailabilityZones),
    /// once known. Without them (offline: `graph`, `dashboard`) subnets are
    /// laid out in `<region>a`, `<region>b`...
    pub zones: Option<Vec<Zone>>,
}

/// An availability zone: its name (account-specific) and its id (the same
/// physical zone in every account).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub name: String,
    pub id: String,
}

impl ExpandContext {
    pub fn account(&self) -> &str {
        self.account_id.as_deref().unwrap_or(names::ACCOUNT_PLACEHOLDER)
    }
}

/// Expands a validated stack. Validation guarantees what expansion relies on
/// (CIDRs parse, referenced buckets exist), so a failure here is a bug.
pub fn expand(stack: &Stack, ctx: &ExpandContext) -> ResourceGraph {
    let mut b = Builder::new(stack, ctx);
    let net = network::expand(&mut b);
    let roles = compute::roles(&mut b);
    let logs = logs::log_groups(&mut b);
    compute::cluster(&mut b, net.as_ref(), roles.as_ref(), &logs);
    data::database(&mut b, net.as_ref());
    data::cache(&mut b, net.as_ref());
    backup::expand(&mut b);
    storage::queues(&mut b);
    buckets::logs_bucket(&mut b);
    edge::expand(&mut b, net.as_ref());
    compute::target_group_attachments(&mut b);
    buckets::buckets(&mut b);
    storage::registries(&mut b);
    storage::repositories(&mut b);
    ops::alarms(&mut b);
    ops::dashboard(&mut b);
    logs::trail(&mut b);
    logs::flow_log(&mut b);
    b.graph
}

/// A node being described: its props decide its `exists` edges (every reference
/// is one), `ready` upgrades some of them and `after` adds ordering-only edges.
pub(crate) struct Spec {
    id: NodeId,
    kind: Kind,
    name: String,
    props: Props,
    ready: Vec<NodeId>,
    after: Vec<NodeId>,
    tags: BTreeMap<String, String>,
    ignore_changes: Vec<String>,
}

impl Spec {
    pub fn new(id: NodeId, kind: Kind, name: impl Into<String>, props: Props) -> Self {
        Spec {
            id,
            kind,
            name: name.into(),
            props,
            ready: Vec::new(),
            after: Vec::new(),
            tags: BTreeMap::new(),
            ignore_changes: Vec::new(),
        }
    }

    /// Set `attr` at creation only; later differences are shown, not applied.
    pub fn ignore_changes(mut self, attr: &str) -> Self {
        self.ignore_changes.push(attr.to_string());
        self
    }

    /// AWS refuses this node until `parent` is ready.
    pub fn ready(mut self, parent: &NodeId) -> Self {
        self.ready.push(parent.clone());
        self
    }

    /// Create after `parent` exists (and delete before it), with no reference.
    pub fn after(mut self, parent: &NodeId) -> Self {
        self.after.push(parent.clone());
        self
    }

    pub fn tag(mut self, key: &str, value: &str) -> Self {
        self.tags.insert(key.to_string(), value.to_string());
        self
    }
}

/// References to the ids of `nodes` (subnets, security groups), as a
/// resource's list of ids.
pub(crate) fn id_refs<'a>(nodes: impl IntoIterator<Item = &'a NodeId>) -> Vec<Value> {
    nodes.into_iter().map(|n| Value::reference(n, "id")).collect()
}

pub(crate) struct Builder<'a> {
    pub stack: &'a Stack,
    pub ctx: &'a ExpandContext,
    graph: ResourceGraph,
    base_tags: BTreeMap<String, String>,
}

impl<'a> Builder<'a> {
    fn new(stack: &'a Stack, ctx: &'a ExpandContext) -> Self {
        let mut base_tags: BTreeMap<String, String> = stack.tags.iter().map(|(k, v)| (k.clone(), v.value.clone())).collect();
        base_tags.insert(tag::STACK.to_string(), stack.stack.value.clone());
        Builder {
            stack,
            ctx,
            graph: ResourceGraph::new(),
            base_tags,
        }
    }

    pub fn name(&self) -> &str {
        &self.stack.stack
    }

    pub fn region(&self) -> &str {
        &self.stack.region
    }

    pub fn add(&mut self, spec: Spec) -> NodeId {
        let mut deps: Vec<Edge> = Vec::new();
        let mut push = |to: &NodeId, strength: Strength| match deps.iter_mut().find(|e| &e.to == to) {
            Some(e) => e.strength = e.strength.max(strength),
            None => deps.push(Edge { to: to.clone(), strength }),
        };
        for value in spec.props.values() {
            for r in value.refs() {
                push(&r.node, Strength::Exists);
            }
        }
        for id in &spec.ready {
            push(id, Strength::Ready);
        }
        for id in &spec.after {
            push(id, Strength::Exists);
        }
        let mut tags = self.base_tags.clone();
        tags.extend(spec.tags.clone());
        tags.insert(tag::ID.to_string(), spec.id.to_string());
        if spec.kind.is_ec2() {
            // The console shows EC2 resources by their Name tag.
            tags.insert("Name".to_string(), spec.name.clone());
        }
        let id = spec.id.clone();
        let node = Node {
            id: spec.id,
            kind: spec.kind,
            name: spec.name,
            props: spec.props,
            tags,
            deps,
            ignore_changes: spec.ignore_changes,
        };
        if let Err(e) = self.graph.add(node) {
            unreachable!("expansion built an invalid graph: {e}");
        }
        id
    }

    /// A KMS key of the stack, named `<stack>-<name>`.
    pub fn kms_key(&mut self, id: NodeId, name: &str, props: KmsKeyProps) -> NodeId {
        let name = names::named(self.name(), name);
        self.add(Spec::new(id, Kind::KmsKey, name, props.into()))
    }

    pub fn has(&self, id: &NodeId) -> bool {
        self.graph.get(id).is_some()
    }
}

#[cfg(test)]
mod tests;
