//! `apply --json` and `destroy --json`: one JSON object per line (JSON Lines),
//! for CI logs and dashboards. The first line is the plan, then one line per
//! event of each resource as it happens, the last line the summary.
//!
//! Every line has `type` and `at_s` (seconds since the run started); resource
//! events add `id`, `operation` (`create`, `update`, `delete`, `wait`) and, when
//! they end, `elapsed_s`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::apply::{Event, Operation, Phase, Reporter, StepError, Summary};
use crate::plan::Plan;

pub struct JsonLines {
    started: Instant,
}

impl JsonLines {
    pub fn new(started: Instant) -> Self {
        JsonLines { started }
    }
}

fn seconds(d: Duration) -> f64 {
    // Milliseconds are enough for a log, and keep the lines short.
    (d.as_millis() as f64) / 1000.0
}

fn operation(op: Operation) -> &'static str {
    match op {
        Operation::Create => "create",
        Operation::Update => "update",
        Operation::Delete => "delete",
        Operation::Wait => "wait",
    }
}

/// The line of one event, `at` after the start.
pub fn event_line(e: &Event, at: Duration) -> Value {
    let mut line = json!({
        "id": e.id.as_str(),
        "operation": operation(e.operation),
        "at_s": seconds(at),
    });
    let (kind, extra) = match &e.phase {
        Phase::Started => ("started", json!({})),
        Phase::Progress(status) => ("waiting", json!({ "status": status })),
        Phase::Done(took) => ("done", json!({ "elapsed_s": seconds(*took) })),
        Phase::Failed { error, elapsed } => {
            let mut failed = failure(error);
            failed["elapsed_s"] = json!(seconds(*elapsed));
            ("failed", failed)
        }
        Phase::Skipped { because } => ("skipped", json!({ "because": because.as_str() })),
        Phase::Cancelled => ("cancelled", json!({})),
    };
    line["type"] = json!(kind);
    if let (Some(line), Some(extra)) = (line.as_object_mut(), extra.as_object()) {
        line.extend(extra.clone());
    }
    line
}

/// A failure as fields: `error`, the message users read, and for an AWS error
/// `aws_operation` and `aws_code`, so a pipeline can branch on the code
/// (`Throttling`, `AccessDenied`) without parsing the message.
fn failure(error: &StepError) -> Value {
    let mut fields = json!({ "error": error.to_string() });
    if let StepError::Provider(e) = error {
        fields["aws_operation"] = json!(e.operation);
        fields["aws_code"] = json!(e.code);
    }
    fields
}

impl Reporter for JsonLines {
    fn event(&self, e: Event) {
        crate::outln!("{}", event_line(&e, self.started.elapsed()));
    }
}

/// The first line: the plan about to be applied (the `plan --json` document).
pub fn plan_line(plan: &Plan) -> Value {
    let mut line = serde_json::to_value(super::plan_json::document(plan)).expect("plan serialises");
    line["type"] = json!("plan");
    line
}

/// The last line: what was done, what is ready, what still converges, and the
/// outputs when the run completed.
pub fn summary_line(s: &Summary, elapsed: Duration, outputs: Option<&BTreeMap<String, String>>) -> Value {
    json!({
        "type": "summary",
        "complete": s.complete(),
        "destroy": s.destroy,
        "created": s.created,
        "updated": s.updated,
        "deleted": s.deleted,
        "failed": s.failed.iter().map(|(id, error)| {
            let mut failed = failure(error);
            failed["id"] = json!(id.as_str());
            failed
        }).collect::<Vec<_>>(),
        "skipped": s.skipped,
        "not_started": s.not_started,
        "ready": s.ready.iter().map(|id| id.as_str()).collect::<Vec<_>>(),
        "converging": s.converging.iter().map(|(id, kind)| json!({ "id": id.as_str(), "type": kind.type_name() })).collect::<Vec<_>>(),
        "outputs": outputs,
        "elapsed_s": seconds(elapsed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply::ProviderError;
    use crate::graph::NodeId;

    fn event(phase: Phase) -> Event {
        Event {
            id: NodeId::new("database/primary"),
            operation: Operation::Wait,
            phase,
        }
    }

    #[test]
    fn each_phase_is_one_typed_line() {
        let at = Duration::from_millis(61_250);
        let lines: Vec<String> = [
            event(Phase::Started),
            event(Phase::Progress("state: creating".into())),
            event(Phase::Done(Duration::from_secs(60))),
            event(Phase::Failed {
                error: StepError::Provider(ProviderError::new("RDS.DescribeDBInstances", "Throttling", "Rate exceeded")),
                elapsed: Duration::from_millis(1_500),
            }),
            event(Phase::Failed {
                error: StepError::TimedOut(Duration::from_secs(45 * 60)),
                elapsed: Duration::from_secs(45 * 60),
            }),
            event(Phase::Skipped {
                because: NodeId::new("network/vpc"),
            }),
            event(Phase::Cancelled),
        ]
        .iter()
        .map(|e| event_line(e, at).to_string())
        .collect();
        insta::assert_snapshot!(lines.join("\n"));
    }
}
