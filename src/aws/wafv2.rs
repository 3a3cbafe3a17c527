//! WAFv2 web ACLs (REGIONAL in the stack's region, CLOUDFRONT in us-east-1)
//! and the association of the REGIONAL one with the ALB.
//!
//! Every update and delete of a web ACL needs its current LockToken, so each
//! one starts with GetWebACL. An association has no tags and no ARN of its
//! own: it is read through the ALB (GetWebACLForResource).

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_wafv2::types::{
    AllowAction, BlockAction, DefaultAction, ManagedRuleGroupStatement, NoneAction, OverrideAction, RateBasedStatement,
    RateBasedStatementAggregateKeyType, Rule, RuleAction, Scope, Statement, Tag, VisibilityConfig, WebAcl,
};

use super::error::{AwsResultExt, code_of, sdk_error};
use super::tagging::Tagged;
use super::tags::{self, Tags};
use super::{Aws, elbv2, retry};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::expand::ids;
use crate::graph::props::WebAclAssociationProps;
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::hash::settings_hash;
use crate::plan::{AttrChange, Conflict, LiveResource};
use crate::stack::names;

mod logging;

/// A web ACL created a moment ago may not yet be attachable.
const UNAVAILABLE_WAIT: Duration = Duration::from_secs(120);

fn built<T, E: std::fmt::Display>(r: Result<T, E>) -> Result<T, ProviderError> {
    r.map_err(|e| ProviderError::new("wafv2", "InvalidRequest", e.to_string()))
}

/// The tags a resource that AWS cannot tag stands for: the desired ownership
/// tags, and a hash of the settings read, so that the diff compares settings
/// (equal settings, equal hash) and never proposes to "retag" it.
pub(super) fn implied_tags(aws: &Aws, desired: &[&Node], id: &NodeId, props: &Props) -> Tags {
    let mut t = match desired.iter().find(|n| &n.id == id) {
        Some(n) => {
            let mut t = n.tags.clone();
            t.insert(tag::HASH.to_string(), settings_hash(props, &n.ignore_changes));
            t
        }
        None => Tags::new(),
    };
    t.insert(tag::STACK.to_string(), aws.stack.clone());
    t.insert(tag::ID.to_string(), id.to_string());
    t
}

fn scope_of(props: &Props) -> Scope {
    match props.get("scope").and_then(Value::as_str) {
        Some("CLOUDFRONT") => Scope::Cloudfront,
        _ => Scope::Regional,
    }
}

fn client<'a>(aws: &'a Aws, scope: &Scope) -> &'a aws_sdk_wafv2::Client {
    match scope {
        Scope::Cloudfront => &aws.wafv2_global,
        _ => &aws.wafv2,
    }
}

/// Scope, name and id from a web ACL ARN:
/// `arn:aws:wafv2:<region>:<account>:<global|regional>/webacl/<name>/<id>`.
pub fn parse_arn(arn: &str) -> Option<(Scope, String, String)> {
    let resource = arn.splitn(6, ':').nth(5)?;
    let mut parts = resource.split('/');
    let scope = match parts.next()? {
        "global" => Scope::Cloudfront,
        _ => Scope::Regional,
    };
    if parts.next()? != "webacl" {
        return None;
    }
    Some((scope, parts.next()?.to_string(), parts.next()?.to_string()))
}

fn visibility(metric: &str) -> Result<VisibilityConfig, ProviderError> {
    built(
        VisibilityConfig::builder()
            .sampled_requests_enabled(true)
            .cloud_watch_metrics_enabled(true)
            .metric_name(metric)
            .build(),
    )
}

