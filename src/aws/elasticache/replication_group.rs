//! The Redis replication group: one shard, a primary and its replicas.
//! Creating it takes minutes: it has a readiness wait, and its delete waits
//! until AWS no longer has it, so that the subnet group and security groups
//! can go after it.

use std::collections::BTreeMap;

use aws_sdk_elasticache::types::{AutomaticFailoverStatus, CacheCluster, MultiAzStatus, ReplicationGroup};

use super::{Aws, POLL, elasticache_tags, id_and_arn};
use crate::apply::{Progress, ProviderError, Request};
use crate::aws::described::Described;
use crate::aws::error::{AwsResultExt, NotFound, code_of, sdk_error};
use crate::aws::props::{changed, strs};
use crate::aws::resource;
use crate::aws::retry::{self, Readiness};
use crate::aws::service::Discovered;
use crate::aws::tagging::Tagged;
use crate::aws::tags;
use crate::graph::props::CacheReplicationGroupProps;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::{AttrChange, LiveResource};

fn not_found(id: &str) -> ProviderError {
    ProviderError::new(
        "elasticache:DescribeReplicationGroups",
        "ReplicationGroupNotFoundFault",
        format!("no replication group {id}"),
    )
}

fn enabled_failover(s: Option<&AutomaticFailoverStatus>) -> bool {
    matches!(s, Some(AutomaticFailoverStatus::Enabled | AutomaticFailoverStatus::Enabling))
}

/// A group's settings in the normal form of the desired properties. The engine
/// version, subnet group and security groups are settings of its member
/// clusters, which DescribeReplicationGroups does not return: without a
/// member they stay unread.
fn group_settings(g: &ReplicationGroup, member: Option<&CacheCluster>) -> CacheReplicationGroupProps {
    let shard = g.node_groups().first();
    let members = shard.map_or(g.member_clusters().len(), |s| {
        s.node_group_members().len().max(g.member_clusters().len())
    });
    let port = shard.and_then(|s| s.primary_endpoint()).and_then(|e| e.port());
    CacheReplicationGroupProps {
        description: g.description().unwrap_or_default().to_string(),
        engine: g.engine().unwrap_or("redis").to_string(),
        engine_version: member.and_then(|m| m.engine_version()).map(short_version),
        node_type: g.cache_node_type().map(str::to_string),
        replicas_per_node_group: u32::try_from(members.saturating_sub(1)).unwrap_or(u32::MAX),
        automatic_failover: enabled_failover(g.automatic_failover()),
        multi_az: g.multi_az() == Some(&MultiAzStatus::Enabled),
        at_rest_encryption: g.at_rest_encryption_enabled().unwrap_or(false),
        transit_encryption: g.transit_encryption_enabled().unwrap_or(false),
        port: port.and_then(|p| u32::try_from(p).ok()),
        snapshot_retention_limit: u32::try_from(g.snapshot_retention_limit().unwrap_or(0)).unwrap_or(0),
        auto_minor_version_upgrade: g.auto_minor_version_upgrade().unwrap_or(false),
        subnet_group_name: member.and_then(|m| m.cache_subnet_group_name()).map(Value::str),
        security_group_ids: member.map(|m| {
            let ids = m.security_groups().iter().filter_map(|s| s.security_group_id());
            ids.map(Value::str).collect()
        }),
        user_group_ids: g.user_group_ids().iter().map(Value::str).collect(),
    }
}

fn group_props(g: &ReplicationGroup, member: Option<&CacheCluster>) -> Props {
    Props::from(group_settings(g, member))
}

/// Redis 6 and later are asked for as `major.minor` and reported as
/// `major.minor.patch`: compare what the stack file says.
fn short_version(v: &str) -> String {
    let parts: Vec<&str> = v.split('.').collect();
    match parts.first().and_then(|m| m.parse::<u32>().ok()) {
        Some(major) if major >= 6 && parts.len() > 2 => parts[..2].join("."),
        _ => v.to_string(),
    }
}

pub(super) fn group_attrs(g: &ReplicationGroup) -> Vec<(&'static str, Value)> {
    let mut a = id_and_arn(g.replication_group_id().unwrap_or_default(), g.arn().unwrap_or_default());
    let shard = g.node_groups().first();
    if let Some(e) = shard.and_then(|s| s.primary_endpoint()).and_then(|e| e.address()) {
        a.push(("primary_endpoint", Value::str(e)));
    }
    if let Some(e) = shard.and_then(|s| s.reader_endpoint()).and_then(|e| e.address()) {
        a.push(("reader_endpoint", Value::str(e)));
    }
    a
}

