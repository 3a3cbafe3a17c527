//! `stackctl import` of network resources: the Describe call discovery uses,
//! filtered by the resource's id instead of the stack's tag; tagged with
//! CreateTags.

use super::{Query, describe, sync_tags};
use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::adopt::{found, merged};
use crate::aws::service::Lookup;
use crate::aws::tags::Tags;
use crate::graph::{Kind, Node};
use crate::plan::LiveResource;

/// The Describe filter that selects a resource of `kind` by its id.
pub(super) fn id_filter(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Vpc => "vpc-id",
        Kind::Subnet => "subnet-id",
        Kind::InternetGateway => "internet-gateway-id",
        Kind::ElasticIp => "allocation-id",
        Kind::NatGateway => "nat-gateway-id",
        Kind::RouteTable => "route-table-id",
        Kind::SecurityGroup => "group-id",
        Kind::FlowLog => "flow-log-id",
        _ => return None,
    })
}

pub async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    let Some(filter) = id_filter(node.kind) else {
        return Ok(Lookup::Unsupported);
    };
    let q = Query::one(filter, aws_id, &node.id);
    // The resource with that very id (a filter an emulator ignores must not
    // make another resource the one adopted).
    Ok(
        match describe(aws, node.kind, &q).await?.into_iter().find(|l| l.physical_id == aws_id) {
            Some(live) => found(node, live),
            None => Lookup::Missing,
        },
    )
}

pub async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    sync_tags(aws, &live.physical_id, &live.tags, &merged(&live.tags, tags)).await
}
