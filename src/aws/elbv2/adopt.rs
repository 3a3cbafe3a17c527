//! `stackctl import` of the load balancer, the target group (by name or ARN)
//! and a listener (by ARN: listeners have no names; the stack names one by its
//! port), tagged with AddTags.

use super::{describe_tags, elbv2_tags, listener, load_balancer, resource};
use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::adopt::{found, merged};
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::service::Lookup;
use crate::aws::tags::Tags;
use crate::graph::{Kind, Node, Props};
use crate::plan::LiveResource;

/// What an import found: its ARN, its name, its extra attributes and, where
/// the Describe call tells them, its settings.
type Found = (String, String, Vec<(&'static str, String)>, Option<Props>);

/// An ARN or a name, as the Describe calls take them: (ARNs, names).
fn arns_or_names(aws_id: &str) -> (Option<Vec<String>>, Option<Vec<String>>) {
    let one = Some(vec![aws_id.to_string()]);
    if aws_id.starts_with("arn:") { (one, None) } else { (None, one) }
}

pub async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    let found_one = match node.kind {
        Kind::LoadBalancer => find_load_balancer(aws, aws_id).await?,
        Kind::TargetGroup => find_target_group(aws, aws_id).await?,
        Kind::Listener => find_listener(aws, node, aws_id).await?,
        _ => return Ok(Lookup::Unsupported),
    };
    let Some((arn, name, extra, props)) = found_one else {
        return Ok(Lookup::Missing);
    };
    let tags = describe_tags(aws, &[], std::slice::from_ref(&arn))
        .await?
        .remove(&arn)
        .unwrap_or_default();
    Ok(found(node, resource(node.id.clone(), node.kind, &name, &arn, &extra, tags, props)))
}

async fn find_load_balancer(aws: &Aws, aws_id: &str) -> Result<Option<Found>, ProviderError> {
    let (arns, names) = arns_or_names(aws_id);
    let call = aws.elbv2.describe_load_balancers().set_load_balancer_arns(arns).set_names(names);
    let Some(out) = call.send().await.if_exists("elbv2:DescribeLoadBalancers", NotFound::ELBV2_IMPORT)? else {
        return Ok(None);
    };
    Ok(out.load_balancers().first().map(|lb| {
        let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
        let extra = load_balancer::lb_extra(&arn, lb.dns_name().unwrap_or_default());
        (arn, lb.load_balancer_name().unwrap_or_default().to_string(), extra, None)
    }))
}

async fn find_target_group(aws: &Aws, aws_id: &str) -> Result<Option<Found>, ProviderError> {
    let (arns, names) = arns_or_names(aws_id);
    let call = aws.elbv2.describe_target_groups().set_target_group_arns(arns).set_names(names);
    let Some(out) = call.send().await.if_exists("elbv2:DescribeTargetGroups", NotFound::ELBV2_IMPORT)? else {
        return Ok(None);
    };
    Ok(out.target_groups().first().map(|tg| {
        let arn = tg.target_group_arn().unwrap_or_default().to_string();
        (arn, tg.target_group_name().unwrap_or_default().to_string(), vec![], None)
    }))
}

/// The listener and the name the stack would give it: the node's, if its port
/// is the node's.
async fn find_listener(aws: &Aws, node: &Node, aws_id: &str) -> Result<Option<Found>, ProviderError> {
    let call = aws.elbv2.describe_listeners().listener_arns(aws_id);
    let Some(out) = call.send().await.if_exists("elbv2:DescribeListeners", NotFound::ELBV2_IMPORT)? else {
        return Ok(None);
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
    elbv2_tags::sync(&aws.elbv2, &live.physical_id, &live.tags, &merged(&live.tags, tags)).await
}
