//! The seam between the provider and one AWS service: a service module owns a
//! few kinds and implements this trait once. Adding a kind is one module here
//! plus its place in `expand`; the scheduler and the diff never change.

use async_trait::async_trait;

use super::Aws;
use super::tagging::Tagged;
use super::tags::Tags;
use crate::apply::{DeleteOptions, Progress, ProviderError, Request};
use crate::graph::{Kind, Node, Props};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// What a service found: its resources of the stack, and names of ours that
/// are taken by resources without our tags.
pub type Discovered = (Vec<LiveResource>, Vec<Conflict>);

/// What AWS has under the AWS id or ARN an import names.
pub enum Lookup {
    /// The resource as the stack would see it adopted as the node: its logical
    /// id, its AWS name (the `Name` tag for EC2, empty if none), its own tags;
    /// settings left unread (`None`) are read with `read`.
    Found(Box<LiveResource>),
    Missing,
    /// It is of another kind than the node's, which its id could not tell (an
    /// RDS primary for a read replica).
    OtherKind(Kind),
    /// The service cannot import the kind.
    Unsupported,
}

#[async_trait]
pub trait Service: Send + Sync {
    /// The kinds this service manages.
    fn kinds(&self) -> &'static [Kind];

    /// Every resource of the stack, in as few calls as the API allows. `tagged`
    /// is what the Resource Groups Tagging API returned for the stack;
    /// `desired` lets a service look up names the tags did not show.
    async fn discover(&self, aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError>;

    /// A resource's settings, in the normal form of the desired properties.
    async fn read(&self, aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError>;

    async fn create(&self, aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError>;

    async fn update(&self, aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError>;

    async fn delete(&self, aws: &Aws, live: &LiveResource, options: DeleteOptions) -> Result<(), ProviderError>;

    /// `stackctl import`: the resource of `node`'s kind that `aws_id` (an id,
    /// name or ARN) names, whoever owns it.
    async fn find(&self, aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
        let _ = (aws, node, aws_id);
        Ok(Lookup::Unsupported)
    }

    /// `stackctl import`: adds `tags` to a resource `find` returned; its other
    /// tags and its settings stay as they are.
    async fn add_tags(&self, aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
        let _ = (aws, tags);
        Err(super::unsupported(live.kind))
    }

    /// Waits until AWS accepts `ready` dependents; most kinds are ready when
    /// created.
    async fn wait_ready(&self, aws: &Aws, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
        let _ = (aws, progress);
        Ok(live.clone())
    }
}

/// Implements `Service` for a module that exposes free functions `discover`,
/// `read`, `create`, `update`, `delete` (and optionally `wait_ready`, and
/// `find` and `add_tags` for the kinds `stackctl import` adopts).
#[macro_export]
macro_rules! service {
    ($name:ident, [$($kind:ident),* $(,)?] $(, wait = $wait:path)? $(, adopt = ($find:path, $add_tags:path))?) => {
        pub struct $name;

        #[async_trait::async_trait]
        impl $crate::aws::service::Service for $name {
            fn kinds(&self) -> &'static [$crate::graph::Kind] {
                &[$($crate::graph::Kind::$kind),*]
            }
            async fn discover(&self, aws: &$crate::aws::Aws, tagged: &[$crate::aws::tagging::Tagged], desired: &[&$crate::graph::Node]) -> Result<$crate::aws::service::Discovered, $crate::apply::ProviderError> {
                discover(aws, tagged, desired).await
            }
            async fn read(&self, aws: &$crate::aws::Aws, live: &$crate::plan::LiveResource) -> Result<$crate::graph::Props, $crate::apply::ProviderError> {
                read(aws, live).await
            }
            async fn create(&self, aws: &$crate::aws::Aws, req: &$crate::apply::Request) -> Result<$crate::plan::LiveResource, $crate::apply::ProviderError> {
                create(aws, req).await
            }
            async fn update(&self, aws: &$crate::aws::Aws, req: &$crate::apply::Request, live: &$crate::plan::LiveResource, changes: &[$crate::plan::AttrChange]) -> Result<$crate::plan::LiveResource, $crate::apply::ProviderError> {
                update(aws, req, live, changes).await
            }
            async fn delete(&self, aws: &$crate::aws::Aws, live: &$crate::plan::LiveResource, options: $crate::apply::DeleteOptions) -> Result<(), $crate::apply::ProviderError> {
                delete(aws, live, options).await
            }
            $(
            async fn wait_ready(&self, aws: &$crate::aws::Aws, live: &$crate::plan::LiveResource, progress: $crate::apply::Progress<'_>) -> Result<$crate::plan::LiveResource, $crate::apply::ProviderError> {
                $wait(aws, live, progress).await
            }
            )?
            $(
            async fn find(&self, aws: &$crate::aws::Aws, node: &$crate::graph::Node, aws_id: &str) -> Result<$crate::aws::service::Lookup, $crate::apply::ProviderError> {
                $find(aws, node, aws_id).await
            }
            async fn add_tags(&self, aws: &$crate::aws::Aws, live: &$crate::plan::LiveResource, tags: &$crate::aws::tags::Tags) -> Result<(), $crate::apply::ProviderError> {
                $add_tags(aws, live, tags).await
            }
            )?
        }
    };
}
