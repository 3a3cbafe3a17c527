//! What `apply` and `destroy` show, in one place (cargo's `Shell`): the text
//! view for people and the JSON Lines view for pipelines behind one interface,
//! so the commands say *what* happened and never build wording themselves.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::progress::Counts;
use crate::apply::scheduler::humanize;
use crate::apply::{Reporter, Summary};
use crate::plan::Plan;

/// Said after any run that did not complete: nothing is lost, where to go on.
const HOW_TO_GO_ON: &str =
    "Everything created so far carries the stack's tags: run `stackctl plan` to see where the stack stands, then apply again.";

pub enum RunView {
    /// Plan text, progress lines, the summary; colour on a terminal.
    Text { color: bool },
    /// One JSON object per line (`apply --json`), times counted from `started`.
    Json { started: Instant },
}

impl RunView {
    pub fn new(json: bool, started: Instant) -> Self {
        if json {
            RunView::Json { started }
        } else {
            RunView::Text {
                color: super::stdout_color(),
            }
        }
    }

    /// The plan about to be applied: the text plan, or the first JSON line.
    pub fn plan(&self, plan: &Plan) {
        match self {
            RunView::Json { .. } => crate::outln!("{}", super::events_json::plan_line(plan)),
            RunView::Text { color } => crate::out!("{}", super::plan::render(plan, &super::plan::Style { color: *color })),
        }
    }

    /// The reporter of the walk's events: progress lines, or event lines.
    pub fn reporter(&self) -> Box<dyn Reporter> {
        match self {
            RunView::Json { started } => Box::new(super::events_json::JsonLines::new(*started)),
            RunView::Text { color } => {
                crate::outln!();
                Box::new(super::progress::Lines::stdout(*color))
            }
        }
    }

    /// The end of a run that was not stopped: counts, what is ready or still
    /// converging, the outputs when it completed; then, on stderr, each failure
    /// and how to go on.
    pub fn finished(&self, summary: &Summary, elapsed: Duration, outputs: Option<&BTreeMap<String, String>>) {
        match self {
            RunView::Json { .. } => crate::outln!("{}", super::events_json::summary_line(summary, elapsed, outputs)),
            RunView::Text { .. } => {
                crate::out!("{}", super::summary::render(summary, elapsed));
                crate::out!("{}", outputs.map(super::outputs::render).unwrap_or_default());
            }
        }
        if summary.complete() {
            return;
        }
        for (id, error) in &summary.failed {
            eprintln!("error: {id}: {error}");
        }
        eprintln!("{HOW_TO_GO_ON}");
    }

    /// The end of a run stopped by a signal without waiting for what ran.
    pub fn stopped(&self, signal: &str, c: &Counts, not_started: usize, elapsed: Duration) {
        match self {
            RunView::Json { .. } => crate::outln!(
                "{}",
                serde_json::json!({
                    "type": "stopped", "signal": signal, "created": c.created, "updated": c.updated,
                    "deleted": c.deleted, "failed": c.failed, "running": c.running, "not_started": not_started,
                    "elapsed_s": elapsed.as_millis() as f64 / 1000.0,
                })
            ),
            RunView::Text { .. } => crate::outln!(
                "\nStopped by {signal}: {} created, {} updated, {} deleted, {} failed, {} still running when stopped, {} not started, in {}.",
                c.created,
                c.updated,
                c.deleted,
                c.failed,
                c.running,
                not_started,
                humanize(elapsed)
            ),
        }
        eprintln!("{HOW_TO_GO_ON}");
    }

    /// A final snapshot a destroy kept: it outlives the stack (and costs
    /// storage) until someone deletes it.
    pub fn final_snapshot(&self, db_instance: &str, snapshot: &str) {
        match self {
            RunView::Json { .. } => crate::outln!(
                "{}",
                serde_json::json!({ "type": "final_snapshot", "db_instance": db_instance, "snapshot": snapshot })
            ),
            RunView::Text { .. } => crate::outln!(
                "Kept the final snapshot of DB instance {db_instance}: {snapshot} (delete it with `aws rds delete-db-snapshot --db-snapshot-identifier {snapshot}` when it is no longer needed)."
            ),
        }
    }
}