pub(super) async fn find_group(aws: &Aws, id: &str) -> Result<Option<ReplicationGroup>, ProviderError> {
    let asked = aws.elasticache.describe_replication_groups().replication_group_id(id).send().await;
    let out = asked.if_exists("elasticache:DescribeReplicationGroups", NotFound::REPLICATION_GROUP)?;
    Ok(out.and_then(|o| o.replication_groups().first().cloned()))
}

/// The primary's cache cluster (any member, failing that): it holds the
/// settings the group does not report.
async fn primary_member(aws: &Aws, g: &ReplicationGroup) -> Result<Option<CacheCluster>, ProviderError> {
    let primary = g
        .node_groups()
        .first()
        .and_then(|s| s.node_group_members().iter().find(|m| m.current_role() == Some("primary")))
        .and_then(|m| m.cache_cluster_id())
        .or_else(|| g.member_clusters().first().map(String::as_str));
    let Some(id) = primary else { return Ok(None) };
    let asked = aws.elasticache.describe_cache_clusters().cache_cluster_id(id).send().await;
    let out = asked.if_exists("elasticache:DescribeCacheClusters", NotFound::CACHE_CLUSTER)?;
    Ok(out.and_then(|o| o.cache_clusters().first().cloned()))
}

pub(super) async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let g = find_group(aws, &current.physical_id)
        .await?
        .ok_or_else(|| not_found(&current.physical_id))?;
    let member = primary_member(aws, &g).await?;
    Ok(group_props(&g, member.as_ref()))
}

/// One DescribeReplicationGroups for all, tags per group of the stack's prefix.
/// The group alone does not tell every setting: `props` stay unread and the
/// hash tag vouches for them (or `read` with `--refresh`).
pub(super) async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let page = |marker| async move {
        let page = aws.elasticache.describe_replication_groups().set_marker(marker).send().await;
        let page = page.op("elasticache:DescribeReplicationGroups")?;
        Ok((page.replication_groups().to_vec(), page.marker().map(str::to_string)))
    };
    let tags = |arn: String| async move { elasticache_tags::listed_or_asked(&aws.elasticache, tagged, &arn).await };
    GROUPS.discover(aws, desired, page, tags).await
}

static GROUPS: Described<ReplicationGroup> = Described::new(Kind::CacheReplicationGroup, "a replication group", live_id, group_attrs, None);

/// A group's id; none for one being deleted.
fn live_id(g: &ReplicationGroup) -> Option<&str> {
    g.replication_group_id().filter(|_| g.status() != Some("deleting"))
}

/// The clusters of a one-shard group: its primary and `replicas`.
fn num_cache_clusters(replicas: u32) -> i32 {
    1 + replicas as i32
}

pub(super) async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = CacheReplicationGroupProps::try_from(&req.node.props)?;
    let out = aws
        .elasticache
        .create_replication_group()
        .replication_group_id(&req.node.name)
        .replication_group_description(&p.description)
        .engine(&p.engine)
        .set_engine_version(p.engine_version.clone())
        .set_cache_node_type(p.node_type.clone())
        // Cluster mode disabled, one shard: its size is `NumCacheClusters`, the
        // primary and its replicas (API reference: ReplicasPerNodeGroup is for
        // groups of several shards; automatic failover needs 2 clusters or more).
        .num_cache_clusters(num_cache_clusters(p.replicas_per_node_group))
        .automatic_failover_enabled(p.automatic_failover)
        .multi_az_enabled(p.multi_az)
        .at_rest_encryption_enabled(p.at_rest_encryption)
        .transit_encryption_enabled(p.transit_encryption)
        .snapshot_retention_limit(p.snapshot_retention_limit as i32)
        .auto_minor_version_upgrade(p.auto_minor_version_upgrade)
        .set_port(p.port.map(|port| port as i32))
        .set_cache_subnet_group_name(p.subnet_group_name.as_ref().and_then(Value::as_str).map(str::to_string))
        .set_security_group_ids(Some(strs(p.security_group_ids.as_deref().unwrap_or_default())))
        .set_user_group_ids(Some(strs(&p.user_group_ids)).filter(|ids| !ids.is_empty()))
        .set_tags(Some(tags::to_sdk(&req.tags)?))
        .send()
        .await
        .op("elasticache:CreateReplicationGroup")?;
    let g = out
        .replication_group()
        .cloned()
        .unwrap_or_else(|| ReplicationGroup::builder().replication_group_id(&req.node.name).build());
    Ok(resource::created(req, &req.node.name, &group_attrs(&g)))
}

