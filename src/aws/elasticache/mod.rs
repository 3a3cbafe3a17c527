//! ElastiCache: the cache subnet group, the Redis users and their user group
//! (RBAC), and the Redis replication group (one shard, a primary and its
//! replicas), one file per kind. Creating a group takes minutes: it has a
//! readiness wait, and its delete waits until AWS no longer has it, so that
//! the subnet group, user group and security groups can go after it.

use std::time::Duration;

use super::tags::Tags;
use super::{Aws, resource};
use crate::apply::{ProviderError, Request};
use crate::graph::Value;
use crate::plan::LiveResource;

/// How often readiness and deletion waits ask; the overall bound is the
/// scheduler's `--timeout`.
const POLL: Duration = Duration::from_secs(10);

mod access_control;
mod adopt;
mod replication_group;
mod subnet_group;
mod user;
mod user_group;
mod user_tags;

crate::tag_api! {
    /// ElastiCache names a resource by its ARN.
    mod elasticache_tags for aws_sdk_elasticache::Client {
        list "elasticache:ListTagsForResource" = list_tags_for_resource.resource_name -> tag_list;
        tag "elasticache:AddTagsToResource" = add_tags_to_resource.resource_name.set_tags;
        untag "elasticache:RemoveTagsFromResource" = remove_tags_from_resource.resource_name.set_tag_keys;
    }
}

/// The attributes every user, user group and replication group has: the id
/// the stack gives it and its ARN.
fn id_and_arn(id: &str, arn: &str) -> Vec<(&'static str, Value)> {
    vec![("id", Value::str(id)), ("arn", Value::str(arn))]
}

/// The user or user group a create leaves: the desired settings and tags,
/// with the id (else the name asked for) and the ARN AWS answered.
fn created(req: &Request, id: Option<&str>, arn: Option<&str>) -> LiveResource {
    let attrs = id_and_arn(id.unwrap_or(&req.node.name), arn.unwrap_or_default());
    resource::created(req, &req.node.name, &attrs)
}

/// After every update (a user's once it is `active` again): the tags, if
/// they changed.
async fn sync_changed_tags(aws: &Aws, live: &LiveResource, desired: &Tags) -> Result<(), ProviderError> {
    user_tags::sync_changed(aws, resource::arn(live), &live.tags, desired).await
}

crate::service!(
    ElastiCache: [subnet_group::CacheSubnetGroups, user::CacheUsers, user_group::CacheUserGroups, replication_group::CacheReplicationGroups],
    sync_tags = sync_changed_tags,
    adopt = (adopt::find, adopt::add_tags),
);
