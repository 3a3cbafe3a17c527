//! The closing lines of apply and destroy: what was done, what is ready, and
//! what AWS is still converging.

use std::fmt::Write;
use std::time::Duration;

use crate::apply::Summary;
use crate::apply::scheduler::humanize;

pub fn render(s: &Summary, elapsed: Duration) -> String {
    let mut out = String::new();
    let verb = match (s.complete(), s.destroy) {
        (true, true) => "Destroy complete",
        (true, false) => "Apply complete",
        (false, true) => "Destroy stopped",
        (false, false) => "Apply stopped",
    };
    let _ = writeln!(
        out,
        "\n{verb}: {} created, {} updated, {} deleted, {} failed, {} skipped, {} not started, in {}.",
        s.created,
        s.updated,
        s.deleted,
        s.failed.len(),
        s.skipped,
        s.not_started,
        humanize(elapsed)
    );
    if !s.ready.is_empty() {
        let ids: Vec<&str> = s.ready.iter().map(|id| id.as_str()).collect();
        let _ = writeln!(out, "Ready (waited until AWS reported them usable): {}.", ids.join(", "));
    }
    if !s.converging.is_empty() {
        let _ = writeln!(
            out,
            "Still converging: AWS accepted these changes but they are not usable yet (minutes, not seconds):"
        );
        let width = s.converging.iter().map(|(id, _)| id.as_str().len()).max().unwrap_or(0);
        for (id, kind) in &s.converging {
            let _ = writeln!(out, "  {:width$}  {kind}", id.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Kind, NodeId};

    fn summary() -> Summary {
        Summary {
            created: 3,
            ..Default::default()
        }
    }

    #[test]
    fn waited_for_readiness() {
        let s = Summary {
            ready: vec![NodeId::new("database/primary"), NodeId::new("database/replica-1")],
            ..summary()
        };
        insta::assert_snapshot!(render(&s, Duration::from_millis(1500)));
    }

    #[test]
    fn no_wait_lists_what_is_still_converging() {
        let s = Summary {
            ready: vec![NodeId::new("database/primary")],
            converging: vec![
                (NodeId::new("database/replica-1"), Kind::DbReplica),
                (NodeId::new("kubernetes/node-group/general"), Kind::EksNodeGroup),
            ],
            ..summary()
        };
        insta::assert_snapshot!(render(&s, Duration::from_secs(75)));
    }

    #[test]
    fn a_stopped_apply_names_what_did_not_settle() {
        let s = Summary {
            failed: vec![(
                NodeId::new("cache/redis"),
                crate::apply::ProviderError::new("ElastiCache.CreateReplicationGroup", "InvalidParameterValue", "boom").into(),
            )],
            converging: vec![(NodeId::new("database/replica-1"), Kind::DbReplica)],
            ..summary()
        };
        insta::assert_snapshot!(render(&s, Duration::from_secs(2)));
    }
}
