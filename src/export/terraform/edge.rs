//! The front door: the ALB, its target group and listeners, the web ACLs,
//! CloudFront and its origin access control.

use super::context::{Ctx, ident, typed};
use super::hcl::{Block, Body, Expr};
use super::storage::LogTarget;
use crate::graph::props::{
    CacheBehavior, DistributionProps, ListenerAction, ListenerProps, LoadBalancerProps, Origin, OriginAccess, OriginAccessControlProps,
    TargetGroupProps, WafLogging, WafRule, WafStatement, WebAclAssociationProps, WebAclProps,
};
use crate::graph::{Kind, Node};

pub fn load_balancer(c: &Ctx, n: &Node, p: LoadBalancerProps) -> Vec<Block> {
    let body = Body::new()
        .attr("name", c.name(n))
        .attr_opt("load_balancer_type", c.opt(&p.lb_type))
        .attr("internal", Expr::bool(p.scheme.as_deref() == Some("internal")))
        .attr("security_groups", c.value(&p.security_group_ids))
        .attr("subnets", c.value(&p.subnet_ids))
        .attr("drop_invalid_header_fields", c.value(&p.drop_invalid_header_fields))
        .attr("enable_deletion_protection", c.value(&p.deletion_protection))
        .attr("tags", c.tags(n));
    let body = match p.access_logs.as_ref().and_then(LogTarget::of) {
        Some(target) => body
            .child(
                "access_logs",
                Body::new()
                    .attr("bucket", target.bucket)
                    .attr("prefix", c.value(target.prefix))
                    .attr("enabled", Expr::bool(true)),
            )
            // ELB checks the bucket's policy as access logs are turned on.
            .attr("depends_on", target.after_policy),
        None => body,
    };
    vec![c.resource(n, body)]
}

pub fn target_group(c: &Ctx, n: &Node, p: TargetGroupProps) -> Vec<Block> {
    let health = Body::new()
        .attr("path", c.value(&p.health_check_path))
        .attr("matcher", c.value(&p.health_check_matcher));
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("port", c.value(&p.port))
        .attr("protocol", c.value(&p.protocol))
        .attr("target_type", c.value(&p.target_type))
        .attr("vpc_id", c.value(&p.vpc_id))
        .child("health_check", health);
    vec![c.tagged(n, body)]
}

pub fn listener(c: &Ctx, n: &Node, p: ListenerProps) -> Vec<Block> {
    let mut body = Body::new()
        .attr("load_balancer_arn", c.value(&p.load_balancer_arn))
        .attr("port", c.value(&p.port))
        .attr("protocol", c.value(&p.protocol))
        .attr_opt("certificate_arn", c.opt(&p.certificate_arn))
        .attr_opt("ssl_policy", c.opt(&p.ssl_policy));
    if let Some(action) = &p.default_action {
        body = body.child("default_action", listener_action(c, action));
    }
    vec![c.tagged(n, body)]
}

fn listener_action(c: &Ctx, action: &ListenerAction) -> Body {
    match action {
        ListenerAction::Forward { target_group_arn } => Body::new()
            .attr("type", Expr::string("forward"))
            .attr("target_group_arn", c.value(target_group_arn)),
        ListenerAction::Redirect {
            protocol,
            port,
            status_code,
        } => Body::new().attr("type", Expr::string("redirect")).child(
            "redirect",
            Body::new()
                .attr("protocol", c.value(protocol))
                .attr("port", c.value(port))
                .attr("status_code", c.value(status_code)),
        ),
        ListenerAction::Other {
            action_type,
            target_group_arn,
        } => Body::new()
            .attr("type", c.value(action_type))
            .attr("target_group_arn", c.value(target_group_arn)),
    }
}