/// Polls until the group is `available`; its endpoints are known from then on.
pub(super) async fn wait_available(aws: &Aws, current: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    let id = &current.physical_id;
    let readiness = |g: &ReplicationGroup| match status_of(g) {
        "available" => Readiness::Ready,
        s @ ("create-failed" | "deleting") => Readiness::Failed(ProviderError::new(
            "elasticache:DescribeReplicationGroups",
            "ReplicationGroupNotAvailable",
            format!("replication group {id} is {s} instead of becoming available"),
        )),
        s => Readiness::Going(format!("replication group {s}")),
    };
    let what = format!("elasticache:replicationgroup/{id}");
    let find = || async { find_group(aws, id).await?.ok_or_else(|| not_found(id)) };
    let g = retry::until_ready(POLL, &what, find, status_of, readiness, progress).await?;
    let mut l = current.clone();
    let mut attrs: BTreeMap<String, Value> = l.attrs.clone();
    attrs.extend(group_attrs(&g).into_iter().map(|(k, v)| (k.to_string(), v)));
    l.attrs = attrs;
    Ok(l)
}

/// The status waits record and read.
fn status_of(g: &ReplicationGroup) -> &str {
    g.status().unwrap_or("unknown")
}

/// The settings ModifyReplicationGroup changes in place.
const MODIFIABLE: &[&str] = &[
    "description",
    "engine_version",
    "node_type",
    "automatic_failover",
    "multi_az",
    "security_group_ids",
    "snapshot_retention_limit",
    "auto_minor_version_upgrade",
];

pub(super) async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    let p = CacheReplicationGroupProps::try_from(&req.node.props)?;
    if changed(changes, MODIFIABLE) {
        modify_settings(aws, &current.physical_id, &p, changes).await?;
        wait_available(aws, current, &|_| {}).await?;
    }
    if changed(changes, &["replicas_per_node_group"]) {
        resize(aws, current, p.replicas_per_node_group).await?;
        wait_available(aws, current, &|_| {}).await?;
    }
    if changed(changes, &["user_group_ids"]) {
        attach_user_groups(aws, &current.physical_id, &strs(&p.user_group_ids)).await?;
        // `modifying` while ElastiCache applies the users.
        wait_available(aws, current, &|_| {}).await?;
    }
    Ok(())
}

/// Gives the group the user groups `want` and takes the others away: one
/// ModifyReplicationGroup with `UserGroupIdsToAdd` / `UserGroupIdsToRemove`.
async fn attach_user_groups(aws: &Aws, id: &str, want: &[String]) -> Result<(), ProviderError> {
    let g = find_group(aws, id).await?.ok_or_else(|| not_found(id))?;
    let have = g.user_group_ids();
    let add: Vec<String> = want.iter().filter(|w| !have.contains(w)).cloned().collect();
    let remove: Vec<String> = have.iter().filter(|h| !want.contains(h)).cloned().collect();
    if add.is_empty() && remove.is_empty() {
        return Ok(());
    }
    aws.elasticache
        .modify_replication_group()
        .replication_group_id(id)
        .set_user_group_ids_to_add((!add.is_empty()).then_some(add))
        .set_user_group_ids_to_remove((!remove.is_empty()).then_some(remove))
        .apply_immediately(true)
        .send()
        .await
        .op("elasticache:ModifyReplicationGroup")?;
    Ok(())
}

/// One ModifyReplicationGroup, applied at once, with the changed settings only.
async fn modify_settings(aws: &Aws, id: &str, p: &CacheReplicationGroupProps, changes: &[AttrChange]) -> Result<(), ProviderError> {
    let has = |k: &str| changed(changes, &[k]);
    let mut call = aws
        .elasticache
        .modify_replication_group()
        .replication_group_id(id)
        .apply_immediately(true);
    if has("description") {
        call = call.replication_group_description(&p.description);
    }
    if has("engine_version") {
        call = call.set_engine_version(p.engine_version.clone());
    }
    if has("node_type") {
        call = call.set_cache_node_type(p.node_type.clone());
    }
    if has("automatic_failover") {
        call = call.automatic_failover_enabled(p.automatic_failover);
    }
    if has("multi_az") {
        call = call.multi_az_enabled(p.multi_az);
    }
    if has("security_group_ids") {
        call = call.set_security_group_ids(Some(strs(p.security_group_ids.as_deref().unwrap_or_default())));
    }
    if has("auto_minor_version_upgrade") {
        call = call.auto_minor_version_upgrade(p.auto_minor_version_upgrade);
    }
    if has("snapshot_retention_limit") {
        call = call.snapshot_retention_limit(p.snapshot_retention_limit as i32);
    }
    call.send().await.op("elasticache:ModifyReplicationGroup")?;
    Ok(())
}