/// WAF rules from `expand`'s normal form: an AWS managed rule group (its own
/// actions, no override) or a rate-based rule that blocks per client IP.
pub fn rules(props: &Props) -> Result<Vec<Rule>, ProviderError> {
    let mut out = Vec::new();
    for r in props.get("rules").map(Value::as_list).unwrap_or_default() {
        let Some(m) = r.as_map() else { continue };
        let name = m.get("name").and_then(Value::as_str).unwrap_or_default();
        let priority = m.get("priority").and_then(Value::as_int).unwrap_or_default() as i32;
        let mut rule = Rule::builder().name(name).priority(priority).visibility_config(visibility(name)?);
        if let Some(group) = m.get("managed_rule_group").and_then(Value::as_str) {
            let stmt = built(ManagedRuleGroupStatement::builder().vendor_name("AWS").name(group).build())?;
            rule = rule
                .statement(Statement::builder().managed_rule_group_statement(stmt).build())
                .override_action(OverrideAction::builder().none(NoneAction::builder().build()).build());
        } else if let Some(limit) = m.get("rate_limit").and_then(Value::as_int) {
            let stmt = built(
                RateBasedStatement::builder()
                    .limit(limit)
                    .aggregate_key_type(RateBasedStatementAggregateKeyType::Ip)
                    .build(),
            )?;
            rule = rule
                .statement(Statement::builder().rate_based_statement(stmt).build())
                .action(RuleAction::builder().block(BlockAction::builder().build()).build());
        }
        out.push(built(rule.build())?);
    }
    Ok(out)
}

fn default_action(props: &Props) -> DefaultAction {
    match props.get("default_action").and_then(Value::as_str) {
        Some("block") => DefaultAction::builder().block(BlockAction::builder().build()).build(),
        _ => DefaultAction::builder().allow(AllowAction::builder().build()).build(),
    }
}

/// A web ACL's settings in the normal form of `expand`.
pub fn described(acl: &WebAcl, scope: &Scope, region: &str) -> Props {
    let mut p = Props::new();
    p.insert("scope".into(), Value::str(scope.as_str()));
    p.insert("region".into(), Value::str(region));
    let action = if acl.default_action().and_then(|a| a.block()).is_some() {
        "block"
    } else {
        "allow"
    };
    p.insert("default_action".into(), Value::str(action));
    let mut rules: Vec<&Rule> = acl.rules().iter().collect();
    rules.sort_by_key(|r| r.priority());
    let rules = rules
        .into_iter()
        .map(|r| {
            let mut m = Props::new();
            m.insert("name".into(), Value::str(r.name()));
            m.insert("priority".into(), Value::Int(i64::from(r.priority())));
            let stmt = r.statement();
            if let Some(g) = stmt.and_then(|s| s.managed_rule_group_statement()) {
                m.insert("managed_rule_group".into(), Value::str(g.name()));
            }
            if let Some(rate) = stmt.and_then(|s| s.rate_based_statement()) {
                m.insert("rate_limit".into(), Value::Int(rate.limit()));
            }
            Value::Map(m)
        })
        .collect();
    p.insert("rules".into(), Value::List(rules));
    p
}

fn acl_live(id: NodeId, name: &str, arn: &str, acl_id: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    let attrs: BTreeMap<String, Value> = [("arn", arn), ("id", acl_id), ("name", name)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Value::str(v)))
        .collect();
    LiveResource {
        id,
        kind: Kind::WebAcl,
        name: name.to_string(),
        physical_id: arn.to_string(),
        attrs,
        props,
        tags,
    }
}

async fn tags_of(c: &aws_sdk_wafv2::Client, arn: &str) -> Result<Tags, ProviderError> {
    let out = c
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .op("wafv2:ListTagsForResource")?;
    Ok(out
        .tag_info_for_resource()
        .map(|i| i.tag_list().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect())
        .unwrap_or_default())
}

