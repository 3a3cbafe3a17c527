//! ElastiCache tag calls that survive a Redis user's transitions. AWS answers
//! a tag call on a user that is not `active` with HTTP 404 `UserNotFound`,
//! "<user-id> is not available for tagging"
//! (<https://github.com/hashicorp/terraform-provider-aws/issues/34002>), and
//! does so for a moment right after a tag call on the same user even though
//! DescribeUsers says `active`
//! (<https://github.com/hashicorp/terraform-provider-aws/issues/47638>): a tag
//! sync is RemoveTagsFromResource then AddTagsToResource, two calls in a row.
//! Each tag call on a user's ARN is retried on that answer within a bound;
//! other resources' calls are sent once, as before.

use std::future::Future;
use std::time::Duration;

use super::{Aws, elasticache_tags};
use crate::apply::ProviderError;
use crate::aws::retry;
use crate::aws::tags::{self, Tags};

/// How long a user's tag call is retried: the transition after a tag call
/// lasts moments; a user being modified settles within minutes, and the
/// applies wait for `active` after their own ModifyUser before tagging.
const USER_TAG_RETRY: Duration = Duration::from_secs(120);
/// The longest pause between two attempts.
const LONGEST_PAUSE: Duration = Duration::from_secs(10);

/// `arn:aws:elasticache:REGION:ACCOUNT:user:ID`.
fn names_a_user(arn: &str) -> bool {
    arn.split(':').nth(5) == Some("user")
}

/// Why a tag call's error is the user's transition, for the `-v` line.
fn not_available_for_tagging(e: &ProviderError) -> Option<String> {
    (e.code == "UserNotFound").then(|| format!("the user is in transition ({})", e.message))
}

/// `f`, a tag call on `arn`: retried on `UserNotFound` where `arn` names a user.
async fn call<T, F, Fut>(arn: &str, mut f: F) -> Result<T, ProviderError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ProviderError>>,
{
    if !names_a_user(arn) {
        return f().await;
    }
    retry::while_transient(not_available_for_tagging, USER_TAG_RETRY, LONGEST_PAUSE, f).await
}

/// ListTagsForResource.
pub(super) async fn list(aws: &Aws, arn: &str) -> Result<Tags, ProviderError> {
    call(arn, || elasticache_tags::list(&aws.elasticache, arn)).await
}

/// Makes the resource's tags `desired` (`tags::sync`), each call retried as
/// `call` says.
pub(super) async fn sync(aws: &Aws, arn: &str, live: &Tags, desired: &Tags) -> Result<(), ProviderError> {
    let client = &aws.elasticache;
    let untag = |keys: Vec<String>| call(arn, move || elasticache_tags::untag(client, arn, keys.clone()));
    let tag = || call(arn, || elasticache_tags::tag(client, arn, desired));
    tags::sync(live, desired, untag, tag).await
}

/// As `sync`, but sends nothing where the tags already match.
pub(super) async fn sync_changed(aws: &Aws, arn: &str, live: &Tags, desired: &Tags) -> Result<(), ProviderError> {
    if live == desired {
        return Ok(());
    }
    sync(aws, arn, live, desired).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    const USER: &str = "arn:aws:elasticache:us-east-1:123456789012:user:t-x-cache-app";
    const GROUP: &str = "arn:aws:elasticache:us-east-1:123456789012:usergroup:t-x-cache-users";

    /// A tag call that AWS answers `UserNotFound` `refusals` times, then accepts.
    async fn tagged_after(arn: &str, refusals: u32) -> (Result<(), ProviderError>, u32) {
        let calls = AtomicU32::new(0);
        let r = call(arn, || async {
            if calls.fetch_add(1, Ordering::SeqCst) < refusals {
                let message = "t-x-cache-app is not available for tagging";
                Err(ProviderError::new("elasticache:AddTagsToResource", "UserNotFound", message))
            } else {
                Ok(())
            }
        })
        .await;
        (r, calls.load(Ordering::SeqCst))
    }

    #[tokio::test(start_paused = true)]
    async fn a_users_tag_call_outlasts_its_transition() {
        let (r, calls) = tagged_after(USER, 3).await;
        assert!(r.is_ok(), "{r:?}");
        assert_eq!(calls, 4);
    }

    #[tokio::test(start_paused = true)]
    async fn the_retry_is_bounded() {
        let (r, calls) = tagged_after(USER, u32::MAX).await;
        assert_eq!(r.unwrap_err().code, "UserNotFound");
        assert!((2..=20).contains(&calls), "{calls} calls");
    }

    #[tokio::test(start_paused = true)]
    async fn other_resources_and_other_errors_are_not_retried() {
        let (r, calls) = tagged_after(GROUP, 1).await;
        assert_eq!((r.unwrap_err().code.as_str(), calls), ("UserNotFound", 1));
        let calls = AtomicU32::new(0);
        let r: Result<(), _> = call(USER, || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(ProviderError::new("elasticache:AddTagsToResource", "InvalidARN", "bad"))
        })
        .await;
        assert_eq!((r.unwrap_err().code.as_str(), calls.load(Ordering::SeqCst)), ("InvalidARN", 1));
    }

    #[test]
    fn only_a_users_arn_names_a_user() {
        assert!(names_a_user(USER));
        assert!(!names_a_user(GROUP));
        assert!(!names_a_user("arn:aws:elasticache:us-east-1:123456789012:replicationgroup:user"));
    }
}