/// Adds or removes replicas until the shard has `want`.
async fn resize(aws: &Aws, current: &LiveResource, want: u32) -> Result<(), ProviderError> {
    let id = &current.physical_id;
    let known = current.props.as_ref().and_then(|o| CacheReplicationGroupProps::try_from(o).ok());
    let have = match known {
        Some(h) => h.replicas_per_node_group,
        None => {
            let g = find_group(aws, id).await?.ok_or_else(|| not_found(id))?;
            group_settings(&g, None).replicas_per_node_group
        }
    };
    let want = want as i32;
    let have = have as i32;
    if want > have {
        aws.elasticache
            .increase_replica_count()
            .replication_group_id(id)
            .new_replica_count(want)
            .apply_immediately(true)
            .send()
            .await
            .op("elasticache:IncreaseReplicaCount")?;
    } else if want < have {
        aws.elasticache
            .decrease_replica_count()
            .replication_group_id(id)
            .new_replica_count(want)
            .apply_immediately(true)
            .send()
            .await
            .op("elasticache:DecreaseReplicaCount")?;
    }
    Ok(())
}

/// Deletes the group and waits until AWS no longer has it: the cache subnet
/// group and the security groups are in use until then.
pub(super) async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let id = &current.physical_id;
    match aws.elasticache.delete_replication_group().replication_group_id(id).send().await {
        Ok(_) => {}
        Err(e) if NotFound::REPLICATION_GROUP.matches(&e) => return Ok(()),
        // Already being deleted (an earlier destroy was interrupted): wait for it.
        Err(e) if code_of(&e) == Some("InvalidReplicationGroupState") => {}
        Err(e) => return Err(sdk_error("elasticache:DeleteReplicationGroup", e)),
    }
    let what = format!("elasticache:replicationgroup/{id}");
    retry::until_gone(POLL, &what, || find_group(aws, id), status_of).await
}

crate::resource!(
    CacheReplicationGroups for CacheReplicationGroup:
    discover, read, create, settings, delete, wait = wait_available
);

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_elasticache::types::{Endpoint, NodeGroup, NodeGroupMember, SecurityGroupMembership};

    #[test]
    fn versions_compare_as_the_stack_file_writes_them() {
        assert_eq!(short_version("7.1.0"), "7.1");
        assert_eq!(short_version("7.1"), "7.1");
        assert_eq!(short_version("5.0.6"), "5.0.6");
    }

    #[test]
    fn a_group_reads_back_in_the_desired_normal_form() {
        let member = |id: &str, role: &str| NodeGroupMember::builder().cache_cluster_id(id).current_role(role).build();
        let g = ReplicationGroup::builder()
            .replication_group_id("s-cache")
            .description("Redis of stack s")
            .engine("redis")
            .cache_node_type("cache.t4g.micro")
            .member_clusters("s-cache-001")
            .member_clusters("s-cache-002")
            .node_groups(
                NodeGroup::builder()
                    .primary_endpoint(Endpoint::builder().address("master.x").port(6379).build())
                    .reader_endpoint(Endpoint::builder().address("replica.x").port(6379).build())
                    .node_group_members(member("s-cache-001", "primary"))
                    .node_group_members(member("s-cache-002", "replica"))
                    .build(),
            )
            .automatic_failover(AutomaticFailoverStatus::Enabled)
            .multi_az(MultiAzStatus::Enabled)
            .at_rest_encryption_enabled(true)
            .transit_encryption_enabled(true)
            .snapshot_retention_limit(7)
            .auto_minor_version_upgrade(true)
            .build();
        let cluster = CacheCluster::builder()
            .engine_version("7.1.0")
            .cache_subnet_group_name("s-cache")
            .security_groups(SecurityGroupMembership::builder().security_group_id("sg-1").build())
            .build();
        let p = group_props(&g, Some(&cluster));
        let expected = crate::props! {
            "description" => "Redis of stack s",
            "engine" => "redis",
            "engine_version" => "7.1",
            "node_type" => "cache.t4g.micro",
            "replicas_per_node_group" => 1u32,
            "automatic_failover" => true,
            "multi_az" => true,
            "at_rest_encryption" => true,
            "transit_encryption" => true,
            "port" => 6379u32,
            "snapshot_retention_limit" => 7u32,
            "auto_minor_version_upgrade" => true,
            "subnet_group_name" => "s-cache",
            "security_group_ids" => vec!["sg-1"],
        };
        assert_eq!(p, expected);
        let attrs: BTreeMap<&str, Value> = group_attrs(&g).into_iter().collect();
        assert_eq!(attrs.get("primary_endpoint"), Some(&Value::str("master.x")));
        assert_eq!(attrs.get("reader_endpoint"), Some(&Value::str("replica.x")));
    }
}
