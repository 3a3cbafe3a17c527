//! Security groups with their rules as properties (rules cannot be tagged).
//! A rule is `{protocol, from_port, to_port, source}`; the source is a CIDR,
//! another group's id, `self`, or `{prefix_list: <name>}`.

use std::collections::HashMap;

use aws_sdk_ec2::types::{IpPermission, IpRange, ManagedPrefixList, PrefixListId, ResourceType, SecurityGroup, UserIdGroupPair};

use super::{Query, created, delete_when_unused, found, live, tag_spec};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::tags::{self, from_sdk};
use crate::graph::props::{Rule, RuleSource, SecurityGroupProps};
use crate::graph::{Kind, Value};
use crate::plan::{AttrChange, LiveResource};

fn rule(protocol: &str, from: i32, to: i32, source: RuleSource) -> Rule {
    let (from, to) = if protocol == "-1" { (0, 0) } else { (from, to) };
    Rule {
        protocol: protocol.to_string(),
        from_port: i64::from(from),
        to_port: i64::from(to),
        source,
    }
}

/// One rule per source, as the stack file writes them.
fn rules_of(perms: &[IpPermission], own_id: &str, prefix_names: &HashMap<String, String>) -> Vec<Rule> {
    let mut out = Vec::new();
    for p in perms {
        let proto = p.ip_protocol().unwrap_or("-1");
        let (from, to) = (p.from_port().unwrap_or(0), p.to_port().unwrap_or(0));
        let peer = |v: &str| rule(proto, from, to, RuleSource::Peer(Value::str(v)));
        for r in p.ip_ranges() {
            out.push(peer(r.cidr_ip().unwrap_or_default()));
        }
        for g in p.user_id_group_pairs() {
            let id = g.group_id().unwrap_or_default();
            out.push(peer(if id == own_id { "self" } else { id }));
        }
        for pl in p.prefix_list_ids() {
            let id = pl.prefix_list_id().unwrap_or_default();
            let name = prefix_names.get(id).map_or(id, String::as_str);
            out.push(rule(proto, from, to, RuleSource::PrefixList(name.to_string())));
        }
    }
    out
}

fn described(g: &SecurityGroup, prefix_names: &HashMap<String, String>) -> SecurityGroupProps {
    let own = g.group_id().unwrap_or_default();
    SecurityGroupProps {
        vpc_id: Value::str(g.vpc_id().unwrap_or_default()),
        description: g.description().unwrap_or_default().to_string(),
        ingress: rules_of(g.ip_permissions(), own, prefix_names),
        egress: rules_of(g.ip_permissions_egress(), own, prefix_names),
    }
}

fn uses_prefix_lists(g: &SecurityGroup) -> bool {
    g.ip_permissions()
        .iter()
        .chain(g.ip_permissions_egress())
        .any(|p| !p.prefix_list_ids().is_empty())
}

/// Managed prefix lists by id, to show and compare them by name; asked only
/// where one of `groups` names one.
async fn prefix_lists(aws: &Aws, groups: &[SecurityGroup]) -> Result<HashMap<String, String>, ProviderError> {
    if !groups.iter().any(uses_prefix_lists) {
        return Ok(HashMap::new());
    }
    let out = aws
        .ec2
        .describe_managed_prefix_lists()
        .send()
        .await
        .op("ec2:DescribeManagedPrefixLists")?;
    let named = |p: &ManagedPrefixList| Some((p.prefix_list_id()?.to_string(), p.prefix_list_name()?.to_string()));
    Ok(out.prefix_lists().iter().filter_map(named).collect())
}

pub async fn describe(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let asked = aws.ec2.describe_security_groups().filters(q.filter.clone()).send().await;
    let out = asked.op("ec2:DescribeSecurityGroups")?;
    let names = prefix_lists(aws, out.security_groups()).await?;
    Ok(found(out.security_groups(), |g| {
        let props = described(g, &names).into();
        live(q, Kind::SecurityGroup, g.group_id()?, from_sdk(g.tags()), &[], Some(props))
    }))
}

/// The id of the managed prefix list named `name`.
async fn prefix_list_id(aws: &Aws, name: &str) -> Result<String, ProviderError> {
    let out = aws
        .ec2
        .describe_managed_prefix_lists()
        .filters(super::filter("prefix-list-name", name))
        .send()
        .await
        .op("ec2:DescribeManagedPrefixLists")?;
    let id = out.prefix_lists().first().and_then(|l| l.prefix_list_id());
    id.map(str::to_string).ok_or_else(|| {
        ProviderError::new(
            "ec2:DescribeManagedPrefixLists",
            "PrefixListNotFound",
            format!("no managed prefix list named {name} in {}", aws.region),
        )
    })
}

