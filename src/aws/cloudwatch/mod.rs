//! CloudWatch metric alarms (`alarm.rs`) and the stack's dashboard
//! (`dashboard.rs`).

mod alarm;
mod dashboard;

use super::Aws;
use super::tagging::Tagged;
use super::tags::Tags;
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::{Kind, Node, NodeId, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// An alarm or the dashboard: found by its name, with its name and ARN.
fn resource(id: NodeId, kind: Kind, name: &str, arn: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    LiveResource::named(id, kind, name, &[("name", Value::str(name)), ("arn", Value::str(arn))], tags, props)
}

pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let ((mut found, conflicts), dashboard) = tokio::try_join!(alarm::discover(aws, tagged, desired), dashboard::discover(aws, desired))?;
    if let Some(d) = dashboard {
        found.push(d);
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    match live.kind {
        Kind::Dashboard => dashboard::read(aws, live).await,
        _ => alarm::read(aws, live).await,
    }
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let arn = match req.node.kind {
        Kind::Dashboard => dashboard::create(aws, req).await?,
        _ => alarm::create(aws, req).await?,
    };
    let n = &req.node;
    Ok(resource(
        n.id.clone(),
        n.kind,
        &n.name,
        &arn,
        req.tags.clone(),
        Some(n.props.clone()),
    ))
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let settings = changes.iter().any(|c| !c.attr.starts_with("tags"));
    match live.kind {
        Kind::Dashboard => dashboard::update(aws, req, live, settings).await?,
        _ => alarm::update(aws, req, live, settings).await?,
    }
    let mut updated = live.clone();
    updated.tags = req.tags.clone();
    updated.props = Some(req.node.props.clone());
    Ok(updated)
}

pub async fn delete(aws: &Aws, live: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    match live.kind {
        Kind::Dashboard => dashboard::delete(aws, live).await,
        _ => alarm::delete(aws, live).await,
    }
}

/// The alarm an ARN or name names (the dashboard cannot be tagged: it is the
/// stack's by its name).
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    match node.kind {
        Kind::Alarm => alarm::find(aws, node, aws_id).await,
        _ => Ok(super::service::Lookup::Unsupported),
    }
}

crate::legacy_service!(CloudWatch, [Alarm, Dashboard], adopt = (find, alarm::add_tags));
