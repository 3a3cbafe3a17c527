//! The resource graph: one node per AWS resource, with `exists` / `ready` edges.
//!
//! Nodes can only be added after every node they depend on, so the graph is
//! acyclic by construction; `check` verifies it again for graphs read from files.

pub mod expand;
mod export;
pub mod kinds;
pub mod network_acl;
mod node;
pub mod props;
mod value;

use std::collections::{BTreeMap, HashMap};

pub use expand::{ExpandContext, Zone, ZoneShortage, expand, zones_for};
pub use export::{to_dot, to_json, to_mermaid};
pub use kinds::{Adoption, IdShape, KindSpec};
pub use node::{Edge, Kind, Node, NodeId, Strength, tag};
pub use value::{Props, Ref, Value};

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ResourceGraph {
    nodes: Vec<Node>,
    #[serde(skip)]
    index: HashMap<NodeId, usize>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GraphError {
    #[error("node `{0}` is defined twice")]
    Duplicate(NodeId),
    #[error("node `{from}` depends on `{to}`, which is not in the graph (or not before it)")]
    MissingTarget { from: NodeId, to: NodeId },
    #[error("the graph has a cycle through `{0}`")]
    Cycle(NodeId),
    #[error("node `{from}` references `{reference}`, but has no edge to that node")]
    RefWithoutEdge { from: NodeId, reference: Ref },
}

impl ResourceGraph {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a node; every node it depends on or references must already be in
    /// the graph, which is what keeps the graph acyclic.
    pub fn add(&mut self, node: Node) -> Result<(), GraphError> {
        if self.index.contains_key(&node.id) {
            return Err(GraphError::Duplicate(node.id));
        }
        for edge in &node.deps {
            if !self.index.contains_key(&edge.to) {
                return Err(GraphError::MissingTarget {
                    from: node.id.clone(),
                    to: edge.to.clone(),
                });
            }
        }
        for value in node.props.values() {
            for r in value.refs() {
                if !node.deps.iter().any(|e| e.to == r.node) {
                    return Err(GraphError::RefWithoutEdge {
                        from: node.id.clone(),
                        reference: r.clone(),
                    });
                }
            }
        }
        self.index.insert(node.id.clone(), self.nodes.len());
        self.nodes.push(node);
        Ok(())
    }

    /// Rebuilds a graph (for example one read from a plan file), checking it.
    pub fn from_nodes(nodes: Vec<Node>) -> Result<Self, GraphError> {
        let mut g = ResourceGraph::new();
        for n in nodes {
            g.add(n)?;
        }
        Ok(g)
    }

    /// Nodes in insertion order, which is a topological order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn get(&self, id: &NodeId) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i])
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn count_by_kind(&self) -> BTreeMap<Kind, usize> {
        let mut m = BTreeMap::new();
        for n in &self.nodes {
            *m.entry(n.kind).or_default() += 1;
        }
        m
    }

    /// This graph with node `from` known as `to`, named `name`: its ownership
    /// tag, the edges and references to it follow. `None` if `from` is absent
    /// or `to` is taken.
    pub fn renamed(&self, from: &NodeId, to: &NodeId, name: &str) -> Option<ResourceGraph> {
        if self.get(from).is_none() || self.get(to).is_some() {
            return None;
        }
        let nodes = self.nodes.iter().cloned().map(|mut n| {
            if &n.id == from {
                n.id = to.clone();
                n.name = name.to_string();
                n.tags.insert(tag::ID.to_string(), to.to_string());
                if n.kind.is_ec2() {
                    n.tags.insert("Name".to_string(), name.to_string());
                }
            }
            for e in n.deps.iter_mut().filter(|e| &e.to == from) {
                e.to = to.clone();
            }
            n.props.values_mut().for_each(|v| v.retarget(from, to));
            n
        });
        ResourceGraph::from_nodes(nodes.collect()).ok()
    }

    /// Checks every edge's target exists and the graph has no cycle (Kahn).
    pub fn check(&self) -> Result<(), GraphError> {
        let mut indegree: HashMap<&NodeId, usize> = HashMap::new();
        let mut dependents: HashMap<&NodeId, Vec<&NodeId>> = HashMap::new();
        for n in &self.nodes {
            indegree.entry(&n.id).or_default();
            for e in &n.deps {
                if self.get(&e.to).is_none() {
                    return Err(GraphError::MissingTarget {
                        from: n.id.clone(),
                        to: e.to.clone(),
                    });
                }
                *indegree.entry(&n.id).or_default() += 1;
                dependents.entry(&e.to).or_default().push(&n.id);
            }
        }
        let mut ready: Vec<&NodeId> = indegree.iter().filter(|(_, d)| **d == 0).map(|(id, _)| *id).collect();
        let mut seen = 0;
        while let Some(id) = ready.pop() {
            seen += 1;
            for dep in dependents.get(id).into_iter().flatten() {
                let d = indegree.get_mut(dep).expect("every node has an indegree");
                *d -= 1;
                if *d == 0 {
                    ready.push(dep);
                }
            }
        }
        if seen == self.nodes.len() {
            Ok(())
        } else {
            let stuck = indegree
                .iter()
                .find(|(_, d)| **d > 0)
                .map(|(id, _)| (*id).clone())
                .expect("a cycle leaves a node");
            Err(GraphError::Cycle(stuck))
        }
    }
}

/// A graph deserialises from its node list and is checked on the way in.
impl<'de> serde::Deserialize<'de> for ResourceGraph {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct Raw {
            nodes: Vec<Node>,
        }
        let raw = Raw::deserialize(d)?;
        ResourceGraph::from_nodes(raw.nodes).map_err(serde::de::Error::custom)
    }
}
