//! The web ACLs: REGIONAL in the stack's region, CLOUDFRONT in us-east-1.
//! Every update and delete needs the current LockToken, so each one starts
//! with GetWebACL.

use aws_sdk_wafv2::types::{
    AllowAction, BlockAction, DefaultAction, ManagedRuleGroupStatement, NoneAction, OverrideAction, RateBasedStatement,
    RateBasedStatementAggregateKeyType, Rule, RuleAction, Scope, Statement, VisibilityConfig, WebAcl,
};

use super::{UNAVAILABLE_WAIT, client, logging, parse_arn, waf_tags};
use crate::apply::{ProviderError, Request};
use crate::aws::error::{AwsResultExt, NotFound, built};
use crate::aws::service::Lookup;
use crate::aws::tagging::Tagged;
use crate::aws::tags::{self, Tags};
use crate::aws::{Aws, resource, retry};
use crate::graph::props::{WafRule, WafStatement, WebAclProps};
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};

fn scope(name: &str) -> Scope {
    match name {
        "CLOUDFRONT" => Scope::Cloudfront,
        _ => Scope::Regional,
    }
}

/// The scope of a desired web ACL.
fn scope_of(n: &Node) -> Scope {
    WebAclProps::try_from(&n.props).map_or(Scope::Regional, |a| scope(&a.scope))
}

fn visibility(metric: &str) -> Result<VisibilityConfig, ProviderError> {
    built(
        "wafv2",
        VisibilityConfig::builder()
            .sampled_requests_enabled(true)
            .cloud_watch_metrics_enabled(true)
            .metric_name(metric)
            .build(),
    )
}

/// WAF rules from the stack's: an AWS managed rule group (its own actions,
/// no override) or a rate-based rule that blocks per client IP.
fn rules(rules: &[WafRule]) -> Result<Vec<Rule>, ProviderError> {
    let mut out = Vec::new();
    for r in rules {
        let priority = i32::try_from(r.priority).unwrap_or_default();
        let mut rule = Rule::builder()
            .name(&r.name)
            .priority(priority)
            .visibility_config(visibility(&r.name)?);
        match &r.statement {
            WafStatement::ManagedRuleGroup(group) => {
                let stmt = built("wafv2", ManagedRuleGroupStatement::builder().vendor_name("AWS").name(group).build())?;
                rule = rule
                    .statement(Statement::builder().managed_rule_group_statement(stmt).build())
                    .override_action(OverrideAction::builder().none(NoneAction::builder().build()).build());
            }
            WafStatement::RateLimit(limit) => {
                let stmt = built(
                    "wafv2",
                    RateBasedStatement::builder()
                        .limit(*limit)
                        .aggregate_key_type(RateBasedStatementAggregateKeyType::Ip)
                        .build(),
                )?;
                rule = rule
                    .statement(Statement::builder().rate_based_statement(stmt).build())
                    .action(RuleAction::builder().block(BlockAction::builder().build()).build());
            }
            WafStatement::Other => {}
        }
        out.push(built("wafv2", rule.build())?);
    }
    Ok(out)
}

fn default_action(acl: &WebAclProps) -> DefaultAction {
    match acl.default_action.as_str() {
        "block" => DefaultAction::builder().block(BlockAction::builder().build()).build(),
        _ => DefaultAction::builder().allow(AllowAction::builder().build()).build(),
    }
}

fn rule_described(r: &Rule) -> WafRule {
    let stmt = r.statement();
    let statement = match (
        stmt.and_then(|s| s.managed_rule_group_statement()),
        stmt.and_then(|s| s.rate_based_statement()),
    ) {
        (Some(g), _) => WafStatement::ManagedRuleGroup(g.name().into()),
        (None, Some(rate)) => WafStatement::RateLimit(rate.limit()),
        (None, None) => WafStatement::Other,
    };
    WafRule {
        name: r.name().into(),
        priority: u32::try_from(r.priority()).unwrap_or_default(),
        statement,
    }
}

/// A web ACL's settings in the normal form of `expand` (its logging is read
/// apart).
fn described(acl: &WebAcl, scope: &Scope, region: &str) -> WebAclProps {
    let action = if acl.default_action().and_then(|a| a.block()).is_some() {
        "block"
    } else {
        "allow"
    };
    let mut rules: Vec<&Rule> = acl.rules().iter().collect();
    rules.sort_by_key(|r| r.priority());
    WebAclProps {
        scope: scope.as_str().into(),
        region: region.into(),
        default_action: action.into(),
        rules: rules.into_iter().map(rule_described).collect(),
        logging: None,
    }
}

fn acl_live(id: NodeId, name: &str, arn: &str, acl_id: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    let mut live = resource::known_by_arn(id, Kind::WebAcl, name, arn, tags, props);
    live.attrs.insert("id".into(), Value::str(acl_id));
    live
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
        .filter(|n| n.kind == Kind::WebAcl && &scope_of(n) == scope)
        .map(|n| n.id.as_str())
        .collect();
    listed.sort_unstable();
    wanted.sort_unstable();
    // None desired and none listed: the stack has no web ACL of this scope.
    (listed == wanted).then_some(found)
}

