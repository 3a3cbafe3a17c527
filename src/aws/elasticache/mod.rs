//! ElastiCache: the cache subnet group and the Redis replication group (one
//! shard, a primary and its replicas). Creating a group takes minutes: it has a
//! readiness wait, and its delete waits until AWS no longer has it, so that the
//! subnet group and security groups can go after it.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_elasticache::types::{AutomaticFailoverStatus, CacheCluster, CacheSubnetGroup, MultiAzStatus, ReplicationGroup, Tag};

use super::call_log;
use super::classify::Listing;
use super::error::{AwsResultExt, NotFound, code_of, sdk_error};
use super::props::{changed, list, p_bool, p_int, p_str, p_strs};
use super::service::Discovered;
use super::tagging::Tagged;
use super::tags::{self, Tags};
use super::{Aws, retry};
use crate::apply::{DeleteOptions, Progress, ProviderError, Request};
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// How often readiness and deletion waits ask; the overall bound is the
/// scheduler's `--timeout`.
const POLL: Duration = Duration::from_secs(10);

mod adopt;
mod subnet_group;

use subnet_group::{create_subnet_group, discover_subnet_groups, subnet_group_props};

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
    let (a, b) = tokio::try_join!(discover_subnet_groups(aws, tagged, desired), discover_groups(aws, tagged, desired))?;
    Ok(([a.0, b.0].concat(), [a.1, b.1].concat()))
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    match current.kind {
        Kind::CacheSubnetGroup => {
            let out = aws
                .elasticache
                .describe_cache_subnet_groups()
                .cache_subnet_group_name(&current.physical_id)
                .send()
                .await
                .op("elasticache:DescribeCacheSubnetGroups")?;
            Ok(out.cache_subnet_groups().first().map(subnet_group_props).unwrap_or_default())
        }
        Kind::CacheReplicationGroup => {
            let g = find_group(aws, &current.physical_id)
                .await?
                .ok_or_else(|| not_found(&current.physical_id))?;
            let member = primary_member(aws, &g).await?;
            Ok(group_props(&g, member.as_ref()))
        }
        other => Err(super::unsupported(other)),
    }
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    match req.node.kind {
        Kind::CacheSubnetGroup => create_subnet_group(aws, req).await,
        Kind::CacheReplicationGroup => create_group(aws, req).await,
        other => Err(super::unsupported(other)),
    }
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    match req.node.kind {
        Kind::CacheSubnetGroup => {
            if changed(changes, &["description", "subnet_ids"]) {
                aws.elasticache
                    .modify_cache_subnet_group()
                    .cache_subnet_group_name(&current.physical_id)
                    .cache_subnet_group_description(p_str(p, "description"))
                    .set_subnet_ids(Some(p_strs(p, "subnet_ids")))
                    .send()
                    .await
                    .op("elasticache:ModifyCacheSubnetGroup")?;
            }
        }
        Kind::CacheReplicationGroup => modify_group(aws, req, current, changes).await?,
        other => return Err(super::unsupported(other)),
    }
    if current.tags != req.tags {
        let arn = current.attrs.get("arn").and_then(Value::as_str).unwrap_or_default().to_string();
        sync_tags(aws, &arn, &current.tags, &req.tags).await?;
    }
    let mut updated = current.clone();
    updated.props = Some(p.clone());
    updated.tags = req.tags.clone();
    Ok(updated)
}

pub async fn delete(aws: &Aws, current: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    match current.kind {
        Kind::CacheSubnetGroup => {
            let asked = aws
                .elasticache
                .delete_cache_subnet_group()
                .cache_subnet_group_name(&current.physical_id)
                .send()
                .await;
            asked.if_exists("elasticache:DeleteCacheSubnetGroup", NotFound::CACHE_SUBNET_GROUP)?;
            Ok(())
        }
        Kind::CacheReplicationGroup => delete_group(aws, current).await,
        other => Err(super::unsupported(other)),
    }
}

pub async fn wait_ready(aws: &Aws, current: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    match current.kind {
        Kind::CacheReplicationGroup => wait_available(aws, current, progress).await,
        _ => Ok(current.clone()),
    }
}

crate::service!(
    ElastiCache,
    [CacheSubnetGroup, CacheReplicationGroup],
    wait = wait_ready,
    adopt = (adopt::find, adopt::add_tags)
);

