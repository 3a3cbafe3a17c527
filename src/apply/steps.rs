//! From a plan to a DAG of steps: create, update, delete and readiness waits,
//! with the ordering AWS needs in both directions.

use std::collections::HashMap;

use super::events::Operation;
use crate::graph::{NodeId, ResourceGraph, Strength, Value};
use crate::plan::{Action, Plan, ResourceChange};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub id: NodeId,
    pub operation: Operation,
    /// Indices of the steps that must finish first.
    pub after: Vec<usize>,
}

/// Which readiness waits apply runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// Only where a `ready` edge needs it (`apply --no-wait`): apply returns
    /// once AWS has accepted every change.
    Edges,
    /// Also a final wait on every created or changed resource whose kind
    /// settles after its create returns, so that "Apply complete" means usable
    /// (as Terraform and eksctl do).
    Everything,
}

/// Builds the steps of `plan`. Create and update follow the graph's edges
/// (`ready` edges through a wait step on the parent); deletes run in reverse:
/// a resource is deleted after everything that depends on it, and resources the
/// graph no longer knows go in reverse order of their kind's creation rank.
pub fn build(plan: &Plan, graph: &ResourceGraph, readiness: Readiness) -> Vec<Step> {
    let mut b = Builder::default();
    // Deletes first, so that a replaced resource's create can follow its delete.
    b.deletes(plan, graph);
    b.creates_and_updates(plan, graph, readiness);
    b.deletes_after_their_users(plan);
    let mut steps = b.steps;
    for s in &mut steps {
        s.after.sort_unstable();
        s.after.dedup();
    }
    steps
}

/// The steps so far, one per resource and operation.
#[derive(Default)]
struct Builder {
    steps: Vec<Step>,
    index: HashMap<(NodeId, Operation), usize>,
}

impl Builder {
    /// The step of `op` on `id`, added the first time it is asked for.
    fn add(&mut self, id: &NodeId, op: Operation) -> usize {
        let steps = &mut self.steps;
        *self.index.entry((id.clone(), op)).or_insert_with(|| {
            steps.push(Step {
                id: id.clone(),
                operation: op,
                after: vec![],
            });
            steps.len() - 1
        })
    }

    /// `step` runs after `first`.
    fn order(&mut self, step: usize, first: usize) {
        self.steps[step].after.push(first);
    }

    /// Every delete, each after the deletes of what depends on it.
    fn deletes(&mut self, plan: &Plan, graph: &ResourceGraph) {
        let deleting: Vec<&ResourceChange> = plan
            .resources
            .iter()
            .filter(|r| matches!(r.action, Action::Delete | Action::Replace))
            .collect();
        for r in &deleting {
            self.add(&r.id, Operation::Delete);
        }
        for r in &deleting {
            let me = self.add(&r.id, Operation::Delete);
            for other in deleting.iter().filter(|o| o.id != r.id) {
                // `other` depends on `r` in the graph, or (for resources outside
                // the graph) was created later by kind: delete it first.
                let depends = match (graph.get(&other.id), graph.get(&r.id)) {
                    (Some(o), Some(_)) => o.deps.iter().any(|e| e.to == r.id),
                    _ => other.kind.rank() > r.kind.rank(),
                };
                if depends {
                    let o = self.add(&other.id, Operation::Delete);
                    self.order(me, o);
                }
            }
        }
    }

    /// Every create and update after what it depends on (through a wait where
    /// the edge needs the parent ready), a replacement's create after its
    /// delete, and a final wait where `readiness` asks for one.
    fn creates_and_updates(&mut self, plan: &Plan, graph: &ResourceGraph, readiness: Readiness) {
        let actions: HashMap<&NodeId, Action> = plan.resources.iter().map(|r| (&r.id, r.action)).collect();
        let changing = |a: Action| matches!(a, Action::Create | Action::Update | Action::Replace);
        for r in plan.resources.iter().filter(|r| changing(r.action)) {
            let Some(node) = graph.get(&r.id) else { continue };
            let op = if r.action == Action::Update {
                Operation::Update
            } else {
                Operation::Create
            };
            let me = self.add(&r.id, op);
            if readiness == Readiness::Everything && r.kind.settles_after_create() {
                let w = self.add(&r.id, Operation::Wait);
                self.order(w, me);
            }
            if r.action == Action::Replace {
                let d = self.add(&r.id, Operation::Delete);
                self.order(me, d);
            }
            for e in &node.deps {
                let parent_step = match actions.get(&e.to).copied().unwrap_or(Action::NoOp) {
                    Action::Create | Action::Replace => Some(self.add(&e.to, Operation::Create)),
                    Action::Update => Some(self.add(&e.to, Operation::Update)),
                    _ => None,
                };
                if e.strength == Strength::Ready {
                    let w = self.add(&e.to, Operation::Wait);
                    self.order(me, w);
                    if let Some(p) = parent_step
                        && !self.steps[w].after.contains(&p)
                    {
                        self.order(w, p);
                    }
                } else if let Some(p) = parent_step {
                    self.order(me, p);
                }
            }
        }
    }

