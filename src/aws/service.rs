//! The seam between the provider and one AWS service: a service lists the
//! units of its kinds (`Resource`, one per kind file, declared with
//! `resource!`), and its default methods dispatch to the unit of the live or
//! desired kind. A service overrides only what it does around all its kinds:
//! one batched discovery for several kinds (`discover`), the tags it syncs
//! after every update (`sync_tags`), an import written once for its kinds
//! (`find`, `add_tags`). Its kinds are its units' kinds: adding a kind to the
//! provider is its file (with its `resource!` line) and one entry in its
//! service's `service!` list; the scheduler and the diff never change.

use async_trait::async_trait;

use super::Aws;
use super::resource::Resource;
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

/// What each of `resources` discovers on its own, all at once.
pub async fn discover_each(
    resources: &[&dyn Resource],
    aws: &Aws,
    tagged: &[Tagged],
    desired: &[&Node],
) -> Result<Discovered, ProviderError> {
    let each = resources.iter().map(|r| r.discover(aws, tagged, desired));
    let (found, conflicts): (Vec<_>, Vec<_>) = futures::future::try_join_all(each).await?.into_iter().unzip();
    Ok((found.concat(), conflicts.concat()))
}

#[async_trait]
pub trait Service: Send + Sync {
    /// The units of the kinds this service manages.
    fn resources(&self) -> &'static [&'static dyn Resource];

    /// The unit of `kind`, if this service manages it.
    fn resource(&self, kind: Kind) -> Option<&'static dyn Resource> {
        self.resources().iter().copied().find(|r| r.kind() == kind)
    }

    /// The unit of `kind`, or the error for a kind it does not manage.
    fn unit(&self, kind: Kind) -> Result<&'static dyn Resource, ProviderError> {
        self.resource(kind).ok_or_else(|| super::unsupported(kind))
    }

    /// Every resource of the stack, in as few calls as the API allows. `tagged`
    /// is what the Resource Groups Tagging API returned for the stack;
    /// `desired` lets a service look up names the tags did not show. By
    /// default each kind's own discovery, all at once.
    async fn discover(&self, aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
        discover_each(self.resources(), aws, tagged, desired).await
    }

    /// A resource's settings, in the normal form of the desired properties.
    async fn read(&self, aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
        self.unit(live.kind)?.read(aws, live).await
    }

    async fn create(&self, aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
        self.unit(req.node.kind)?.create(aws, req).await
    }

    /// The kind's update, then the service's tag sync.
    async fn update(&self, aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
        let updated = self.unit(req.node.kind)?.update(aws, req, live, changes).await?;
        self.sync_tags(aws, live, &req.tags).await?;
        Ok(updated)
    }

    /// After every update: makes `live`'s tags `desired`, for a service that
    /// tags all its kinds alike. By default each kind syncs its own.
    async fn sync_tags(&self, aws: &Aws, live: &LiveResource, desired: &Tags) -> Result<(), ProviderError> {
        let _ = (aws, live, desired);
        Ok(())
    }

    async fn delete(&self, aws: &Aws, live: &LiveResource, options: DeleteOptions) -> Result<(), ProviderError> {
        self.unit(live.kind)?.delete(aws, live, options).await
    }

    /// `stackctl import`: the resource of `node`'s kind that `aws_id` (an id,
    /// name or ARN) names, whoever owns it.
    async fn find(&self, aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
        self.unit(node.kind)?.find(aws, node, aws_id).await
    }

    /// `stackctl import`: adds `tags` to a resource `find` returned; its other
    /// tags and its settings stay as they are.
    async fn add_tags(&self, aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
        self.unit(live.kind)?.add_tags(aws, live, tags).await
    }

    /// Waits until AWS accepts `ready` dependents.
    async fn wait_ready(&self, aws: &Aws, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
        self.unit(live.kind)?.wait_ready(aws, live, progress).await
    }
}

/// Registers a service.
///
/// `service!(Rds: [instance::DbInstances, ..], sync_tags = f, adopt = (find, add_tags))`:
/// the units of its kinds, and the functions of what it does around all of
/// them (optional, in this order, each with the `Service` method's arguments
/// after `aws`): `discover` (one batch for several kinds), `sync_tags`
/// (after every update), `adopt` (an import written once for its kinds).
///
/// `service!(Sqs, [Queue], ..)`: a service of one kind whose module exposes
/// free functions `discover`, `read`, `create`, `update`, `delete` (taking the
/// options), and optionally `wait_ready`, and `find` and `add_tags` for
/// `stackctl import`: the kind's unit (`ThisKind`) and the service listing it.
#[macro_export]
macro_rules! service {
    (
        $name:ident: [$($resource:path),+ $(,)?]
        $(, discover = $discover:path)?
        $(, sync_tags = $sync_tags:path)?
        $(, adopt = ($find:path, $add_tags:path))? $(,)?
    ) => {
        pub struct $name;

        #[async_trait::async_trait]
        impl $crate::aws::service::Service for $name {
            fn resources(&self) -> &'static [&'static dyn $crate::aws::resource::Resource] {
                &[$(&$resource),+]
            }
            $(
            async fn discover(&self, aws: &$crate::aws::Aws, tagged: &[$crate::aws::tagging::Tagged], desired: &[&$crate::graph::Node]) -> Result<$crate::aws::service::Discovered, $crate::apply::ProviderError> {
                $discover(aws, tagged, desired).await
            }
            )?
            $(
            async fn sync_tags(&self, aws: &$crate::aws::Aws, live: &$crate::plan::LiveResource, desired: &$crate::aws::tags::Tags) -> Result<(), $crate::apply::ProviderError> {
                $sync_tags(aws, live, desired).await
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
    ($name:ident, [$kind:ident] $(, wait = $wait:path)? $(, adopt = ($find:path, $add_tags:path))?) => {
        // The one kind of this service.
        $crate::resource!(ThisKind for $kind: discover, read, create, update, delete_with $(, wait = $wait)? $(, adopt = ($find, $add_tags))?);
        $crate::service!($name: [ThisKind]);
    };
}
