//! The DB subnet group: one per stack, found by name prefix and then by its
//! tags.

use aws_sdk_rds::types::DbSubnetGroup;

use super::{changed, rds_tags, strs};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::described::Described;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::resource::{created_by_name, name_and_arn};
use crate::aws::service::Discovered;
use crate::aws::tagging::Tagged;
use crate::aws::tags;
use crate::graph::props::DbSubnetGroupProps;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::{AttrChange, LiveResource};

fn subnet_group_props(g: &DbSubnetGroup) -> Props {
    Props::from(DbSubnetGroupProps {
        description: g.db_subnet_group_description().unwrap_or_default().to_string(),
        subnet_ids: g.subnets().iter().filter_map(|s| s.subnet_identifier()).map(Value::str).collect(),
    })
}

static SUBNET_GROUPS: Described<DbSubnetGroup> = Described::new(
    Kind::DbSubnetGroup,
    "a DB subnet group",
    DbSubnetGroup::db_subnet_group_name,
    subnet_group_attrs,
    Some(subnet_group_props),
);

fn subnet_group_attrs(g: &DbSubnetGroup) -> Vec<(&'static str, Value)> {
    name_and_arn(
        g.db_subnet_group_name().unwrap_or_default(),
        g.db_subnet_group_arn().unwrap_or_default(),
    )
    .to_vec()
}

pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let page = |marker| async move {
        let page = aws.rds.describe_db_subnet_groups().set_marker(marker).send().await;
        let page = page.op("rds:DescribeDBSubnetGroups")?;
        Ok((page.db_subnet_groups().to_vec(), page.marker().map(str::to_string)))
    };
    let tags = |arn: String| async move { rds_tags::listed_or_asked(&aws.rds, tagged, &arn).await };
    SUBNET_GROUPS.discover(aws, desired, page, tags).await
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws
        .rds
        .describe_db_subnet_groups()
        .db_subnet_group_name(&current.physical_id)
        .send()
        .await
        .op("rds:DescribeDBSubnetGroups")?;
    Ok(out.db_subnet_groups().first().map(subnet_group_props).unwrap_or_default())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let group = DbSubnetGroupProps::try_from(&req.node.props)?;
    let out = aws
        .rds
        .create_db_subnet_group()
        .db_subnet_group_name(&req.node.name)
        .db_subnet_group_description(&group.description)
        .set_subnet_ids(Some(strs(&group.subnet_ids)))
        .set_tags(Some(tags::to_sdk(&req.tags)?))
        .send()
        .await
        .op("rds:CreateDBSubnetGroup")?;
    let g = out.db_subnet_group();
    // RDS keeps subnet group names in lower case.
    let name = g.and_then(|g| g.db_subnet_group_name()).unwrap_or(&req.node.name);
    let arn = g.and_then(|g| g.db_subnet_group_arn()).unwrap_or_default();
    Ok(created_by_name(req, name, arn))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    if changed(changes, &["description", "subnet_ids"]) {
        let group = DbSubnetGroupProps::try_from(&req.node.props)?;
        aws.rds
            .modify_db_subnet_group()
            .db_subnet_group_name(&current.physical_id)
            .db_subnet_group_description(&group.description)
            .set_subnet_ids(Some(strs(&group.subnet_ids)))
            .send()
            .await
            .op("rds:ModifyDBSubnetGroup")?;
    }
    Ok(())
}

pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let asked = aws
        .rds
        .delete_db_subnet_group()
        .db_subnet_group_name(&current.physical_id)
        .send()
        .await;
    asked.ok_if_gone("rds:DeleteDBSubnetGroup", NotFound::DB_SUBNET_GROUP)
}

crate::resource!(DbSubnetGroups for DbSubnetGroup: discover, read, create, settings, delete);