/// The stack's web ACLs of `scope` as the Tagging API lists them (name and id
/// are in the ARN, settings stand behind the stackctl:hash tag), if the
/// listing shows exactly those the stack file describes, each with its hash.
/// Otherwise (`None`) WAF is asked: one created moments ago may not be listed
/// yet, one listed but not desired may be deleted already, and CLOUDFRONT ones
/// are listed only in us-east-1 (`listed_here`).
fn listed_scope(tagged: &[Tagged], scope: &Scope, listed_here: bool, desired: &[&Node]) -> Option<Vec<LiveResource>> {
    if !listed_here {
        return None;
    }
    let mut found = Vec::new();
    for t in tagged.iter().filter(|t| t.service() == "wafv2") {
        let Some((_, name, acl_id)) = parse_arn(&t.arn).filter(|(s, _, _)| s == scope) else {
            continue;
        };
        let id = t.tags.get(tag::ID)?;
        t.tags.get(tag::HASH)?;
        found.push(acl_live(NodeId::new(id.clone()), &name, &t.arn, &acl_id, t.tags.clone(), None));
    }
    let mut listed: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
    let mut wanted: Vec<&str> = desired
        .iter()
        .filter(|n| n.kind == Kind::WebAcl && &scope_of(&n.props) == scope)
        .map(|n| n.id.as_str())
        .collect();
    listed.sort_unstable();
    wanted.sort_unstable();
    // None desired and none listed: the stack has no web ACL of this scope.
    (listed == wanted).then_some(found)
}

/// Web ACLs of one scope whose names carry the stack's prefix.
async fn discover_scope(
    aws: &Aws,
    scope: Scope,
    tagged: &[Tagged],
    desired: &[&Node],
) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let listed_here = scope == Scope::Regional || aws.region == "us-east-1";
    if let Some(found) = listed_scope(tagged, &scope, listed_here, desired) {
        return Ok((found, vec![]));
    }
    let c = client(aws, &scope);
    let prefix = format!("{}-", aws.stack);
    let (mut found, mut conflicts) = (Vec::new(), Vec::new());
    let mut marker = None;
    loop {
        let page = c
            .list_web_acls()
            .scope(scope.clone())
            .limit(100)
            .set_next_marker(marker)
            .send()
            .await
            .op("wafv2:ListWebACLs")?;
        for s in page.web_acls().iter().filter(|s| s.name().is_some_and(|n| n.starts_with(&prefix))) {
            let (name, arn, acl_id) = (
                s.name().unwrap_or_default(),
                s.arn().unwrap_or_default(),
                s.id().unwrap_or_default(),
            );
            let t = crate::aws::tagging::listed_or(tagged, arn, || tags_of(c, arn)).await?;
            match t.get(tag::ID) {
                Some(id) if tags::owned_by(&t, &aws.stack) => {
                    found.push(acl_live(NodeId::new(id.clone()), name, arn, acl_id, t, None));
                }
                _ => conflicts.extend(
                    desired
                        .iter()
                        .filter(|n| n.kind == Kind::WebAcl && n.name == name && scope_of(&n.props) == scope)
                        .map(|n| Conflict::name_held(n, "a web ACL", arn, &t, &aws.stack)),
                ),
            }
        }
        marker = page
            .next_marker()
            .filter(|m| !m.is_empty() && !page.web_acls().is_empty())
            .map(str::to_string);
        if marker.is_none() {
            return Ok((found, conflicts));
        }
    }
}

/// The association of one of our web ACLs with the stack's ALB, if any.
async fn discover_association(
    aws: &Aws,
    acls: &[LiveResource],
    tagged: &[Tagged],
    desired: &[&Node],
) -> Result<Option<LiveResource>, ProviderError> {
    // Only one of our web ACLs makes an association ours.
    if acls.is_empty() {
        return Ok(None);
    }
    let name = names::alb(&aws.stack);
    // The ALB's ARN as the Tagging API lists it, else asked by name (listed
    // moments after its create). A listed ALB deleted moments ago is harmless:
    // WAF then answers that it has no web ACL.
    let listed = tagged
        .iter()
        .find(|t| t.is("elasticloadbalancing", &[&format!("loadbalancer/app/{name}/")]))
        .map(|t| t.arn.clone());
    let alb = match listed {
        Some(arn) => arn,
        None => match elbv2::load_balancer_arn(aws, &name).await? {
            Some(arn) => arn,
            None => return Ok(None),
        },
    };
    let acl = match aws.wafv2.get_web_acl_for_resource().resource_arn(&alb).send().await {
        Ok(out) => out.web_acl().map(|a| a.arn().to_string()),
        Err(e) if code_of(&e) == Some("WAFNonexistentItemException") => None,
        Err(e) => return Err(sdk_error("wafv2:GetWebACLForResource", e)),
    };
    let Some(acl) = acl.filter(|a| acls.iter().any(|l| &l.physical_id == a)) else {
        return Ok(None);
    };
    let id = ids::web_acl_association();
    let props: Props = WebAclAssociationProps {
        web_acl_arn: Value::str(&acl),
        resource_arn: Value::str(&alb),
    }
    .into();
    let attrs = [
        ("web_acl_arn".to_string(), Value::str(&acl)),
        ("resource_arn".to_string(), Value::str(&alb)),
    ]
    .into_iter()
    .collect();
    Ok(Some(LiveResource {
        tags: implied_tags(aws, desired, &id, &props),
        id,
        kind: Kind::WebAclAssociation,
        name: names::named(&aws.stack, "alb-waf"),
        physical_id: alb,
        attrs,
        props: Some(props),
    }))
}

pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let ((mut found, mut conflicts), (global, more)) = tokio::try_join!(
        discover_scope(aws, Scope::Regional, tagged, desired),
        discover_scope(aws, Scope::Cloudfront, tagged, desired)
    )?;
    found.extend(global);
    conflicts.extend(more);
    if let Some(a) = discover_association(aws, &found, tagged, desired).await? {
        found.push(a);
    }
    Ok((found, conflicts))
}

/// The web ACL and its current LockToken.
async fn get(aws: &Aws, arn: &str) -> Result<(Scope, WebAcl, String), ProviderError> {
    let (scope, name, id) = parse_arn(arn).ok_or_else(|| ProviderError::new("wafv2", "InvalidArn", format!("not a web ACL ARN: {arn}")))?;
    let out = client(aws, &scope)
        .get_web_acl()
        .name(name)
        .scope(scope.clone())
        .id(id)
        .send()
        .await
        .op("wafv2:GetWebACL")?;
    let acl = out
        .web_acl()
        .cloned()
        .ok_or_else(|| ProviderError::new("wafv2:GetWebACL", "WAFNonexistentItemException", arn.to_string()))?;
    Ok((scope, acl, out.lock_token().unwrap_or_default().to_string()))
}

fn region_of(aws: &Aws, scope: &Scope) -> String {
    match scope {
        Scope::Cloudfront => "us-east-1".to_string(),
        _ => aws.region.clone(),
    }
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    if live.kind == Kind::WebAclAssociation {
        return Ok(live.props.clone().unwrap_or_default());
    }
    let (scope, acl, _) = get(aws, &live.physical_id).await?;
    let mut props = described(&acl, &scope, &region_of(aws, &scope));
    if let Some(logging) = logging::read(aws, &scope, &live.physical_id).await? {
        props.insert("logging".into(), logging);
    }
    Ok(props)
}

fn waf_tags(tags: &Tags) -> Result<Vec<Tag>, ProviderError> {
    tags.iter().map(|(k, v)| built(Tag::builder().key(k).value(v).build())).collect()
}

