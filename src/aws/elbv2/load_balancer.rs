//! The application load balancer: its settings, the header attribute, and
//! the waits for `active` and for its deletion.

use std::time::Duration;

use aws_sdk_elasticloadbalancingv2::operation::describe_load_balancers::DescribeLoadBalancersOutput;
use aws_sdk_elasticloadbalancingv2::types::{
    LoadBalancer, LoadBalancerAttribute, LoadBalancerSchemeEnum, LoadBalancerStateEnum, LoadBalancerTypeEnum,
};

use super::{DELETE_WAIT, created, named_with_prefix};
use crate::apply::{DeleteOptions, Progress, ProviderError, Request};
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::props::strs;
use crate::aws::retry::{self, Readiness};
use crate::aws::{Aws, tags};
use crate::graph::props::{AccessLogs, LoadBalancerProps};
use crate::graph::{Props, Value};
use crate::plan::{AttrChange, LiveResource};

const DROP_INVALID: &str = "routing.http.drop_invalid_header_fields.enabled";
const PROTECTION: &str = "deletion_protection.enabled";

const LOGS_ON: &str = "access_logs.s3.enabled";
const LOGS_BUCKET: &str = "access_logs.s3.bucket";
const LOGS_PREFIX: &str = "access_logs.s3.prefix";
/// The properties the attributes come from.
const ATTRIBUTE_PROPS: &[&str] = &[
    "drop_invalid_header_fields",
    "deletion_protection",
    "access_logs_bucket",
    "access_logs_prefix",
];

/// The part of a load balancer ARN after `loadbalancer/` (`app/name/hash`): the
/// CloudWatch dimension of its metrics.
pub fn arn_suffix(arn: &str) -> &str {
    arn.split_once(":loadbalancer/").map_or("", |(_, s)| s)
}

pub fn lb_extra(arn: &str, dns: &str) -> Vec<(&'static str, String)> {
    vec![("dns_name", dns.to_string()), ("arn_suffix", arn_suffix(arn).to_string())]
}

/// The load balancer of an answer; an empty one if AWS sent none.
fn first(lbs: &[LoadBalancer]) -> LoadBalancer {
    lbs.first().cloned().unwrap_or_else(|| LoadBalancer::builder().build())
}

/// What DescribeLoadBalancers and DescribeLoadBalancerAttributes tell.
fn lb_described(lb: &LoadBalancer, attrs: &[LoadBalancerAttribute]) -> LoadBalancerProps {
    let attr = |key: &str| attrs.iter().find(|a| a.key() == Some(key)).and_then(|a| a.value());
    let access_logs = (attr(LOGS_ON) == Some("true")).then(|| AccessLogs {
        bucket: Value::str(attr(LOGS_BUCKET).unwrap_or_default()),
        prefix: attr(LOGS_PREFIX).unwrap_or_default().into(),
    });
    LoadBalancerProps {
        lb_type: lb.r#type().map(|t| t.as_str().to_string()),
        scheme: lb.scheme().map(|s| s.as_str().to_string()),
        subnet_ids: lb
            .availability_zones()
            .iter()
            .filter_map(|z| z.subnet_id())
            .map(Value::str)
            .collect(),
        security_group_ids: lb.security_groups().iter().map(Value::str).collect(),
        drop_invalid_header_fields: attr(DROP_INVALID) == Some("true"),
        deletion_protection: attr(PROTECTION) == Some("true"),
        access_logs,
    }
}

pub async fn all_load_balancers(aws: &Aws, prefix: &str) -> Result<Vec<LoadBalancer>, ProviderError> {
    let send = |marker| aws.elbv2.describe_load_balancers().set_marker(marker).send();
    let parts = |o: DescribeLoadBalancersOutput| (o.load_balancers.unwrap_or_default(), o.next_marker);
    named_with_prefix(prefix, LoadBalancer::load_balancer_name, "elbv2:DescribeLoadBalancers", send, parts).await
}

