//! The network in EC2: VPC, subnets, internet and NAT gateways, Elastic IPs,
//! route tables, security groups and the VPC's flow log. Discovery takes them
//! from the Tagging API's listing when it shows exactly the stack's network
//! (`listed`), else from one Describe call per kind with a tag filter, however
//! large the stack.

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

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use aws_sdk_ec2::types::{Filter, ResourceType, Tag, TagSpecification};

use super::error::AwsResultExt;
use super::tags::{self, Tags};
use super::{Aws, retry};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::aws::service::Discovered;
use crate::aws::tagging::Tagged;
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, LiveResource};

/// How long a delete retries `DependencyViolation` (network interfaces of a
/// deleted load balancer or cluster linger for minutes).
pub const DEPENDENCY_WAIT: Duration = Duration::from_secs(20 * 60);

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
            filter: Filter::builder().name(format!("tag:{}", tag::STACK)).values(&aws.stack).build(),
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
            filter: Filter::builder().name(filter).values(aws_id).build(),
            adopt_as: Some(adopt_as.clone()),
        }
    }
}

pub fn tag_spec(kind: ResourceType, tags: &Tags) -> TagSpecification {
    TagSpecification::builder()
        .resource_type(kind)
        .set_tags(Some(tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()))
        .build()
}

pub fn tags_of(t: &[Tag]) -> Tags {
    t.iter()
        .map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string()))
        .collect()
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
    let mut a: BTreeMap<String, Value> = attrs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    a.insert("id".into(), Value::str(physical_id));
    Some(LiveResource {
        id,
        kind,
        name,
        physical_id: physical_id.to_string(),
        attrs: a,
        props,
        tags,
    })
}

/// The live resources that `each` makes of a Describe call's `items` (`None`
/// for an item that is not the stack's, or lacks what its kind needs).
pub fn found<T>(items: &[T], each: impl Fn(&T) -> Option<LiveResource>) -> Vec<LiveResource> {
    items.iter().filter_map(each).collect()
}

/// The live resource after a create or update: what we asked for.
pub fn created(req: &Request, physical_id: &str, attrs: &[(&str, Value)]) -> LiveResource {
    let mut a: BTreeMap<String, Value> = attrs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    a.insert("id".into(), Value::str(physical_id));
    LiveResource {
        id: req.node.id.clone(),
        kind: req.node.kind,
        name: req.node.name.clone(),
        physical_id: physical_id.to_string(),
        attrs: a,
        props: Some(req.node.props.clone()),
        tags: req.tags.clone(),
    }
}

/// Makes the resource's tags equal to `desired`.
pub async fn sync_tags(aws: &Aws, resource: &str, current: &Tags, desired: &Tags) -> Result<(), ProviderError> {
    let removed = tags::removed_keys(current, desired);
    if !removed.is_empty() {
        let keys = removed.iter().map(|k| Tag::builder().key(k).build()).collect();
        aws.ec2
            .delete_tags()
            .resources(resource)
            .set_tags(Some(keys))
            .send()
            .await
            .op("ec2:DeleteTags")?;
    }
    let set: Vec<Tag> = desired
        .iter()
        .filter(|(k, v)| current.get(*k) != Some(*v))
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect();
    if !set.is_empty() {
        aws.ec2
            .create_tags()
            .resources(resource)
            .set_tags(Some(set))
            .send()
            .await
            .op("ec2:CreateTags")?;
    }
    Ok(())
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

/// The resources of `kind` that `q` selects.
pub(crate) async fn describe(aws: &Aws, kind: Kind, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    match kind {
        Kind::Vpc => vpc::discover(aws, q).await,
        Kind::Subnet => subnet::discover(aws, q).await,
        Kind::InternetGateway => internet_gateway::discover(aws, q).await,
        Kind::ElasticIp => elastic_ip::discover(aws, q).await,
        Kind::NatGateway => nat_gateway::discover(aws, q).await,
        Kind::RouteTable => route_table::discover(aws, q).await,
        Kind::SecurityGroup => security_group::discover(aws, q).await,
        Kind::FlowLog => flow_log::discover(aws, q).await,
        other => Err(crate::aws::unsupported(other)),
    }
}

const KINDS: [Kind; 8] = [
    Kind::Vpc,
    Kind::Subnet,
    Kind::InternetGateway,
    Kind::ElasticIp,
    Kind::NatGateway,
    Kind::RouteTable,
    Kind::SecurityGroup,
    Kind::FlowLog,
];

/// Every network resource of the stack in one Describe call per kind.
async fn describe_network(aws: &Aws) -> Result<Vec<LiveResource>, ProviderError> {
    let q = Query::stack(aws);
    let found = futures::future::try_join_all(KINDS.iter().map(|k| describe(aws, *k, &q))).await?;
    Ok(found.into_iter().flatten().collect())
}

pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let found = match listed::network(tagged, desired) {
        Some(found) => found,
        None => describe_network(aws).await?,
    };
    let conflicts = conflicts::by_name_tag(aws, desired, &found).await?;
    Ok((found, conflicts))
}

