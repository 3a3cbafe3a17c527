//! What a Redis user and a user group share: `active` is the only state in
//! which AWS modifies, deletes or tags either, and the only one in which a
//! replication group takes a group, so both are waited for the same way.

use std::future::Future;

use super::POLL;
use crate::apply::{Progress, ProviderError};
use crate::aws::retry::{self, Readiness};
use crate::plan::LiveResource;

/// How a user or a user group is named in the call log and in errors, and
/// where its status is.
pub(super) struct AccessControl<T> {
    /// The call-log key, before `/ID`: `elasticache:user`.
    pub log: &'static str,
    /// What an error or a progress line calls it: `user group`.
    pub noun: &'static str,
    /// The operation that describes it: `elasticache:DescribeUsers`.
    pub describe: &'static str,
    /// The error code when it is gone: `UserNotFound`.
    pub not_found: &'static str,
    /// The error code of a wait that fails: `UserNotActive`.
    pub not_active: &'static str,
    pub status: fn(&T) -> Option<&str>,
}

impl<T> AccessControl<T> {
    pub fn not_found(&self, id: &str) -> ProviderError {
        ProviderError::new(self.describe, self.not_found, format!("no {} {id}", self.noun))
    }

    /// The status a wait records and reads.
    fn status_of<'a>(&self, found: &'a T) -> &'a str {
        (self.status)(found).unwrap_or("unknown")
    }

    /// Polls `find` until what it finds is `active`.
    pub async fn wait_active<F, Fut>(
        &self,
        current: &LiveResource,
        mut find: F,
        progress: Progress<'_>,
    ) -> Result<LiveResource, ProviderError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Option<T>, ProviderError>>,
    {
        let id = &current.physical_id;
        let found = || {
            let found = find();
            async move { found.await?.ok_or_else(|| self.not_found(id)) }
        };
        let readiness = |found: &T| match self.status_of(found) {
            "active" => Readiness::Ready,
            "deleting" => Readiness::Failed(ProviderError::new(
                self.describe,
                self.not_active,
                format!("{} {id} is deleting instead of becoming active", self.noun),
            )),
            s => Readiness::Going(format!("{} {s}", self.noun)),
        };
        let what = format!("{}/{id}", self.log);
        retry::until_ready(POLL, &what, found, |found| self.status_of(found), readiness, progress).await?;
        Ok(current.clone())
    }
}