async fn associate(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let association = WebAclAssociationProps::try_from(p)?;
    let (acl, resource) = (
        association.web_acl_arn.as_str().unwrap_or_default().to_string(),
        association.resource_arn.as_str().unwrap_or_default().to_string(),
    );
    retry::until_not(&["WAFUnavailableEntityException"], UNAVAILABLE_WAIT, || async {
        aws.wafv2
            .associate_web_acl()
            .web_acl_arn(&acl)
            .resource_arn(&resource)
            .send()
            .await
            .op("wafv2:AssociateWebACL")
    })
    .await?;
    let attrs = [
        ("web_acl_arn".to_string(), Value::str(&acl)),
        ("resource_arn".to_string(), Value::str(&resource)),
    ]
    .into_iter()
    .collect();
    Ok(LiveResource {
        id: req.node.id.clone(),
        kind: Kind::WebAclAssociation,
        name: req.node.name.clone(),
        physical_id: resource,
        attrs,
        props: Some(p.clone()),
        tags: req.tags.clone(),
    })
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    if req.node.kind == Kind::WebAclAssociation {
        return associate(aws, req).await;
    }
    let p = &req.node.props;
    let scope = scope_of(p);
    let name = &req.node.name;
    let out = client(aws, &scope)
        .create_web_acl()
        .name(name)
        .scope(scope.clone())
        .default_action(default_action(p))
        .set_rules(Some(rules(p)?))
        .visibility_config(visibility(name)?)
        .set_tags(Some(waf_tags(&tags::without_hash(&req.tags))?))
        .send()
        .await
        .op("wafv2:CreateWebACL")?;
    let s = out.summary();
    let (arn, acl_id) = (
        s.and_then(|s| s.arn()).unwrap_or_default(),
        s.and_then(|s| s.id()).unwrap_or_default(),
    );
    if p.contains_key("logging") {
        logging::apply(aws, &scope, arn, p).await?;
    }
    // The settings hash, once the logging it stands for is set.
    client(aws, &scope)
        .tag_resource()
        .resource_arn(arn)
        .set_tags(Some(waf_tags(&tags::hash_only(&req.tags))?))
        .send()
        .await
        .op("wafv2:TagResource")?;
    Ok(acl_live(req.node.id.clone(), name, arn, acl_id, req.tags.clone(), Some(p.clone())))
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    if live.kind == Kind::WebAclAssociation {
        // Both properties force a replacement; nothing else to change.
        let mut updated = live.clone();
        updated.tags = req.tags.clone();
        return Ok(updated);
    }
    let p = &req.node.props;
    let arn = &live.physical_id;
    let (scope, acl, lock) = get(aws, arn).await?;
    let c = client(aws, &scope);
    if changes.iter().any(|c| c.attr.starts_with("logging")) {
        logging::apply(aws, &scope, arn, p).await?;
    }
    if changes
        .iter()
        .any(|c| !c.attr.starts_with("tags") && !c.attr.starts_with("logging"))
    {
        c.update_web_acl()
            .name(acl.name())
            .scope(scope.clone())
            .id(acl.id())
            .lock_token(lock)
            .default_action(default_action(p))
            .set_rules(Some(rules(p)?))
            .visibility_config(visibility(acl.name())?)
            .send()
            .await
            .op("wafv2:UpdateWebACL")?;
    }
    let removed = tags::removed_keys(&live.tags, &req.tags);
    if !removed.is_empty() {
        c.untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(removed))
            .send()
            .await
            .op("wafv2:UntagResource")?;
    }
    c.tag_resource()
        .resource_arn(arn)
        .set_tags(Some(waf_tags(&req.tags)?))
        .send()
        .await
        .op("wafv2:TagResource")?;
    let mut updated = live.clone();
    updated.tags = req.tags.clone();
    updated.props = Some(p.clone());
    Ok(updated)
}

pub async fn delete(aws: &Aws, live: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    if live.kind == Kind::WebAclAssociation {
        return match aws.wafv2.disassociate_web_acl().resource_arn(&live.physical_id).send().await {
            Ok(_) => Ok(()),
            Err(e) if code_of(&e) == Some("WAFNonexistentItemException") => Ok(()),
            Err(e) => Err(sdk_error("wafv2:DisassociateWebACL", e)),
        };
    }
    let (scope, acl, lock) = match get(aws, &live.physical_id).await {
        Ok(got) => got,
        Err(e) if e.code == "WAFNonexistentItemException" => return Ok(()),
        Err(e) => return Err(e),
    };
    logging::remove(aws, &scope, &live.physical_id).await?;
    // A distribution or ALB released a moment ago may still hold it.
    retry::until_not(&["WAFAssociatedItemException"], UNAVAILABLE_WAIT, || async {
        match client(aws, &scope)
            .delete_web_acl()
            .name(acl.name())
            .scope(scope.clone())
            .id(acl.id())
            .lock_token(&lock)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if code_of(&e) == Some("WAFNonexistentItemException") => Ok(()),
            Err(e) => Err(sdk_error("wafv2:DeleteWebACL", e)),
        }
    })
    .await
}

