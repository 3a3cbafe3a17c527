//! The live state of a stack, as the provider read it from AWS.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::graph::{Kind, NodeId, Props, Value};

/// One resource found in AWS with this stack's ownership tags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveResource {
    pub id: NodeId,
    pub kind: Kind,
    /// The AWS name (or Name tag).
    pub name: String,
    /// What AWS calls it: `vpc-0abc`, a queue URL, a bucket name, an ARN.
    pub physical_id: String,
    /// Attributes other resources may reference: `id`, `arn`, `name`, `url`...
    pub attrs: BTreeMap<String, Value>,
    /// Settings in the same normal form as the desired properties; `None` when
    /// only the tags were read (the `stackctl:hash` tag then stands for them).
    pub props: Option<Props>,
    pub tags: BTreeMap<String, String>,
}

impl LiveResource {
    /// A resource AWS knows as `physical_id` (an id, an ARN, a URL).
    pub fn new(
        id: NodeId,
        kind: Kind,
        name: &str,
        physical_id: &str,
        attrs: &[(&str, Value)],
        tags: BTreeMap<String, String>,
        props: Option<Props>,
    ) -> Self {
        LiveResource {
            id,
            kind,
            name: name.to_string(),
            physical_id: physical_id.to_string(),
            attrs: attrs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
            props,
            tags,
        }
    }

    /// A resource AWS knows by its name: the name is its physical id too.
    pub fn named(
        id: NodeId,
        kind: Kind,
        name: &str,
        attrs: &[(&str, Value)],
        tags: BTreeMap<String, String>,
        props: Option<Props>,
    ) -> Self {
        Self::new(id, kind, name, name, attrs, tags, props)
    }

    pub fn hash_tag(&self) -> Option<&str> {
        self.tags.get(crate::graph::tag::HASH).map(String::as_str)
    }
}

/// A resource with one of our deterministic names but without our ownership
/// tags: never adopted silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub id: NodeId,
    pub kind: Kind,
    pub name: String,
    pub reason: String,
    /// The AWS id or ARN of the resource that holds the name, as `stackctl
    /// import` takes it; `None` where AWS does not say (another account's bucket).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_id: Option<String>,
}

impl Conflict {
    /// `what` (with its article: "a DB instance") holds `node`'s name without
    /// the stack's tags; `aws_id` is how `stackctl import` takes it.
    pub fn name_taken(node: &crate::graph::Node, what: &str, aws_id: &str) -> Conflict {
        Conflict {
            id: node.id.clone(),
            kind: node.kind,
            name: node.name.clone(),
            reason: format!("{what} with this name exists without this stack's tags"),
            aws_id: Some(aws_id.to_string()),
        }
    }

    /// `what` holding `node`'s name is stack `owner`'s (its `stackctl:stack`
    /// tag): not importable, so no import command; the reason says what to do.
    pub fn name_owned_by(node: &crate::graph::Node, what: &str, owner: &str) -> Conflict {
        Conflict {
            id: node.id.clone(),
            kind: node.kind,
            name: node.name.clone(),
            reason: format!(
                "{what} with this name belongs to stack `{owner}` (its stackctl:stack tag), so it cannot be imported: \
                 rename it in this stack file, or destroy stack `{owner}`"
            ),
            aws_id: None,
        }
    }

    /// The conflict of `what` holding `node`'s name with `tags` (as AWS has
    /// them) that do not make it stack `stack`'s: another stack's
    /// (`name_owned_by`), else importable as `aws_id` (`name_taken`).
    pub fn name_held(node: &crate::graph::Node, what: &str, aws_id: &str, tags: &BTreeMap<String, String>, stack: &str) -> Conflict {
        match tags.get(crate::graph::tag::STACK).filter(|owner| *owner != stack) {
            Some(owner) => Conflict::name_owned_by(node, what, owner),
            None => Conflict::name_taken(node, what, aws_id),
        }
    }

    /// The command that adopts the resource, where its AWS id is known.
    pub fn import_command(&self) -> Option<String> {
        self.aws_id.as_ref().map(|aws_id| format!("stackctl import {} {aws_id}", self.id))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LiveState {
    pub resources: Vec<LiveResource>,
    pub conflicts: Vec<Conflict>,
    /// Whether every resource's settings were read (`plan --refresh`), or the
    /// ownership hash tag stood in for settings where it matched.
    pub refreshed: bool,
}

impl LiveState {
    pub fn get(&self, id: &NodeId) -> Option<&LiveResource> {
        self.resources.iter().find(|r| &r.id == id)
    }

    pub fn by_id(&self) -> BTreeMap<&NodeId, &LiveResource> {
        self.resources.iter().map(|r| (&r.id, r)).collect()
    }
}
