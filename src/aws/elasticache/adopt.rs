//! `stackctl import` of ElastiCache resources: found by name or ARN, tagged
//! with AddTagsToResource. Settings are left to `read`.

use super::replication_group::{find_group, group_attrs};
use super::{Aws, subnet_group, user, user_group, user_tags};
use crate::apply::ProviderError;
use crate::aws::adopt::{found, merged, name_in};
use crate::aws::resource;
use crate::aws::service::Lookup;
use crate::aws::tags::Tags;
use crate::graph::{Kind, Node, Value};
use crate::plan::LiveResource;

pub(super) async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    let name = name_in(aws_id, &[':']);
    let (arn, attrs) = match node.kind {
        Kind::CacheReplicationGroup => match find_group(aws, &name).await? {
            Some(g) => (g.arn().unwrap_or_default().to_string(), group_attrs(&g)),
            None => return Ok(Lookup::Missing),
        },
        Kind::CacheSubnetGroup => {
            let Some(g) = subnet_group::find_subnet_group(aws, &name).await? else {
                return Ok(Lookup::Missing);
            };
            let arn = g.arn().unwrap_or_default().to_string();
            (arn.clone(), vec![("name", Value::str(&name)), ("arn", Value::str(arn))])
        }
        Kind::CacheUser => match user::find_user(aws, &name).await? {
            Some(u) => (u.arn().unwrap_or_default().to_string(), user::user_attrs(&u)),
            None => return Ok(Lookup::Missing),
        },
        Kind::CacheUserGroup => match user_group::find_group(aws, &name).await? {
            Some(g) => (g.arn().unwrap_or_default().to_string(), user_group::group_attrs(&g)),
            None => return Ok(Lookup::Missing),
        },
        _ => return Ok(Lookup::Unsupported),
    };
    let tags = user_tags::list(aws, &arn).await?;
    Ok(found(
        node,
        LiveResource::named(node.id.clone(), node.kind, &name, &attrs, tags, None),
    ))
}

pub(super) async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    user_tags::sync(aws, resource::arn(live), &live.tags, &merged(&live.tags, tags)).await
}