// ---------------------------------------------------------------- import

/// The web ACL an ARN names (the association cannot be tagged: it is read
/// through the web ACL and the load balancer).
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    if node.kind != Kind::WebAcl {
        return Ok(super::service::Lookup::Unsupported);
    }
    let (scope, acl) = match get(aws, aws_id).await {
        Ok((scope, acl, _)) => (scope, acl),
        Err(e) if e.code == "WAFNonexistentItemException" || e.code == "InvalidArn" => {
            return Ok(super::service::Lookup::Missing);
        }
        Err(e) => return Err(e),
    };
    let tags = tags_of(client(aws, &scope), acl.arn()).await?;
    let live = acl_live(node.id.clone(), acl.name(), acl.arn(), acl.id(), tags, None);
    Ok(super::adopt::found(node, live))
}

async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    let scope = parse_arn(&live.physical_id).map_or(Scope::Regional, |(s, _, _)| s);
    client(aws, &scope)
        .tag_resource()
        .resource_arn(&live.physical_id)
        .set_tags(Some(waf_tags(tags)?))
        .send()
        .await
        .op("wafv2:TagResource")?;
    Ok(())
}

crate::service!(Wafv2, [WebAcl, WebAclAssociation], adopt = (find, add_tags));

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, priority: i64, key: &str, value: Value) -> Value {
        let mut m = Props::new();
        m.insert("name".into(), Value::str(name));
        m.insert("priority".into(), Value::Int(priority));
        m.insert(key.into(), value);
        Value::Map(m)
    }

    #[test]
    fn rules_round_trip_through_the_aws_form() {
        let mut p = Props::new();
        p.insert("scope".into(), Value::str("REGIONAL"));
        p.insert("region".into(), Value::str("eu-west-1"));
        p.insert("default_action".into(), Value::str("allow"));
        p.insert(
            "rules".into(),
            Value::List(vec![
                rule(
                    "AWSManagedRulesCommonRuleSet",
                    0,
                    "managed_rule_group",
                    Value::str("AWSManagedRulesCommonRuleSet"),
                ),
                rule("rate-limit", 1, "rate_limit", Value::Int(2000)),
            ]),
        );
        let built = rules(&p).unwrap();
        assert_eq!(built.len(), 2);
        let managed = built[0].statement().unwrap().managed_rule_group_statement().unwrap();
        assert_eq!((managed.vendor_name(), managed.name()), ("AWS", "AWSManagedRulesCommonRuleSet"));
        assert!(built[0].override_action().is_some() && built[0].action().is_none());
        let rate = built[1].statement().unwrap().rate_based_statement().unwrap();
        assert_eq!(rate.limit(), 2000);
        assert_eq!(rate.aggregate_key_type(), &RateBasedStatementAggregateKeyType::Ip);
        assert!(built[1].action().and_then(|a| a.block()).is_some());

        // Read back in reverse order: sorted by priority, equal to the desired.
        let acl = WebAcl::builder()
            .name("x")
            .id("1")
            .arn("arn")
            .default_action(default_action(&p))
            .set_rules(Some(built.into_iter().rev().collect()))
            .visibility_config(visibility("x").unwrap())
            .build()
            .unwrap();
        assert_eq!(described(&acl, &Scope::Regional, "eu-west-1"), p);
    }

    #[test]
    fn arns_name_scope_name_and_id() {
        let (scope, name, id) = parse_arn("arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop-cloudfront/abc-123").unwrap();
        assert_eq!(
            (scope, name.as_str(), id.as_str()),
            (Scope::Cloudfront, "shop-cloudfront", "abc-123")
        );
        let (scope, ..) = parse_arn("arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop-regional/x").unwrap();
        assert_eq!(scope, Scope::Regional);
        assert!(parse_arn("arn:aws:s3:::bucket").is_none());
    }
}
