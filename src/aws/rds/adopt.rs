//! `stackctl import` of RDS resources: found by identifier or ARN, tagged with
//! AddTagsToResource. Settings are left to `read`, which takes the name.

use super::{instance, rds_tags};
use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::adopt::{found, merged, name_in};
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::resource;
use crate::aws::service::Lookup;
use crate::aws::tags::Tags;
use crate::graph::{Kind, Node};
use crate::plan::LiveResource;

pub async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    let name = name_in(aws_id, &[':']);
    let arn = match node.kind {
        Kind::DbInstance | Kind::DbReplica => {
            let Some(db) = instance::find_instance(aws, &name).await? else {
                return Ok(Lookup::Missing);
            };
            let tags = rds_tags::list(&aws.rds, db.db_instance_arn().unwrap_or_default()).await?;
            // In the stack's terms, as discovery reads it (a minor version AWS
            // moved forward is not a downgrade to propose).
            let props = instance::instance_props(&db, Some(&node.props));
            let live = instance::instance_live(node.id.clone(), &db, tags, Some(props));
            // A primary and a replica have ARNs alike: the source tells them apart.
            if live.kind != node.kind {
                return Ok(Lookup::OtherKind(live.kind));
            }
            return Ok(found(node, live));
        }
        Kind::DbSubnetGroup => aws
            .rds
            .describe_db_subnet_groups()
            .db_subnet_group_name(&name)
            .send()
            .await
            .if_exists("rds:DescribeDBSubnetGroups", NotFound::DB_SUBNET_GROUP)?
            .and_then(|o| o.db_subnet_groups().first()?.db_subnet_group_arn().map(str::to_string)),
        Kind::DbParameterGroup => aws
            .rds
            .describe_db_parameter_groups()
            .db_parameter_group_name(&name)
            .send()
            .await
            .if_exists("rds:DescribeDBParameterGroups", NotFound::DB_PARAMETER_GROUP)?
            .and_then(|o| o.db_parameter_groups().first()?.db_parameter_group_arn().map(str::to_string)),
        _ => return Ok(Lookup::Unsupported),
    };
    let Some(arn) = arn else { return Ok(Lookup::Missing) };
    let tags = rds_tags::list(&aws.rds, &arn).await?;
    Ok(found(
        node,
        resource::known_by_name(node.id.clone(), node.kind, &name, &arn, tags, None),
    ))
}

pub async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    let arn = resource::arn(live);
    rds_tags::sync(&aws.rds, arn, &live.tags, &merged(&live.tags, tags)).await
}