/// The stack's load balancer ARN by its deterministic name, for services that
/// read through it (the web ACL association).
pub async fn load_balancer_arn(aws: &Aws, name: &str) -> Result<Option<String>, ProviderError> {
    let asked = aws.elbv2.describe_load_balancers().names(name).send().await;
    let out = asked.if_exists("elbv2:DescribeLoadBalancers", NotFound::LOAD_BALANCER)?;
    Ok(out.and_then(|o| o.load_balancers().first()?.load_balancer_arn().map(str::to_string)))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    let arn = &live.physical_id;
    let out = aws
        .elbv2
        .describe_load_balancers()
        .load_balancer_arns(arn)
        .send()
        .await
        .op("elbv2:DescribeLoadBalancers")?;
    let attrs = aws
        .elbv2
        .describe_load_balancer_attributes()
        .load_balancer_arn(arn)
        .send()
        .await
        .op("elbv2:DescribeLoadBalancerAttributes")?;
    let lb = first(out.load_balancers());
    Ok(lb_described(&lb, attrs.attributes()).into())
}

fn attribute(key: &str, value: impl ToString) -> LoadBalancerAttribute {
    LoadBalancerAttribute::builder().key(key).value(value.to_string()).build()
}

/// Access logs into the bucket the stack names, or off. ELB checks the
/// bucket's policy as they are turned on.
fn log_attributes(logs: Option<&AccessLogs>) -> Vec<LoadBalancerAttribute> {
    match logs.and_then(|l| Some((l.bucket.as_str()?, &l.prefix))) {
        Some((bucket, prefix)) => vec![
            attribute(LOGS_ON, true),
            attribute(LOGS_BUCKET, bucket),
            attribute(LOGS_PREFIX, prefix),
        ],
        None => vec![attribute(LOGS_ON, false)],
    }
}

async fn set_attributes(aws: &Aws, arn: &str, lb: &LoadBalancerProps) -> Result<(), ProviderError> {
    let attrs = [
        attribute(DROP_INVALID, lb.drop_invalid_header_fields),
        attribute(PROTECTION, lb.deletion_protection),
    ]
    .into_iter()
    .chain(log_attributes(lb.access_logs.as_ref()))
    .collect();
    aws.elbv2
        .modify_load_balancer_attributes()
        .load_balancer_arn(arn)
        .set_attributes(Some(attrs))
        .send()
        .await
        .op("elbv2:ModifyLoadBalancerAttributes")?;
    Ok(())
}

/// Whether AWS would refuse to delete the load balancer now.
async fn is_protected(aws: &Aws, arn: &str) -> Result<bool, ProviderError> {
    let asked = aws.elbv2.describe_load_balancer_attributes().load_balancer_arn(arn).send().await;
    let out = asked.if_exists("elbv2:DescribeLoadBalancerAttributes", NotFound::LOAD_BALANCER)?;
    Ok(out.is_some_and(|o| {
        o.attributes()
            .iter()
            .any(|a| a.key() == Some(PROTECTION) && a.value() == Some("true"))
    }))
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let wanted = LoadBalancerProps::try_from(&req.node.props)?;
    let out = aws
        .elbv2
        .create_load_balancer()
        .name(&req.node.name)
        .r#type(LoadBalancerTypeEnum::from(wanted.lb_type.as_deref().unwrap_or_default()))
        .scheme(LoadBalancerSchemeEnum::from(wanted.scheme.as_deref().unwrap_or_default()))
        .set_subnets(Some(strs(&wanted.subnet_ids)))
        .set_security_groups(Some(strs(&wanted.security_group_ids)))
        .set_tags(Some(tags::to_sdk(&tags::without_hash(&req.tags))?))
        .send()
        .await
        .op("elbv2:CreateLoadBalancer")?;
    let lb = first(out.load_balancers());
    let arn = lb.load_balancer_arn().unwrap_or_default();
    set_attributes(aws, arn, &wanted).await?;
    // The hash vouches for the attribute too: written once it is set.
    super::elbv2_tags::tag(&aws.elbv2, arn, &tags::hash_only(&req.tags)).await?;
    Ok(created(req, arn, &lb_extra(arn, lb.dns_name().unwrap_or_default())))
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    let (arn, p) = (live.physical_id.as_str(), &req.node.props);
    let wanted = LoadBalancerProps::try_from(p)?;
    let changed = |k: &str| changes.iter().any(|c| c.attr == k);
    if changed("subnet_ids") {
        aws.elbv2
            .set_subnets()
            .load_balancer_arn(arn)
            .set_subnets(Some(strs(&wanted.subnet_ids)))
            .send()
            .await
            .op("elbv2:SetSubnets")?;
    }
    if changed("security_group_ids") {
        aws.elbv2
            .set_security_groups()
            .load_balancer_arn(arn)
            .set_security_groups(Some(strs(&wanted.security_group_ids)))
            .send()
            .await
            .op("elbv2:SetSecurityGroups")?;
    }
    if ATTRIBUTE_PROPS.iter().copied().any(changed) {
        set_attributes(aws, arn, &wanted).await?;
    }
    Ok(())
}

