//! CloudWatch metric alarms (`alarm.rs`) and the stack's dashboard
//! (`dashboard.rs`).

mod alarm;
mod dashboard;

use super::resource::known_by_name;
use crate::apply::Request;
use crate::plan::LiveResource;

/// The live resource after a create: what we asked for, with its ARN.
fn created(req: &Request, arn: &str) -> LiveResource {
    let n = &req.node;
    known_by_name(n.id.clone(), n.kind, &n.name, arn, req.tags.clone(), Some(n.props.clone()))
}

crate::service!(CloudWatch: [alarm::Alarms, dashboard::Dashboards]);
