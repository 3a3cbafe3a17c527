//! The application load balancer, its target group and listeners.
//!
//! Discovery is one DescribeLoadBalancers and one DescribeTargetGroups over the
//! account, filtered by the stack's name prefix, DescribeListeners per load
//! balancer of the stack, and DescribeTags in batches of 20 ARNs.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_elasticloadbalancingv2::types::{
    Action, ActionTypeEnum, Certificate, Listener, LoadBalancer, LoadBalancerAttribute, LoadBalancerSchemeEnum, LoadBalancerStateEnum,
    LoadBalancerTypeEnum, Matcher, ProtocolEnum, RedirectActionConfig, RedirectActionStatusCodeEnum, Tag, TargetGroup, TargetTypeEnum,
};

use super::error::{AwsResultExt, code_of, sdk_error};
use super::tagging::Tagged;
use super::tags::{self, Tags};
use super::{Aws, retry};
use crate::apply::{DeleteOptions, Progress, ProviderError, Request};
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// DescribeTags takes at most 20 ARNs.
const TAG_BATCH: usize = 20;
const DROP_INVALID: &str = "routing.http.drop_invalid_header_fields.enabled";
/// Longest a delete waits for the load balancer to be gone.
const DELETE_WAIT: Duration = Duration::from_secs(300);

fn prop_str<'a>(props: &'a Props, key: &str) -> &'a str {
    props.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn prop_int(props: &Props, key: &str) -> Option<i32> {
    props.get(key).and_then(Value::as_int).and_then(|i| i32::try_from(i).ok())
}

