//! The load balancer's target group attached to the Auto Scaling group of each
//! EKS managed node group: EKS creates, names and owns those groups, so the
//! attachment is a resource of its own (it has no tags: it is read through the
//! groups EKS tagged `eks:cluster-name` with the stack's cluster).
//!
//! The legacy AttachLoadBalancerTargetGroups is used rather than
//! AttachTrafficSources: both are supported by Auto Scaling and both are read
//! back in DescribeAutoScalingGroups (`TargetGroupARNs`), one call for every
//! node group of the stack.

use aws_sdk_autoscaling::types::{AutoScalingGroup, Filter};

use super::classify::every_page;
use super::error::{AwsResultExt, sdk_error};
use super::tagging::Tagged;
use super::{Aws, tags};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::expand::ids;
use crate::graph::props::TargetGroupAttachmentProps;
use crate::graph::{Kind, Node, NodeId, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};
use crate::stack::names;

/// The tags EKS puts on a managed node group's Auto Scaling group.
const CLUSTER_TAG: &str = "eks:cluster-name";
const NODEGROUP_TAG: &str = "eks:nodegroup-name";

/// `<group>|<target group ARN>`: one attachment per pair.
fn attachment_id(group: &str, target_group: &str) -> String {
    format!("{group}|{target_group}")
}

fn split_attachment_id(id: &str) -> (&str, &str) {
    id.split_once('|').unwrap_or((id, ""))
}

/// The name in a target group ARN (`...:targetgroup/<name>/<id>`).
fn target_group_name(arn: &str) -> Option<&str> {
    arn.split_once(":targetgroup/")?.1.split('/').next()
}

fn attachment_props(group: &str, target_group: &str) -> Props {
    TargetGroupAttachmentProps {
        autoscaling_group_name: Value::str(group),
        target_group_arn: Value::str(target_group),
    }
    .into()
}

fn attachment_live(id: NodeId, name: &str, group: &str, target_group: &str, tags: super::tags::Tags) -> LiveResource {
    let props = attachment_props(group, target_group);
    LiveResource {
        id,
        kind: Kind::TargetGroupAttachment,
        name: name.to_string(),
        physical_id: attachment_id(group, target_group),
        attrs: props.clone().into_iter().collect(),
        props: Some(props),
        tags,
    }
}

fn tag_value<'a>(g: &'a AutoScalingGroup, key: &str) -> Option<&'a str> {
    g.tags().iter().find(|t| t.key() == Some(key)).and_then(|t| t.value())
}

/// The stack's cluster's node group Auto Scaling groups (one call, filtered by
/// the tag EKS sets), and of each the stack's target group if attached.
pub async fn discover(aws: &Aws, _: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let cluster = names::eks_cluster(&aws.stack);
    let ours = names::target_group(&aws.stack);
    let cluster = &cluster;
    let groups = every_page(|token| async move {
        let page = aws
            .autoscaling
            .describe_auto_scaling_groups()
            .filters(Filter::builder().name(format!("tag:{CLUSTER_TAG}")).values(cluster).build())
            .set_next_token(token)
            .send()
            .await
            .op("autoscaling:DescribeAutoScalingGroups")?;
        Ok((page.auto_scaling_groups().to_vec(), page.next_token().map(str::to_string)))
    })
    .await?;
    let mut found = Vec::new();
    for g in &groups {
        let (Some(name), Some(nodegroup)) = (g.auto_scaling_group_name(), tag_value(g, NODEGROUP_TAG)) else {
            continue;
        };
        for tg in g.target_group_arns().iter().filter(|a| target_group_name(a) == Some(ours.as_str())) {
            let id = ids::target_group_attachment(nodegroup);
            let tags = tags::implied_tags(aws, desired, &id, &attachment_props(name, tg));
            let display = names::named(&aws.stack, &format!("nodes-{nodegroup}-targets"));
            found.push(attachment_live(id, &display, name, tg, tags));
        }
    }
    Ok((found, vec![]))
}

/// Discovery reads attachments in full.
pub async fn read(_: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    Ok(live.props.clone().unwrap_or_default())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let attachment = TargetGroupAttachmentProps::try_from(&req.node.props)?;
    let group = attachment.autoscaling_group_name.as_str().unwrap_or_default();
    let tg = attachment.target_group_arn.as_str().unwrap_or_default();
    if group.is_empty() {
        return Err(ProviderError::new(
            "eks:DescribeNodegroup",
            "NoAutoScalingGroup",
            format!("{}: the node group reports no Auto Scaling group", req.node.id),
        ));
    }
    aws.autoscaling
        .attach_load_balancer_target_groups()
        .auto_scaling_group_name(group)
        .target_group_arns(tg)
        .send()
        .await
        .op("autoscaling:AttachLoadBalancerTargetGroups")?;
    Ok(attachment_live(req.node.id.clone(), &req.node.name, group, tg, req.tags.clone()))
}

/// Both properties force a replacement; there is nothing else to change.
pub async fn update(_: &Aws, req: &Request, live: &LiveResource, _: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let mut updated = live.clone();
    updated.tags = req.tags.clone();
    Ok(updated)
}

/// Detaches the target group; an Auto Scaling group already gone (its node
/// group deleted) has nothing attached.
pub async fn delete(aws: &Aws, live: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    let (group, tg) = split_attachment_id(&live.physical_id);
    match aws
        .autoscaling
        .detach_load_balancer_target_groups()
        .auto_scaling_group_name(group)
        .target_group_arns(tg)
        .send()
        .await
    {
        Ok(_) => Ok(()),
        Err(e) => {
            let err = sdk_error("autoscaling:DetachLoadBalancerTargetGroups", e);
            if err.code == "ValidationError" && err.message.contains("not found") {
                Ok(())
            } else {
                Err(err)
            }
        }
    }
}

crate::service!(AutoScaling, [TargetGroupAttachment]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_ids_split_into_group_and_target_group() {
        let tg = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/s-web/abc";
        assert_eq!(split_attachment_id(&attachment_id("eks-general-1", tg)), ("eks-general-1", tg));
        assert_eq!(target_group_name(tg), Some("s-web"));
        assert_eq!(
            target_group_name("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/y"),
            None
        );
    }
}
