//! Plans: what apply would do to make live AWS match the stack file.
//!
//! `diff` is a pure function of the desired graph and the live state; plan files
//! save a plan with a fingerprint of the live state it was made against.

pub mod adopt;
mod diff;
pub mod file;
pub mod hash;
pub mod import;
pub mod live;
pub mod upgrades;

use serde::{Deserialize, Serialize};

pub use diff::{compare_live, compare_resolved, destroy_plan, diff, needs_settings, resolve_props};
pub use live::{Conflict, LiveResource, LiveState};

use crate::graph::{Kind, NodeId, ResourceGraph, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    NoOp,
    Create,
    Update,
    /// Delete, then create again under the same deterministic name.
    Replace,
    Delete,
}

impl Action {
    pub fn symbol(self) -> &'static str {
        match self {
            Action::NoOp => " ",
            Action::Create => "+",
            Action::Update => "~",
            Action::Replace => "-/+",
            Action::Delete => "-",
        }
    }
}

/// One attribute that differs. `new` may hold references: `(known after apply)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttrChange {
    pub attr: String,
    /// `None` when the resource is new or the live value was not read.
    pub old: Option<Value>,
    /// `None` when the attribute is removed.
    pub new: Option<Value>,
    pub forces_replacement: bool,
    /// Listed in the node's `ignore_changes`: shown, never applied.
    #[serde(default)]
    pub ignored: bool,
    /// The values AWS passes through to reach `new` (`new` last) when it moves
    /// one step at a time: an EKS cluster's minor versions. Empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Value>,
}

impl AttrChange {
    /// `attr` going from `old` to `new` in place, in one step, not ignored.
    pub fn plain(attr: &str, old: Option<Value>, new: Option<Value>) -> AttrChange {
        AttrChange {
            attr: attr.to_string(),
            old,
            new,
            forces_replacement: false,
            ignored: false,
            steps: vec![],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceChange {
    pub id: NodeId,
    pub kind: Kind,
    pub name: String,
    pub action: Action,
    pub changes: Vec<AttrChange>,
    /// Live settings differ although the stack file did not change: someone
    /// changed the resource outside stackctl (found by `plan --refresh`).
    #[serde(default)]
    pub drift: bool,
}

impl ResourceChange {
    /// `action` on the resource `id`, with these changes, no drift.
    pub fn new(id: NodeId, kind: Kind, name: impl Into<String>, action: Action, changes: Vec<AttrChange>) -> ResourceChange {
        ResourceChange {
            id,
            kind,
            name: name.into(),
            action,
            changes,
            drift: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub stack: String,
    pub region: String,
    pub account_id: Option<String>,
    /// Every resource of the stack, in apply order: the desired graph's order,
    /// then deletions from the last-created kind down.
    pub resources: Vec<ResourceChange>,
    pub conflicts: Vec<Conflict>,
    /// Resources whose kind this version of stackctl cannot manage yet, and
    /// those that depend on them: not applied, listed so nobody is surprised.
    pub unmanaged: Vec<(NodeId, Kind)>,
    /// Whether every setting was read from AWS (`--refresh`) or the ownership
    /// hash stood in for unchanged resources.
    pub refreshed: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub add: usize,
    pub change: usize,
    pub destroy: usize,
}

impl Plan {
    /// A plan of `resources` alone: no account, conflicts or unmanaged
    /// resources, not refreshed.
    pub fn of(stack: &str, region: &str, resources: Vec<ResourceChange>) -> Plan {
        Plan {
            stack: stack.into(),
            region: region.into(),
            account_id: None,
            resources,
            conflicts: vec![],
            unmanaged: vec![],
            refreshed: false,
        }
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for r in &self.resources {
            match r.action {
                Action::Create => s.add += 1,
                Action::Update => s.change += 1,
                Action::Replace => {
                    s.add += 1;
                    s.destroy += 1;
                }
                Action::Delete => s.destroy += 1,
                Action::NoOp => {}
            }
        }
        s
    }

    pub fn has_changes(&self) -> bool {
        self.resources.iter().any(|r| r.action != Action::NoOp)
    }

    pub fn drifted(&self) -> impl Iterator<Item = &ResourceChange> {
        self.resources.iter().filter(|r| r.drift)
    }
}

/// What the scheduler needs besides the plan: the desired graph it came from.
#[derive(Debug, Clone)]
pub struct PlannedApply {
    pub plan: Plan,
    pub graph: ResourceGraph,
    pub live: LiveState,
}
