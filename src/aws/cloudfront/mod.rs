//! CloudFront: the origin access control of the assets bucket and the
//! distribution (the ALB as default origin, the bucket under `/static/*`).
//!
//! One module per kind; the distribution's settings are built and read back
//! in `distribution_config`.

mod distribution;
mod distribution_config;
mod origin_access_control;

use super::Aws;
use super::tagging::Tagged;
use crate::apply::{DeleteOptions, Progress, ProviderError, Request};
use crate::graph::{Kind, Node, Props};
use crate::plan::{AttrChange, Conflict, LiveResource};

fn built<T, E: std::fmt::Display>(r: Result<T, E>) -> Result<T, ProviderError> {
    r.map_err(|e| ProviderError::new("cloudfront", "InvalidRequest", e.to_string()))
}

/// Whether a change touches more than the tags (those need no new config).
fn settings_changed(changes: &[AttrChange]) -> bool {
    changes.iter().any(|c| !c.attr.starts_with("tags"))
}

pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let ((mut found, conflicts), oac) = tokio::try_join!(
        distribution::discover(aws, tagged, desired),
        origin_access_control::discover(aws, desired)
    )?;
    if let Some(oac) = oac {
        found.push(oac);
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    match live.kind {
        Kind::OriginAccessControl => origin_access_control::read(aws, live).await,
        _ => distribution::read(aws, live).await,
    }
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    if req.node.kind == Kind::OriginAccessControl {
        return origin_access_control::create(aws, req).await;
    }
    distribution::create(aws, req).await
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    if live.kind == Kind::OriginAccessControl {
        return origin_access_control::update(aws, req, live, changes).await;
    }
    distribution::update(aws, req, live, changes).await
}

pub async fn wait_ready(aws: &Aws, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    if live.kind == Kind::Distribution {
        distribution::wait_deployed(aws, &live.physical_id, progress).await?;
    }
    Ok(live.clone())
}

pub async fn delete(aws: &Aws, live: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    if live.kind == Kind::Distribution {
        return distribution::delete(aws, live).await;
    }
    origin_access_control::delete(aws, live).await
}

/// `stackctl import`: the distribution (the origin access control cannot be
/// tagged: it is the stack's by its name).
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    match node.kind {
        Kind::Distribution => distribution::find(aws, node, aws_id).await,
        _ => Ok(super::service::Lookup::Unsupported),
    }
}

crate::legacy_service!(
    CloudFront,
    [OriginAccessControl, Distribution],
    wait = wait_ready,
    adopt = (find, distribution::add_tags)
);
