//! Security groups with their rules as properties (rules cannot be tagged).
//! A rule is `{protocol, from_port, to_port, source}`; the source is a CIDR,
//! another group's id, `self`, or `{prefix_list: <name>}`.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_ec2::types::{Filter, IpPermission, IpRange, PrefixListId, ResourceType, SecurityGroup, UserIdGroupPair};

use super::{DEPENDENCY_WAIT, Query, created, live, prop_str, tag_spec, tags_of};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound, sdk_error};
use crate::aws::{retry, tags};
use crate::graph::{Kind, Props, Value};
use crate::plan::LiveResource;

fn rule(protocol: &str, from: i32, to: i32, source: Value) -> Value {
    let (from, to) = if protocol == "-1" { (0, 0) } else { (from, to) };
    let mut m = BTreeMap::new();
    m.insert("protocol".to_string(), Value::str(protocol));
    m.insert("from_port".to_string(), Value::Int(i64::from(from)));
    m.insert("to_port".to_string(), Value::Int(i64::from(to)));
    m.insert("source".to_string(), source);
    Value::Map(m)
}

/// One rule per source, as the stack file writes them.
fn rules_of(perms: &[IpPermission], own_id: &str, prefix_names: &HashMap<String, String>) -> Vec<Value> {
    let mut out = Vec::new();
    for p in perms {
        let proto = p.ip_protocol().unwrap_or("-1");
        let (from, to) = (p.from_port().unwrap_or(0), p.to_port().unwrap_or(0));
        for r in p.ip_ranges() {
            out.push(rule(proto, from, to, Value::str(r.cidr_ip().unwrap_or_default())));
        }
        for g in p.user_id_group_pairs() {
            let id = g.group_id().unwrap_or_default();
            out.push(rule(proto, from, to, Value::str(if id == own_id { "self" } else { id })));
        }
        for pl in p.prefix_list_ids() {
            let id = pl.prefix_list_id().unwrap_or_default();
            let mut m = BTreeMap::new();
            m.insert(
                "prefix_list".to_string(),
                Value::str(prefix_names.get(id).map_or(id, String::as_str)),
            );
            out.push(rule(proto, from, to, Value::Map(m)));
        }
    }
    out
}

fn props_of(g: &SecurityGroup, prefix_names: &HashMap<String, String>) -> Props {
    let own = g.group_id().unwrap_or_default();
    let mut p = Props::new();
    p.insert("vpc_id".into(), Value::str(g.vpc_id().unwrap_or_default()));
    p.insert("description".into(), Value::str(g.description().unwrap_or_default()));
    p.insert("ingress".into(), Value::List(rules_of(g.ip_permissions(), own, prefix_names)));
    p.insert("egress".into(), Value::List(rules_of(g.ip_permissions_egress(), own, prefix_names)));
    p
}

/// Managed prefix lists by id, to show and compare them by name.
async fn prefix_lists(aws: &Aws) -> Result<HashMap<String, String>, ProviderError> {
    let out = aws
        .ec2
        .describe_managed_prefix_lists()
        .send()
        .await
        .op("ec2:DescribeManagedPrefixLists")?;
    Ok(out
        .prefix_lists()
        .iter()
        .filter_map(|p| Some((p.prefix_list_id()?.to_string(), p.prefix_list_name()?.to_string())))
        .collect())
}

pub async fn discover(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let out = aws
        .ec2
        .describe_security_groups()
        .filters(q.filter.clone())
        .send()
        .await
        .op("ec2:DescribeSecurityGroups")?;
    let uses_prefix_lists = out.security_groups().iter().any(|g| {
        g.ip_permissions()
            .iter()
            .chain(g.ip_permissions_egress())
            .any(|p| !p.prefix_list_ids().is_empty())
    });
    let names = if uses_prefix_lists {
        prefix_lists(aws).await?
    } else {
        HashMap::new()
    };
    Ok(out
        .security_groups()
        .iter()
        .filter_map(|g| {
            live(
                q,
                Kind::SecurityGroup,
                g.group_id()?,
                tags_of(g.tags()),
                &[],
                Some(props_of(g, &names)),
            )
        })
        .collect())
}

async fn permission(aws: &Aws, own_id: &str, r: &Value) -> Result<IpPermission, ProviderError> {
    let m = r.as_map().cloned().unwrap_or_default();
    let int = |k: &str| m.get(k).and_then(Value::as_int).unwrap_or(0) as i32;
    let proto = m.get("protocol").and_then(Value::as_str).unwrap_or("-1").to_string();
    let mut p = IpPermission::builder().ip_protocol(&proto);
    if proto != "-1" {
        p = p.from_port(int("from_port")).to_port(int("to_port"));
    }
    p = match m.get("source") {
        Some(Value::Map(pl)) => {
            let name = pl.get("prefix_list").and_then(Value::as_str).unwrap_or_default();
            let out = aws
                .ec2
                .describe_managed_prefix_lists()
                .filters(Filter::builder().name("prefix-list-name").values(name).build())
                .send()
                .await
                .op("ec2:DescribeManagedPrefixLists")?;
            let id = out.prefix_lists().first().and_then(|l| l.prefix_list_id()).ok_or_else(|| {
                ProviderError::new(
                    "ec2:DescribeManagedPrefixLists",
                    "PrefixListNotFound",
                    format!("no managed prefix list named {name} in {}", aws.region),
                )
            })?;
            p.prefix_list_ids(PrefixListId::builder().prefix_list_id(id).build())
        }
        Some(Value::Str(s)) if s == "self" => p.user_id_group_pairs(UserIdGroupPair::builder().group_id(own_id).build()),
        Some(Value::Str(s)) if s.starts_with("sg-") => p.user_id_group_pairs(UserIdGroupPair::builder().group_id(s).build()),
        Some(Value::Str(cidr)) => p.ip_ranges(IpRange::builder().cidr_ip(cidr).build()),
        _ => p,
    };
    Ok(p.build())
}