/// A web ACL: AWS managed rule groups, then a rate limit per client IP.
/// CloudFront's lives in us-east-1 whatever the stack's region.
pub fn web_acl(c: &Ctx, n: &Node, p: WebAclProps) -> Vec<Block> {
    let mut body = Body::new()
        .attr_opt("provider", c.provider(n))
        .attr("name", c.name(n))
        .attr("scope", c.value(&p.scope))
        .child("default_action", Body::new().child(&p.default_action, Body::new()));
    for rule in &p.rules {
        body = body.child("rule", waf_rule(c, rule));
    }
    let body = body.child("visibility_config", visibility(c.string_plain(&n.name)));
    let mut blocks = vec![c.tagged(n, body)];
    if let Some(logging) = &p.logging {
        blocks.push(web_acl_logging(c, n, logging));
    }
    blocks
}

/// The web ACL's logging, a resource of its own in Terraform.
fn web_acl_logging(c: &Ctx, n: &Node, logging: &WafLogging) -> Block {
    let mut body = Body::new()
        .attr_opt("provider", c.provider(n))
        .attr("resource_arn", Expr::raw(format!("{}.arn", c.address(n))))
        .attr("log_destination_configs", Expr::List(vec![c.value(&logging.log_destination)]));
    for header in &logging.redacted_headers {
        let single = Body::new().attr("name", c.value(header));
        body = body.child("redacted_fields", Body::new().child("single_header", single));
    }
    Block::resource("aws_wafv2_web_acl_logging_configuration", &ident(n.id.as_str()), body)
}

fn visibility(metric: Expr) -> Body {
    Body::new()
        .attr("cloudwatch_metrics_enabled", Expr::bool(true))
        .attr("metric_name", metric)
        .attr("sampled_requests_enabled", Expr::bool(true))
}

fn waf_rule(c: &Ctx, r: &WafRule) -> Body {
    let body = Body::new()
        .attr("name", Expr::string(&r.name))
        .attr("priority", c.value(&r.priority));
    let (body, statement) = match &r.statement {
        WafStatement::ManagedRuleGroup(group) => (
            body.child("override_action", Body::new().child("none", Body::new())),
            Body::new().child(
                "managed_rule_group_statement",
                Body::new().attr("name", c.value(group)).attr("vendor_name", Expr::string("AWS")),
            ),
        ),
        WafStatement::RateLimit(limit) => (
            body.child("action", Body::new().child("block", Body::new())),
            Body::new().child(
                "rate_based_statement",
                Body::new()
                    .attr("limit", c.value(limit))
                    .attr("aggregate_key_type", Expr::string("IP")),
            ),
        ),
        WafStatement::Other => (body, Body::new()),
    };
    body.child("statement", statement)
        .child("visibility_config", visibility(Expr::string(&r.name)))
}

pub fn web_acl_association(c: &Ctx, n: &Node, p: WebAclAssociationProps) -> Vec<Block> {
    let body = Body::new()
        .attr("resource_arn", c.value(&p.resource_arn))
        .attr("web_acl_arn", c.value(&p.web_acl_arn));
    vec![c.resource(n, body)]
}

pub fn origin_access_control(c: &Ctx, n: &Node, p: OriginAccessControlProps) -> Vec<Block> {
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("origin_access_control_origin_type", c.value(&p.origin_type))
        .attr("signing_behavior", c.value(&p.signing_behavior))
        .attr("signing_protocol", c.value(&p.signing_protocol));
    vec![c.resource(n, body)]
}

