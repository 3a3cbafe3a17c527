//! The apply's walk: the steps of a plan, ordered by the generic walk
//! (`walk.rs`), each one executed against the provider (`execute.rs`), every
//! start and end reported as an event.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::events::{Event, Phase, Reporter};
use super::execute::{self, Context, StepError};
use super::provider::{DeleteOptions, Provider};
use super::steps::Step;
use super::walk::{self, Ended, Observer};
use crate::graph::NodeId;
use crate::plan::{LiveResource, PlannedApply};

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
    Failed(StepError),
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
    pub fn failures(&self) -> impl Iterator<Item = (&Step, &StepError)> {
        self.steps.iter().filter_map(|(s, o)| match o {
            StepOutcome::Failed(e) => Some((s, e)),
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

pub async fn run(
    apply: Arc<PlannedApply>,
    steps: Vec<Step>,
    provider: Arc<dyn Provider>,
    reporter: Arc<dyn Reporter>,
    options: Options,
    cancel: watch::Receiver<bool>,
) -> Outcome {
    let live = apply.live.resources.iter().map(|r| (r.id.clone(), r.clone())).collect();
    let cx = Arc::new(Context {
        apply,
        provider,
        reporter: reporter.clone(),
        live: Arc::new(std::sync::Mutex::new(live)),
        delete: options.delete,
    });
    let steps = Arc::new(steps);
    let waits_for: Vec<Vec<usize>> = steps.iter().map(|s| s.after.clone()).collect();
    let work = |i: usize| {
        let (cx, steps) = (cx.clone(), steps.clone());
        async move {
            match tokio::time::timeout(options.timeout, execute::execute(&steps[i], &cx)).await {
                Ok(result) => result,
                Err(_) => Err(StepError::TimedOut(options.timeout)),
            }
        }
    };
    let events = Events {
        steps: &steps,
        reporter: reporter.as_ref(),
    };
    let ended = walk::walk(&waits_for, options.parallelism, cancel, work, &events).await;
    let outcomes = ended.into_iter().map(|e| match e {
        Ended::Done => StepOutcome::Done,
        Ended::Failed(error) => StepOutcome::Failed(error),
        Ended::Skipped(because) => StepOutcome::Skipped(steps[because].id.clone()),
        Ended::Cancelled => StepOutcome::Cancelled,
    });
    let outcome_steps = steps.iter().cloned().zip(outcomes).collect();
    let live = cx.live.lock().expect("live state lock").clone();
    Outcome {
        steps: outcome_steps,
        live,
    }
}

/// The walk's observer: each item's start and end as the reporter's events.
struct Events<'a> {
    steps: &'a [Step],
    reporter: &'a dyn Reporter,
}

impl Events<'_> {
    fn send(&self, item: usize, phase: Phase) {
        let step = &self.steps[item];
        self.reporter.event(Event {
            id: step.id.clone(),
            operation: step.operation,
            phase,
        });
    }
}

impl Observer<StepError> for Events<'_> {
    fn started(&self, item: usize) {
        self.send(item, Phase::Started);
    }
    fn finished(&self, item: usize, result: &Result<(), StepError>, elapsed: Duration) {
        let phase = match result {
            Ok(()) => Phase::Done(elapsed),
            Err(error) => Phase::Failed {
                error: error.clone(),
                elapsed,
            },
        };
        self.send(item, phase);
    }
    fn skipped(&self, item: usize, because: usize) {
        self.send(
            item,
            Phase::Skipped {
                because: self.steps[because].id.clone(),
            },
        );
    }
    fn cancelled(&self, item: usize) {
        self.send(item, Phase::Cancelled);
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
