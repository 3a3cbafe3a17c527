//! `stackctl import` of network resources: the Describe call discovery uses,
//! filtered by the resource's id instead of the stack's tag; tagged with
//! CreateTags.

use super::sync_tags;
use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::adopt::{found, merged};
use crate::aws::service::Lookup;
use crate::aws::tags::Tags;
use crate::graph::Node;
use crate::plan::LiveResource;

/// The resource a Describe call filtered by `aws_id` returned, taken as
/// `node`: the one with that very id (a filter an emulator ignores must not
/// make another resource the one adopted).
pub fn the_one(node: &Node, aws_id: &str, described: Vec<LiveResource>) -> Lookup {
    match described.into_iter().find(|l| l.physical_id == aws_id) {
        Some(live) => found(node, live),
        None => Lookup::Missing,
    }
}

pub async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    sync_tags(aws, &live.physical_id, &live.tags, &merged(&live.tags, tags)).await
}