/// The distribution: HTTPS enforced, the web ACL in front, managed cache
/// policies looked up by name.
pub fn distribution(c: &Ctx, n: &Node, p: DistributionProps) -> Vec<Block> {
    let mut body = Body::new()
        .attr("enabled", c.value(&p.enabled))
        .attr("http_version", c.value(&p.http_version))
        .attr("price_class", c.value(&p.price_class))
        .attr_opt("aliases", (!p.aliases.is_empty()).then(|| c.value(&p.aliases)))
        .attr_opt("web_acl_id", c.opt(&p.web_acl_arn));
    for origin in &p.origins {
        body = body.child("origin", cf_origin(c, origin));
    }
    if let Some(d) = &p.default_behavior {
        body = body.child("default_cache_behavior", behavior(c, d));
    }
    for b in &p.ordered_behaviors {
        body = body.child("ordered_cache_behavior", behavior(c, b));
    }
    let restrictions = Body::new().child("geo_restriction", Body::new().attr("restriction_type", Expr::string("none")));
    let certificate = match &p.certificate_arn {
        Some(arn) => Body::new()
            .attr("acm_certificate_arn", c.value(arn))
            .attr("ssl_support_method", Expr::string("sni-only"))
            .attr_opt("minimum_protocol_version", c.opt(&p.minimum_protocol_version)),
        None => Body::new().attr("cloudfront_default_certificate", Expr::bool(true)),
    };
    let body = body.child("restrictions", restrictions).child("viewer_certificate", certificate);
    vec![c.tagged(n, body)]
}

fn cf_origin(c: &Ctx, o: &Origin) -> Body {
    let body = Body::new()
        .attr("domain_name", c.value(&o.domain_name))
        .attr("origin_id", c.value(&o.id));
    match &o.access {
        OriginAccess::S3 { origin_access_control_id } => body.attr("origin_access_control_id", c.value(origin_access_control_id)),
        OriginAccess::Custom { protocol_policy } => body.child(
            "custom_origin_config",
            Body::new()
                .attr("http_port", Expr::int(80))
                .attr("https_port", Expr::int(443))
                .attr("origin_protocol_policy", c.value(protocol_policy))
                .attr("origin_ssl_protocols", Expr::List(vec![Expr::string("TLSv1.2")])),
        ),
    }
}

/// The managed policies a cache behaviour names, each with the data source
/// that looks it up: the cache policy, then the origin request policy.
fn policies_of(b: &CacheBehavior) -> [(&'static str, Option<&str>); 2] {
    [
        ("aws_cloudfront_cache_policy", Some(b.cache_policy.as_str())),
        ("aws_cloudfront_origin_request_policy", b.origin_request_policy.as_deref()),
    ]
}

/// The Terraform name of a managed policy's data source:
/// `Managed-CachingOptimized` -> `managed_cachingoptimized`.
fn policy_ident(name: &str) -> String {
    ident(name).to_lowercase()
}

fn behavior(c: &Ctx, b: &CacheBehavior) -> Body {
    let get_and_head = || Expr::List(vec![Expr::string("GET"), Expr::string("HEAD")]);
    let [cache, origin_request] =
        policies_of(b).map(|(data, name)| name.map(|name| Expr::raw(format!("data.{data}.{}.id", policy_ident(name)))));
    Body::new()
        .attr_opt("path_pattern", c.opt(&b.path_pattern))
        .attr("target_origin_id", c.value(&b.target_origin_id))
        .attr("viewer_protocol_policy", c.value(&b.viewer_protocol_policy))
        .attr("allowed_methods", get_and_head())
        .attr("cached_methods", get_and_head())
        .attr("compress", Expr::bool(true))
        .attr_opt("cache_policy_id", cache)
        .attr_opt("origin_request_policy_id", origin_request)
}

/// The managed cache and origin request policies the distribution names.
pub fn cloudfront_policies(c: &Ctx) -> Vec<Block> {
    let mut seen: Vec<(&'static str, String)> = Vec::new();
    for n in c.graph.nodes().iter().filter(|n| n.kind == Kind::Distribution) {
        let p: DistributionProps = typed(n);
        for b in p.default_behavior.iter().chain(&p.ordered_behaviors) {
            for (data, name) in policies_of(b) {
                if let Some(name) = name
                    && !seen.iter().any(|(d, s)| *d == data && s == name)
                {
                    seen.push((data, name.to_string()));
                }
            }
        }
    }
    seen.iter()
        .map(|(data, name)| Block::new("data", &[data, &policy_ident(name)], Body::new().attr("name", Expr::string(name))))
        .collect()
}