    /// A resource the stack no longer has goes once nothing names it any more:
    /// AWS refuses to delete a DB parameter group an instance still uses
    /// (`InvalidDBParameterGroupState`), and an instance uses its old group
    /// until its modify has finished.
    fn deletes_after_their_users(&mut self, plan: &Plan) {
        for r in plan.resources.iter().filter(|r| r.action == Action::Delete) {
            for user in plan
                .resources
                .iter()
                .filter(|u| u.action == Action::Update && stops_naming(u, &r.name))
            {
                let update = self.add(&user.id, Operation::Update);
                let done = if user.kind.settles_after_create() {
                    let w = self.add(&user.id, Operation::Wait);
                    self.order(w, update);
                    w
                } else {
                    update
                };
                let delete = self.add(&r.id, Operation::Delete);
                if !depends_on(&self.steps, done, delete) {
                    self.order(delete, done);
                }
            }
        }
    }
}

/// Whether `change` moves a setting away from naming `name` (an instance's
/// `db_parameter_group_name` going from the old group to the new one).
fn stops_naming(change: &ResourceChange, name: &str) -> bool {
    change
        .changes
        .iter()
        .any(|c| c.old.as_ref().is_some_and(|v| names(v, name)) && !c.new.as_ref().is_some_and(|v| names(v, name)))
}

fn names(value: &Value, name: &str) -> bool {
    match value {
        Value::Str(s) => s == name,
        Value::List(l) => l.iter().any(|v| names(v, name)),
        Value::Map(m) => m.values().any(|v| names(v, name)),
        _ => false,
    }
}

