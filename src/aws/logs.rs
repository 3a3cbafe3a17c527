//! CloudWatch Logs groups and their retention.

use std::collections::BTreeMap;

use super::Aws;
use super::error::{AwsResultExt, code_of, sdk_error};
use super::tagging::Tagged;
use super::tags::{self, Tags};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};

fn arn(aws: &Aws, name: &str) -> String {
    format!("arn:aws:logs:{}:{}:log-group:{name}", aws.region, aws.account_id)
}

fn live(aws: &Aws, id: NodeId, name: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    let attrs: BTreeMap<String, Value> = [("name", Value::str(name)), ("arn", Value::str(arn(aws, name)))]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    LiveResource {
        id,
        kind: Kind::LogGroup,
        name: name.to_string(),
        physical_id: name.to_string(),
        attrs,
        props,
        tags,
    }
}

async fn describe(aws: &Aws, name: &str) -> Result<Option<aws_sdk_cloudwatchlogs::types::LogGroup>, ProviderError> {
    let out = aws
        .logs
        .describe_log_groups()
        .log_group_name_prefix(name)
        .send()
        .await
        .op("logs:DescribeLogGroups")?;
    Ok(out.log_groups().iter().find(|g| g.log_group_name() == Some(name)).cloned())
}

/// Groups found by their tags; a desired group they do not show is looked up by
/// name, to report one that exists without our tags.
pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let mut found = Vec::new();
    for t in tagged.iter().filter(|t| t.service() == "logs") {
        let Some(name) = t.arn.split(":log-group:").nth(1).map(|n| n.trim_end_matches(":*")) else {
            continue;
        };
        if let Some(id) = t.tags.get(tag::ID) {
            found.push(live(aws, NodeId::new(id.clone()), name, t.tags.clone(), None));
        }
    }
    let mut conflicts = Vec::new();
    for n in desired
        .iter()
        .filter(|n| n.kind == Kind::LogGroup && !found.iter().any(|f| f.name == n.name))
    {
        if describe(aws, &n.name).await?.is_some() {
            let t = group_tags(aws, &n.name).await?;
            conflicts.push(Conflict::name_held(n, "a log group", &n.name, &t, &aws.stack));
        }
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let mut props = Props::new();
    let group = describe(aws, &current.physical_id).await?;
    if let Some(days) = group.as_ref().and_then(|g| g.retention_in_days()) {
        props.insert("retention_days".into(), Value::Int(i64::from(days)));
    }
    if let Some(key) = group.as_ref().and_then(|g| g.kms_key_id()) {
        props.insert("kms_key_id".into(), Value::str(key));
    }
    Ok(props)
}

async fn put_retention(aws: &Aws, name: &str, props: &Props) -> Result<(), ProviderError> {
    if let Some(days) = props.get("retention_days").and_then(Value::as_int) {
        aws.logs
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
async fn set_key(aws: &Aws, name: &str, key: Option<&str>) -> Result<(), ProviderError> {
    match key {
        Some(key) => aws
            .logs
            .associate_kms_key()
            .log_group_name(name)
            .kms_key_id(key)
            .send()
            .await
            .op("logs:AssociateKmsKey")
            .map(drop),
        None => aws
            .logs
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
    match aws
        .logs
        .create_log_group()
        .log_group_name(name)
        .set_kms_key_id(req.node.props.get("kms_key_id").and_then(Value::as_str).map(str::to_string))
        .set_tags(Some(tags::without_hash(&req.tags).into_iter().collect()))
        .send()
        .await
    {
        Ok(_) => {}
        Err(e) if code_of(&e) == Some("ResourceAlreadyExistsException") => {}
        Err(e) => return Err(sdk_error("logs:CreateLogGroup", e)),
    }
    put_retention(aws, name, &req.node.props).await?;
    // The settings hash, once the retention it stands for is set.
    aws.logs
        .tag_resource()
        .resource_arn(arn(aws, name))
        .set_tags(Some(tags::hash_only(&req.tags).into_iter().collect()))
        .send()
        .await
        .op("logs:TagResource")?;
    Ok(live(aws, req.node.id.clone(), name, req.tags.clone(), Some(req.node.props.clone())))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let name = &current.physical_id;
    if changes.iter().any(|c| c.attr == "retention_days") {
        put_retention(aws, name, &req.node.props).await?;
    }
    if changes.iter().any(|c| c.attr == "kms_key_id") {
        set_key(aws, name, req.node.props.get("kms_key_id").and_then(Value::as_str)).await?;
    }
    let arn = arn(aws, name);
    let removed = tags::removed_keys(&current.tags, &req.tags);
    if !removed.is_empty() {
        aws.logs
            .untag_resource()
            .resource_arn(&arn)
            .set_tag_keys(Some(removed))
            .send()
            .await
            .op("logs:UntagResource")?;
    }
    aws.logs
        .tag_resource()
        .resource_arn(&arn)
        .set_tags(Some(req.tags.clone().into_iter().collect()))
        .send()
        .await
        .op("logs:TagResource")?;
    Ok(live(aws, req.node.id.clone(), name, req.tags.clone(), Some(req.node.props.clone())))
}

pub async fn delete(aws: &Aws, current: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    match aws.logs.delete_log_group().log_group_name(&current.physical_id).send().await {
        Ok(_) => Ok(()),
        Err(e) if code_of(&e) == Some("ResourceNotFoundException") => Ok(()),
        Err(e) => Err(sdk_error("logs:DeleteLogGroup", e)),
    }
}

// ---------------------------------------------------------------- import

/// The log group a name or ARN names.
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    let name = aws_id.split(":log-group:").last().unwrap_or(aws_id).trim_end_matches(":*");
    if describe(aws, name).await?.is_none() {
        return Ok(super::service::Lookup::Missing);
    }
    let tags = group_tags(aws, name).await?;
    Ok(super::adopt::found(node, live(aws, node.id.clone(), name, tags, None)))
}

async fn group_tags(aws: &Aws, name: &str) -> Result<Tags, ProviderError> {
    let out = aws
        .logs
        .list_tags_for_resource()
        .resource_arn(arn(aws, name))
        .send()
        .await
        .op("logs:ListTagsForResource")?;
    Ok(out.tags().cloned().unwrap_or_default().into_iter().collect())
}

async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    aws.logs
        .tag_resource()
        .resource_arn(arn(aws, &live.physical_id))
        .set_tags(Some(tags.clone().into_iter().collect()))
        .send()
        .await
        .op("logs:TagResource")?;
    Ok(())
}

crate::service!(Logs, [LogGroup], adopt = (find, add_tags));
