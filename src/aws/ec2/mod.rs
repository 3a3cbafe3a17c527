//! The network in EC2: VPC, subnets, internet and NAT gateways, Elastic IPs,
//! route tables, security groups and the VPC's flow log. Discovery takes them
//! from the Tagging API's listing when it shows exactly the stack's network
//! (`listed`), else from one Describe call per kind with a tag filter, however
//! large the stack. Each kind's file declares its unit with `network!`: its
//! Describe call serves discovery, reading and `stackctl import` alike.

mod adopt;
mod conflicts;
mod default_acl;
mod default_group;
mod elastic_ip;
mod flow_log;
mod internet_gateway;
mod listed;
mod nat_gateway;
mod route_table;
mod security_group;
mod subnet;
mod vpc;
mod zones;

pub use zones::offered as offered_zones;

use std::future::Future;
use std::time::Duration;

use aws_sdk_ec2::types::{Filter, ResourceType, TagSpecification};

use super::error::AwsResultExt;
use super::tag_api::FromKeys;
use super::tags::{self, Tags};
use super::{Aws, retry};
use crate::apply::{ProviderError, Request};
use crate::aws::service::{Discovered, Service, discover_each};
use crate::aws::tagging::Tagged;
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::LiveResource;

/// How long a delete retries `DependencyViolation` (network interfaces of a
/// deleted load balancer or cluster linger for minutes).
pub const DEPENDENCY_WAIT: Duration = Duration::from_secs(20 * 60);

/// A Describe filter: `name` is `value`.
pub(crate) fn filter(name: impl Into<String>, value: impl Into<String>) -> Filter {
    Filter::builder().name(name).values(value).build()
}

/// Which resources a Describe call returns: the stack's (by its tag), or the
/// one `stackctl import` names (by its id), taken as the node `adopt_as`
/// whatever its tags say, so that the checks can read them.
pub struct Query {
    pub filter: Filter,
    pub adopt_as: Option<NodeId>,
}

impl Query {
    pub fn stack(aws: &Aws) -> Query {
        Query {
            filter: filter(format!("tag:{}", tag::STACK), &aws.stack),
            adopt_as: None,
        }
    }

    /// Resources the Tagging API listed, taken by their own tags; no Describe
    /// call is made with it (its filter selects nothing).
    pub fn listed() -> Query {
        Query {
            filter: Filter::builder().build(),
            adopt_as: None,
        }
    }

    /// The resource whose id (`filter`: `vpc-id`, `group-id`...) is `aws_id`.
    pub fn one(filter: &str, aws_id: &str, adopt_as: &NodeId) -> Query {
        Query {
            filter: self::filter(filter, aws_id),
            adopt_as: Some(adopt_as.clone()),
        }
    }
}

/// The tags a create call gives the resource of type `kind` it makes.
pub fn tag_spec(kind: ResourceType, tags: &Tags) -> Result<TagSpecification, ProviderError> {
    Ok(TagSpecification::builder()
        .resource_type(kind)
        .set_tags(Some(tags::to_sdk(tags)?))
        .build())
}

pub fn live(q: &Query, kind: Kind, physical_id: &str, tags: Tags, attrs: &[(&str, Value)], props: Option<Props>) -> Option<LiveResource> {
    let (id, name) = match &q.adopt_as {
        // An import checks the Name tag: none is no name.
        Some(id) => (id.clone(), tags.get("Name").cloned().unwrap_or_default()),
        None => (
            NodeId::new(tags.get(tag::ID)?.clone()),
            tags.get("Name").cloned().unwrap_or_else(|| physical_id.to_string()),
        ),
    };
    let mut live = LiveResource::new(id, kind, &name, physical_id, attrs, tags, props);
    live.attrs.insert("id".into(), Value::str(physical_id));
    Some(live)
}

/// The live resources that `each` makes of a Describe call's `items` (`None`
/// for an item that is not the stack's, or lacks what its kind needs).
pub fn found<T>(items: &[T], each: impl Fn(&T) -> Option<LiveResource>) -> Vec<LiveResource> {
    items.iter().filter_map(each).collect()
}

/// The live resource after a create or update: what we asked for.
pub fn created(req: &Request, physical_id: &str, attrs: &[(&str, Value)]) -> LiveResource {
    let mut live = super::resource::created(req, physical_id, attrs);
    live.attrs.insert("id".into(), Value::str(physical_id));
    live
}

