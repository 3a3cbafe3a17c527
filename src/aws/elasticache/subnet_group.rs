//! The cache subnet group: one per stack, read with its tags, created with them.

use aws_sdk_elasticache::types::CacheSubnetGroup;

use super::{Aws, elasticache_tags};
use crate::apply::{ProviderError, Request};
use crate::aws::described::Described;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::props::{changed, strs};
use crate::aws::resource::{created_by_name, name_and_arn};
use crate::aws::service::Discovered;
use crate::aws::tagging::Tagged;
use crate::aws::tags;
use crate::graph::props::CacheSubnetGroupProps;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::{AttrChange, LiveResource};

pub(super) fn subnet_group_props(g: &CacheSubnetGroup) -> Props {
    Props::from(CacheSubnetGroupProps {
        description: g.cache_subnet_group_description().unwrap_or_default().to_string(),
        subnet_ids: g.subnets().iter().filter_map(|s| s.subnet_identifier()).map(Value::str).collect(),
    })
}

static SUBNET_GROUPS: Described<CacheSubnetGroup> = Described::new(
    Kind::CacheSubnetGroup,
    "a cache subnet group",
    CacheSubnetGroup::cache_subnet_group_name,
    subnet_group_attrs,
    Some(subnet_group_props),
);

fn subnet_group_attrs(g: &CacheSubnetGroup) -> Vec<(&'static str, Value)> {
    name_and_arn(g.cache_subnet_group_name().unwrap_or_default(), g.arn().unwrap_or_default()).to_vec()
}

pub(super) async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let page = |marker| async move {
        let page = aws.elasticache.describe_cache_subnet_groups().set_marker(marker).send().await;
        let page = page.op("elasticache:DescribeCacheSubnetGroups")?;
        Ok((page.cache_subnet_groups().to_vec(), page.marker().map(str::to_string)))
    };
    let tags = |arn: String| async move { elasticache_tags::listed_or_asked(&aws.elasticache, tagged, &arn).await };
    SUBNET_GROUPS.discover(aws, desired, page, tags).await
}

/// The group named `name`, or `None` where ElastiCache has none.
pub(super) async fn find_subnet_group(aws: &Aws, name: &str) -> Result<Option<CacheSubnetGroup>, ProviderError> {
    let asked = aws
        .elasticache
        .describe_cache_subnet_groups()
        .cache_subnet_group_name(name)
        .send()
        .await;
    let out = asked.if_exists("elasticache:DescribeCacheSubnetGroups", NotFound::CACHE_SUBNET_GROUP)?;
    Ok(out.and_then(|o| o.cache_subnet_groups().first().cloned()))
}

pub(super) async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws
        .elasticache
        .describe_cache_subnet_groups()
        .cache_subnet_group_name(&current.physical_id)
        .send()
        .await
        .op("elasticache:DescribeCacheSubnetGroups")?;
    Ok(out.cache_subnet_groups().first().map(subnet_group_props).unwrap_or_default())
}

pub(super) async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = CacheSubnetGroupProps::try_from(&req.node.props)?;
    let out = aws
        .elasticache
        .create_cache_subnet_group()
        .cache_subnet_group_name(&req.node.name)
        .cache_subnet_group_description(&p.description)
        .set_subnet_ids(Some(strs(&p.subnet_ids)))
        .set_tags(Some(tags::to_sdk(&req.tags)?))
        .send()
        .await
        .op("elasticache:CreateCacheSubnetGroup")?;
    let g = out.cache_subnet_group();
    // ElastiCache keeps subnet group names in lower case.
    let name = g.and_then(|g| g.cache_subnet_group_name()).unwrap_or(&req.node.name);
    let arn = g.and_then(|g| g.arn()).unwrap_or_default();
    Ok(created_by_name(req, name, arn))
}

pub(super) async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    if changed(changes, &["description", "subnet_ids"]) {
        let p = CacheSubnetGroupProps::try_from(&req.node.props)?;
        aws.elasticache
            .modify_cache_subnet_group()
            .cache_subnet_group_name(&current.physical_id)
            .cache_subnet_group_description(&p.description)
            .set_subnet_ids(Some(strs(&p.subnet_ids)))
            .send()
            .await
            .op("elasticache:ModifyCacheSubnetGroup")?;
    }
    Ok(())
}

pub(super) async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let asked = aws
        .elasticache
        .delete_cache_subnet_group()
        .cache_subnet_group_name(&current.physical_id)
        .send()
        .await;
    asked.ok_if_gone("elasticache:DeleteCacheSubnetGroup", NotFound::CACHE_SUBNET_GROUP)
}

crate::resource!(CacheSubnetGroups for CacheSubnetGroup: discover, read, create, settings, delete);
