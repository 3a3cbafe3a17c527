//! The target group the load balancer forwards to.

use aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::DescribeTargetGroupsOutput;
use aws_sdk_elasticloadbalancingv2::types::{Matcher, ProtocolEnum, TargetGroup, TargetTypeEnum};

use super::{DELETE_WAIT, created, named_with_prefix};
use crate::apply::{ProviderError, Request};
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::{Aws, retry, tags};
use crate::graph::props::TargetGroupProps;
use crate::graph::{Props, Value};
use crate::plan::{AttrChange, LiveResource};

pub fn tg_described(tg: &TargetGroup) -> Props {
    Props::from(TargetGroupProps {
        vpc_id: Value::str(tg.vpc_id().unwrap_or_default()),
        port: tg.port().and_then(|p| u32::try_from(p).ok()).unwrap_or_default(),
        protocol: tg.protocol().map_or("", |x| x.as_str()).into(),
        target_type: tg.target_type().map_or("", |x| x.as_str()).into(),
        health_check_path: tg.health_check_path().unwrap_or_default().into(),
        health_check_matcher: tg.matcher().and_then(|m| m.http_code()).unwrap_or_default().into(),
    })
}

pub async fn all_target_groups(aws: &Aws, prefix: &str) -> Result<Vec<TargetGroup>, ProviderError> {
    let send = |marker| aws.elbv2.describe_target_groups().set_marker(marker).send();
    let parts = |o: DescribeTargetGroupsOutput| (o.target_groups.unwrap_or_default(), o.next_marker);
    named_with_prefix(prefix, TargetGroup::target_group_name, "elbv2:DescribeTargetGroups", send, parts).await
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    let arn = &live.physical_id;
    let out = aws
        .elbv2
        .describe_target_groups()
        .target_group_arns(arn)
        .send()
        .await
        .op("elbv2:DescribeTargetGroups")?;
    Ok(out.target_groups().first().map(tg_described).unwrap_or_default())
}

fn health_check_matcher(group: &TargetGroupProps) -> Matcher {
    Matcher::builder().http_code(&group.health_check_matcher).build()
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let group = TargetGroupProps::try_from(&req.node.props)?;
    let out = aws
        .elbv2
        .create_target_group()
        .name(&req.node.name)
        .vpc_id(group.vpc_id.as_str().unwrap_or_default())
        .set_port(i32::try_from(group.port).ok())
        .protocol(ProtocolEnum::from(group.protocol.as_str()))
        .target_type(TargetTypeEnum::from(group.target_type.as_str()))
        .health_check_path(&group.health_check_path)
        .matcher(health_check_matcher(&group))
        .set_tags(Some(tags::to_sdk(&req.tags)?))
        .send()
        .await
        .op("elbv2:CreateTargetGroup")?;
    let arn = out.target_groups().first().and_then(|t| t.target_group_arn()).unwrap_or_default();
    Ok(created(req, arn, &[]))
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    let (arn, p) = (live.physical_id.as_str(), &req.node.props);
    let group = TargetGroupProps::try_from(p)?;
    let changed = |k: &str| changes.iter().any(|c| c.attr == k);
    if changed("health_check_path") || changed("health_check_matcher") {
        aws.elbv2
            .modify_target_group()
            .target_group_arn(arn)
            .health_check_path(&group.health_check_path)
            .matcher(health_check_matcher(&group))
            .send()
            .await
            .op("elbv2:ModifyTargetGroup")?;
    }
    Ok(())
}

pub async fn delete(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let arn = live.physical_id.clone();
    // A listener deleted a moment ago may still hold the group.
    retry::until_not(&["ResourceInUse"], DELETE_WAIT, || async {
        let asked = aws.elbv2.delete_target_group().target_group_arn(&arn).send().await;
        asked.ok_if_gone("elbv2:DeleteTargetGroup", NotFound::TARGET_GROUP)
    })
    .await
}

crate::resource!(TargetGroups for TargetGroup: read, create, settings, delete);
