//! ElastiCache: the cache subnet group, the Redis users and their user group
//! (RBAC), and the Redis replication group (one shard, a primary and its
//! replicas), one file per kind. Creating a group takes minutes: it has a
//! readiness wait, and its delete waits until AWS no longer has it, so that
//! the subnet group, user group and security groups can go after it.

use std::time::Duration;

use aws_sdk_elasticache::types::Tag;

use super::Aws;
use super::error::AwsResultExt;
use super::tagging::Tagged;
use super::tags::{self, Tags};
use crate::apply::{DeleteOptions, Progress, ProviderError, Request};
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// How often readiness and deletion waits ask; the overall bound is the
/// scheduler's `--timeout`.
const POLL: Duration = Duration::from_secs(10);

mod adopt;
mod replication_group;
mod subnet_group;
mod user;
mod user_group;

fn cache_tags(t: &Tags) -> Vec<Tag> {
    t.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()
}

/// The resource's tags (`tagging::listed_or`: listed, else asked of the service).
async fn tags_for(aws: &Aws, tagged: &[Tagged], arn: &str) -> Result<Tags, ProviderError> {
    crate::aws::tagging::listed_or(tagged, arn, || async {
        let out = aws
            .elasticache
            .list_tags_for_resource()
            .resource_name(arn)
            .send()
            .await
            .op("elasticache:ListTagsForResource")?;
        Ok(out
            .tag_list()
            .iter()
            .map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string()))
            .collect())
    })
    .await
}

async fn sync_tags(aws: &Aws, arn: &str, current: &Tags, desired: &Tags) -> Result<(), ProviderError> {
    let removed = tags::removed_keys(current, desired);
    if !removed.is_empty() {
        aws.elasticache
            .remove_tags_from_resource()
            .resource_name(arn)
            .set_tag_keys(Some(removed))
            .send()
            .await
            .op("elasticache:RemoveTagsFromResource")?;
    }
    aws.elasticache
        .add_tags_to_resource()
        .resource_name(arn)
        .set_tags(Some(cache_tags(desired)))
        .send()
        .await
        .op("elasticache:AddTagsToResource")?;
    Ok(())
}

// ---------------------------------------------------------------- service

pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let (a, b, c, d) = tokio::try_join!(
        subnet_group::discover(aws, tagged, desired),
        user::discover(aws, tagged, desired),
        user_group::discover(aws, tagged, desired),
        replication_group::discover(aws, tagged, desired)
    )?;
    Ok(([a.0, b.0, c.0, d.0].concat(), [a.1, b.1, c.1, d.1].concat()))
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    match current.kind {
        Kind::CacheSubnetGroup => subnet_group::read(aws, current).await,
        Kind::CacheUser => user::read(aws, current).await,
        Kind::CacheUserGroup => user_group::read(aws, current).await,
        Kind::CacheReplicationGroup => replication_group::read(aws, current).await,
        other => Err(super::unsupported(other)),
    }
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    match req.node.kind {
        Kind::CacheSubnetGroup => subnet_group::create(aws, req).await,
        Kind::CacheUser => user::create(aws, req).await,
        Kind::CacheUserGroup => user_group::create(aws, req).await,
        Kind::CacheReplicationGroup => replication_group::create(aws, req).await,
        other => Err(super::unsupported(other)),
    }
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    match req.node.kind {
        Kind::CacheSubnetGroup => subnet_group::update(aws, req, current, changes).await?,
        Kind::CacheUser => user::update(aws, req, current, changes).await?,
        Kind::CacheUserGroup => user_group::update(aws, req, current, changes).await?,
        Kind::CacheReplicationGroup => replication_group::update(aws, req, current, changes).await?,
        other => return Err(super::unsupported(other)),
    }
    if current.tags != req.tags {
        let arn = current.attrs.get("arn").and_then(Value::as_str).unwrap_or_default().to_string();
        sync_tags(aws, &arn, &current.tags, &req.tags).await?;
    }
    let mut updated = current.clone();
    updated.props = Some(req.node.props.clone());
    updated.tags = req.tags.clone();
    Ok(updated)
}

pub async fn delete(aws: &Aws, current: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    match current.kind {
        Kind::CacheSubnetGroup => subnet_group::delete(aws, current).await,
        Kind::CacheUser => user::delete(aws, current).await,
        Kind::CacheUserGroup => user_group::delete(aws, current).await,
        Kind::CacheReplicationGroup => replication_group::delete(aws, current).await,
        other => Err(super::unsupported(other)),
    }
}

pub async fn wait_ready(aws: &Aws, current: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    match current.kind {
        Kind::CacheReplicationGroup => replication_group::wait_available(aws, current, progress).await,
        Kind::CacheUserGroup => user_group::wait_active(aws, current, progress).await,
        _ => Ok(current.clone()),
    }
}

crate::legacy_service!(
    ElastiCache,
    [CacheSubnetGroup, CacheUser, CacheUserGroup, CacheReplicationGroup],
    wait = wait_ready,
    adopt = (adopt::find, adopt::add_tags)
);
