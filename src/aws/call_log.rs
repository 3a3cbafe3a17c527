//! `STACKCTL_CALL_LOG=<file>`: appends one line per AWS operation,
//! `<milliseconds since start> <Service>.<Operation>`, for debugging and for the
//! tests that prove ordering and waiting on the recorded sequence of calls.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

#[derive(Debug, Clone)]
pub struct CallLog {
    file: Arc<Mutex<std::fs::File>>,
    started: Instant,
}

impl CallLog {
    /// The log named by `STACKCTL_CALL_LOG`, if set and writable.
    pub fn from_env() -> Option<CallLog> {
        let path = std::env::var_os("STACKCTL_CALL_LOG")?;
        let file = std::fs::OpenOptions::new().create(true).append(true).open(path).ok()?;
        Some(CallLog {
            file: Arc::new(Mutex::new(file)),
            started: Instant::now(),
        })
    }
}

impl Intercept for CallLog {
    fn name(&self) -> &'static str {
        "stackctl::CallLog"
    }

    // Not `read_before_execution`: for a client-level interceptor it runs
    // before the operation's configuration (its `Metadata`) is in the bag.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(m) = cfg.load::<Metadata>() {
            let line = format!("{} {}.{}\n", self.started.elapsed().as_millis(), m.service(), m.name());
            if let Ok(mut f) = self.file.lock() {
                let _ = f.write_all(line.as_bytes());
            }
        }
        Ok(())
    }
}
