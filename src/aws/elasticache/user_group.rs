//! A Redis user group (ElastiCache RBAC): the users a replication group
//! admits. It is `creating`, then `active` (only then does a replication group
//! take it); `modifying` after its users change; `deleting`, then gone. It
//! cannot go while a replication group uses it, and its `default` user cannot
//! go before it.

use std::collections::BTreeSet;

use aws_sdk_elasticache::types::UserGroup;

use super::access_control::AccessControl;
use super::{Aws, POLL, created, elasticache_tags, id_and_arn};
use crate::apply::{Progress, ProviderError, Request};
use crate::aws::described::Described;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::props::{changed, strs};
use crate::aws::retry;
use crate::aws::service::Discovered;
use crate::aws::tagging::Tagged;
use crate::aws::tags;
use crate::graph::props::CacheUserGroupProps;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::{AttrChange, LiveResource};

pub(super) fn group_props(g: &UserGroup) -> Props {
    Props::from(CacheUserGroupProps {
        engine: g.engine().unwrap_or_default().to_lowercase(),
        user_ids: g.user_ids().iter().map(Value::str).collect(),
    })
}

pub(super) fn group_attrs(g: &UserGroup) -> Vec<(&'static str, Value)> {
    id_and_arn(g.user_group_id().unwrap_or_default(), g.arn().unwrap_or_default())
}

/// The user group `id`, or `None` where ElastiCache has none.
pub(super) async fn find_group(aws: &Aws, id: &str) -> Result<Option<UserGroup>, ProviderError> {
    let asked = aws.elasticache.describe_user_groups().user_group_id(id).send().await;
    let out = asked.if_exists("elasticache:DescribeUserGroups", NotFound::CACHE_USER_GROUP)?;
    Ok(out.and_then(|o| o.user_groups().first().cloned()))
}

static USER_GROUPS: Described<UserGroup> = Described::new(
    Kind::CacheUserGroup,
    "a Redis user group",
    live_group_id,
    group_attrs,
    Some(group_props),
);

/// A group's id; none for one being deleted.
fn live_group_id(g: &UserGroup) -> Option<&str> {
    g.user_group_id().filter(|_| g.status() != Some("deleting"))
}

/// One paginated DescribeUserGroups for all (it returns every setting), tags
/// per group of the stack's prefix. A group being deleted is gone for the stack.
pub(super) async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let page = |marker| async move {
        let page = aws.elasticache.describe_user_groups().set_marker(marker).send().await;
        let page = page.op("elasticache:DescribeUserGroups")?;
        Ok((page.user_groups().to_vec(), page.marker().map(str::to_string)))
    };
    let tags = |arn: String| async move { elasticache_tags::listed_or_asked(&aws.elasticache, tagged, &arn).await };
    USER_GROUPS.discover(aws, desired, page, tags).await
}

pub(super) async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let g = find_group(aws, &current.physical_id).await?;
    Ok(g.as_ref().map(group_props).unwrap_or_default())
}

pub(super) async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = CacheUserGroupProps::try_from(&req.node.props)?;
    let out = aws
        .elasticache
        .create_user_group()
        .user_group_id(&req.node.name)
        .engine(&p.engine)
        .set_user_ids(Some(strs(&p.user_ids)))
        .set_tags(Some(tags::to_sdk(&req.tags)?))
        .send()
        .await
        .op("elasticache:CreateUserGroup")?;
    Ok(created(req, out.user_group_id(), out.arn()))
}

/// ModifyUserGroup with the users to add and to remove, then wait until the
/// group is `active` again.
pub(super) async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    if !changed(changes, &["user_ids"]) {
        return Ok(());
    }
    let want: BTreeSet<String> = strs(&CacheUserGroupProps::try_from(&req.node.props)?.user_ids)
        .into_iter()
        .collect();
    let id = &current.physical_id;
    let g = find_group(aws, id).await?.ok_or_else(|| USER_GROUP.not_found(id))?;
    let have: BTreeSet<String> = g.user_ids().iter().cloned().collect();
    let add: Vec<String> = want.difference(&have).cloned().collect();
    let remove: Vec<String> = have.difference(&want).cloned().collect();
    if add.is_empty() && remove.is_empty() {
        return Ok(());
    }
    aws.elasticache
        .modify_user_group()
        .user_group_id(id)
        .set_user_ids_to_add((!add.is_empty()).then_some(add))
        .set_user_ids_to_remove((!remove.is_empty()).then_some(remove))
        .send()
        .await
        .op("elasticache:ModifyUserGroup")?;
    wait_active(aws, current, &|_| {}).await?;
    Ok(())
}

const USER_GROUP: AccessControl<UserGroup> = AccessControl {
    log: "elasticache:usergroup",
    noun: "user group",
    describe: "elasticache:DescribeUserGroups",
    not_found: "UserGroupNotFound",
    not_active: "UserGroupNotActive",
    status: UserGroup::status,
};

/// Polls until the group is `active`.
pub(super) async fn wait_active(aws: &Aws, current: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    USER_GROUP
        .wait_active(current, || find_group(aws, &current.physical_id), progress)
        .await
}

/// Deletes the group and waits until AWS no longer has it: its `default`
/// user cannot be deleted before.
pub(super) async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let id = &current.physical_id;
    let asked = aws.elasticache.delete_user_group().user_group_id(id).send().await;
    asked.ok_if_gone("elasticache:DeleteUserGroup", NotFound::CACHE_USER_GROUP)?;
    let what = format!("elasticache:usergroup/{id}");
    retry::until_gone(POLL, &what, || find_group(aws, id), |g| g.status().unwrap_or("unknown")).await
}

crate::resource!(CacheUserGroups for CacheUserGroup: discover, read, create, settings, delete, wait = wait_active);
