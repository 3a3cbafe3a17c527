//! The progress view of apply and destroy: one line per event, readable in a
//! terminal and in a CI log alike.

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::Mutex;
use std::time::Instant;

use crate::apply::scheduler::humanize;
use crate::apply::{Event, Operation, Phase, Reporter};
use crate::graph::NodeId;

pub struct Lines {
    started: Instant,
    out: Mutex<Box<dyn Write + Send>>,
    color: bool,
    /// Readiness waits under way, named when one ends so a CI log shows what
    /// apply still waits for.
    waiting: Mutex<BTreeSet<NodeId>>,
}

impl Lines {
    pub fn stdout(color: bool) -> Self {
        Lines {
            started: Instant::now(),
            out: Mutex::new(Box::new(super::out::Stdout)),
            color,
            waiting: Mutex::new(BTreeSet::new()),
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

impl Lines {
    /// Records the start and end of readiness waits; when one ends and others
    /// go on, returns their ids.
    fn track_waits(&self, e: &Event) -> Option<String> {
        if e.operation != Operation::Wait {
            return None;
        }
        let mut waiting = self.waiting.lock().expect("waits lock");
        match e.phase {
            Phase::Started => {
                waiting.insert(e.id.clone());
                None
            }
            Phase::Done(_) | Phase::Failed { .. } => {
                waiting.remove(&e.id);
                (!waiting.is_empty()).then(|| waiting.iter().map(NodeId::as_str).collect::<Vec<_>>().join(", "))
            }
            _ => None,
        }
    }
}

impl Reporter for Lines {
    fn event(&self, e: Event) {
        let clock = humanize(self.started.elapsed());
        let op = e.operation;
        let still_waiting = self.track_waits(&e);
        let mut line = match &e.phase {
            Phase::Started => format!("{}: {}...", e.id, op.verb()),
            Phase::Progress(msg) => format!("{}: still {} ({msg}) [{clock} since start]", e.id, op.verb()),
            Phase::Done(took) => self.paint("32", &format!("{}: {} [{}]", e.id, op.done(), humanize(*took))),
            Phase::Failed { error, elapsed } => self.paint(
                "31",
                &format!("{}: {} failed after {}: {error}", e.id, op.verb(), humanize(*elapsed)),
            ),
            Phase::Skipped { because } => self.paint("33", &format!("{}: skipped, because {because} failed", e.id)),
            Phase::Cancelled => self.paint("33", &format!("{}: not started (interrupted)", e.id)),
        };
        if let Some(ids) = still_waiting {
            line.push_str(&format!("; still waiting for {ids}"));
        }
        let mut out = self.out.lock().expect("output lock");
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }
}

/// Forwards events to another reporter and remembers each step's last phase:
/// a run stopped without waiting for its outcome (a second signal, the end of
/// the grace period) can still say what was done and what was left running.
pub struct Tally<R> {
    inner: R,
    last: Mutex<std::collections::HashMap<(crate::graph::NodeId, crate::apply::Operation), Phase>>,
}

/// What a [`Tally`] saw, by outcome.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    pub failed: usize,
    /// Started and not finished: AWS may still complete them.
    pub running: usize,
    /// Steps that reported anything (the rest were never started).
    pub seen: usize,
}

impl<R: Reporter> Tally<R> {
    pub fn new(inner: R) -> Self {
        Tally {
            inner,
            last: Mutex::new(Default::default()),
        }
    }

    pub fn counts(&self) -> Counts {
        use crate::apply::Operation;
        let last = self.last.lock().expect("tally lock");
        let mut c = Counts {
            seen: last.values().filter(|p| **p != Phase::Cancelled).count(),
            ..Counts::default()
        };
        for ((_, op), phase) in last.iter() {
            match (phase, op) {
                (Phase::Done(_), Operation::Create) => c.created += 1,
                (Phase::Done(_), Operation::Update) => c.updated += 1,
                (Phase::Done(_), Operation::Delete) => c.deleted += 1,
                (Phase::Failed { .. }, _) => c.failed += 1,
                (Phase::Started | Phase::Progress(_), _) => c.running += 1,
                _ => {}
            }
        }
        c
    }
}

impl<R: Reporter> Reporter for Tally<R> {
    fn event(&self, e: Event) {
        self.last
            .lock()
            .expect("tally lock")
            .insert((e.id.clone(), e.operation), e.phase.clone());
        self.inner.event(e);
    }
}
