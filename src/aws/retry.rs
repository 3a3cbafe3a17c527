//! Retrying the errors AWS documents as transient for one resource: a network
//! interface that lingers after its load balancer is gone (`DependencyViolation`),
//! a role that is not yet assumable. The SDK already retries throttling; this
//! is for errors that mean "not yet".

use std::future::Future;
use std::time::Duration;

use crate::apply::ProviderError;

/// Calls `f` until it succeeds, fails with a code not in `codes`, or `limit`
/// has passed; waits grow from 2 s to 20 s.
pub async fn until_not<T, F, Fut>(codes: &[&str], limit: Duration, mut f: F) -> Result<T, ProviderError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ProviderError>>,
{
    let started = tokio::time::Instant::now();
    let mut wait = Duration::from_secs(2);
    loop {
        match f().await {
            Err(e) if codes.contains(&e.code.as_str()) && started.elapsed() + wait < limit => {
                tracing::info!("{}: {} ({}); retrying in {:?}", e.operation, e.code, e.message, wait);
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(20));
            }
            other => return other,
        }
    }
}

/// First pause of a readiness poll: a state that settles in seconds (an ALB
/// created a moment ago, a group already ACTIVE) is seen at once; the pauses
/// then double up to the kind's own interval, so a wait of minutes costs a few
/// dozen describes, not hundreds.
const FIRST_POLL: Duration = Duration::from_secs(1);

/// Polls `check` until it returns `Some`, pausing from one second up to
/// `interval` between checks.
pub async fn poll<T, F, Fut>(interval: Duration, mut check: F) -> Result<T, ProviderError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, ProviderError>>,
{
    let mut pause = FIRST_POLL.min(interval);
    loop {
        if let Some(done) = check().await? {
            return Ok(done);
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(interval);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test(start_paused = true)]
    async fn retries_only_the_named_codes_within_the_limit() {
        let calls = AtomicU32::new(0);
        let r: Result<(), _> = until_not(&["DependencyViolation"], Duration::from_secs(60), || async {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            if n < 3 {
                Err(ProviderError::new("ec2:DeleteSubnet", "DependencyViolation", "in use"))
            } else {
                Ok(())
            }
        })
        .await;
        assert!(r.is_ok());
        assert_eq!(calls.load(Ordering::SeqCst), 4);

        let calls = AtomicU32::new(0);
        let r: Result<(), _> = until_not(&["DependencyViolation"], Duration::from_secs(60), || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(ProviderError::new("ec2:DeleteSubnet", "InvalidSubnetID.NotFound", "gone"))
        })
        .await;
        assert_eq!(r.unwrap_err().code, "InvalidSubnetID.NotFound");
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        let r: Result<(), _> = until_not(&["DependencyViolation"], Duration::from_secs(30), || async {
            Err(ProviderError::new("ec2:DeleteVpc", "DependencyViolation", "in use"))
        })
        .await;
        assert_eq!(r.unwrap_err().code, "DependencyViolation");
    }
}
