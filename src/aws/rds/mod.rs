//! RDS: the subnet group, the parameter group, the primary instance and its
//! read replicas. One DescribeDBInstances returns every instance with its tags
//! and settings; the groups are one of each per stack. Instances take minutes
//! to become available: replicas wait for their source (a `ready` edge), and
//! deletes wait until AWS no longer has the instance, so replicas are gone
//! before the primary's delete starts.

mod adopt;
mod instance;
mod parameter_group;
mod parameters;
mod snapshots;
mod subnet_group;
mod version;

pub use snapshots::final_snapshots;

use std::time::Duration;

use aws_sdk_rds::types::Tag;

use super::Aws;
use super::error::AwsResultExt;
use super::props::{changed, strs};
use super::tagging::Tagged;
use super::tags::{self, Tags};
use crate::apply::{DeleteOptions, Progress, ProviderError, Request};
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// How often readiness and deletion waits ask; the overall bound is the
/// scheduler's `--timeout`.
const POLL: Duration = Duration::from_secs(10);

/// Whether the primary's delete takes a final snapshot. Not an AWS setting:
/// expand sets it as a tag, so that `destroy` (which has only the live resource)
/// knows it, and `read` gives `final_snapshot` back from it.
pub const FINAL_SNAPSHOT_TAG: &str = "stackctl:final-snapshot";

// ---------------------------------------------------------------- helpers

fn rds_tags(t: &Tags) -> Vec<Tag> {
    t.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()
}
fn tags_of(t: &[Tag]) -> Tags {
    t.iter()
        .map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string()))
        .collect()
}
pub(super) async fn sync_tags(aws: &Aws, arn: &str, current: &Tags, desired: &Tags) -> Result<(), ProviderError> {
    let removed = tags::removed_keys(current, desired);
    if !removed.is_empty() {
        aws.rds
            .remove_tags_from_resource()
            .resource_name(arn)
            .set_tag_keys(Some(removed))
            .send()
            .await
            .op("rds:RemoveTagsFromResource")?;
    }
    aws.rds
        .add_tags_to_resource()
        .resource_name(arn)
        .set_tags(Some(rds_tags(desired)))
        .send()
        .await
        .op("rds:AddTagsToResource")?;
    Ok(())
}

/// The resource's tags (`tagging::listed_or`: listed, else asked of the service).
pub(super) async fn tags_for(aws: &Aws, tagged: &[Tagged], arn: &str) -> Result<Tags, ProviderError> {
    crate::aws::tagging::listed_or(tagged, arn, || async {
        let out = aws
            .rds
            .list_tags_for_resource()
            .resource_name(arn)
            .send()
            .await
            .op("rds:ListTagsForResource")?;
        Ok(tags_of(out.tag_list()))
    })
    .await
}

// ---------------------------------------------------------------- service

pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let (a, b, c) = tokio::try_join!(
        instance::discover_instances(aws, desired),
        subnet_group::discover_subnet_groups(aws, tagged, desired),
        parameter_group::discover_parameter_groups(aws, tagged, desired)
    )?;
    let mut found = a.0;
    let mut conflicts = a.1;
    for (f, c) in [b, c] {
        found.extend(f);
        conflicts.extend(c);
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    match current.kind {
        Kind::DbInstance | Kind::DbReplica => {
            let db = instance::find_instance(aws, &current.physical_id)
                .await?
                .ok_or_else(|| instance::not_found(&current.physical_id))?;
            // In the terms discovery used (a minor version AWS moved forward reads
            // as the stack's), so `plan --refresh` proposes no downgrade either.
            Ok(instance::instance_props(&db, current.props.as_ref()))
        }
        Kind::DbSubnetGroup => subnet_group::read_subnet_group(aws, current).await,
        Kind::DbParameterGroup => parameter_group::read_parameter_group(aws, current).await,
        other => Err(super::unsupported(other)),
    }
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    match req.node.kind {
        Kind::DbSubnetGroup => subnet_group::create_subnet_group(aws, req).await,
        Kind::DbParameterGroup => parameter_group::create_parameter_group(aws, req).await,
        Kind::DbInstance => instance::create_instance(aws, req).await,
        Kind::DbReplica => instance::create_replica(aws, req).await,
        other => Err(super::unsupported(other)),
    }
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    match req.node.kind {
        Kind::DbSubnetGroup => subnet_group::update_subnet_group(aws, req, current, changes).await?,
        Kind::DbParameterGroup => parameter_group::update_parameter_group(aws, req, current, changes).await?,
        Kind::DbInstance | Kind::DbReplica => instance::modify_instance(aws, req, current, changes).await?,
        other => return Err(super::unsupported(other)),
    }
    let arn = current.attrs.get("arn").and_then(Value::as_str).unwrap_or_default().to_string();
    if current.tags != req.tags {
        sync_tags(aws, &arn, &current.tags, &req.tags).await?;
    }
    let mut updated = current.clone();
    updated.props = Some(p.clone());
    updated.tags = req.tags.clone();
    Ok(updated)
}

pub async fn delete(aws: &Aws, current: &LiveResource, options: DeleteOptions) -> Result<(), ProviderError> {
    match current.kind {
        Kind::DbInstance | Kind::DbReplica => instance::delete_instance(aws, current, options).await,
        Kind::DbSubnetGroup => subnet_group::delete_subnet_group(aws, current).await,
        Kind::DbParameterGroup => parameter_group::delete_parameter_group(aws, current).await,
        other => Err(super::unsupported(other)),
    }
}

pub async fn wait_ready(aws: &Aws, current: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    match current.kind {
        Kind::DbInstance | Kind::DbReplica => instance::wait_available(aws, current, progress).await,
        _ => Ok(current.clone()),
    }
}

crate::legacy_service!(
    Rds,
    [DbSubnetGroup, DbParameterGroup, DbInstance, DbReplica],
    wait = wait_ready,
    adopt = (adopt::find, adopt::add_tags)
);
