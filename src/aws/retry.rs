//! Retrying the errors AWS documents as transient for one resource: a network
//! interface that lingers after its load balancer is gone (`DependencyViolation`),
//! a role that is not yet assumable. The SDK already retries throttling; this
//! is for errors that mean "not yet".

use std::future::Future;
use std::time::Duration;

use super::call_log;
use crate::apply::{Progress, ProviderError};

/// Calls `f` until it succeeds, fails with a code not in `codes`, or `limit`
/// has passed; waits grow from 2 s to 20 s.
pub async fn until_not<T, F, Fut>(codes: &[&str], limit: Duration, f: F) -> Result<T, ProviderError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ProviderError>>,
{
    let transient = |e: &ProviderError| codes.contains(&e.code.as_str()).then(|| format!("{} ({})", e.code, e.message));
    while_transient(transient, limit, Duration::from_secs(20), f).await
}

/// Calls `f` until it succeeds, fails with an error `transient` does not
/// call transient, or `limit` has passed; waits double from 2 s to `longest`.
/// `transient` says why an error is (`role not assumable yet (...)`), for the
/// `-v` line of each retry.
pub async fn while_transient<T, F, Fut>(
    transient: impl Fn(&ProviderError) -> Option<String>,
    limit: Duration,
    longest: Duration,
    mut f: F,
) -> Result<T, ProviderError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ProviderError>>,
{
    let started = tokio::time::Instant::now();
    let mut wait = Duration::from_secs(2);
    loop {
        let e = match f().await {
            Err(e) if started.elapsed() + wait < limit => e,
            other => return other,
        };
        let Some(why) = transient(&e) else {
            return Err(e);
        };
        tracing::info!("{}: {why}; retrying in {:?}", e.operation, wait);
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(longest);
    }
}

/// The shortest pause of a readiness poll: a state that settles in seconds (an
/// ALB created a moment ago, a group already ACTIVE) is seen at once.
const FIRST_POLL: Duration = Duration::from_secs(1);

/// A poll pauses this share of the time it has waited so far: whatever AWS
/// takes (a NAT gateway's 2 minutes, a cluster's 10, twice that on a bad day),
/// the moment it becomes ready is seen at most 4% of the wait late, so an apply
/// stays on its critical path without knowing how long each kind takes. The
/// cost grows with the logarithm of the wait: about a hundred describes for a
/// 10-minute cluster, within every service's rate limits.
const PAUSE_SHARE: u32 = 25;

/// Polls `check` until it returns `Some`, pausing 1/25 of the time waited so
/// far (at least one second, at most `interval`) between checks.
pub async fn poll<T, F, Fut>(interval: Duration, mut check: F) -> Result<T, ProviderError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, ProviderError>>,
{
    let started = tokio::time::Instant::now();
    loop {
        if let Some(done) = check().await? {
            return Ok(done);
        }
        tokio::time::sleep(pause_after(started.elapsed(), interval)).await;
    }
}

/// Polls `find` until it finds nothing: a deletion's wait. Each answer's
/// status is recorded under `what` (`status` of the resource found, else
/// [`call_log::GONE`]).
pub async fn until_gone<T, F, Fut>(interval: Duration, what: &str, mut find: F, status: impl Fn(&T) -> &str) -> Result<(), ProviderError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, ProviderError>>,
{
    let status = &status;
    poll(interval, || {
        let found = find();
        async move {
            let found = found.await?;
            call_log::observed(what, found.as_ref().map_or(call_log::GONE, status));
            Ok(found.is_none().then_some(()))
        }
    })
    .await
}

/// What a readiness wait makes of the resource it found.
pub enum Readiness {
    /// In the state the wait is for: the wait ends.
    Ready,
    /// On its way there; the text is the progress line (`cluster CREATING`).
    Going(String),
    /// In a state it will not leave for the one waited for: the wait fails.
    Failed(ProviderError),
}

/// Polls `find` until `readiness` calls what it found ready, and answers
/// that: a creation's or an update's wait. Each answer's `status` is recorded
/// under `what`, as [`until_gone`] does; while it is going, its text goes to
/// `progress`.
pub async fn until_ready<T, F, Fut>(
    interval: Duration,
    what: &str,
    mut find: F,
    status: impl Fn(&T) -> &str,
    readiness: impl Fn(&T) -> Readiness,
    progress: Progress<'_>,
) -> Result<T, ProviderError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ProviderError>>,
{
    let (status, readiness) = (&status, &readiness);
    poll(interval, || {
        let found = find();
        async move {
            let found = found.await?;
            call_log::observed(what, status(&found));
            match readiness(&found) {
                Readiness::Ready => Ok(Some(found)),
                Readiness::Going(text) => {
                    progress(text);
                    Ok(None)
                }
                Readiness::Failed(e) => Err(e),
            }
        }
    })
    .await
}

