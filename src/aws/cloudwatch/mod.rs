//! CloudWatch metric alarms (`alarm.rs`) and the stack's dashboard
//! (`dashboard.rs`).

mod alarm;
mod dashboard;

use super::tags::Tags;
use crate::apply::Request;
use crate::graph::{Kind, NodeId, Props, Value};
use crate::plan::LiveResource;

/// An alarm or the dashboard: found by its name, with its name and ARN.
fn resource(id: NodeId, kind: Kind, name: &str, arn: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    LiveResource::named(id, kind, name, &[("name", Value::str(name)), ("arn", Value::str(arn))], tags, props)
}

/// The live resource after a create: what we asked for, with its ARN.
fn created(req: &Request, arn: &str) -> LiveResource {
    let n = &req.node;
    resource(n.id.clone(), n.kind, &n.name, arn, req.tags.clone(), Some(n.props.clone()))
}

crate::service!(CloudWatch: [alarm::Alarms, dashboard::Dashboards]);
