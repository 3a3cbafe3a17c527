//! The target group the load balancer forwards to.

use aws_sdk_elasticloadbalancingv2::types::{Matcher, ProtocolEnum, TargetGroup, TargetTypeEnum};

use super::{DELETE_WAIT, created, elb_tags, prop_int, prop_str};
use crate::apply::{ProviderError, Request};
use crate::aws::error::{AwsResultExt, NotFound, sdk_error};
use crate::aws::{Aws, retry};
use crate::graph::{Props, Value};
use crate::plan::{AttrChange, LiveResource};

pub fn tg_described(tg: &TargetGroup) -> Props {
    let mut p = Props::new();
    p.insert("vpc_id".into(), Value::str(tg.vpc_id().unwrap_or_default()));
    p.insert("port".into(), Value::Int(i64::from(tg.port().unwrap_or_default())));
    p.insert("protocol".into(), Value::str(tg.protocol().map_or("", |x| x.as_str())));
    p.insert("target_type".into(), Value::str(tg.target_type().map_or("", |x| x.as_str())));
    p.insert("health_check_path".into(), Value::str(tg.health_check_path().unwrap_or_default()));
    p.insert(
        "health_check_matcher".into(),
        Value::str(tg.matcher().and_then(|m| m.http_code()).unwrap_or_default()),
    );
    p
}

pub async fn all_target_groups(aws: &Aws, prefix: &str) -> Result<Vec<TargetGroup>, ProviderError> {
    let mut found = Vec::new();
    let mut marker = None;
    loop {
        let page = aws
            .elbv2
            .describe_target_groups()
            .set_marker(marker)
            .send()
            .await
            .op("elbv2:DescribeTargetGroups")?;
        found.extend(
            page.target_groups()
                .iter()
                .filter(|t| t.target_group_name().is_some_and(|n| n.starts_with(prefix)))
                .cloned(),
        );
        marker = page.next_marker().map(str::to_string);
        if marker.is_none() {
            return Ok(found);
        }
    }
}

pub async fn read(aws: &Aws, arn: &str) -> Result<Props, ProviderError> {
    let out = aws
        .elbv2
        .describe_target_groups()
        .target_group_arns(arn)
        .send()
        .await
        .op("elbv2:DescribeTargetGroups")?;
    Ok(out.target_groups().first().map(tg_described).unwrap_or_default())
}

fn health_check_matcher(props: &Props) -> Matcher {
    Matcher::builder().http_code(prop_str(props, "health_check_matcher")).build()
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let (p, name) = (&req.node.props, &req.node.name);
    let out = aws
        .elbv2
        .create_target_group()
        .name(name)
        .vpc_id(prop_str(p, "vpc_id"))
        .set_port(prop_int(p, "port"))
        .protocol(ProtocolEnum::from(prop_str(p, "protocol")))
        .target_type(TargetTypeEnum::from(prop_str(p, "target_type")))
        .health_check_path(prop_str(p, "health_check_path"))
        .matcher(health_check_matcher(p))
        .set_tags(Some(elb_tags(&req.tags)))
        .send()
        .await
        .op("elbv2:CreateTargetGroup")?;
    let arn = out.target_groups().first().and_then(|t| t.target_group_arn()).unwrap_or_default();
    Ok(created(req, arn, &[]))
}

pub async fn update(aws: &Aws, arn: &str, p: &Props, changes: &[AttrChange]) -> Result<(), ProviderError> {
    let changed = |k: &str| changes.iter().any(|c| c.attr == k);
    if changed("health_check_path") || changed("health_check_matcher") {
        aws.elbv2
            .modify_target_group()
            .target_group_arn(arn)
            .health_check_path(prop_str(p, "health_check_path"))
            .matcher(health_check_matcher(p))
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
        match aws.elbv2.delete_target_group().target_group_arn(&arn).send().await {
            Ok(_) => Ok(()),
            Err(e) if NotFound::TARGET_GROUP.matches(&e) => Ok(()),
            Err(e) => Err(sdk_error("elbv2:DeleteTargetGroup", e)),
        }
    })
    .await
}
