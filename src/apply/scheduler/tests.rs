//! The scheduler against a recording provider, on tokio's paused clock: every
//! create takes a fixed virtual time, so order and concurrency are exact.

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;

use super::*;
use crate::apply::events::Silent;
use crate::apply::provider::{Progress, ProviderError, Request};
use crate::apply::steps;
use crate::graph::{Kind, Node, ResourceGraph, Strength, Value};
use crate::plan::{Action, AttrChange, LiveResource, LiveState, Plan, PlannedApply, ResourceChange};

const STEP: Duration = Duration::from_secs(10);

#[derive(Default)]
struct Recorder {
    log: Mutex<Vec<(String, String, Duration)>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    fail: HashSet<String>,
    panic: HashSet<String>,
    start: Mutex<Option<tokio::time::Instant>>,
}

impl Recorder {
    fn failing(ids: &[&str]) -> Self {
        Recorder {
            fail: ids.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }
    async fn work(&self, op: &str, id: &str) -> Result<(), ProviderError> {
        let now = tokio::time::Instant::now();
        let t0 = *self.start.lock().unwrap().get_or_insert(now);
        let n = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(n, Ordering::SeqCst);
        self.log.lock().unwrap().push((format!("{op}-start"), id.to_string(), now - t0));
        tokio::time::sleep(STEP).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        self.log
            .lock()
            .unwrap()
            .push((format!("{op}-end"), id.to_string(), tokio::time::Instant::now() - t0));
        assert!(!self.panic.contains(id), "{id} panicked");
        if self.fail.contains(id) {
            return Err(ProviderError::new("CreateThing", "InvalidParameter", format!("{id} is broken")));
        }
        Ok(())
    }
    fn time_of(&self, event: &str, id: &str) -> Duration {
        self.log
            .lock()
            .unwrap()
            .iter()
            .find(|(e, i, _)| e == event && i == id)
            .map(|(_, _, t)| *t)
            .unwrap_or_else(|| panic!("no {event} of {id}"))
    }
    fn started(&self, id: &str) -> bool {
        self.log.lock().unwrap().iter().any(|(e, i, _)| e.ends_with("-start") && i == id)
    }
}

fn live(req: &Request) -> LiveResource {
    let mut attrs = BTreeMap::new();
    attrs.insert("id".to_string(), Value::str(format!("{}-physical", req.node.id)));
    LiveResource {
        id: req.node.id.clone(),
        kind: req.node.kind,
        name: req.node.name.clone(),
        physical_id: req.node.name.clone(),
        attrs,
        props: Some(req.node.props.clone()),
        tags: req.tags.clone(),
    }
}

#[async_trait]
impl Provider for Recorder {
    fn supports(&self, _: Kind) -> bool {
        true
    }
    async fn create(&self, req: &Request) -> Result<LiveResource, ProviderError> {
        self.work("create", req.node.id.as_str()).await?;
        Ok(live(req))
    }
    async fn update(&self, req: &Request, _: &LiveResource, _: &[AttrChange]) -> Result<LiveResource, ProviderError> {
        self.work("update", req.node.id.as_str()).await?;
        Ok(live(req))
    }
    async fn delete(&self, l: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
        self.work("delete", l.id.as_str()).await
    }
    async fn wait_ready(&self, l: &LiveResource, _: Progress<'_>) -> Result<LiveResource, ProviderError> {
        self.work("wait", l.id.as_str()).await?;
        Ok(l.clone())
    }
}

fn node(id: &str, deps: &[(&str, Strength)]) -> Node {
    let mut props = BTreeMap::new();
    for (d, _) in deps {
        props.insert(format!("{d}_id"), Value::reference(&NodeId::new(*d), "id"));
    }
    Node::new(NodeId::new(id), Kind::Queue, id, props).depending_on(deps)
}

fn creating(nodes: Vec<Node>) -> Arc<PlannedApply> {
    let resources = nodes
        .iter()
        .map(|n| ResourceChange::new(n.id.clone(), n.kind, n.name.clone(), Action::Create, vec![]))
        .collect();
    let plan = Plan::of("s", "r", resources);
    Arc::new(PlannedApply {
        plan,
        graph: ResourceGraph::from_nodes(nodes).unwrap(),
        live: LiveState::default(),
    })
}

async fn walk(apply: Arc<PlannedApply>, provider: Arc<Recorder>, parallelism: usize) -> Outcome {
    let steps = steps::build(&apply.plan, &apply.graph, steps::Readiness::Edges);
    let (_tx, rx) = watch::channel(false);
    let options = Options {
        parallelism,
        ..Options::default()
    };
    run(apply, steps, provider, Arc::new(Silent), options, rx).await
}

#[tokio::test(start_paused = true)]
async fn children_start_when_their_parents_are_done_and_siblings_run_together() {
    let apply = creating(vec![
        node("vpc", &[]),
        node("a", &[("vpc", Strength::Exists)]),
        node("b", &[("vpc", Strength::Exists)]),
        node("c", &[("a", Strength::Exists)]),
    ]);
    let rec = Arc::new(Recorder::default());
    let out = walk(apply, rec.clone(), 10).await;
    assert!(out.succeeded());
    assert_eq!(rec.time_of("create-start", "a"), STEP);
    assert_eq!(rec.time_of("create-start", "b"), STEP);
    assert_eq!(rec.time_of("create-start", "c"), 2 * STEP);
    assert_eq!(
        out.live[&NodeId::new("c")].props.as_ref().unwrap()["a_id"],
        Value::str("a-physical")
    );
}

#[tokio::test(start_paused = true)]
async fn never_more_than_parallelism_steps_at_once() {
    let nodes = (0..20).map(|i| node(&format!("q{i:02}"), &[])).collect();
    let rec = Arc::new(Recorder::default());
    let out = walk(creating(nodes), rec.clone(), 3).await;
    assert!(out.succeeded());
    assert_eq!(rec.max_in_flight.load(Ordering::SeqCst), 3);
    // 20 steps, 3 at a time: 7 rounds.
    let last = rec.log.lock().unwrap().iter().map(|(_, _, t)| *t).max().unwrap();
    assert_eq!(last, 7 * STEP);
}

#[tokio::test(start_paused = true)]
async fn a_failure_skips_its_dependents_but_not_independent_branches() {
    let apply = creating(vec![
        node("bad", &[]),
        node("child", &[("bad", Strength::Exists)]),
        node("grandchild", &[("child", Strength::Exists)]),
        node("good", &[]),
        node("good-child", &[("good", Strength::Exists)]),
    ]);
    let rec = Arc::new(Recorder::failing(&["bad"]));
    let out = walk(apply, rec.clone(), 10).await;
    let outcome = |id: &str| out.steps.iter().find(|(s, _)| s.id.as_str() == id).unwrap().1.clone();
    assert!(
        matches!(outcome("bad"), StepOutcome::Failed(StepError::Provider(e)) if e.code == "InvalidParameter" && e.operation == "CreateThing")
    );
    assert_eq!(outcome("child"), StepOutcome::Skipped(NodeId::new("bad")));
    assert_eq!(outcome("grandchild"), StepOutcome::Skipped(NodeId::new("bad")));
    assert_eq!(outcome("good-child"), StepOutcome::Done);
    assert!(!rec.started("child"));
    assert!(out.live.contains_key(&NodeId::new("good-child")));
}

#[tokio::test(start_paused = true)]
async fn ready_edges_wait_for_the_parent_before_the_child_starts() {
    let apply = creating(vec![
        node("cluster", &[]),
        node("nodes", &[("cluster", Strength::Ready)]),
        node("log", &[("cluster", Strength::Exists)]),
    ]);
    let rec = Arc::new(Recorder::default());
    walk(apply, rec.clone(), 10).await;
    assert_eq!(rec.time_of("wait-start", "cluster"), STEP);
    assert_eq!(rec.time_of("create-start", "nodes"), 2 * STEP);
    // An `exists` child does not wait for readiness.
    assert_eq!(rec.time_of("create-start", "log"), STEP);
}

#[tokio::test(start_paused = true)]
async fn an_interrupt_starts_nothing_new_and_lets_running_steps_finish() {
    let apply = creating(vec![node("a", &[]), node("b", &[("a", Strength::Exists)])]);
    let rec = Arc::new(Recorder::default());
    let steps = steps::build(&apply.plan, &apply.graph, steps::Readiness::Edges);
    let (tx, rx) = watch::channel(false);
    let handle = tokio::spawn(run(apply, steps, rec.clone(), Arc::new(Silent), Options::default(), rx));
    tokio::time::sleep(STEP / 2).await;
    tx.send(true).unwrap();
    let out = handle.await.unwrap();
    let outcome = |id: &str| out.steps.iter().find(|(s, _)| s.id.as_str() == id).unwrap().1.clone();
    assert_eq!(outcome("a"), StepOutcome::Done, "the running create finishes");
    assert_eq!(outcome("b"), StepOutcome::Cancelled);
    assert!(out.live.contains_key(&NodeId::new("a")));
}

#[tokio::test(start_paused = true)]
async fn a_step_that_takes_too_long_fails_with_a_hint() {
    let apply = creating(vec![node("slow", &[])]);
    let rec = Arc::new(Recorder::default());
    let steps = steps::build(&apply.plan, &apply.graph, steps::Readiness::Edges);
    let (_tx, rx) = watch::channel(false);
    let options = Options {
        timeout: STEP / 2,
        ..Options::default()
    };
    let out = run(apply, steps, rec, Arc::new(Silent), options, rx).await;
    assert!(matches!(&out.steps[0].1, StepOutcome::Failed(e @ StepError::TimedOut(_)) if e.to_string().contains("--timeout")));
}

#[tokio::test(start_paused = true)]
async fn a_step_that_panics_is_a_failure_and_its_dependents_are_skipped() {
    let apply = creating(vec![
        node("boom", &[]),
        node("child", &[("boom", Strength::Exists)]),
        node("other", &[]),
    ]);
    let rec = Arc::new(Recorder {
        panic: ["boom".to_string()].into(),
        ..Default::default()
    });
    let out = walk(apply, rec.clone(), 10).await;
    let outcome = |id: &str| out.steps.iter().find(|(s, _)| s.id.as_str() == id).unwrap().1.clone();
    assert!(
        matches!(outcome("boom"), StepOutcome::Failed(StepError::Panicked(m)) if m.contains("boom panicked")),
        "{:?}",
        outcome("boom")
    );
    assert_eq!(outcome("child"), StepOutcome::Skipped(NodeId::new("boom")));
    assert_eq!(outcome("other"), StepOutcome::Done);
    assert_eq!(out.count(|o| *o == StepOutcome::Cancelled), 0, "nothing is reported as not started");
}
