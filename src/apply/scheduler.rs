//! The DAG walk: a step starts the moment every step before it has finished,
//! at most `parallelism` at once. A failed step skips what depends on it while
//! independent branches go on; an interrupt starts nothing new and lets what
//! runs finish, so every resource created is known when the walk returns.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tokio::task::JoinSet;

use super::events::{Event, Operation, Phase, Reporter};
use super::provider::{DeleteOptions, Provider, Request};
use super::steps::Step;
use crate::graph::{NodeId, Ref, Value, tag};
use crate::plan::hash::settings_hash;
use crate::plan::{LiveResource, PlannedApply, resolve_props};

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub parallelism: usize,
    /// Overall time one step may take, waits included.
    pub timeout: Duration,
    pub delete: DeleteOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            parallelism: 10,
            timeout: Duration::from_secs(45 * 60),
            delete: DeleteOptions::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepOutcome {
    Done,
    Failed(String),
    Skipped(NodeId),
    Cancelled,
}

#[derive(Debug)]
pub struct Outcome {
    pub steps: Vec<(Step, StepOutcome)>,
    /// The live state after the walk: what exists now, as far as we know.
    pub live: HashMap<NodeId, LiveResource>,
}

impl Outcome {
    pub fn failures(&self) -> impl Iterator<Item = (&Step, &str)> {
        self.steps.iter().filter_map(|(s, o)| match o {
            StepOutcome::Failed(e) => Some((s, e.as_str())),
            _ => None,
        })
    }
    pub fn count(&self, pred: impl Fn(&StepOutcome) -> bool) -> usize {
        self.steps.iter().filter(|(_, o)| pred(o)).count()
    }
    pub fn succeeded(&self) -> bool {
        self.steps.iter().all(|(_, o)| *o == StepOutcome::Done)
    }
}

type State = Arc<Mutex<HashMap<NodeId, LiveResource>>>;

pub async fn run(
    apply: Arc<PlannedApply>,
    steps: Vec<Step>,
    provider: Arc<dyn Provider>,
    reporter: Arc<dyn Reporter>,
    options: Options,
    mut cancel: watch::Receiver<bool>,
) -> Outcome {
    let state: State = Arc::new(Mutex::new(apply.live.resources.iter().map(|r| (r.id.clone(), r.clone())).collect()));
    let mut waiting_on: Vec<usize> = steps.iter().map(|s| s.after.len()).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); steps.len()];
    for (i, s) in steps.iter().enumerate() {
        for &a in &s.after {
            dependents[a].push(i);
        }
    }
    let mut outcomes: Vec<Option<StepOutcome>> = vec![None; steps.len()];
    let mut ready: VecDeque<usize> = (0..steps.len()).filter(|&i| waiting_on[i] == 0).collect();
    let mut running: JoinSet<(usize, Result<(), String>)> = JoinSet::new();
    let parallelism = options.parallelism.max(1);
    let mut cancelled = *cancel.borrow();

    loop {
        while !cancelled && running.len() < parallelism {
            let Some(i) = ready.pop_front() else { break };
            let step = steps[i].clone();
            reporter.event(Event {
                id: step.id.clone(),
                operation: step.operation,
                phase: Phase::Started,
            });
            let (apply, provider, reporter, state) = (apply.clone(), provider.clone(), reporter.clone(), state.clone());
            running.spawn(async move {
                let started = Instant::now();
                let work = execute(&step, &apply, provider.as_ref(), reporter.as_ref(), &state, options.delete);
                let result = match tokio::time::timeout(options.timeout, work).await {
                    Ok(r) => r,
                    Err(_) => Err(format!(
                        "timed out after {}; raise the limit with --timeout",
                        humanize(options.timeout)
                    )),
                };
                let elapsed = started.elapsed();
                let phase = match &result {
                    Ok(()) => Phase::Done(elapsed),
                    Err(e) => Phase::Failed { error: e.clone(), elapsed },
                };
                reporter.event(Event {
                    id: step.id.clone(),
                    operation: step.operation,
                    phase,
                });
                (i, result)
            });
        }
        if running.is_empty() {
            break;
        }
        let joined = tokio::select! {
            joined = running.join_next() => joined,
            changed = cancel.changed(), if !cancelled => {
                // A closed channel means nobody can interrupt any more.
                cancelled = changed.is_ok() && *cancel.borrow();
                continue;
            }
        };
        let Some(joined) = joined else { break };
        let (i, result) = joined.unwrap_or_else(|e| (usize::MAX, Err(format!("step panicked: {e}"))));
        if i == usize::MAX {
            continue;
        }
        match result {
            Ok(()) => {
                outcomes[i] = Some(StepOutcome::Done);
                for &d in &dependents[i] {
                    waiting_on[d] -= 1;
                    if waiting_on[d] == 0 && outcomes[d].is_none() {
                        ready.push_back(d);
                    }
                }
            }
            Err(e) => {
                outcomes[i] = Some(StepOutcome::Failed(e));
                skip_dependents(i, &steps, &dependents, &mut outcomes, reporter.as_ref());
            }
        }
    }

    for (i, o) in outcomes.iter_mut().enumerate() {
        if o.is_none() {
            *o = Some(StepOutcome::Cancelled);
            reporter.event(Event {
                id: steps[i].id.clone(),
                operation: steps[i].operation,
                phase: Phase::Cancelled,
            });
        }
    }
    let live = state.lock().expect("state lock").clone();
    Outcome {
        steps: steps
            .into_iter()
            .zip(outcomes.into_iter().map(|o| o.expect("every step has an outcome")))
            .collect(),
        live,
    }
}