/// Web ACLs of one scope whose names carry the stack's prefix.
pub async fn discover_scope(
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
            let t = waf_tags::listed_or_asked(c, tagged, arn).await?;
            match t.get(tag::ID) {
                Some(id) if tags::owned_by(&t, &aws.stack) => {
                    found.push(acl_live(NodeId::new(id.clone()), name, arn, acl_id, t, None));
                }
                _ => conflicts.extend(
                    desired
                        .iter()
                        .filter(|n| n.kind == Kind::WebAcl && n.name == name && scope_of(n) == scope)
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
    let (scope, acl, _) = get(aws, &live.physical_id).await?;
    let mut props = described(&acl, &scope, &region_of(aws, &scope));
    props.logging = logging::read(aws, &scope, &live.physical_id).await?;
    Ok(props.into())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let wanted = WebAclProps::try_from(&req.node.props)?;
    let scope = scope(&wanted.scope);
    let name = &req.node.name;
    let out = client(aws, &scope)
        .create_web_acl()
        .name(name)
        .scope(scope.clone())
        .default_action(default_action(&wanted))
        .set_rules(Some(rules(&wanted.rules)?))
        .visibility_config(visibility(name)?)
        .set_tags(Some(tags::to_sdk(&tags::without_hash(&req.tags))?))
        .send()
        .await
        .op("wafv2:CreateWebACL")?;
    let s = out.summary();
    let (arn, acl_id) = (
        s.and_then(|s| s.arn()).unwrap_or_default(),
        s.and_then(|s| s.id()).unwrap_or_default(),
    );
    if let Some(wanted) = &wanted.logging {
        logging::apply(aws, &scope, arn, Some(wanted)).await?;
    }
    // The settings hash, once the logging it stands for is set.
    waf_tags::tag(client(aws, &scope), arn, &tags::hash_only(&req.tags)).await?;
    let (id, tags, props) = resource::from_request(req);
    Ok(acl_live(id, name, arn, acl_id, tags, props))
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    let wanted = WebAclProps::try_from(&req.node.props)?;
    let arn = &live.physical_id;
    let (scope, acl, lock) = get(aws, arn).await?;
    let c = client(aws, &scope);
    if changes.iter().any(|c| c.attr.starts_with("logging")) {
        logging::apply(aws, &scope, arn, wanted.logging.as_ref()).await?;
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
            .default_action(default_action(&wanted))
            .set_rules(Some(rules(&wanted.rules)?))
            .visibility_config(visibility(acl.name())?)
            .send()
            .await
            .op("wafv2:UpdateWebACL")?;
    }
    waf_tags::sync(c, arn, &live.tags, &req.tags).await
}

pub async fn delete(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let (scope, acl, lock) = match get(aws, &live.physical_id).await {
        Ok(got) => got,
        Err(e) if NotFound::WAF.is(Some(&e.code)) => return Ok(()),
        Err(e) => return Err(e),
    };
    logging::remove(aws, &scope, &live.physical_id).await?;
    // A distribution or ALB released a moment ago may still hold it.
    retry::until_not(&["WAFAssociatedItemException"], UNAVAILABLE_WAIT, || async {
        let asked = client(aws, &scope)
            .delete_web_acl()
            .name(acl.name())
            .scope(scope.clone())
            .id(acl.id())
            .lock_token(&lock)
            .send()
            .await;
        asked.ok_if_gone("wafv2:DeleteWebACL", NotFound::WAF)
    })
    .await
}

/// The web ACL an ARN names.
pub async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    if parse_arn(aws_id).is_none() {
        return Ok(Lookup::Missing);
    }
    let (scope, acl) = match get(aws, aws_id).await {
        Ok((scope, acl, _)) => (scope, acl),
        Err(e) if NotFound::WAF.is(Some(&e.code)) => return Ok(Lookup::Missing),
        Err(e) => return Err(e),
    };
    let tags = waf_tags::list(client(aws, &scope), acl.arn()).await?;
    let live = acl_live(node.id.clone(), acl.name(), acl.arn(), acl.id(), tags, None);
    Ok(crate::aws::adopt::found(node, live))
}

/// `stackctl import`: tags it as the stack's.
async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    let scope = parse_arn(&live.physical_id).map_or(Scope::Regional, |(s, _, _)| s);
    waf_tags::tag(client(aws, &scope), &live.physical_id, tags).await
}

// Found in both scopes by `Wafv2`'s discovery, with the association.
crate::resource!(WebAcls for WebAcl: read, create, settings, delete, adopt);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_round_trip_through_the_aws_form() {
        let p = WebAclProps::example();
        let built = rules(&p.rules).unwrap();
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
}