async fn lb_state(aws: &Aws, arn: &str) -> Result<Option<LoadBalancerStateEnum>, ProviderError> {
    let asked = aws.elbv2.describe_load_balancers().load_balancer_arns(arn).send().await;
    let out = asked.if_exists("elbv2:DescribeLoadBalancers", NotFound::LOAD_BALANCER)?;
    Ok(out.and_then(|o| {
        let lb = o.load_balancers().first()?;
        Some(lb.state().and_then(|s| s.code()).cloned().unwrap_or(LoadBalancerStateEnum::Active))
    }))
}

/// Polls until the load balancer is `active`, reporting its state meanwhile.
pub async fn wait_ready(aws: &Aws, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    let readiness = |state: &Option<LoadBalancerStateEnum>| match state {
        Some(LoadBalancerStateEnum::Active) => Readiness::Ready,
        Some(LoadBalancerStateEnum::Failed) | None => Readiness::Failed(ProviderError::new(
            "elbv2:DescribeLoadBalancers",
            "LoadBalancerFailed",
            format!("load balancer {} did not become active", live.name),
        )),
        Some(state) => Readiness::Going(format!("load balancer {}", state.as_str())),
    };
    let what = format!("elbv2:loadbalancer/{}", live.name);
    let find = || lb_state(aws, &live.physical_id);
    retry::until_ready(Duration::from_secs(10), &what, find, status_of, readiness, progress).await?;
    Ok(live.clone())
}

/// The state a wait records: `none` once AWS no longer has it.
fn status_of(state: &Option<LoadBalancerStateEnum>) -> &str {
    state.as_ref().map_or("none", |s| s.as_str())
}

/// Deletes the load balancer and waits until AWS no longer lists it. With
/// deletion protection on, AWS refuses the delete (OperationNotPermitted):
/// `--delete-protected` turns it off first, as for the database.
pub async fn delete(aws: &Aws, live: &LiveResource, options: DeleteOptions) -> Result<(), ProviderError> {
    let arn = live.physical_id.clone();
    if is_protected(aws, &arn).await? {
        if !options.delete_protected {
            return Err(ProviderError::new(
                "elbv2:DeleteLoadBalancer",
                "DeletionProtection",
                format!(
                    "deletion protection is on for {} ({}); pass --delete-protected to turn it off and delete",
                    live.id, live.name
                ),
            ));
        }
        aws.elbv2
            .modify_load_balancer_attributes()
            .load_balancer_arn(&arn)
            .attributes(attribute(PROTECTION, false))
            .send()
            .await
            .op("elbv2:ModifyLoadBalancerAttributes")?;
    }
    let asked = aws.elbv2.delete_load_balancer().load_balancer_arn(&arn).send().await;
    if asked.if_exists("elbv2:DeleteLoadBalancer", NotFound::LOAD_BALANCER)?.is_none() {
        return Ok(());
    }
    // Its security group and subnets go next: wait until AWS no longer
    // lists it (its network interfaces linger after that; the security
    // group's delete retries those).
    let started = tokio::time::Instant::now();
    retry::poll(Duration::from_secs(5), || async {
        if lb_state(aws, &arn).await?.is_none() || started.elapsed() > DELETE_WAIT {
            return Ok(Some(()));
        }
        tracing::info!("waiting for load balancer {} to be deleted", live.name);
        Ok(None)
    })
    .await
}

crate::resource!(LoadBalancers for LoadBalancer: read, create, settings, delete_with, wait);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_suffix_is_the_cloudwatch_dimension() {
        let arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188";
        assert_eq!(arn_suffix(arn), "app/shop-alb/50dc6c495c0c9188");
        assert_eq!(arn_suffix("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/y"), "");
    }
}
