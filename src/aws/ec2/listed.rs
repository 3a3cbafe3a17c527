//! The network's resources as the Resource Groups Tagging API lists them: the
//! ARN names the resource (`vpc/vpc-0abc`), the tags give its logical id and
//! the stackctl:hash that stands for its settings. A no-op plan then needs no
//! EC2 Describe call for the network; settings are read per resource only
//! where the hash does not vouch for them, or with `plan --refresh`.

use std::collections::BTreeSet;

use super::{Query, live};
use crate::aws::tagging::Tagged;
use crate::graph::{Kind, Node, Value, tag};
use crate::plan::LiveResource;

/// The network kinds and their ARN resource types (`arn:aws:ec2:REGION:ACCOUNT:TYPE/ID`).
pub const LISTED: &[(Kind, &str)] = &[
    (Kind::Vpc, "vpc/"),
    (Kind::Subnet, "subnet/"),
    (Kind::InternetGateway, "internet-gateway/"),
    (Kind::ElasticIp, "elastic-ip/"),
    (Kind::NatGateway, "natgateway/"),
    (Kind::RouteTable, "route-table/"),
    (Kind::SecurityGroup, "security-group/"),
    (Kind::FlowLog, "vpc-flow-log/"),
];

fn kind_of(t: &Tagged) -> Option<(Kind, &str)> {
    let resource = t.arn.splitn(6, ':').nth(5)?;
    LISTED
        .iter()
        .find(|(_, prefix)| t.service() == "ec2" && resource.starts_with(prefix))
        .map(|(k, prefix)| (*k, &resource[prefix.len()..]))
}

/// The stack's network as listed, if the listing can be trusted for it: it
/// shows exactly the network resources the stack file describes, each once
/// (none for a stack without a network: EC2 is not asked at all).
/// Otherwise (`None`) the caller asks EC2 itself: a resource created moments
/// ago may not be listed yet, and one listed but not desired (an orphan to
/// delete) may be one deleted moments ago that the listing still shows.
pub fn network(tagged: &[Tagged], desired: &[&Node]) -> Option<Vec<LiveResource>> {
    let (q, mut found) = (Query::listed(), Vec::new());
    for t in tagged {
        let Some((kind, id)) = kind_of(t) else { continue };
        let attrs: Vec<(&str, Value)> = match kind {
            Kind::ElasticIp => vec![("allocation_id", Value::str(id))],
            _ => vec![],
        };
        found.push(live(&q, kind, id, t.tags.clone(), &attrs, None)?);
    }
    let listed: Vec<&str> = found.iter().map(|r| r.id.as_str()).collect();
    let wanted: BTreeSet<&str> = desired
        .iter()
        .filter(|n| LISTED.iter().any(|(k, _)| *k == n.kind))
        .map(|n| n.id.as_str())
        .collect();
    let unique: BTreeSet<&str> = listed.iter().copied().collect();
    let matches = unique.len() == listed.len() && unique == wanted;
    // Every resource carries the hash it was last applied with, else its
    // settings must be read anyway: let EC2's Describe calls do it in batch.
    let hashed = found.iter().all(|r| r.tags.contains_key(tag::HASH));
    (matches && hashed).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NodeId;

    fn tagged(arn: &str, id: &str) -> Tagged {
        let tags = [(tag::ID, id), (tag::STACK, "s"), (tag::HASH, "h")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Tagged { arn: arn.into(), tags }
    }

    fn node(id: &str, kind: Kind) -> Node {
        Node {
            id: NodeId::new(id),
            kind,
            name: id.into(),
            props: Default::default(),
            tags: Default::default(),
            deps: vec![],
            ignore_changes: vec![],
        }
    }

    #[test]
    fn the_listing_is_trusted_only_when_it_shows_exactly_the_desired_network() {
        let vpc = tagged("arn:aws:ec2:us-east-1:1:vpc/vpc-1", "network/vpc");
        let eip = tagged("arn:aws:ec2:us-east-1:1:elastic-ip/eipalloc-1", "network/eip/a");
        let queue = tagged("arn:aws:sqs:us-east-1:1:q", "queues/q");
        let (n_vpc, n_eip) = (node("network/vpc", Kind::Vpc), node("network/eip/a", Kind::ElasticIp));
        let desired = [&n_vpc, &n_eip];
        let found = network(&[vpc.clone(), eip.clone(), queue], &desired).expect("trusted");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].physical_id, "vpc-1");
        assert_eq!(found[1].attrs["allocation_id"], Value::str("eipalloc-1"));
        assert!(found.iter().all(|r| r.props.is_none()));
        // Not listed yet (created moments ago): ask EC2.
        assert!(network(std::slice::from_ref(&vpc), &desired).is_none());
        // Listed but not desired (maybe deleted moments ago): ask EC2.
        assert!(network(&[vpc.clone(), eip.clone()], &[&n_vpc]).is_none());
        // Listed twice under one logical id: ask EC2.
        let other = tagged("arn:aws:ec2:us-east-1:1:vpc/vpc-2", "network/vpc");
        assert!(network(&[vpc.clone(), other, eip.clone()], &desired).is_none());
        // A resource without its hash tag (a create cut short): ask EC2.
        let mut bare = vpc.clone();
        bare.tags.remove(tag::HASH);
        assert!(network(&[bare, eip.clone()], &desired).is_none());
        // No network desired and none listed: nothing to ask.
        assert_eq!(network(&[], &[]).map(|f| f.len()), Some(0));
        // None desired but some listed (the section removed): ask EC2.
        assert!(network(&[eip], &[]).is_none());
    }
}
