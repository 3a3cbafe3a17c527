//! ElastiCache: the cache subnet group, the Redis users and their user group
//! (RBAC), and the Redis replication group (one shard, a primary and its
//! replicas), one file per kind. Creating a group takes minutes: it has a
//! readiness wait, and its delete waits until AWS no longer has it, so that
//! the subnet group, user group and security groups can go after it.

use std::time::Duration;

use super::error::AwsResultExt;
use super::tagging::Tagged;
use super::tags::{self, Tags};
use super::{Aws, resource};
use crate::apply::ProviderError;
use crate::plan::LiveResource;

/// How often readiness and deletion waits ask; the overall bound is the
/// scheduler's `--timeout`.
const POLL: Duration = Duration::from_secs(10);

mod adopt;
mod replication_group;
mod subnet_group;
mod user;
mod user_group;

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
        Ok(tags::from_sdk(out.tag_list()))
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
        .set_tags(Some(tags::to_sdk(desired)?))
        .send()
        .await
        .op("elasticache:AddTagsToResource")?;
    Ok(())
}

/// After every update: the tags, if they changed.
async fn sync_changed_tags(aws: &Aws, live: &LiveResource, desired: &Tags) -> Result<(), ProviderError> {
    if live.tags == *desired {
        return Ok(());
    }
    sync_tags(aws, resource::arn(live), &live.tags, desired).await
}

crate::service!(
    ElastiCache: [subnet_group::CacheSubnetGroups, user::CacheUsers, user_group::CacheUserGroups, replication_group::CacheReplicationGroups],
    sync_tags = sync_changed_tags,
    adopt = (adopt::find, adopt::add_tags),
);
