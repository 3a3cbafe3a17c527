//! One kind as the provider manages it, registered once: the file of the kind
//! (`ec2/subnet.rs`, `rds/instance.rs`, ...) declares its unit with
//! `resource!`, naming its functions, and its service lists the unit in
//! `Service::resources`. Dispatch by kind happens once, in `Service`'s default
//! methods, as terraform-provider-aws registers each resource of a service.

use async_trait::async_trait;

use super::Aws;
use super::service::{Discovered, Lookup};
use super::tagging::Tagged;
use super::tags::Tags;
use crate::apply::{DeleteOptions, Progress, ProviderError, Request};
use crate::graph::{Kind, Node, NodeId, Props, Value};
use crate::plan::{AttrChange, LiveResource};

#[async_trait]
pub trait Resource: Send + Sync {
    /// The kind this unit manages.
    fn kind(&self) -> Kind;

    /// The stack's resources of this kind. A kind its service finds in one
    /// batch with others (one call for several kinds, or through another kind)
    /// finds none on its own: `Service::discover` finds it.
    async fn discover(&self, aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
        let _ = (aws, tagged, desired);
        Ok(Discovered::default())
    }

    /// A resource's settings, in the normal form of the desired properties.
    async fn read(&self, aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError>;

    async fn create(&self, aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError>;

    /// Changes settings in place. A kind whose every setting forces a
    /// replacement changes only its tags, which its service syncs
    /// (`Service::sync_tags`).
    async fn update(&self, aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
        let _ = (aws, changes);
        Ok(updated(live, req))
    }

    async fn delete(&self, aws: &Aws, live: &LiveResource, options: DeleteOptions) -> Result<(), ProviderError>;

    /// Waits until AWS accepts `ready` dependents; most kinds are ready when
    /// created.
    async fn wait_ready(&self, aws: &Aws, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
        let _ = (aws, progress);
        Ok(live.clone())
    }

    /// `stackctl import`: the resource that `aws_id` (an id, name or ARN)
    /// names, whoever owns it.
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
}

/// The live resource after an update: `live` with the settings and tags that
/// `req` asked for.
pub fn updated(live: &LiveResource, req: &Request) -> LiveResource {
    let mut updated = live.clone();
    updated.props = Some(req.node.props.clone());
    updated.tags = req.tags.clone();
    updated
}

/// The settings of a kind that discovery reads whole (no call of its own
/// would tell more).
pub async fn read_as_discovered(_: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    Ok(live.props.clone().unwrap_or_default())
}

/// The ARN a resource's attributes hold (empty if none).
pub fn arn(live: &LiveResource) -> &str {
    live.attrs.get("arn").and_then(Value::as_str).unwrap_or_default()
}

/// What a create or update keeps of the request, as a kind's live-resource
/// builder takes it: the node's id, and the tags and settings asked for.
pub fn from_request(req: &Request) -> (NodeId, Tags, Option<Props>) {
    (req.node.id.clone(), req.tags.clone(), Some(req.node.props.clone()))
}

/// The live resource a create or update leaves, known as `physical_id`: the
/// id, settings and tags the request asked for, with the attributes AWS
/// answered.
pub fn created(req: &Request, physical_id: &str, attrs: &[(&str, Value)]) -> LiveResource {
    let (id, tags, props) = from_request(req);
    LiveResource::new(id, req.node.kind, &req.node.name, physical_id, attrs, tags, props)
}

/// [`created`] for a resource AWS knows by its name: the name AWS answered
/// (which may differ from the one asked for, as lower case), and its ARN.
pub fn created_by_name(req: &Request, name: &str, arn: &str) -> LiveResource {
    let (id, tags, props) = from_request(req);
    known_by_name(id, req.node.kind, name, arn, tags, props)
}

/// [`created`] for a resource AWS knows by its ARN.
pub fn created_by_arn(req: &Request, arn: &str) -> LiveResource {
    created(req, arn, &name_and_arn(&req.node.name, arn))
}

/// A resource AWS knows by its name, with its name and ARN as attributes.
pub fn known_by_name(id: NodeId, kind: Kind, name: &str, arn: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    LiveResource::named(id, kind, name, &name_and_arn(name, arn), tags, props)
}

/// A resource AWS knows by its ARN, with its name and ARN as attributes.
pub fn known_by_arn(id: NodeId, kind: Kind, name: &str, arn: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    LiveResource::new(id, kind, name, arn, &name_and_arn(name, arn), tags, props)
}

/// The attributes of a resource with a name and an ARN.
pub fn name_and_arn(name: &str, arn: &str) -> [(&'static str, Value); 2] {
    [("name", Value::str(name)), ("arn", Value::str(arn))]
}

/// Whether a change touches more than the tags (those need no settings call).
pub fn settings_changed(changes: &[AttrChange]) -> bool {
    changes.iter().any(|c| !c.attr.starts_with("tags"))
}

/// Declares the unit of one kind:
/// `resource!(CacheUsers for CacheUser: discover, read, create, settings, delete);`
/// implements `Resource` for `CacheUsers` through the functions of the kind's
/// file, each taking the trait method's arguments after `aws`. An entry names
/// the function of the same name, or `entry = path` another one:
/// - `discover` (none for a kind its service discovers in a batch with others),
///   `read`, `create`;
/// - `update` (returns the updated resource), or `settings` (the function
///   `update` returns nothing: the result is `updated`), or neither (only the
///   tags change in place);
/// - `delete`, or `delete_with` (the function `delete` takes the options);
/// - `wait` (`wait_ready`; none: ready when created);
/// - `adopt` (`find` and `add_tags`, or `adopt = (find, add_tags)`; none:
///   `stackctl import` cannot adopt it).
#[macro_export]
macro_rules! resource {
    ($name:ident for $kind:ident: $($entries:tt)*) => {
        $crate::resource!(@entries $name $kind [] $($entries)*);
    };
    (@entries $name:ident $kind:ident [$($methods:tt)*]) => {
        pub struct $name;

        #[async_trait::async_trait]
        impl $crate::aws::resource::Resource for $name {
            fn kind(&self) -> $crate::graph::Kind {
                $crate::graph::Kind::$kind
            }
            $($methods)*
        }
    };
    (@entries $name:ident $kind:ident [$($methods:tt)*] discover $(= $f:path)? $(, $($rest:tt)*)?) => {
        $crate::resource!(@entries $name $kind [$($methods)*
            async fn discover(&self, aws: &$crate::aws::Aws, tagged: &[$crate::aws::tagging::Tagged], desired: &[&$crate::graph::Node]) -> Result<$crate::aws::service::Discovered, $crate::apply::ProviderError> {
                $crate::resource!(@or $($f)?; discover)(aws, tagged, desired).await
            }
        ] $($($rest)*)?);
    };
    (@entries $name:ident $kind:ident [$($methods:tt)*] read $(= $f:path)? $(, $($rest:tt)*)?) => {
        $crate::resource!(@entries $name $kind [$($methods)*
            async fn read(&self, aws: &$crate::aws::Aws, live: &$crate::plan::LiveResource) -> Result<$crate::graph::Props, $crate::apply::ProviderError> {
                $crate::resource!(@or $($f)?; read)(aws, live).await
            }
        ] $($($rest)*)?);
    };
    (@entries $name:ident $kind:ident [$($methods:tt)*] create $(= $f:path)? $(, $($rest:tt)*)?) => {
        $crate::resource!(@entries $name $kind [$($methods)*
            async fn create(&self, aws: &$crate::aws::Aws, req: &$crate::apply::Request) -> Result<$crate::plan::LiveResource, $crate::apply::ProviderError> {
                $crate::resource!(@or $($f)?; create)(aws, req).await
            }
        ] $($($rest)*)?);
    };
    (@entries $name:ident $kind:ident [$($methods:tt)*] update $(= $f:path)? $(, $($rest:tt)*)?) => {
        $crate::resource!(@entries $name $kind [$($methods)*
            async fn update(&self, aws: &$crate::aws::Aws, req: &$crate::apply::Request, live: &$crate::plan::LiveResource, changes: &[$crate::plan::AttrChange]) -> Result<$crate::plan::LiveResource, $crate::apply::ProviderError> {
                $crate::resource!(@or $($f)?; update)(aws, req, live, changes).await
            }
        ] $($($rest)*)?);
    };
    (@entries $name:ident $kind:ident [$($methods:tt)*] settings $(= $f:path)? $(, $($rest:tt)*)?) => {
        $crate::resource!(@entries $name $kind [$($methods)*
            async fn update(&self, aws: &$crate::aws::Aws, req: &$crate::apply::Request, live: &$crate::plan::LiveResource, changes: &[$crate::plan::AttrChange]) -> Result<$crate::plan::LiveResource, $crate::apply::ProviderError> {
                $crate::resource!(@or $($f)?; update)(aws, req, live, changes).await?;
                Ok($crate::aws::resource::updated(live, req))
            }
        ] $($($rest)*)?);
    };
    (@entries $name:ident $kind:ident [$($methods:tt)*] delete $(= $f:path)? $(, $($rest:tt)*)?) => {
        $crate::resource!(@entries $name $kind [$($methods)*
            async fn delete(&self, aws: &$crate::aws::Aws, live: &$crate::plan::LiveResource, _: $crate::apply::DeleteOptions) -> Result<(), $crate::apply::ProviderError> {
                $crate::resource!(@or $($f)?; delete)(aws, live).await
            }
        ] $($($rest)*)?);
    };
    (@entries $name:ident $kind:ident [$($methods:tt)*] delete_with $(= $f:path)? $(, $($rest:tt)*)?) => {
        $crate::resource!(@entries $name $kind [$($methods)*
            async fn delete(&self, aws: &$crate::aws::Aws, live: &$crate::plan::LiveResource, options: $crate::apply::DeleteOptions) -> Result<(), $crate::apply::ProviderError> {
                $crate::resource!(@or $($f)?; delete)(aws, live, options).await
            }
        ] $($($rest)*)?);
    };
    (@entries $name:ident $kind:ident [$($methods:tt)*] wait $(= $f:path)? $(, $($rest:tt)*)?) => {
        $crate::resource!(@entries $name $kind [$($methods)*
            async fn wait_ready(&self, aws: &$crate::aws::Aws, live: &$crate::plan::LiveResource, progress: $crate::apply::Progress<'_>) -> Result<$crate::plan::LiveResource, $crate::apply::ProviderError> {
                $crate::resource!(@or $($f)?; wait_ready)(aws, live, progress).await
            }
        ] $($($rest)*)?);
    };
    (@entries $name:ident $kind:ident [$($methods:tt)*] adopt $(= ($find:path, $add_tags:path))? $(, $($rest:tt)*)?) => {
        $crate::resource!(@entries $name $kind [$($methods)*
            async fn find(&self, aws: &$crate::aws::Aws, node: &$crate::graph::Node, aws_id: &str) -> Result<$crate::aws::service::Lookup, $crate::apply::ProviderError> {
                $crate::resource!(@or $($find)?; find)(aws, node, aws_id).await
            }
            async fn add_tags(&self, aws: &$crate::aws::Aws, live: &$crate::plan::LiveResource, tags: &$crate::aws::tags::Tags) -> Result<(), $crate::apply::ProviderError> {
                $crate::resource!(@or $($add_tags)?; add_tags)(aws, live, tags).await
            }
        ] $($($rest)*)?);
    };
    (@or $f:path; $default:ident) => {
        $f
    };
    (@or ; $default:ident) => {
        $default
    };
}