fn pause_after(waited: Duration, interval: Duration) -> Duration {
    (waited / PAUSE_SHARE).clamp(FIRST_POLL.min(interval), interval)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// A resource that becomes ready `after` a wait began, polled with `interval`:
    /// when the poll saw it, and how many checks it took.
    async fn seen(after: Duration, interval: Duration) -> (Duration, u32) {
        let started = tokio::time::Instant::now();
        let checks = AtomicU32::new(0);
        poll(interval, || async {
            checks.fetch_add(1, Ordering::SeqCst);
            Ok((started.elapsed() >= after).then_some(()))
        })
        .await
        .unwrap();
        (started.elapsed(), checks.load(Ordering::SeqCst))
    }

    #[tokio::test(start_paused = true)]
    async fn a_poll_sees_readiness_at_most_4_percent_or_a_second_late_whatever_the_wait() {
        // AWS's creation times and a share of them, as the test launcher holds them.
        for secs in [3, 10, 18, 60, 105, 180, 300, 450, 600, 1200] {
            let after = Duration::from_secs(secs);
            let (at, checks) = seen(after, Duration::from_secs(30)).await;
            let late = at - after;
            assert!(
                late <= (after / 25).max(Duration::from_secs(1)),
                "ready after {secs}s, seen {late:?} late"
            );
            assert!(checks <= 140, "ready after {secs}s: {checks} checks");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_poll_never_pauses_longer_than_its_interval() {
        let (at, _) = seen(Duration::from_secs(1000), Duration::from_secs(5)).await;
        assert!(at <= Duration::from_secs(1005), "{at:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_deletion_wait_ends_once_nothing_is_found() {
        let finds = AtomicU32::new(0);
        let find = || async {
            let n = finds.fetch_add(1, Ordering::SeqCst);
            Ok((n < 2).then_some("deleting"))
        };
        until_gone(Duration::from_secs(5), "rds:db/t", find, |s| s).await.unwrap();
        assert_eq!(finds.load(Ordering::SeqCst), 3);
        let failing = || async { Err::<Option<&str>, _>(ProviderError::new("rds:DescribeDBInstances", "Throttling", "slow down")) };
        let e = until_gone(Duration::from_secs(5), "rds:db/t", failing, |s| s).await.unwrap_err();
        assert_eq!(e.code, "Throttling");
    }

    /// A resource whose status is each of `statuses` in turn, waited for
    /// until `active`: the wait's answer and the progress lines it wrote.
    async fn wait_for_active(statuses: &[&'static str]) -> (Result<&'static str, ProviderError>, Vec<String>) {
        let finds = AtomicU32::new(0);
        let find = || async {
            let n = finds.fetch_add(1, Ordering::SeqCst) as usize;
            Ok(statuses[n.min(statuses.len() - 1)])
        };
        let readiness = |s: &&str| match *s {
            "active" => Readiness::Ready,
            "deleting" => Readiness::Failed(ProviderError::new(
                "elasticache:DescribeUsers",
                "UserNotActive",
                "user t is deleting",
            )),
            s => Readiness::Going(format!("user {s}")),
        };
        let lines = std::sync::Mutex::new(Vec::new());
        let progress = |text: String| lines.lock().unwrap().push(text);
        let r = until_ready(Duration::from_secs(5), "elasticache:user/t", find, |s| s, readiness, &progress).await;
        (r, lines.into_inner().unwrap())
    }

    #[tokio::test(start_paused = true)]
    async fn a_readiness_wait_reports_progress_until_ready() {
        let (r, lines) = wait_for_active(&["creating", "modifying", "active", "deleting"]).await;
        assert_eq!(r.unwrap(), "active");
        assert_eq!(lines, ["user creating", "user modifying"]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_readiness_wait_fails_with_the_error_of_a_failed_state() {
        let (r, lines) = wait_for_active(&["creating", "deleting", "active"]).await;
        assert_eq!(r.unwrap_err().code, "UserNotActive");
        assert_eq!(lines, ["user creating"]);
        let failing = || async { Err::<&str, _>(ProviderError::new("rds:DescribeDBInstances", "Throttling", "slow down")) };
        let e = until_ready(Duration::from_secs(5), "rds:db/t", failing, |s| s, |_| Readiness::Ready, &|_| {})
            .await
            .unwrap_err();
        assert_eq!(e.code, "Throttling");
    }

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