/// Marks everything downstream of a failed step as skipped (Terraform's
/// `upstreamFailed`), naming the resource that caused it.
fn skip_dependents(
    failed: usize,
    steps: &[Step],
    dependents: &[Vec<usize>],
    outcomes: &mut [Option<StepOutcome>],
    reporter: &dyn Reporter,
) {
    let because = steps[failed].id.clone();
    let mut stack = dependents[failed].clone();
    while let Some(d) = stack.pop() {
        if outcomes[d].is_some() {
            continue;
        }
        outcomes[d] = Some(StepOutcome::Skipped(because.clone()));
        reporter.event(Event {
            id: steps[d].id.clone(),
            operation: steps[d].operation,
            phase: Phase::Skipped { because: because.clone() },
        });
        stack.extend(dependents[d].iter().copied());
    }
}

async fn execute(
    step: &Step,
    apply: &PlannedApply,
    provider: &dyn Provider,
    reporter: &dyn Reporter,
    state: &State,
    delete: DeleteOptions,
) -> Result<(), String> {
    let live = |id: &NodeId| state.lock().expect("state lock").get(id).cloned();
    match step.operation {
        Operation::Create | Operation::Update => {
            let node = apply
                .graph
                .get(&step.id)
                .ok_or_else(|| format!("{} is not in the stack", step.id))?;
            let lookup = |r: &Ref| -> Option<Value> { live(&r.node).and_then(|l| l.attrs.get(&r.attr).cloned()) };
            let (props, complete) = resolve_props(node, &lookup);
            if !complete {
                return Err(format!(
                    "{}: a referenced resource has no value yet (a stackctl bug: an edge is missing)",
                    step.id
                ));
            }
            let mut tags = node.tags.clone();
            tags.insert(tag::HASH.to_string(), settings_hash(&props, &node.ignore_changes));
            let mut resolved = node.clone();
            resolved.props = props;
            let req = Request { node: resolved, tags };
            let result = if step.operation == Operation::Create {
                provider.create(&req).await
            } else {
                let current = live(&step.id).ok_or_else(|| format!("{} is not live any more", step.id))?;
                // Ignored differences are shown in the plan, never applied.
                let changes: Vec<_> = apply
                    .plan
                    .resources
                    .iter()
                    .find(|r| r.id == step.id)
                    .map(|r| r.changes.iter().filter(|c| !c.ignored).cloned().collect())
                    .unwrap_or_default();
                provider.update(&req, &current, &changes).await
            };
            let created = result.map_err(|e| e.to_string())?;
            state.lock().expect("state lock").insert(step.id.clone(), created);
            Ok(())
        }
        Operation::Delete => {
            let Some(current) = live(&step.id) else { return Ok(()) };
            provider.delete(&current, delete).await.map_err(|e| e.to_string())?;
            state.lock().expect("state lock").remove(&step.id);
            Ok(())
        }
        Operation::Wait => {
            let current = live(&step.id).ok_or_else(|| format!("{} does not exist", step.id))?;
            let progress = |msg: String| {
                reporter.event(Event {
                    id: step.id.clone(),
                    operation: Operation::Wait,
                    phase: Phase::Progress(msg),
                })
            };
            let ready = provider.wait_ready(&current, &progress).await.map_err(|e| e.to_string())?;
            state.lock().expect("state lock").insert(step.id.clone(), ready);
            Ok(())
        }
    }
}

pub fn humanize(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests;
