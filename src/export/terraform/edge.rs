//! The front door: the ALB, its target group and listeners, the web ACLs,
//! CloudFront and its origin access control.

use std::collections::BTreeMap;

use super::context::{Ctx, ident};
use super::hcl::{Block, Body, Expr};
use crate::graph::{Node, Value};

type Map = BTreeMap<String, Value>;

pub fn load_balancer(c: &Ctx, n: &Node) -> Vec<Block> {
    let internal = n.props.get("scheme").and_then(Value::as_str) == Some("internal");
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("load_balancer_type", c.prop(n, "type"))
        .attr("internal", Expr::bool(internal))
        .attr("security_groups", c.prop(n, "security_group_ids"))
        .attr("subnets", c.prop(n, "subnet_ids"))
        .attr("drop_invalid_header_fields", c.prop(n, "drop_invalid_header_fields"))
        .attr_opt("enable_deletion_protection", c.prop_opt(n, "deletion_protection"))
        .attr("tags", c.tags(n));
    let logs = n.props.get("access_logs_bucket").and_then(|v| v.refs().into_iter().next());
    let body = match logs {
        Some(target) => body
            .child(
                "access_logs",
                Body::new()
                    .attr("bucket", Expr::raw(format!("aws_s3_bucket.{}.id", ident(target.node.as_str()))))
                    .attr("prefix", c.prop(n, "access_logs_prefix"))
                    .attr("enabled", Expr::bool(true)),
            )
            // ELB checks the bucket's policy as access logs are turned on.
            .attr(
                "depends_on",
                Expr::List(vec![Expr::raw(format!("aws_s3_bucket_policy.{}", ident(target.node.as_str())))]),
            ),
        None => body,
    };
    vec![Block::resource("aws_lb", &ident(n.id.as_str()), body)]
}

pub fn target_group(c: &Ctx, n: &Node) -> Vec<Block> {
    let health = Body::new()
        .attr("path", c.prop(n, "health_check_path"))
        .attr("matcher", c.prop(n, "health_check_matcher"));
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("port", c.prop(n, "port"))
        .attr("protocol", c.prop(n, "protocol"))
        .attr("target_type", c.prop(n, "target_type"))
        .attr("vpc_id", c.prop(n, "vpc_id"))
        .child("health_check", health)
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_lb_target_group", &ident(n.id.as_str()), body)]
}

pub fn listener(c: &Ctx, n: &Node) -> Vec<Block> {
    let action = n.props.get("default_action").and_then(Value::as_map).cloned().unwrap_or_default();
    let get = |k: &str| action.get(k).map(|v| c.value(v));
    let mut action_body = Body::new().attr_opt("type", get("type"));
    if action.contains_key("target_group_arn") {
        action_body = action_body.attr_opt("target_group_arn", get("target_group_arn"));
    } else {
        let redirect = Body::new()
            .attr_opt("protocol", get("protocol"))
            .attr_opt("port", get("port"))
            .attr_opt("status_code", get("status_code"));
        action_body = action_body.child("redirect", redirect);
    }
    let body = Body::new()
        .attr("load_balancer_arn", c.prop(n, "load_balancer_arn"))
        .attr("port", c.prop(n, "port"))
        .attr("protocol", c.prop(n, "protocol"))
        .attr_opt("certificate_arn", c.prop_opt(n, "certificate_arn"))
        .attr_opt("ssl_policy", c.prop_opt(n, "ssl_policy"))
        .child("default_action", action_body)
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_lb_listener", &ident(n.id.as_str()), body)]
}

/// A web ACL: AWS managed rule groups, then a rate limit per client IP.
/// CloudFront's lives in us-east-1 whatever the stack's region.
pub fn web_acl(c: &Ctx, n: &Node) -> Vec<Block> {
    let cloudfront = n.props.get("scope").and_then(Value::as_str) == Some("CLOUDFRONT");
    let mut body = Body::new()
        .attr_opt("provider", cloudfront.then(|| Expr::raw("aws.us_east_1")))
        .attr("name", c.name(n))
        .attr("scope", c.prop(n, "scope"))
        .child("default_action", Body::new().child(&prop_str(n, "default_action"), Body::new()));
    for rule in n.props.get("rules").map(Value::as_list).unwrap_or_default() {
        if let Some(r) = rule.as_map() {
            body = body.child("rule", waf_rule(c, r));
        }
    }
    let body = body
        .child("visibility_config", visibility(c.string_plain(&n.name)))
        .attr("tags", c.tags(n));
    let mut blocks = vec![Block::resource("aws_wafv2_web_acl", &ident(n.id.as_str()), body)];
    if let Some(logging) = n.props.get("logging").and_then(Value::as_map) {
        blocks.push(web_acl_logging(c, n, cloudfront, logging));
    }
    blocks
}

