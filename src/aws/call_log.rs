//! `STACKCTL_CALL_LOG=<file>`: appends one line per AWS operation,
//! `<milliseconds since start> <Service>.<Operation>`, and one line per status a
//! readiness wait observed, `<ms> status <what> <STATUS>` (for example
//! `1234 status eks:cluster/shop ACTIVE`), for debugging and for the tests that
//! prove ordering and waiting on the recorded sequence of calls: "the node groups
//! were created after the cluster was *seen* ACTIVE" needs the status, not only
//! the fact that a Describe was sent.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_types::config_bag::ConfigBag;

#[derive(Debug, Clone)]
pub struct CallLog {
    file: Arc<Mutex<std::fs::File>>,
    started: Instant,
}

impl CallLog {
    /// The process's log, named by `STACKCTL_CALL_LOG`, if set and writable.
    /// One per process, so operations and observed statuses share one clock
    /// and one file in the order they happened.
    pub fn from_env() -> Option<CallLog> {
        static LOG: OnceLock<Option<CallLog>> = OnceLock::new();
        LOG.get_or_init(|| {
            let path = std::env::var_os("STACKCTL_CALL_LOG")?;
            let file = std::fs::OpenOptions::new().create(true).append(true).open(path).ok()?;
            Some(CallLog {
                file: Arc::new(Mutex::new(file)),
                started: Instant::now(),
            })
        })
        .clone()
    }

    /// Records the operation that is about to be sent (`EC2.CreateVpc`); the
    /// client's `Trace` interceptor calls it as each operation starts.
    pub(super) fn operation(&self, cfg: &ConfigBag) {
        if let Some(operation) = operation_name(cfg) {
            self.write(&operation);
        }
    }

    fn write(&self, entry: &str) {
        let line = format!("{} {entry}\n", self.started.elapsed().as_millis());
        if let Ok(mut f) = self.file.lock() {
            let _ = f.write_all(line.as_bytes());
        }
    }
}

/// The operation an interceptor sees, as the call log and `-v` name it:
/// `<Service>.<Operation>` (`EC2.CreateVpc`). Only in the operation's config
/// bag, and only from `read_before_serialization` on.
pub(super) fn operation_name(cfg: &ConfigBag) -> Option<String> {
    cfg.load::<Metadata>().map(|m| format!("{}.{}", m.service(), m.name()))
}

/// The status a deletion wait records once AWS no longer has the resource
/// (`status rds:db/shop-db-replica-1 gone`): AWS has no word for it, the
/// Describe answers "not found".
pub const GONE: &str = "gone";

/// Records a status a wait or a finder observed: `what` names the resource
/// (`eks:cluster/shop`, `rds:db/shop-db`), `status` is AWS's word for its state
/// (`ACTIVE`, `available`). A no-op unless `STACKCTL_CALL_LOG` is set.
pub fn observed(what: &str, status: &str) {
    // `-v` shows each status a wait saw, so a CI log tells what a long apply waits for.
    tracing::info!("{what}: {status}");
    if let Some(log) = CallLog::from_env() {
        log.write(&format!("status {what} {status}"));
    }
}