async fn permission(aws: &Aws, own_id: &str, r: &Rule) -> Result<IpPermission, ProviderError> {
    let mut p = IpPermission::builder().ip_protocol(&r.protocol);
    if r.protocol != "-1" {
        p = p.from_port(r.from_port as i32).to_port(r.to_port as i32);
    }
    let group = |id: &str| UserIdGroupPair::builder().group_id(id).build();
    p = match &r.source {
        RuleSource::PrefixList(name) => {
            let id = prefix_list_id(aws, name).await?;
            p.prefix_list_ids(PrefixListId::builder().prefix_list_id(id).build())
        }
        RuleSource::Peer(Value::Str(s)) if s == "self" => p.user_id_group_pairs(group(own_id)),
        RuleSource::Peer(Value::Str(s)) if s.starts_with("sg-") => p.user_id_group_pairs(group(s)),
        RuleSource::Peer(Value::Str(cidr)) => p.ip_ranges(IpRange::builder().cidr_ip(cidr).build()),
        RuleSource::Peer(_) => p,
    };
    Ok(p.build())
}

/// The permissions of `rules` that `other` lacks.
async fn missing_from(aws: &Aws, id: &str, rules: &[Rule], other: &[Rule]) -> Result<Vec<IpPermission>, ProviderError> {
    let mut out = Vec::new();
    for r in rules.iter().filter(|r| !other.contains(r)) {
        out.push(permission(aws, id, r).await?);
    }
    Ok(out)
}

/// Revokes `perms`, outbound rules if `egress`, else inbound ones.
pub(super) async fn revoke(aws: &Aws, id: &str, egress: bool, perms: Vec<IpPermission>) -> Result<(), ProviderError> {
    if egress {
        let call = aws.ec2.revoke_security_group_egress().group_id(id).set_ip_permissions(Some(perms));
        call.send().await.op("ec2:RevokeSecurityGroupEgress").map(drop)
    } else {
        let call = aws.ec2.revoke_security_group_ingress().group_id(id).set_ip_permissions(Some(perms));
        call.send().await.op("ec2:RevokeSecurityGroupIngress").map(drop)
    }
}

/// Authorises `perms`, outbound rules if `egress`, else inbound ones.
pub(super) async fn authorize(aws: &Aws, id: &str, egress: bool, perms: Vec<IpPermission>) -> Result<(), ProviderError> {
    if egress {
        let call = aws
            .ec2
            .authorize_security_group_egress()
            .group_id(id)
            .set_ip_permissions(Some(perms));
        call.send().await.op("ec2:AuthorizeSecurityGroupEgress").map(drop)
    } else {
        let call = aws
            .ec2
            .authorize_security_group_ingress()
            .group_id(id)
            .set_ip_permissions(Some(perms));
        call.send().await.op("ec2:AuthorizeSecurityGroupIngress").map(drop)
    }
}

/// Makes the group's rules those of `want`: for inbound then outbound rules,
/// revoke what is extra, then authorise what is missing.
async fn converge(aws: &Aws, id: &str, have: Option<&SecurityGroupProps>, want: &SecurityGroupProps) -> Result<(), ProviderError> {
    for egress in [false, true] {
        let have = have.map_or(&[][..], |h| h.rules(egress));
        let want = want.rules(egress);
        let extra = missing_from(aws, id, have, want).await?;
        let lacking = missing_from(aws, id, want, have).await?;
        if !extra.is_empty() {
            revoke(aws, id, egress, extra).await?;
        }
        if !lacking.is_empty() {
            authorize(aws, id, egress, lacking).await?;
        }
    }
    Ok(())
}

async fn describe_one(aws: &Aws, id: &str) -> Result<Option<SecurityGroupProps>, ProviderError> {
    let asked = aws.ec2.describe_security_groups().group_ids(id).send().await;
    let Some(out) = asked.if_exists("ec2:DescribeSecurityGroups", NotFound::SECURITY_GROUP)? else {
        return Ok(None);
    };
    let groups = out.security_groups().first().cloned().into_iter().collect::<Vec<_>>();
    let names = prefix_lists(aws, &groups).await?;
    Ok(groups.first().map(|g| described(g, &names)))
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let group = SecurityGroupProps::try_from(&req.node.props)?;
    let out = aws
        .ec2
        .create_security_group()
        .group_name(&req.node.name)
        .description(&group.description)
        .vpc_id(group.vpc_id.as_str().unwrap_or_default())
        .tag_specifications(tag_spec(ResourceType::SecurityGroup, &tags::without_hash(&req.tags))?)
        .send()
        .await
        .op("ec2:CreateSecurityGroup")?;
    let id = out.group_id().unwrap_or_default().to_string();
    // A new group allows all egress and no ingress.
    let have = describe_one(aws, &id).await?;
    converge(aws, &id, have.as_ref(), &group).await?;
    super::tag_hash(aws, &id, req).await?;
    Ok(created(req, &id, &[]))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, _: &[AttrChange]) -> Result<(), ProviderError> {
    let have = describe_one(aws, &current.physical_id).await?;
    let want = SecurityGroupProps::try_from(&req.node.props)?;
    converge(aws, &current.physical_id, have.as_ref(), &want).await
}

pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    delete_when_unused(|| async {
        let asked = aws.ec2.delete_security_group().group_id(&current.physical_id).send().await;
        asked.ok_if_gone("ec2:DeleteSecurityGroup", NotFound::SECURITY_GROUP)
    })
    .await
}

super::network!(SecurityGroups for SecurityGroup, "group-id": create, settings, delete);
