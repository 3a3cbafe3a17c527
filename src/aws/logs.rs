//! CloudWatch Logs groups and their retention.
//!
//! A group lives in the stack's region unless its props name another
//! (`region`): the log group of a CloudFront web ACL must be in us-east-1.

use super::Aws;
use super::classify::Listing;
use super::error::{AwsResultExt, NotFound, code_of, sdk_error};
use super::props::changed;
use super::resource::from_request;
use super::tagging::{self, Tagged};
use super::tags::{self, Tags};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::props::LogGroupProps;
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};
use crate::stack::names;

/// The region a group lives in, from its desired or live props.
fn region_in<'a>(aws: &'a Aws, props: Option<&'a Props>) -> &'a str {
    props.and_then(|p| p.get("region")).and_then(Value::as_str).unwrap_or(&aws.region)
}

/// CloudWatch Logs of `region`: the stack's, or us-east-1 (the only other
/// region a group of the stack may be in).
fn client<'a>(aws: &'a Aws, region: &str) -> &'a aws_sdk_cloudwatchlogs::Client {
    if region == aws.region { &aws.logs } else { &aws.logs_global }
}

fn arn(aws: &Aws, region: &str, name: &str) -> String {
    format!("arn:aws:logs:{region}:{}:log-group:{name}", aws.account_id)
}

fn live(aws: &Aws, id: NodeId, name: &str, region: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    let mut attrs = vec![("name", Value::str(name)), ("arn", Value::str(arn(aws, region, name)))];
    if region != aws.region {
        attrs.push(("region", Value::str(region)));
    }
    LiveResource::named(id, Kind::LogGroup, name, &attrs, tags, props)
}

/// The region a live group is in (`live` records it when it is not the stack's).
fn live_region<'a>(aws: &'a Aws, current: &'a LiveResource) -> &'a str {
    current.attrs.get("region").and_then(Value::as_str).unwrap_or(&aws.region)
}

async fn describe(aws: &Aws, region: &str, name: &str) -> Result<Option<aws_sdk_cloudwatchlogs::types::LogGroup>, ProviderError> {
    let out = client(aws, region)
        .describe_log_groups()
        .log_group_name_prefix(name)
        .send()
        .await
        .op("logs:DescribeLogGroups")?;
    Ok(out.log_groups().iter().find(|g| g.log_group_name() == Some(name)).cloned())
}

crate::tag_api! {
    mod logs_tags for aws_sdk_cloudwatchlogs::Client: "logs" by resource_arn;
}

/// The tags of the group `name` in `region`.
async fn tags_of(aws: &Aws, region: &str, name: &str) -> Result<Tags, ProviderError> {
    logs_tags::list(client(aws, region), &arn(aws, region, name)).await
}

/// Groups found by their tags; a desired group they do not show is looked up by
/// name, to report one that exists without our tags. The Tagging API lists the
/// stack's region only, so groups in us-east-1 (a CloudFront web ACL's) are
/// looked up there by the stack's prefix, which also finds one the file no
/// longer asks for.
pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let mut found = Vec::new();
    for (id, t) in tagging::ours(tagged, "logs") {
        if let Some(name) = t.arn.split(":log-group:").nth(1).map(|n| n.trim_end_matches(":*")) {
            found.push(live(aws, id, name, &aws.region, t.tags.clone(), None));
        }
    }
    found.extend(discover_elsewhere(aws).await?);
    let listing = Listing::new(aws, desired, &[Kind::LogGroup], "a log group");
    let mut conflicts = Vec::new();
    for n in listing.unfound(&found) {
        let region = region_in(aws, Some(&n.props));
        if describe(aws, region, &n.name).await?.is_some() {
            let t = tags_of(aws, region, &n.name).await?;
            conflicts.push(listing.held(n, &n.name, &t));
        }
    }
    Ok((found, conflicts))
}

/// The stack's groups in us-east-1 when the stack is elsewhere: only web ACL
/// log groups go there, and their names start with the stack's WAF prefix.
async fn discover_elsewhere(aws: &Aws) -> Result<Vec<LiveResource>, ProviderError> {
    const GLOBAL: &str = "us-east-1";
    if aws.region == GLOBAL {
        return Ok(Vec::new());
    }
    let prefix = names::waf_log_group(&aws.stack, "");
    let out = client(aws, GLOBAL)
        .describe_log_groups()
        .log_group_name_prefix(&prefix)
        .send()
        .await
        .op("logs:DescribeLogGroups")?;
    let mut found = Vec::new();
    for name in out.log_groups().iter().filter_map(|g| g.log_group_name()) {
        let tags = tags_of(aws, GLOBAL, name).await?;
        if tags::owned_by(&tags, &aws.stack)
            && let Some(id) = tags.get(tag::ID)
        {
            found.push(live(aws, NodeId::new(id.clone()), name, GLOBAL, tags.clone(), None));
        }
    }
    Ok(found)
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let region = live_region(aws, current);
    let group = describe(aws, region, &current.physical_id).await?;
    let read = LogGroupProps {
        retention_days: group
            .as_ref()
            .and_then(|g| g.retention_in_days())
            .and_then(|d| u32::try_from(d).ok()),
        kms_key_id: group.as_ref().and_then(|g| g.kms_key_id()).map(Value::str),
        region: (region != aws.region).then(|| region.to_string()),
    };
    Ok(read.into())
}