/// The web ACL's logging, a resource of its own in Terraform.
fn web_acl_logging(c: &Ctx, n: &Node, cloudfront: bool, logging: &Map) -> Block {
    let destination = logging.get("log_destination").map(|v| c.value(v)).unwrap_or(Expr::string(""));
    let mut body = Body::new()
        .attr_opt("provider", cloudfront.then(|| Expr::raw("aws.us_east_1")))
        .attr("resource_arn", Expr::raw(format!("aws_wafv2_web_acl.{}.arn", ident(n.id.as_str()))))
        .attr("log_destination_configs", Expr::List(vec![destination]));
    for header in logging.get("redacted_headers").map(Value::as_list).unwrap_or_default() {
        let single = Body::new().attr("name", c.value(header));
        body = body.child("redacted_fields", Body::new().child("single_header", single));
    }
    Block::resource("aws_wafv2_web_acl_logging_configuration", &ident(n.id.as_str()), body)
}

fn prop_str(n: &Node, key: &str) -> String {
    n.props.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

fn visibility(metric: Expr) -> Body {
    Body::new()
        .attr("cloudwatch_metrics_enabled", Expr::bool(true))
        .attr("metric_name", metric)
        .attr("sampled_requests_enabled", Expr::bool(true))
}

fn waf_rule(c: &Ctx, r: &Map) -> Body {
    let name = r.get("name").and_then(Value::as_str).unwrap_or_default();
    let body = Body::new()
        .attr("name", Expr::string(name))
        .attr("priority", r.get("priority").map(|v| c.value(v)).unwrap_or(Expr::int(0)));
    let (body, statement) = match (r.get("managed_rule_group"), r.get("rate_limit")) {
        (Some(group), _) => (
            body.child("override_action", Body::new().child("none", Body::new())),
            Body::new().child(
                "managed_rule_group_statement",
                Body::new().attr("name", c.value(group)).attr("vendor_name", Expr::string("AWS")),
            ),
        ),
        (None, Some(limit)) => (
            body.child("action", Body::new().child("block", Body::new())),
            Body::new().child(
                "rate_based_statement",
                Body::new()
                    .attr("limit", c.value(limit))
                    .attr("aggregate_key_type", Expr::string("IP")),
            ),
        ),
        (None, None) => (body, Body::new()),
    };
    body.child("statement", statement)
        .child("visibility_config", visibility(Expr::string(name)))
}

pub fn web_acl_association(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new()
        .attr("resource_arn", c.prop(n, "resource_arn"))
        .attr("web_acl_arn", c.prop(n, "web_acl_arn"));
    vec![Block::resource("aws_wafv2_web_acl_association", &ident(n.id.as_str()), body)]
}

pub fn origin_access_control(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("origin_access_control_origin_type", c.prop(n, "origin_type"))
        .attr("signing_behavior", c.prop(n, "signing_behavior"))
        .attr("signing_protocol", c.prop(n, "signing_protocol"));
    vec![Block::resource("aws_cloudfront_origin_access_control", &ident(n.id.as_str()), body)]
}

/// The distribution: HTTPS enforced, the web ACL in front, managed cache
/// policies looked up by name.
pub fn distribution(c: &Ctx, n: &Node) -> Vec<Block> {
    let aliases = n.props.get("aliases").map(Value::as_list).unwrap_or_default();
    let mut body = Body::new()
        .attr("enabled", c.prop(n, "enabled"))
        .attr("http_version", c.prop(n, "http_version"))
        .attr("price_class", c.prop(n, "price_class"))
        .attr_opt("aliases", (!aliases.is_empty()).then(|| c.prop(n, "aliases")))
        .attr_opt("web_acl_id", c.prop_opt(n, "web_acl_arn"));
    for origin in n.props.get("origins").map(Value::as_list).unwrap_or_default() {
        if let Some(o) = origin.as_map() {
            body = body.child("origin", cf_origin(c, o));
        }
    }
    if let Some(d) = n.props.get("default_behavior").and_then(Value::as_map) {
        body = body.child("default_cache_behavior", behavior(c, d));
    }
    for b in n.props.get("ordered_behaviors").map(Value::as_list).unwrap_or_default() {
        if let Some(b) = b.as_map() {
            body = body.child("ordered_cache_behavior", behavior(c, b));
        }
    }
    let restrictions = Body::new().child("geo_restriction", Body::new().attr("restriction_type", Expr::string("none")));
    let certificate = match c.prop_opt(n, "certificate_arn") {
        Some(arn) => Body::new()
            .attr("acm_certificate_arn", arn)
            .attr("ssl_support_method", Expr::string("sni-only"))
            .attr_opt("minimum_protocol_version", c.prop_opt(n, "minimum_protocol_version")),
        None => Body::new().attr("cloudfront_default_certificate", Expr::bool(true)),
    };
    let body = body
        .child("restrictions", restrictions)
        .child("viewer_certificate", certificate)
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_cloudfront_distribution", &ident(n.id.as_str()), body)]
}

fn cf_origin(c: &Ctx, o: &Map) -> Body {
    let get = |k: &str| o.get(k).map(|v| c.value(v));
    let body = Body::new()
        .attr_opt("domain_name", get("domain_name"))
        .attr_opt("origin_id", get("id"));
    match get("origin_access_control_id") {
        Some(oac) => body.attr("origin_access_control_id", oac),
        None => body.child(
            "custom_origin_config",
            Body::new()
                .attr("http_port", Expr::int(80))
                .attr("https_port", Expr::int(443))
                .attr_opt("origin_protocol_policy", get("protocol_policy"))
                .attr("origin_ssl_protocols", Expr::List(vec![Expr::string("TLSv1.2")])),
        ),
    }
}

fn behavior(c: &Ctx, b: &Map) -> Body {
    let get = |k: &str| b.get(k).map(|v| c.value(v));
    let get_and_head = || Expr::List(vec![Expr::string("GET"), Expr::string("HEAD")]);
    let policy = |data: &str, k: &str| {
        b.get(k)
            .and_then(Value::as_str)
            .map(|name| Expr::raw(format!("data.{data}.{}.id", ident(name).to_lowercase())))
    };
    Body::new()
        .attr_opt("path_pattern", get("path_pattern"))
        .attr_opt("target_origin_id", get("target_origin_id"))
        .attr_opt("viewer_protocol_policy", get("viewer_protocol_policy"))
        .attr("allowed_methods", get_and_head())
        .attr("cached_methods", get_and_head())
        .attr("compress", Expr::bool(true))
        .attr_opt("cache_policy_id", policy("aws_cloudfront_cache_policy", "cache_policy"))
        .attr_opt(
            "origin_request_policy_id",
            policy("aws_cloudfront_origin_request_policy", "origin_request_policy"),
        )
}

/// The managed cache and origin request policies the distribution names.
pub fn cloudfront_policies(c: &Ctx) -> Vec<Block> {
    let mut seen: Vec<(&'static str, String)> = Vec::new();
    for n in c.graph.nodes() {
        let behaviors = n
            .props
            .get("default_behavior")
            .into_iter()
            .chain(n.props.get("ordered_behaviors").map(Value::as_list).unwrap_or_default());
        for b in behaviors.filter_map(Value::as_map) {
            for (data, key) in [
                ("aws_cloudfront_cache_policy", "cache_policy"),
                ("aws_cloudfront_origin_request_policy", "origin_request_policy"),
            ] {
                if let Some(name) = b.get(key).and_then(Value::as_str)
                    && !seen.iter().any(|(d, s)| *d == data && s == name)
                {
                    seen.push((data, name.to_string()));
                }
            }
        }
    }
    seen.iter()
        .map(|(data, name)| {
            Block::new(
                "data",
                &[data, &ident(name).to_lowercase()],
                Body::new().attr("name", Expr::string(name)),
            )
        })
        .collect()
}
