//! What an apply or destroy did, counted from the walk's outcome: the numbers
//! of the closing line, what was waited for until usable, and what AWS is
//! still converging (`--no-wait`, or a wait that did not finish).

use std::collections::{BTreeSet, HashMap};

use super::events::Operation;
use super::execute::StepError;
use super::scheduler::{Outcome, StepOutcome};
use crate::graph::{Kind, NodeId};
use crate::plan::{Action, Plan};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Every change was a delete: the words say "Destroy".
    pub destroy: bool,
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    pub failed: Vec<(NodeId, StepError)>,
    pub skipped: usize,
    pub not_started: usize,
    /// Created or changed resources apply waited for until AWS called them
    /// usable, in plan order.
    pub ready: Vec<NodeId>,
    /// Created or changed resources of kinds that settle after their create
    /// returns, not waited for: AWS accepted them, they are not usable yet.
    pub converging: Vec<(NodeId, Kind)>,
}

impl Summary {
    pub fn of(outcome: &Outcome, plan: &Plan) -> Summary {
        let done = |op: Operation| -> BTreeSet<&NodeId> {
            outcome
                .steps
                .iter()
                .filter(|(s, o)| s.operation == op && *o == StepOutcome::Done)
                .map(|(s, _)| &s.id)
                .collect()
        };
        let (created, updated, waited) = (done(Operation::Create), done(Operation::Update), done(Operation::Wait));
        let kinds: HashMap<&NodeId, Kind> = plan.resources.iter().map(|r| (&r.id, r.kind)).collect();
        let changed = |id: &&NodeId| created.contains(id) || updated.contains(id);
        let in_plan_order = plan.resources.iter().map(|r| &r.id).filter(changed);
        Summary {
            destroy: plan.resources.iter().all(|r| r.action == Action::Delete),
            created: created.len(),
            updated: updated.len(),
            deleted: done(Operation::Delete).len(),
            failed: outcome.failures().map(|(s, e)| (s.id.clone(), e.clone())).collect(),
            skipped: outcome.count(|o| matches!(o, StepOutcome::Skipped(_))),
            not_started: outcome.count(|o| *o == StepOutcome::Cancelled),
            ready: in_plan_order.clone().filter(|id| waited.contains(id)).cloned().collect(),
            converging: in_plan_order
                .filter(|id| !waited.contains(id))
                .filter_map(|id| kinds.get(id).filter(|k| k.settles_after_create()).map(|k| (id.clone(), *k)))
                .collect(),
        }
    }

    /// Nothing failed and nothing was left unstarted.
    pub fn complete(&self) -> bool {
        self.failed.is_empty() && self.not_started == 0
    }
}