fn same_rule(a: &Value, b: &Value) -> bool {
    a == b
}

/// Makes the group's rules those of `props`: revoke what is extra, then
/// authorise what is missing.
async fn converge(aws: &Aws, id: &str, have: &Props, want: &Props) -> Result<(), ProviderError> {
    for egress in [false, true] {
        let key = if egress { "egress" } else { "ingress" };
        let have = have.get(key).map(Value::as_list).unwrap_or_default();
        let want = want.get(key).map(Value::as_list).unwrap_or_default();
        let mut revoke = Vec::new();
        for r in have.iter().filter(|h| !want.iter().any(|w| same_rule(h, w))) {
            revoke.push(permission(aws, id, r).await?);
        }
        let mut grant = Vec::new();
        for r in want.iter().filter(|w| !have.iter().any(|h| same_rule(h, w))) {
            grant.push(permission(aws, id, r).await?);
        }
        match (egress, revoke.is_empty(), grant.is_empty()) {
            (false, false, _) => {
                aws.ec2
                    .revoke_security_group_ingress()
                    .group_id(id)
                    .set_ip_permissions(Some(revoke))
                    .send()
                    .await
                    .op("ec2:RevokeSecurityGroupIngress")?;
            }
            (true, false, _) => {
                aws.ec2
                    .revoke_security_group_egress()
                    .group_id(id)
                    .set_ip_permissions(Some(revoke))
                    .send()
                    .await
                    .op("ec2:RevokeSecurityGroupEgress")?;
            }
            _ => {}
        }
        if !grant.is_empty() {
            if egress {
                aws.ec2
                    .authorize_security_group_egress()
                    .group_id(id)
                    .set_ip_permissions(Some(grant))
                    .send()
                    .await
                    .op("ec2:AuthorizeSecurityGroupEgress")?;
            } else {
                aws.ec2
                    .authorize_security_group_ingress()
                    .group_id(id)
                    .set_ip_permissions(Some(grant))
                    .send()
                    .await
                    .op("ec2:AuthorizeSecurityGroupIngress")?;
            }
        }
    }
    Ok(())
}

async fn describe(aws: &Aws, id: &str) -> Result<Option<Props>, ProviderError> {
    match aws.ec2.describe_security_groups().group_ids(id).send().await {
        Ok(o) => {
            let g = o.security_groups().first().cloned();
            let uses = g.as_ref().is_some_and(|g| {
                g.ip_permissions()
                    .iter()
                    .chain(g.ip_permissions_egress())
                    .any(|p| !p.prefix_list_ids().is_empty())
            });
            let names = if uses { prefix_lists(aws).await? } else { HashMap::new() };
            Ok(g.map(|g| props_of(&g, &names)))
        }
        Err(e) if NotFound::SECURITY_GROUP.matches(&e) => Ok(None),
        Err(e) => Err(sdk_error("ec2:DescribeSecurityGroups", e)),
    }
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let out = aws
        .ec2
        .create_security_group()
        .group_name(&req.node.name)
        .description(prop_str(p, "description"))
        .vpc_id(prop_str(p, "vpc_id"))
        .tag_specifications(tag_spec(ResourceType::SecurityGroup, &tags::without_hash(&req.tags)))
        .send()
        .await
        .op("ec2:CreateSecurityGroup")?;
    let id = out.group_id().unwrap_or_default().to_string();
    // A new group allows all egress and no ingress.
    let have = describe(aws, &id).await?.unwrap_or_default();
    converge(aws, &id, &have, p).await?;
    super::tag_hash(aws, &id, req).await?;
    Ok(created(req, &id, &[]))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource) -> Result<(), ProviderError> {
    let have = describe(aws, &current.physical_id).await?.unwrap_or_default();
    converge(aws, &current.physical_id, &have, &req.node.props).await
}

pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    retry::until_not(&["DependencyViolation"], DEPENDENCY_WAIT, || async {
        match aws.ec2.delete_security_group().group_id(&current.physical_id).send().await {
            Ok(_) => Ok(()),
            Err(e) if NotFound::SECURITY_GROUP.matches(&e) => Ok(()),
            Err(e) => Err(sdk_error("ec2:DeleteSecurityGroup", e)),
        }
    })
    .await
}