// ---------------------------------------------------------------- replication group

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
/// clusters, which DescribeReplicationGroups does not return.
fn group_props(g: &ReplicationGroup, member: Option<&CacheCluster>) -> Props {
    let mut p = Props::new();
    p.insert("description".into(), Value::str(g.description().unwrap_or_default()));
    p.insert("engine".into(), Value::str(g.engine().unwrap_or("redis")));
    if let Some(t) = g.cache_node_type() {
        p.insert("node_type".into(), Value::str(t));
    }
    let shard = g.node_groups().first();
    let members = shard.map_or(g.member_clusters().len(), |s| {
        s.node_group_members().len().max(g.member_clusters().len())
    });
    p.insert("replicas_per_node_group".into(), Value::Int(members.saturating_sub(1) as i64));
    p.insert("automatic_failover".into(), Value::Bool(enabled_failover(g.automatic_failover())));
    p.insert("multi_az".into(), Value::Bool(g.multi_az() == Some(&MultiAzStatus::Enabled)));
    p.insert(
        "at_rest_encryption".into(),
        Value::Bool(g.at_rest_encryption_enabled().unwrap_or(false)),
    );
    p.insert(
        "transit_encryption".into(),
        Value::Bool(g.transit_encryption_enabled().unwrap_or(false)),
    );
    p.insert(
        "auto_minor_version_upgrade".into(),
        Value::Bool(g.auto_minor_version_upgrade().unwrap_or(false)),
    );
    p.insert(
        "snapshot_retention_limit".into(),
        Value::Int(g.snapshot_retention_limit().unwrap_or(0).into()),
    );
    if let Some(port) = shard.and_then(|s| s.primary_endpoint()).and_then(|e| e.port()) {
        p.insert("port".into(), Value::Int(port.into()));
    }
    if let Some(m) = member {
        if let Some(v) = m.engine_version() {
            p.insert("engine_version".into(), Value::str(short_version(v)));
        }
        if let Some(s) = m.cache_subnet_group_name() {
            p.insert("subnet_group_name".into(), Value::str(s));
        }
        p.insert(
            "security_group_ids".into(),
            list(m.security_groups().iter().filter_map(|s| s.security_group_id())),
        );
    }
    p
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

fn group_attrs(g: &ReplicationGroup) -> Vec<(&'static str, Value)> {
    let mut a = vec![
        ("id", Value::str(g.replication_group_id().unwrap_or_default())),
        ("arn", Value::str(g.arn().unwrap_or_default())),
    ];
    let shard = g.node_groups().first();
    if let Some(e) = shard.and_then(|s| s.primary_endpoint()).and_then(|e| e.address()) {
        a.push(("primary_endpoint", Value::str(e)));
    }
    if let Some(e) = shard.and_then(|s| s.reader_endpoint()).and_then(|e| e.address()) {
        a.push(("reader_endpoint", Value::str(e)));
    }
    a
}

async fn find_group(aws: &Aws, id: &str) -> Result<Option<ReplicationGroup>, ProviderError> {
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

/// One DescribeReplicationGroups for all, tags per group of the stack's prefix.
/// The group alone does not tell every setting: `props` stay unread and the
/// hash tag vouches for them (or `read` with `--refresh`).
async fn discover_groups(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let listing = Listing::new(aws, desired, &[Kind::CacheReplicationGroup], "a replication group");
    let page = |marker| async move {
        let page = aws.elasticache.describe_replication_groups().set_marker(marker).send().await;
        let page = page.op("elasticache:DescribeReplicationGroups")?;
        Ok((page.replication_groups().to_vec(), page.marker().map(str::to_string)))
    };
    // A group being deleted is gone for the stack (its name is not free yet,
    // which a create right after will say).
    fn name(g: &ReplicationGroup) -> Option<&str> {
        g.replication_group_id().filter(|_| g.status() != Some("deleting"))
    }
    let tags = |g: &ReplicationGroup| {
        let arn = g.arn().unwrap_or_default().to_string();
        async move { tags_for(aws, tagged, &arn).await }
    };
    listing
        .classify(page, name, tags, |id, g, tags| {
            let name = g.replication_group_id().unwrap_or_default();
            LiveResource::named(id, Kind::CacheReplicationGroup, name, &group_attrs(g), tags, None)
        })
        .await
}

/// The clusters of a one-shard group: its primary and `replicas`.
fn num_cache_clusters(replicas: i64) -> i32 {
    1 + replicas as i32
}

async fn create_group(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let out = aws
        .elasticache
        .create_replication_group()
        .replication_group_id(&req.node.name)
        .replication_group_description(p_str(p, "description"))
        .engine(p_str(p, "engine"))
        .engine_version(p_str(p, "engine_version"))
        .cache_node_type(p_str(p, "node_type"))
        // Cluster mode disabled, one shard: its size is `NumCacheClusters`, the
        // primary and its replicas (API reference: ReplicasPerNodeGroup is for
        // groups of several shards; automatic failover needs 2 clusters or more).
        .num_cache_clusters(num_cache_clusters(p_int(p, "replicas_per_node_group")))
        .automatic_failover_enabled(p_bool(p, "automatic_failover"))
        .multi_az_enabled(p_bool(p, "multi_az"))
        .at_rest_encryption_enabled(p_bool(p, "at_rest_encryption"))
        .transit_encryption_enabled(p_bool(p, "transit_encryption"))
        .snapshot_retention_limit(p_int(p, "snapshot_retention_limit") as i32)
        .auto_minor_version_upgrade(p_bool(p, "auto_minor_version_upgrade"))
        .port(p_int(p, "port") as i32)
        .cache_subnet_group_name(p_str(p, "subnet_group_name"))
        .set_security_group_ids(Some(p_strs(p, "security_group_ids")))
        .set_tags(Some(cache_tags(&req.tags)))
        .send()
        .await
        .op("elasticache:CreateReplicationGroup")?;
    let g = out
        .replication_group()
        .cloned()
        .unwrap_or_else(|| ReplicationGroup::builder().replication_group_id(&req.node.name).build());
    Ok(LiveResource::named(
        req.node.id.clone(),
        Kind::CacheReplicationGroup,
        &req.node.name,
        &group_attrs(&g),
        req.tags.clone(),
        Some(p.clone()),
    ))
}

/// Polls until the group is `available`; its endpoints are known from then on.
async fn wait_available(aws: &Aws, current: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    let g = retry::poll(POLL, || async {
        let g = find_group(aws, &current.physical_id)
            .await?
            .ok_or_else(|| not_found(&current.physical_id))?;
        call_log::observed(
            &format!("elasticache:replicationgroup/{}", current.physical_id),
            g.status().unwrap_or("unknown"),
        );
        match g.status().unwrap_or("unknown") {
            "available" => Ok(Some(g)),
            s @ ("create-failed" | "deleting") => Err(ProviderError::new(
                "elasticache:DescribeReplicationGroups",
                "ReplicationGroupNotAvailable",
                format!("replication group {} is {s} instead of becoming available", current.physical_id),
            )),
            s => {
                progress(format!("replication group {s}"));
                Ok(None)
            }
        }
    })
    .await?;
    let mut l = current.clone();
    let mut attrs: BTreeMap<String, Value> = l.attrs.clone();
    attrs.extend(group_attrs(&g).into_iter().map(|(k, v)| (k.to_string(), v)));
    l.attrs = attrs;
    Ok(l)
}

async fn modify_group(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    let p = &req.node.props;
    let id = &current.physical_id;
    let keys = [
        "description",
        "engine_version",
        "node_type",
        "automatic_failover",
        "multi_az",
        "security_group_ids",
        "snapshot_retention_limit",
        "auto_minor_version_upgrade",
    ];
    if changed(changes, &keys) {
        let has = |k: &str| changed(changes, &[k]);
        let mut call = aws
            .elasticache
            .modify_replication_group()
            .replication_group_id(id)
            .apply_immediately(true);
        if has("description") {
            call = call.replication_group_description(p_str(p, "description"));
        }
        if has("engine_version") {
            call = call.engine_version(p_str(p, "engine_version"));
        }
        if has("node_type") {
            call = call.cache_node_type(p_str(p, "node_type"));
        }
        if has("automatic_failover") {
            call = call.automatic_failover_enabled(p_bool(p, "automatic_failover"));
        }
        if has("multi_az") {
            call = call.multi_az_enabled(p_bool(p, "multi_az"));
        }
        if has("security_group_ids") {
            call = call.set_security_group_ids(Some(p_strs(p, "security_group_ids")));
        }
        if has("auto_minor_version_upgrade") {
            call = call.auto_minor_version_upgrade(p_bool(p, "auto_minor_version_upgrade"));
        }
        if has("snapshot_retention_limit") {
            call = call.snapshot_retention_limit(p_int(p, "snapshot_retention_limit") as i32);
        }
        call.send().await.op("elasticache:ModifyReplicationGroup")?;
        wait_available(aws, current, &|_| {}).await?;
    }
    if changed(changes, &["replicas_per_node_group"]) {
        let want = p_int(p, "replicas_per_node_group") as i32;
        let have = current
            .props
            .as_ref()
            .and_then(|o| o.get("replicas_per_node_group"))
            .and_then(Value::as_int);
        let have = match have {
            Some(h) => h as i32,
            None => {
                let g = find_group(aws, id).await?.ok_or_else(|| not_found(id))?;
                group_props(&g, None)
                    .get("replicas_per_node_group")
                    .and_then(Value::as_int)
                    .unwrap_or(0) as i32
            }
        };
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
        wait_available(aws, current, &|_| {}).await?;
    }
    Ok(())
}

/// Deletes the group and waits until AWS no longer has it: the cache subnet
/// group and the security groups are in use until then.
async fn delete_group(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let id = &current.physical_id;
    match aws.elasticache.delete_replication_group().replication_group_id(id).send().await {
        Ok(_) => {}
        Err(e) if NotFound::REPLICATION_GROUP.matches(&e) => return Ok(()),
        // Already being deleted (an earlier destroy was interrupted): wait for it.
        Err(e) if code_of(&e) == Some("InvalidReplicationGroupState") => {}
        Err(e) => return Err(sdk_error("elasticache:DeleteReplicationGroup", e)),
    }
    retry::poll(POLL, || async {
        let g = find_group(aws, id).await?;
        let status = g.as_ref().map_or(call_log::GONE, |g| g.status().unwrap_or("unknown"));
        call_log::observed(&format!("elasticache:replicationgroup/{id}"), status);
        Ok(g.is_none().then_some(()))
    })
    .await
}

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