async fn put_retention(aws: &Aws, region: &str, name: &str, group: &LogGroupProps) -> Result<(), ProviderError> {
    if let Some(days) = group.retention_days {
        client(aws, region)
            .put_retention_policy()
            .log_group_name(name)
            .retention_in_days(days as i32)
            .send()
            .await
            .op("logs:PutRetentionPolicy")?;
    }
    Ok(())
}

/// Encrypts new log events with `key` (events already stored stay as they
/// are), or stops encrypting.
async fn set_key(aws: &Aws, region: &str, name: &str, key: Option<&str>) -> Result<(), ProviderError> {
    match key {
        Some(key) => client(aws, region)
            .associate_kms_key()
            .log_group_name(name)
            .kms_key_id(key)
            .send()
            .await
            .op("logs:AssociateKmsKey")
            .map(drop),
        None => client(aws, region)
            .disassociate_kms_key()
            .log_group_name(name)
            .send()
            .await
            .op("logs:DisassociateKmsKey")
            .map(drop),
    }
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let name = &req.node.name;
    let group = LogGroupProps::try_from(&req.node.props)?;
    let region = region_in(aws, Some(&req.node.props));
    match client(aws, region)
        .create_log_group()
        .log_group_name(name)
        .set_kms_key_id(group.kms_key_id.as_ref().and_then(Value::as_str).map(str::to_string))
        .set_tags(Some(tags::to_map(&tags::without_hash(&req.tags))))
        .send()
        .await
    {
        Ok(_) => {}
        Err(e) if code_of(&e) == Some("ResourceAlreadyExistsException") => {}
        Err(e) => return Err(sdk_error("logs:CreateLogGroup", e)),
    }
    put_retention(aws, region, name, &group).await?;
    // The settings hash, once the retention it stands for is set.
    logs_tags::tag(client(aws, region), &arn(aws, region, name), &tags::hash_only(&req.tags)).await?;
    Ok(desired_live(aws, req, name, region))
}

/// The live resource a create or update leaves: the desired props and tags.
fn desired_live(aws: &Aws, req: &Request, name: &str, region: &str) -> LiveResource {
    let (id, tags, props) = from_request(req);
    live(aws, id, name, region, tags, props)
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let name = &current.physical_id;
    let region = live_region(aws, current);
    let group = LogGroupProps::try_from(&req.node.props)?;
    if changed(changes, &["retention_days"]) {
        put_retention(aws, region, name, &group).await?;
    }
    if changed(changes, &["kms_key_id"]) {
        set_key(aws, region, name, group.kms_key_id.as_ref().and_then(Value::as_str)).await?;
    }
    logs_tags::sync(client(aws, region), &arn(aws, region, name), &current.tags, &req.tags).await?;
    Ok(desired_live(aws, req, name, region))
}

pub async fn delete(aws: &Aws, current: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    let region = live_region(aws, current);
    let asked = client(aws, region)
        .delete_log_group()
        .log_group_name(&current.physical_id)
        .send()
        .await;
    asked.ok_if_gone("logs:DeleteLogGroup", NotFound::LOG_GROUP)
}

// ---------------------------------------------------------------- import

/// The log group a name or ARN names, in the region the file gives it.
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    let name = aws_id.split(":log-group:").last().unwrap_or(aws_id).trim_end_matches(":*");
    let region = region_in(aws, Some(&node.props));
    if describe(aws, region, name).await?.is_none() {
        return Ok(super::service::Lookup::Missing);
    }
    let tags = tags_of(aws, region, name).await?;
    Ok(super::adopt::found(node, live(aws, node.id.clone(), name, region, tags, None)))
}

async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    let region = live_region(aws, live);
    logs_tags::tag(client(aws, region), &arn(aws, region, &live.physical_id), tags).await
}

crate::service!(Logs, [LogGroup], adopt = (find, add_tags));
