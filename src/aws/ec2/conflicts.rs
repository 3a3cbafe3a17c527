//! Network resources with the stack's names but without its tags. EC2 ids are
//! generated, so the names a stack gives are `Name` tags: a VPC or security
//! group made in the console with the stack's `Name` would otherwise be
//! duplicated silently. One DescribeTags call for every desired network
//! resource the stack does not have yet (none once the stack is applied), and
//! one Describe per resource it finds, to read its tags and state.

use aws_sdk_ec2::types::Filter;

use super::Ec2;
use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::error::AwsResultExt;
use crate::aws::service::{Lookup, Service};
use crate::graph::{Node, tag};
use crate::plan::import::kinds_of_id;
use crate::plan::{Conflict, LiveResource};

/// Desired network resources without a resource of the stack whose `Name` tag
/// is held by a resource without an ownership tag.
pub async fn by_name_tag(aws: &Aws, desired: &[&Node], found: &[LiveResource]) -> Result<Vec<Conflict>, ProviderError> {
    let missing: Vec<&Node> = desired
        .iter()
        .filter(|n| Ec2.resource(n.kind).is_some() && !found.iter().any(|f| f.id == n.id))
        .copied()
        .collect();
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    let mut names: Vec<&str> = missing.iter().map(|n| n.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let values = Filter::builder()
        .name("value")
        .set_values(Some(names.iter().map(|n| n.to_string()).collect()))
        .build();
    let out = aws
        .ec2
        .describe_tags()
        .filters(super::filter("key", "Name"))
        .filters(values)
        .send()
        .await
        .op("ec2:DescribeTags")?;
    let mut conflicts = Vec::new();
    for t in out.tags() {
        let (Some(aws_id), Some(name)) = (t.resource_id(), t.value()) else {
            continue;
        };
        let kinds = kinds_of_id(aws_id).unwrap_or_default();
        let Some(node) = missing.iter().find(|n| n.name == name && kinds.contains(&n.kind)) else {
            continue;
        };
        if conflicts.iter().any(|c: &Conflict| c.id == node.id) {
            continue;
        }
        if untagged(aws, node, aws_id).await? {
            conflicts.push(Conflict {
                id: node.id.clone(),
                kind: node.kind,
                name: node.name.clone(),
                reason: format!("a {} with this Name tag exists without this stack's tags", noun(node)),
                aws_id: Some(aws_id.to_string()),
            });
        }
    }
    Ok(conflicts)
}

/// Whether the resource exists (a deleted NAT gateway stays visible for an
/// hour) without any stack's ownership tag: found as an import finds it.
async fn untagged(aws: &Aws, node: &Node, aws_id: &str) -> Result<bool, ProviderError> {
    Ok(match Ec2.find(aws, node, aws_id).await? {
        Lookup::Found(live) => !live.tags.contains_key(tag::STACK),
        _ => false,
    })
}

fn noun(node: &Node) -> &'static str {
    use crate::graph::Kind;
    match node.kind {
        Kind::Vpc => "VPC",
        Kind::Subnet => "subnet",
        Kind::InternetGateway => "internet gateway",
        Kind::ElasticIp => "Elastic IP",
        Kind::NatGateway => "NAT gateway",
        Kind::RouteTable => "route table",
        _ => "security group",
    }
}