/// One resource's settings: its kind's Describe call (with the stack's tag
/// filter, as discovery makes it), this resource picked out.
pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let gone = || {
        ProviderError::new(
            "ec2",
            crate::aws::discover::GONE,
            format!("{} {} is no longer in EC2", current.kind, current.physical_id),
        )
    };
    if current.kind == Kind::Vpc {
        return vpc::read(aws, current)
            .await
            .map_err(|e| if e.code == "InvalidVpcID.NotFound" { gone() } else { e });
    }
    let all = describe(aws, current.kind, &Query::stack(aws)).await?;
    all.into_iter()
        .find(|r| r.physical_id == current.physical_id)
        .and_then(|r| r.props)
        .ok_or_else(gone)
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    match req.node.kind {
        Kind::Vpc => vpc::create(aws, req).await,
        Kind::Subnet => subnet::create(aws, req).await,
        Kind::InternetGateway => internet_gateway::create(aws, req).await,
        Kind::ElasticIp => elastic_ip::create(aws, req).await,
        Kind::NatGateway => nat_gateway::create(aws, req).await,
        Kind::RouteTable => route_table::create(aws, req).await,
        Kind::SecurityGroup => security_group::create(aws, req).await,
        Kind::FlowLog => flow_log::create(aws, req).await,
        other => Err(crate::aws::unsupported(other)),
    }
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    match req.node.kind {
        Kind::Vpc => vpc::update(aws, req, current, changes).await?,
        Kind::Subnet => subnet::update(aws, req, current, changes).await?,
        Kind::InternetGateway => internet_gateway::update(aws, req, current).await?,
        Kind::RouteTable => route_table::update(aws, req, current).await?,
        Kind::SecurityGroup => security_group::update(aws, req, current).await?,
        // Elastic IPs, NAT gateways and flow logs change only their tags in place.
        Kind::ElasticIp | Kind::NatGateway | Kind::FlowLog => {}
        other => return Err(crate::aws::unsupported(other)),
    }
    sync_tags(aws, &current.physical_id, &current.tags, &req.tags).await?;
    let mut updated = current.clone();
    updated.props = Some(req.node.props.clone());
    updated.tags = req.tags.clone();
    Ok(updated)
}

pub async fn delete(aws: &Aws, current: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    match current.kind {
        Kind::Vpc => vpc::delete(aws, current).await,
        Kind::Subnet => subnet::delete(aws, current).await,
        Kind::InternetGateway => internet_gateway::delete(aws, current).await,
        Kind::ElasticIp => elastic_ip::delete(aws, current).await,
        Kind::NatGateway => nat_gateway::delete(aws, current).await,
        Kind::RouteTable => route_table::delete(aws, current).await,
        Kind::SecurityGroup => security_group::delete(aws, current).await,
        Kind::FlowLog => flow_log::delete(aws, current).await,
        other => Err(crate::aws::unsupported(other)),
    }
}

pub async fn wait_ready(aws: &Aws, current: &LiveResource, progress: crate::apply::Progress<'_>) -> Result<LiveResource, ProviderError> {
    match current.kind {
        Kind::NatGateway => nat_gateway::wait_available(aws, current, progress).await,
        _ => Ok(current.clone()),
    }
}

crate::legacy_service!(
    Ec2,
    [
        Vpc,
        Subnet,
        InternetGateway,
        ElasticIp,
        NatGateway,
        RouteTable,
        SecurityGroup,
        FlowLog
    ],
    wait = wait_ready,
    adopt = (adopt::find, adopt::add_tags)
);