fn str_list(props: &Props, key: &str) -> Vec<String> {
    props
        .get(key)
        .map(|v| v.as_list().iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

fn elb_tags(tags: &Tags) -> Vec<Tag> {
    tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()
}

/// The part of a load balancer ARN after `loadbalancer/` (`app/name/hash`): the
/// CloudWatch dimension of its metrics.
pub fn arn_suffix(arn: &str) -> &str {
    arn.split_once(":loadbalancer/").map_or("", |(_, s)| s)
}

fn resource(id: NodeId, kind: Kind, name: &str, arn: &str, extra: &[(&str, String)], tags: Tags, props: Option<Props>) -> LiveResource {
    let mut attrs: BTreeMap<String, Value> = BTreeMap::new();
    attrs.insert("arn".into(), Value::str(arn));
    attrs.insert("name".into(), Value::str(name));
    for (k, v) in extra {
        attrs.insert((*k).to_string(), Value::str(v.clone()));
    }
    LiveResource {
        id,
        kind,
        name: name.to_string(),
        physical_id: arn.to_string(),
        attrs,
        props,
        tags,
    }
}

fn lb_extra(arn: &str, dns: &str) -> Vec<(&'static str, String)> {
    vec![("dns_name", dns.to_string()), ("arn_suffix", arn_suffix(arn).to_string())]
}

/// What DescribeLoadBalancers tells; the header setting is an attribute.
fn lb_described(lb: &LoadBalancer) -> Props {
    let mut p = Props::new();
    if let Some(t) = lb.r#type() {
        p.insert("type".into(), Value::str(t.as_str()));
    }
    if let Some(s) = lb.scheme() {
        p.insert("scheme".into(), Value::str(s.as_str()));
    }
    let subnets: Vec<Value> = lb
        .availability_zones()
        .iter()
        .filter_map(|z| z.subnet_id())
        .map(Value::str)
        .collect();
    p.insert("subnet_ids".into(), Value::List(subnets));
    let sgs: Vec<Value> = lb.security_groups().iter().map(Value::str).collect();
    p.insert("security_group_ids".into(), Value::List(sgs));
    p
}

fn tg_described(tg: &TargetGroup) -> Props {
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

/// A listener's default action in the normal form of `expand`.
fn action_props(a: &Action) -> Value {
    let mut m = Props::new();
    m.insert("type".into(), Value::str(a.r#type().map_or("", |t| t.as_str())));
    match a.r#type() {
        Some(ActionTypeEnum::Redirect) => {
            let r = a.redirect_config();
            m.insert("protocol".into(), Value::str(r.and_then(|r| r.protocol()).unwrap_or_default()));
            m.insert("port".into(), Value::str(r.and_then(|r| r.port()).unwrap_or_default()));
            m.insert(
                "status_code".into(),
                Value::str(r.map_or("", |r| r.status_code().map_or("", |c| c.as_str()))),
            );
        }
        _ => {
            let tg = a.target_group_arn().or_else(|| {
                a.forward_config()
                    .and_then(|f| f.target_groups().first())
                    .and_then(|t| t.target_group_arn())
            });
            m.insert("target_group_arn".into(), Value::str(tg.unwrap_or_default()));
        }
    }
    Value::Map(m)
}

fn listener_described(l: &Listener) -> Props {
    let mut p = Props::new();
    p.insert("load_balancer_arn".into(), Value::str(l.load_balancer_arn().unwrap_or_default()));
    p.insert("port".into(), Value::Int(i64::from(l.port().unwrap_or_default())));
    let protocol = l.protocol().map_or("", |x| x.as_str());
    p.insert("protocol".into(), Value::str(protocol));
    if protocol == "HTTPS" {
        if let Some(c) = l.certificates().first().and_then(|c| c.certificate_arn()) {
            p.insert("certificate_arn".into(), Value::str(c));
        }
        if let Some(s) = l.ssl_policy() {
            p.insert("ssl_policy".into(), Value::str(s));
        }
    }
    if let Some(a) = l.default_actions().first() {
        p.insert("default_action".into(), action_props(a));
    }
    p
}

/// The action `expand` describes as a map.
fn action(props: &Props) -> Action {
    let a = props.get("default_action").and_then(Value::as_map).cloned().unwrap_or_default();
    let s = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    if s("type") == "redirect" {
        Action::builder()
            .r#type(ActionTypeEnum::Redirect)
            .redirect_config(
                RedirectActionConfig::builder()
                    .protocol(s("protocol"))
                    .port(s("port"))
                    .status_code(RedirectActionStatusCodeEnum::from(s("status_code").as_str()))
                    .build(),
            )
            .build()
    } else {
        Action::builder()
            .r#type(ActionTypeEnum::Forward)
            .target_group_arn(s("target_group_arn"))
            .build()
    }
}

async fn describe_tags(aws: &Aws, arns: &[String]) -> Result<BTreeMap<String, Tags>, ProviderError> {
    let mut out = BTreeMap::new();
    for batch in arns.chunks(TAG_BATCH) {
        let page = aws
            .elbv2
            .describe_tags()
            .set_resource_arns(Some(batch.to_vec()))
            .send()
            .await
            .op("elbv2:DescribeTags")?;
        for d in page.tag_descriptions() {
            let tags: Tags = d
                .tags()
                .iter()
                .map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string()))
                .collect();
            out.insert(d.resource_arn().unwrap_or_default().to_string(), tags);
        }
    }
    Ok(out)
}

async fn all_load_balancers(aws: &Aws, prefix: &str) -> Result<Vec<LoadBalancer>, ProviderError> {
    let mut found = Vec::new();
    let mut marker = None;
    loop {
        let page = aws
            .elbv2
            .describe_load_balancers()
            .set_marker(marker)
            .send()
            .await
            .op("elbv2:DescribeLoadBalancers")?;
        found.extend(
            page.load_balancers()
                .iter()
                .filter(|l| l.load_balancer_name().is_some_and(|n| n.starts_with(prefix)))
                .cloned(),
        );
        marker = page.next_marker().map(str::to_string);
        if marker.is_none() {
            return Ok(found);
        }
    }
}

async fn all_target_groups(aws: &Aws, prefix: &str) -> Result<Vec<TargetGroup>, ProviderError> {
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

/// The stack's load balancer ARN by its deterministic name, for services that
/// read through it (the web ACL association).
pub async fn load_balancer_arn(aws: &Aws, name: &str) -> Result<Option<String>, ProviderError> {
    match aws.elbv2.describe_load_balancers().names(name).send().await {
        Ok(out) => Ok(out.load_balancers().first().and_then(|l| l.load_balancer_arn()).map(str::to_string)),
        Err(e) if code_of(&e) == Some("LoadBalancerNotFound") => Ok(None),
        Err(e) => Err(sdk_error("elbv2:DescribeLoadBalancers", e)),
    }
}

fn conflict(n: &Node, what: &str) -> Conflict {
    Conflict {
        id: n.id.clone(),
        kind: n.kind,
        name: n.name.clone(),
        reason: format!("a {what} with this name exists without this stack's tags"),
    }
}

pub async fn discover(aws: &Aws, _: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let prefix = format!("{}-", aws.stack);
    let lbs = all_load_balancers(aws, &prefix).await?;
    let tgs = all_target_groups(aws, &prefix).await?;
    let mut arns: Vec<String> = lbs.iter().filter_map(|l| l.load_balancer_arn()).map(str::to_string).collect();
    arns.extend(tgs.iter().filter_map(|t| t.target_group_arn()).map(str::to_string));
    let tags = describe_tags(aws, &arns).await?;
    let owned = |arn: &str| {
        tags.get(arn)
            .filter(|t| tags::owned_by(t, &aws.stack) && t.contains_key(tag::ID))
            .cloned()
    };
    let mut found = Vec::new();
    let mut conflicts = Vec::new();
    for lb in &lbs {
        let (arn, name) = (
            lb.load_balancer_arn().unwrap_or_default(),
            lb.load_balancer_name().unwrap_or_default(),
        );
        match owned(arn) {
            Some(t) => {
                let extra = lb_extra(arn, lb.dns_name().unwrap_or_default());
                found.push(resource(NodeId::new(&t[tag::ID]), Kind::LoadBalancer, name, arn, &extra, t, None));
            }
            None => conflicts.extend(
                desired
                    .iter()
                    .filter(|n| n.kind == Kind::LoadBalancer && n.name == name)
                    .map(|n| conflict(n, "load balancer")),
            ),
        }
    }
    for tg in &tgs {
        let (arn, name) = (
            tg.target_group_arn().unwrap_or_default(),
            tg.target_group_name().unwrap_or_default(),
        );
        match owned(arn) {
            Some(t) => found.push(resource(
                NodeId::new(&t[tag::ID]),
                Kind::TargetGroup,
                name,
                arn,
                &[],
                t,
                Some(tg_described(tg)),
            )),
            None => conflicts.extend(
                desired
                    .iter()
                    .filter(|n| n.kind == Kind::TargetGroup && n.name == name)
                    .map(|n| conflict(n, "target group")),
            ),
        }
    }
    // Listeners have no names: those of our load balancers, by their tags.
    let ours: Vec<String> = found
        .iter()
        .filter(|f| f.kind == Kind::LoadBalancer)
        .map(|f| f.physical_id.clone())
        .collect();
    let mut listeners = Vec::new();
    for lb in &ours {
        let out = aws
            .elbv2
            .describe_listeners()
            .load_balancer_arn(lb)
            .send()
            .await
            .op("elbv2:DescribeListeners")?;
        listeners.extend(out.listeners().iter().cloned());
    }
    let arns: Vec<String> = listeners.iter().filter_map(|l| l.listener_arn()).map(str::to_string).collect();
    let tags = describe_tags(aws, &arns).await?;
    for l in &listeners {
        let arn = l.listener_arn().unwrap_or_default();
        if let Some(t) = tags.get(arn).filter(|t| t.contains_key(tag::ID)) {
            let id = NodeId::new(&t[tag::ID]);
            let name = desired
                .iter()
                .find(|n| n.id == id)
                .map_or_else(|| format!("{}-{}", aws.stack, l.port().unwrap_or_default()), |n| n.name.clone());
            found.push(resource(
                id,
                Kind::Listener,
                &name,
                arn,
                &[],
                t.clone(),
                Some(listener_described(l)),
            ));
        }
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    let arn = &live.physical_id;
    match live.kind {
        Kind::LoadBalancer => {
            let out = aws
                .elbv2
                .describe_load_balancers()
                .load_balancer_arns(arn)
                .send()
                .await
                .op("elbv2:DescribeLoadBalancers")?;
            let mut p = out.load_balancers().first().map(lb_described).unwrap_or_default();
            let attrs = aws
                .elbv2
                .describe_load_balancer_attributes()
                .load_balancer_arn(arn)
                .send()
                .await
                .op("elbv2:DescribeLoadBalancerAttributes")?;
            let drop = attrs
                .attributes()
                .iter()
                .any(|a| a.key() == Some(DROP_INVALID) && a.value() == Some("true"));
            p.insert("drop_invalid_header_fields".into(), Value::Bool(drop));
            Ok(p)
        }
        Kind::TargetGroup => {
            let out = aws
                .elbv2
                .describe_target_groups()
                .target_group_arns(arn)
                .send()
                .await
                .op("elbv2:DescribeTargetGroups")?;
            Ok(out.target_groups().first().map(tg_described).unwrap_or_default())
        }
        _ => {
            let out = aws
                .elbv2
                .describe_listeners()
                .listener_arns(arn)
                .send()
                .await
                .op("elbv2:DescribeListeners")?;
            Ok(out.listeners().first().map(listener_described).unwrap_or_default())
        }
    }
}

fn drop_invalid(props: &Props) -> LoadBalancerAttribute {
    let on = props.get("drop_invalid_header_fields").and_then(Value::as_bool).unwrap_or(false);
    LoadBalancerAttribute::builder().key(DROP_INVALID).value(on.to_string()).build()
}

async fn set_attributes(aws: &Aws, arn: &str, props: &Props) -> Result<(), ProviderError> {
    aws.elbv2
        .modify_load_balancer_attributes()
        .load_balancer_arn(arn)
        .attributes(drop_invalid(props))
        .send()
        .await
        .op("elbv2:ModifyLoadBalancerAttributes")?;
    Ok(())
}

fn health_check_matcher(props: &Props) -> Matcher {
    Matcher::builder().http_code(prop_str(props, "health_check_matcher")).build()
}

fn certificates(props: &Props) -> Option<Vec<Certificate>> {
    props
        .get("certificate_arn")
        .and_then(Value::as_str)
        .map(|c| vec![Certificate::builder().certificate_arn(c).build()])
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let (p, name) = (&req.node.props, &req.node.name);
    let made = |arn: &str, extra: &[(&str, String)]| {
        resource(
            req.node.id.clone(),
            req.node.kind,
            name,
            arn,
            extra,
            req.tags.clone(),
            Some(p.clone()),
        )
    };
    match req.node.kind {
        Kind::LoadBalancer => {
            let out = aws
                .elbv2
                .create_load_balancer()
                .name(name)
                .r#type(LoadBalancerTypeEnum::from(prop_str(p, "type")))
                .scheme(LoadBalancerSchemeEnum::from(prop_str(p, "scheme")))
                .set_subnets(Some(str_list(p, "subnet_ids")))
                .set_security_groups(Some(str_list(p, "security_group_ids")))
                .set_tags(Some(elb_tags(&tags::without_hash(&req.tags))))
                .send()
                .await
                .op("elbv2:CreateLoadBalancer")?;
            let lb = out
                .load_balancers()
                .first()
                .cloned()
                .unwrap_or_else(|| LoadBalancer::builder().build());
            let arn = lb.load_balancer_arn().unwrap_or_default();
            set_attributes(aws, arn, p).await?;
            // The hash vouches for the attribute too: written once it is set.
            aws.elbv2
                .add_tags()
                .resource_arns(arn)
                .set_tags(Some(elb_tags(&tags::hash_only(&req.tags))))
                .send()
                .await
                .op("elbv2:AddTags")?;
            Ok(made(arn, &lb_extra(arn, lb.dns_name().unwrap_or_default())))
        }
        Kind::TargetGroup => {
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
            Ok(made(arn, &[]))
        }
        _ => {
            let out = aws
                .elbv2
                .create_listener()
                .load_balancer_arn(prop_str(p, "load_balancer_arn"))
                .set_port(prop_int(p, "port"))
                .protocol(ProtocolEnum::from(prop_str(p, "protocol")))
                .set_certificates(certificates(p))
                .set_ssl_policy(p.get("ssl_policy").and_then(Value::as_str).map(str::to_string))
                .default_actions(action(p))
                .set_tags(Some(elb_tags(&req.tags)))
                .send()
                .await
                .op("elbv2:CreateListener")?;
            let arn = out.listeners().first().and_then(|l| l.listener_arn()).unwrap_or_default();
            Ok(made(arn, &[]))
        }
    }
}

async fn retag(aws: &Aws, arn: &str, live: &Tags, desired: &Tags) -> Result<(), ProviderError> {
    let removed = tags::removed_keys(live, desired);
    if !removed.is_empty() {
        aws.elbv2
            .remove_tags()
            .resource_arns(arn)
            .set_tag_keys(Some(removed))
            .send()
            .await
            .op("elbv2:RemoveTags")?;
    }
    aws.elbv2
        .add_tags()
        .resource_arns(arn)
        .set_tags(Some(elb_tags(desired)))
        .send()
        .await
        .op("elbv2:AddTags")?;
    Ok(())
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let (p, arn) = (&req.node.props, live.physical_id.as_str());
    let changed = |k: &str| changes.iter().any(|c| c.attr == k);
    match req.node.kind {
        Kind::LoadBalancer => {
            if changed("subnet_ids") {
                aws.elbv2
                    .set_subnets()
                    .load_balancer_arn(arn)
                    .set_subnets(Some(str_list(p, "subnet_ids")))
                    .send()
                    .await
                    .op("elbv2:SetSubnets")?;
            }
            if changed("security_group_ids") {
                aws.elbv2
                    .set_security_groups()
                    .load_balancer_arn(arn)
                    .set_security_groups(Some(str_list(p, "security_group_ids")))
                    .send()
                    .await
                    .op("elbv2:SetSecurityGroups")?;
            }
            if changed("drop_invalid_header_fields") {
                set_attributes(aws, arn, p).await?;
            }
        }
        Kind::TargetGroup => {
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
        }
        _ => {
            if changes.iter().any(|c| !c.attr.starts_with("tags")) {
                aws.elbv2
                    .modify_listener()
                    .listener_arn(arn)
                    .set_port(prop_int(p, "port"))
                    .protocol(ProtocolEnum::from(prop_str(p, "protocol")))
                    .set_certificates(certificates(p))
                    .set_ssl_policy(p.get("ssl_policy").and_then(Value::as_str).map(str::to_string))
                    .default_actions(action(p))
                    .send()
                    .await
                    .op("elbv2:ModifyListener")?;
            }
        }
    }
    retag(aws, arn, &live.tags, &req.tags).await?;
    let mut updated = live.clone();
    updated.tags = req.tags.clone();
    updated.props = Some(p.clone());
    Ok(updated)
}

async fn lb_state(aws: &Aws, arn: &str) -> Result<Option<LoadBalancerStateEnum>, ProviderError> {
    match aws.elbv2.describe_load_balancers().load_balancer_arns(arn).send().await {
        Ok(out) => Ok(out
            .load_balancers()
            .first()
            .map(|l| l.state().and_then(|s| s.code()).cloned().unwrap_or(LoadBalancerStateEnum::Active))),
        Err(e) if code_of(&e) == Some("LoadBalancerNotFound") => Ok(None),
        Err(e) => Err(sdk_error("elbv2:DescribeLoadBalancers", e)),
    }
}

/// Listeners, target groups and CloudFront accept the load balancer as soon
/// as it exists; `ready` dependents wait until it is `active` (2-3 minutes).
pub async fn wait_ready(aws: &Aws, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    if live.kind != Kind::LoadBalancer {
        return Ok(live.clone());
    }
    retry::poll(Duration::from_secs(10), || async {
        match lb_state(aws, &live.physical_id).await? {
            Some(LoadBalancerStateEnum::Active) => Ok(Some(live.clone())),
            Some(LoadBalancerStateEnum::Failed) | None => Err(ProviderError::new(
                "elbv2:DescribeLoadBalancers",
                "LoadBalancerFailed",
                format!("load balancer {} did not become active", live.name),
            )),
            Some(state) => {
                progress(format!("load balancer {}", state.as_str()));
                Ok(None)
            }
        }
    })
    .await
}

pub async fn delete(aws: &Aws, live: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    let arn = live.physical_id.clone();
    match live.kind {
        Kind::LoadBalancer => {
            match aws.elbv2.delete_load_balancer().load_balancer_arn(&arn).send().await {
                Ok(_) => {}
                Err(e) if code_of(&e) == Some("LoadBalancerNotFound") => return Ok(()),
                Err(e) => return Err(sdk_error("elbv2:DeleteLoadBalancer", e)),
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
        Kind::TargetGroup => {
            // A listener deleted a moment ago may still hold the group.
            retry::until_not(&["ResourceInUse"], DELETE_WAIT, || async {
                match aws.elbv2.delete_target_group().target_group_arn(&arn).send().await {
                    Ok(_) => Ok(()),
                    Err(e) if code_of(&e) == Some("TargetGroupNotFound") => Ok(()),
                    Err(e) => Err(sdk_error("elbv2:DeleteTargetGroup", e)),
                }
            })
            .await
        }
        _ => match aws.elbv2.delete_listener().listener_arn(&arn).send().await {
            Ok(_) => Ok(()),
            Err(e) if code_of(&e) == Some("ListenerNotFound") => Ok(()),
            Err(e) => Err(sdk_error("elbv2:DeleteListener", e)),
        },
    }
}

crate::service!(Elbv2, [LoadBalancer, TargetGroup, Listener], wait = wait_ready);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_suffix_is_the_cloudwatch_dimension() {
        let arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188";
        assert_eq!(arn_suffix(arn), "app/shop-alb/50dc6c495c0c9188");
        assert_eq!(arn_suffix("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/y"), "");
    }

    #[test]
    fn only_https_listeners_read_back_a_certificate_and_policy() {
        let https = Listener::builder()
            .load_balancer_arn("arn:lb")
            .port(443)
            .protocol(ProtocolEnum::Https)
            .certificates(Certificate::builder().certificate_arn("arn:cert").build())
            .ssl_policy("ELBSecurityPolicy-TLS13-1-2-2021-06")
            .build();
        let p = listener_described(&https);
        assert_eq!(p.get("certificate_arn"), Some(&Value::str("arn:cert")));
        assert_eq!(p.get("port"), Some(&Value::Int(443)));
        let http = Listener::builder()
            .port(80)
            .protocol(ProtocolEnum::Http)
            .ssl_policy("ignored")
            .build();
        let p = listener_described(&http);
        assert!(!p.contains_key("ssl_policy") && !p.contains_key("certificate_arn"));
    }

    #[test]
    fn actions_read_back_in_the_form_expand_writes() {
        let mut p = Props::new();
        let redirect: Props = [
            ("type", "redirect"),
            ("protocol", "HTTPS"),
            ("port", "443"),
            ("status_code", "HTTP_301"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Value::str(v)))
        .collect();
        p.insert("default_action".into(), Value::Map(redirect.clone()));
        assert_eq!(action_props(&action(&p)), Value::Map(redirect));
        let forward: Props = [("type", "forward"), ("target_group_arn", "arn:tg")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), Value::str(v)))
            .collect();
        p.insert("default_action".into(), Value::Map(forward.clone()));
        assert_eq!(action_props(&action(&p)), Value::Map(forward));
    }
}