/// Whether step `from` already waits, directly or not, for step `to`.
fn depends_on(steps: &[Step], from: usize, to: usize) -> bool {
    let mut seen = vec![false; steps.len()];
    let mut stack = vec![from];
    while let Some(i) = stack.pop() {
        if i == to {
            return true;
        }
        if !std::mem::replace(&mut seen[i], true) {
            stack.extend(&steps[i].after);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Kind, Node, Props};
    use crate::plan::AttrChange;

    fn node(id: &str, kind: Kind, deps: &[(&str, Strength)]) -> Node {
        Node::new(NodeId::new(id), kind, id, Props::new()).depending_on(deps)
    }

    fn change(id: &str, kind: Kind, action: Action) -> ResourceChange {
        ResourceChange::new(NodeId::new(id), kind, id, action, vec![])
    }

    fn plan(resources: Vec<ResourceChange>) -> Plan {
        Plan::of("s", "r", resources)
    }

    /// A resource of a test, stated once: its id, kind, edges and what the
    /// plan does to it.
    type Planned<'a> = (&'a str, Kind, &'a [(&'a str, Strength)], Action);

    /// The graph of `resources` and the plan that does each one's action.
    fn graph_and_plan(resources: &[Planned]) -> (ResourceGraph, Plan) {
        let nodes = resources.iter().map(|(id, kind, deps, _)| node(id, *kind, deps)).collect();
        let changes = resources.iter().map(|(id, kind, _, action)| change(id, *kind, *action)).collect();
        (ResourceGraph::from_nodes(nodes).unwrap(), plan(changes))
    }

    /// The steps of the plan of `resources`, waiting where an edge asks.
    fn planned_steps(resources: &[Planned]) -> Vec<Step> {
        let (g, p) = graph_and_plan(resources);
        build(&p, &g, Readiness::Edges)
    }

    /// The steps of `changes` to the graph of `nodes`, waiting where an edge asks.
    fn edge_steps(nodes: Vec<Node>, changes: Vec<ResourceChange>) -> Vec<Step> {
        let g = ResourceGraph::from_nodes(nodes).unwrap();
        build(&plan(changes), &g, Readiness::Edges)
    }

    fn find(steps: &[Step], id: &str, op: Operation) -> usize {
        steps
            .iter()
            .position(|s| s.id.as_str() == id && s.operation == op)
            .unwrap_or_else(|| panic!("no step {op:?} {id}"))
    }

    #[test]
    fn ready_edges_go_through_a_wait_step() {
        let steps = planned_steps(&[
            ("cluster", Kind::EksCluster, &[], Action::Create),
            ("ng", Kind::EksNodeGroup, &[("cluster", Strength::Ready)], Action::Create),
        ]);
        let (c, w, n) = (
            find(&steps, "cluster", Operation::Create),
            find(&steps, "cluster", Operation::Wait),
            find(&steps, "ng", Operation::Create),
        );
        assert_eq!(steps[w].after, vec![c]);
        assert_eq!(steps[n].after, vec![w]);
    }

    #[test]
    fn a_no_op_parent_is_still_waited_for() {
        let steps = planned_steps(&[
            ("primary", Kind::DbInstance, &[], Action::NoOp),
            ("replica", Kind::DbReplica, &[("primary", Strength::Ready)], Action::Create),
        ]);
        let w = find(&steps, "primary", Operation::Wait);
        assert!(steps[w].after.is_empty());
        assert_eq!(steps[find(&steps, "replica", Operation::Create)].after, vec![w]);
    }

    #[test]
    fn deletes_run_dependents_first_and_replacements_delete_before_create() {
        let steps = planned_steps(&[
            ("vpc", Kind::Vpc, &[], Action::Replace),
            ("subnet", Kind::Subnet, &[("vpc", Strength::Exists)], Action::Replace),
        ]);
        let (dv, ds) = (find(&steps, "vpc", Operation::Delete), find(&steps, "subnet", Operation::Delete));
        let (cv, cs) = (find(&steps, "vpc", Operation::Create), find(&steps, "subnet", Operation::Create));
        assert_eq!(steps[dv].after, vec![ds]);
        assert!(steps[cv].after.contains(&dv));
        assert!(steps[cs].after.contains(&cv) && steps[cs].after.contains(&ds));
    }

    #[test]
    fn orphans_delete_by_reverse_kind_rank() {
        let g = ResourceGraph::new();
        let steps = build(
            &plan(vec![
                change("b", Kind::Bucket, Action::Delete),
                change("v", Kind::Vpc, Action::Delete),
            ]),
            &g,
            Readiness::Edges,
        );
        let (b, v) = (find(&steps, "b", Operation::Delete), find(&steps, "v", Operation::Delete));
        assert_eq!(steps[v].after, vec![b]);
        assert!(steps[b].after.is_empty());
    }

    #[test]
    fn by_default_every_created_or_changed_slow_resource_is_waited_for() {
        let (g, p) = graph_and_plan(&[
            ("primary", Kind::DbInstance, &[], Action::Update),
            ("replica", Kind::DbReplica, &[("primary", Strength::Ready)], Action::Create),
            ("queue", Kind::Queue, &[], Action::Create),
        ]);
        let all = build(&p, &g, Readiness::Everything);
        let w = find(&all, "replica", Operation::Wait);
        assert_eq!(all[w].after, vec![find(&all, "replica", Operation::Create)]);
        let pw = find(&all, "primary", Operation::Wait);
        assert_eq!(all[pw].after, vec![find(&all, "primary", Operation::Update)]);
        assert_eq!(all.iter().filter(|s| s.operation == Operation::Wait).count(), 2);

        let edges = build(&p, &g, Readiness::Edges);
        assert!(!edges.iter().any(|s| s.id.as_str() == "replica" && s.operation == Operation::Wait));
        assert!(!edges.iter().any(|s| s.id.as_str() == "queue" && s.operation == Operation::Wait));
    }

    #[test]
    fn an_old_parameter_group_goes_after_the_instances_left_it() {
        let moves = |id: &str, kind| ResourceChange {
            changes: vec![AttrChange::plain(
                "db_parameter_group_name",
                Some(Value::str("pg16")),
                Some(Value::reference(&NodeId::new("pg17"), "name")),
            )],
            ..change(id, kind, Action::Update)
        };
        let steps = edge_steps(
            vec![
                node("pg17", Kind::DbParameterGroup, &[]),
                node("primary", Kind::DbInstance, &[("pg17", Strength::Exists)]),
                node(
                    "replica",
                    Kind::DbReplica,
                    &[("pg17", Strength::Exists), ("primary", Strength::Ready)],
                ),
            ],
            vec![
                change("pg17", Kind::DbParameterGroup, Action::Create),
                moves("primary", Kind::DbInstance),
                moves("replica", Kind::DbReplica),
                change("pg16", Kind::DbParameterGroup, Action::Delete),
            ],
        );
        let delete = find(&steps, "pg16", Operation::Delete);
        let (pw, rw) = (find(&steps, "primary", Operation::Wait), find(&steps, "replica", Operation::Wait));
        assert_eq!(
            steps[delete].after,
            vec![pw, rw]
                .into_iter()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
        assert!(steps[pw].after.contains(&find(&steps, "primary", Operation::Update)));
        assert!(
            steps[find(&steps, "primary", Operation::Update)]
                .after
                .contains(&find(&steps, "pg17", Operation::Create))
        );
    }
}