/// Makes the resource's tags equal to `desired`: DeleteTags takes the keys as
/// tags without values (a value would delete only a tag holding it), and
/// CreateTags only the tags that change.
pub async fn sync_tags(aws: &Aws, resource: &str, current: &Tags, desired: &Tags) -> Result<(), ProviderError> {
    let untag = |keys| async move {
        aws.ec2
            .delete_tags()
            .resources(resource)
            .set_tags(Some(FromKeys::from_keys(keys)?))
            .send()
            .await
            .op("ec2:DeleteTags")?;
        Ok(())
    };
    tags::sync(current, desired, untag, || async {
        let set = tags::changed(current, desired);
        if !set.is_empty() {
            aws.ec2
                .create_tags()
                .resources(resource)
                .set_tags(Some(tags::to_sdk(&set)?))
                .send()
                .await
                .op("ec2:CreateTags")?;
        }
        Ok(())
    })
    .await
}

/// Deletes (or detaches) through `call`, retrying while AWS says something
/// still uses the resource (`DependencyViolation`), for up to `DEPENDENCY_WAIT`.
pub async fn delete_when_unused<T, F, Fut>(call: F) -> Result<(), ProviderError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ProviderError>>,
{
    retry::until_not(&["DependencyViolation"], DEPENDENCY_WAIT, call).await.map(drop)
}

/// Writes the stackctl:hash tag of a resource created without it, once every
/// setting it stands for is set: a create cut short leaves no hash, so the
/// next plan reads the settings instead of trusting them.
pub async fn tag_hash(aws: &Aws, id: &str, req: &Request) -> Result<(), ProviderError> {
    sync_tags(aws, id, &tags::without_hash(&req.tags), &req.tags).await
}

/// The error of a resource discovery listed that EC2 no longer has.
fn gone(live: &LiveResource) -> ProviderError {
    ProviderError::new(
        "ec2",
        crate::aws::discover::GONE,
        format!("{} {} is no longer in EC2", live.kind, live.physical_id),
    )
}

/// One resource's settings: what its kind's Describe call with the stack's
/// tag filter (as discovery makes it) says of it.
pub fn picked(live: &LiveResource, described: Vec<LiveResource>) -> Result<Props, ProviderError> {
    described
        .into_iter()
        .find(|r| r.physical_id == live.physical_id)
        .and_then(|r| r.props)
        .ok_or_else(|| gone(live))
}

/// Declares a network kind's unit (`resource!`) from its file's
/// `describe(aws, &Query)`, which serves discovery (the stack's tag filter),
/// `read` (unless the entries name one) and `stackctl import` (the Describe
/// filter `$filter` on the resource's id).
macro_rules! network {
    ($name:ident for $kind:ident, $filter:literal: read, $($entries:tt)*) => {
        async fn discover(aws: &Aws, _: &[crate::aws::tagging::Tagged], _: &[&crate::graph::Node]) -> Result<crate::aws::service::Discovered, ProviderError> {
            Ok((describe(aws, &Query::stack(aws)).await?, Vec::new()))
        }

        async fn find(aws: &Aws, node: &crate::graph::Node, aws_id: &str) -> Result<crate::aws::service::Lookup, ProviderError> {
            let described = describe(aws, &Query::one($filter, aws_id, &node.id)).await?;
            Ok(super::adopt::the_one(node, aws_id, described))
        }

        crate::resource!($name for $kind: discover, read, $($entries)*, adopt = (find, super::adopt::add_tags));
    };
    ($name:ident for $kind:ident, $filter:literal: $($entries:tt)*) => {
        async fn read(aws: &Aws, live: &LiveResource) -> Result<crate::graph::Props, ProviderError> {
            super::picked(live, describe(aws, &Query::stack(aws)).await?)
        }

        super::network!($name for $kind, $filter: read, $($entries)*);
    };
}
pub(crate) use network;

/// After every update: the tags (only those that differ are written).
async fn retag(aws: &Aws, live: &LiveResource, desired: &Tags) -> Result<(), ProviderError> {
    sync_tags(aws, &live.physical_id, &live.tags, desired).await
}

/// The stack's network as the Tagging API lists it, else each kind's Describe
/// call; then names held by resources without the stack's tags.
async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let found = match listed::network(tagged, desired) {
        Some(found) => found,
        None => discover_each(Ec2.resources(), aws, tagged, desired).await?.0,
    };
    let conflicts = conflicts::by_name_tag(aws, desired, &found).await?;
    Ok((found, conflicts))
}

crate::service!(
    Ec2: [
        vpc::Vpcs,
        subnet::Subnets,
        internet_gateway::InternetGateways,
        elastic_ip::ElasticIps,
        nat_gateway::NatGateways,
        route_table::RouteTables,
        security_group::SecurityGroups,
        flow_log::FlowLogs,
    ],
    discover = discover,
    sync_tags = retag,
);
