//! `-v`: one log line per AWS operation with its duration and outcome, and one
//! per failed attempt the SDK retries, as they happen; with `STACKCTL_CALL_LOG`,
//! the operation's line in the call log as it starts. An interceptor on every
//! client, so no call is missed; the SDK's own internals come with `-vv`.

use std::time::Instant;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

use super::call_log::{CallLog, operation_name};

#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// The process's call log, when `STACKCTL_CALL_LOG` names one.
    log: Option<CallLog>,
}

impl Trace {
    pub fn new(log: Option<&CallLog>) -> Trace {
        Trace { log: log.cloned() }
    }
}

/// When the operation started, kept in the operation's config bag.
#[derive(Debug, Clone)]
struct Started(Instant);

impl Storable for Started {
    type Storer = StoreReplace<Self>;
}

fn operation(cfg: &ConfigBag) -> String {
    operation_name(cfg).unwrap_or_else(|| "AWS call".to_string())
}

fn attempt(cfg: &ConfigBag) -> u32 {
    cfg.load::<RequestAttempts>().map_or(1, RequestAttempts::attempts)
}

/// `HTTP 503` and the error, or the error and its causes (a connection refused).
fn outcome(context: &FinalizerInterceptorContextRef<'_>) -> Result<(), String> {
    match context.output_or_error() {
        None | Some(Ok(_)) => Ok(()),
        Some(Err(e)) => {
            let mut text = match context.response() {
                Some(r) => format!("HTTP {}: {e}", r.status().as_u16()),
                None => e.to_string(),
            };
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                let part = s.to_string();
                if !text.contains(&part) {
                    text = format!("{text}: {part}");
                }
                source = s.source();
            }
            Err(text)
        }
    }
}

impl Intercept for Trace {
    fn name(&self) -> &'static str {
        "stackctl::Trace"
    }

    // Not `read_before_execution`: for a client-level interceptor it runs
    // before the operation's configuration (its `Metadata`) is in the bag.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().store_put(Started(Instant::now()));
        if let Some(log) = &self.log {
            log.operation(cfg);
        }
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let n = attempt(cfg);
        if n > 1 {
            tracing::info!("{}: retrying (attempt {n})", operation(cfg));
        }
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Err(why) = outcome(context) {
            tracing::info!("{}: attempt {} failed: {why}", operation(cfg), attempt(cfg));
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let took = cfg.load::<Started>().map(|s| s.0.elapsed().as_millis()).unwrap_or_default();
        let (op, attempts) = (operation(cfg), attempt(cfg));
        let tries = if attempts > 1 {
            format!(" after {attempts} attempts")
        } else {
            String::new()
        };
        match outcome(context) {
            Ok(()) => tracing::info!("{op}: ok in {took} ms{tries}"),
            Err(why) => tracing::info!("{op}: failed in {took} ms{tries}: {why}"),
        }
        Ok(())
    }
}
