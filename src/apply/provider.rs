//! The trait the scheduler drives: one implementation talks to AWS (`aws`),
//! tests drive the scheduler with a recording one.

use std::collections::BTreeMap;
use std::fmt;

use async_trait::async_trait;

use crate::graph::{Kind, Node};
use crate::plan::{AttrChange, LiveResource};

/// A resource to create or update: the node with every reference resolved, and
/// the tags to set in the same call (ownership tags and `stackctl:hash`).
///
/// A provider sets the ownership tags in the create call itself, and writes
/// `stackctl:hash` only once every setting it stands for is applied (in the
/// create call too, when that call sets everything): a create or update that
/// stops half-way must leave a hash that does not match, so the next plan reads
/// the settings and finishes the job.
#[derive(Debug, Clone)]
pub struct Request {
    pub node: Node,
    pub tags: BTreeMap<String, String>,
}

/// How deletes may go further than the default.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeleteOptions {
    /// Turn off deletion protection first (`destroy --delete-protected`).
    pub delete_protected: bool,
}

/// An AWS error as users see it: the operation, AWS's error code and message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ProviderError {
    pub operation: String,
    pub code: String,
    pub message: String,
}

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: {}: {}", self.operation, self.code, self.message)
    }
}

/// Props that do not hold what their kind needs: a bug between `expand` and
/// the provider, reported before any AWS call instead of sending a default.
impl From<crate::graph::props::PropsError> for ProviderError {
    fn from(e: crate::graph::props::PropsError) -> Self {
        ProviderError::new("stackctl", "InvalidProps", e.to_string())
    }
}

impl ProviderError {
    pub fn new(operation: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        ProviderError {
            operation: operation.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Reports progress of a long wait (`waiting for ... (state: creating)`).
pub type Progress<'a> = &'a (dyn Fn(String) + Send + Sync);

#[async_trait]
pub trait Provider: Send + Sync {
    /// Whether this provider can manage resources of `kind`.
    fn supports(&self, kind: Kind) -> bool;

    /// Creates the resource, its tags set in the create call itself.
    async fn create(&self, req: &Request) -> Result<LiveResource, ProviderError>;

    /// Changes the attributes listed in `changes` in place.
    async fn update(&self, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError>;

    /// Deletes the resource, waiting until AWS no longer has it where AWS's next
    /// step (deleting its parent) depends on that.
    async fn delete(&self, live: &LiveResource, options: DeleteOptions) -> Result<(), ProviderError>;

    /// Waits until AWS accepts `ready` dependents of the resource.
    async fn wait_ready(&self, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError>;
}
