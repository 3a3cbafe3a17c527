//! `stackctl import` of the load balancer, the target group (by name or ARN)
//! and a listener (by ARN: listeners have no names; the stack names one by its
//! port), tagged with AddTags.

use super::{describe_tags, listener, load_balancer, resource, retag};
use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::adopt::{found, merged};
use crate::aws::error::{code_of, sdk_error};
use crate::aws::service::Lookup;
use crate::aws::tags::Tags;
use crate::graph::{Kind, Node, Props};
use crate::plan::LiveResource;

fn is_arn(aws_id: &str) -> bool {
    aws_id.starts_with("arn:")
}

fn missing(e: Option<&str>) -> bool {
    e.is_some_and(|c| c.ends_with("NotFound") || c == "ValidationError")
}

pub async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    let one = |v: &str| Some(vec![v.to_string()]);
    let (arn, name, extra, props) = match node.kind {
        Kind::LoadBalancer => {
            let (arns, names) = if is_arn(aws_id) { (one(aws_id), None) } else { (None, one(aws_id)) };
            let out = match aws
                .elbv2
                .describe_load_balancers()
                .set_load_balancer_arns(arns)
                .set_names(names)
                .send()
                .await
            {
                Ok(o) => o,
                Err(e) if missing(code_of(&e)) => return Ok(Lookup::Missing),
                Err(e) => return Err(sdk_error("elbv2:DescribeLoadBalancers", e)),
            };
            let Some(lb) = out.load_balancers().first() else {
                return Ok(Lookup::Missing);
            };
            let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
            let extra = load_balancer::lb_extra(&arn, lb.dns_name().unwrap_or_default());
            (arn, lb.load_balancer_name().unwrap_or_default().to_string(), extra, None)
        }
        Kind::TargetGroup => {
            let (arns, names) = if is_arn(aws_id) { (one(aws_id), None) } else { (None, one(aws_id)) };
            let out = match aws
                .elbv2
                .describe_target_groups()
                .set_target_group_arns(arns)
                .set_names(names)
                .send()
                .await
            {
                Ok(o) => o,
                Err(e) if missing(code_of(&e)) => return Ok(Lookup::Missing),
                Err(e) => return Err(sdk_error("elbv2:DescribeTargetGroups", e)),
            };
            let Some(tg) = out.target_groups().first() else {
                return Ok(Lookup::Missing);
            };
            let arn = tg.target_group_arn().unwrap_or_default().to_string();
            (arn, tg.target_group_name().unwrap_or_default().to_string(), vec![], None)
        }
        Kind::Listener => match find_listener(aws, node, aws_id).await? {
            Some(found) => found,
            None => return Ok(Lookup::Missing),
        },
        _ => return Ok(Lookup::Unsupported),
    };
    let tags = describe_tags(aws, &[], std::slice::from_ref(&arn))
        .await?
        .remove(&arn)
        .unwrap_or_default();
    Ok(found(node, resource(node.id.clone(), node.kind, &name, &arn, &extra, tags, props)))
}

/// The listener and the name the stack would give it: the node's, if its port
/// is the node's.
async fn find_listener(
    aws: &Aws,
    node: &Node,
    aws_id: &str,
) -> Result<Option<(String, String, Vec<(&'static str, String)>, Option<Props>)>, ProviderError> {
    let out = match aws.elbv2.describe_listeners().listener_arns(aws_id).send().await {
        Ok(o) => o,
        Err(e) if missing(code_of(&e)) => return Ok(None),
        Err(e) => return Err(sdk_error("elbv2:DescribeListeners", e)),
    };
    let Some(l) = out.listeners().first() else { return Ok(None) };
    let port = l.port().and_then(|p| u32::try_from(p).ok()).unwrap_or_default();
    let name = match listener::port_of(node) {
        Some(p) if p == port => node.name.clone(),
        _ => format!("the listener on port {port}"),
    };
    let props = listener::listener_described(l).into();
    Ok(Some((aws_id.to_string(), name, vec![], Some(props))))
}

pub async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    retag(aws, &live.physical_id, &live.tags, &merged(&live.tags, tags)).await
}
