//! The front door: the ALB with its target group and listeners, the two web
//! ACLs (REGIONAL on the ALB, CLOUDFRONT on the distribution) and CloudFront.

use super::network::NetworkIds;
use super::{Builder, Spec, ids, logs};
use crate::graph::props::{OriginAccessControlProps, WebAclAssociationProps};
use crate::graph::{Kind, NodeId, Value};
use crate::props;
use crate::stack::{Stack, names};

pub fn expand(b: &mut Builder, net: Option<&NetworkIds>) {
    let alb = net.and_then(|net| load_balancer(b, net));
    let (regional, cloudfront) = web_acls(b);
    if let (Some(acl), Some(alb)) = (&regional, &alb) {
        b.add(
            Spec::new(
                ids::web_acl_association(),
                Kind::WebAclAssociation,
                names::named(b.name(), "alb-waf"),
                WebAclAssociationProps {
                    web_acl_arn: Value::reference(acl, "arn"),
                    resource_arn: Value::reference(alb, "arn"),
                }
                .into(),
            )
            // WAF refuses an ALB that is still provisioning
            // (WAFUnavailableEntityException) for the minutes it takes.
            .ready(alb),
        );
    }
    if let Some(alb) = &alb {
        distribution(b, alb, cloudfront.as_ref());
    }
}

fn load_balancer(b: &mut Builder, net: &NetworkIds) -> Option<NodeId> {
    let lb = b.stack.load_balancer.as_ref()?;
    let stack = b.name().to_string();
    let mut props = props! {
        "type" => "application",
        "scheme" => "internet-facing",
        "subnet_ids" => net.public_subnets.iter().map(|s| Value::reference(s, "id")).collect::<Vec<_>>(),
        "security_group_ids" => net.alb_sg.iter().map(|s| Value::reference(s, "id")).collect::<Vec<_>>(),
        "drop_invalid_header_fields" => true,
        "deletion_protection" => *lb.deletion_protection,
    };
    if let Some(logs) = b.stack.logs_bucket().filter(|_| super::buckets::alb_logs_on(b)) {
        // A reference: ELB checks the bucket's policy when logs are turned on.
        props.insert("access_logs_bucket".into(), Value::reference(&ids::bucket(&logs.name), "name"));
        props.insert("access_logs_prefix".into(), Value::str(super::buckets::ALB_LOG_PREFIX));
    }
    let alb = b.add(
        Spec::new(ids::alb(), Kind::LoadBalancer, names::alb(&stack), props)
            // An internet-facing ALB is refused (InvalidSubnet: "VPC ... has no
            // internet gateway") until the VPC's gateway is attached.
            .after(&net.internet_gateway),
    );
    let tg = b.add(Spec::new(
        ids::target_group(),
        Kind::TargetGroup,
        names::target_group(&stack),
        props! {
            "vpc_id" => Value::reference(&net.vpc, "id"),
            "port" => *lb.target_port,
            "protocol" => "HTTP",
            "target_type" => "instance",
            "health_check_path" => lb.health_check_path.value.clone(),
            "health_check_matcher" => "200-399",
        },
    ));
    let forward = Value::Map(props! { "type" => "forward", "target_group_arn" => Value::reference(&tg, "arn") });
    match &lb.certificate_arn {
        Some(cert) => {
            b.add(Spec::new(
                ids::listener("https"),
                Kind::Listener,
                names::named(&stack, "https"),
                props! {
                    "load_balancer_arn" => Value::reference(&alb, "arn"),
                    "port" => 443u32,
                    "protocol" => "HTTPS",
                    "certificate_arn" => cert.value.clone(),
                    "ssl_policy" => "ELBSecurityPolicy-TLS13-1-2-2021-06",
                    "default_action" => forward,
                },
            ));
            b.add(Spec::new(
                ids::listener("http"),
                Kind::Listener,
                names::named(&stack, "http"),
                props! {
                    "load_balancer_arn" => Value::reference(&alb, "arn"),
                    "port" => 80u32,
                    "protocol" => "HTTP",
                    "default_action" => Value::Map(props! { "type" => "redirect", "protocol" => "HTTPS", "port" => "443", "status_code" => "HTTP_301" }),
                },
            ));
        }
        None => {
            b.add(Spec::new(
                ids::listener("http"),
                Kind::Listener,
                names::named(&stack, "http"),
                props! {
                    "load_balancer_arn" => Value::reference(&alb, "arn"),
                    "port" => 80u32,
                    "protocol" => "HTTP",
                    "default_action" => forward,
                },
            ));
        }
    }
    Some(alb)
}

fn web_acls(b: &mut Builder) -> (Option<NodeId>, Option<NodeId>) {
    let Some(waf) = b.stack.waf.as_ref() else { return (None, None) };
    let stack = b.name().to_string();
    let mut rules: Vec<Value> = waf
        .managed_rules
        .iter()
        .enumerate()
        .map(|(i, r)| Value::Map(props! { "name" => r.value.clone(), "priority" => i as u32, "managed_rule_group" => r.value.clone() }))
        .collect();
    rules.push(Value::Map(props! {
        "name" => "rate-limit",
        "priority" => waf.managed_rules.len() as u32,
        "rate_limit" => Value::Int(*waf.rate_limit_per_5min as i64),
    }));
    let logging = *waf.logging;
    let acl = |b: &mut Builder, scope: &str, label: &str| {
        // CLOUDFRONT web ACLs live in us-east-1 whatever the stack's region.
        let region = if scope == "CLOUDFRONT" {
            "us-east-1".to_string()
        } else {
            b.region().to_string()
        };
        let mut props = props! {
            "scope" => scope,
            "region" => region.clone(),
            "default_action" => "allow",
            "rules" => rules.clone(),
        };
        if logging {
            let group = logs::waf_log_group(b, label, &region);
            props.insert("logging".into(), waf_logging(&group));
        }
        b.add(Spec::new(ids::web_acl(label), Kind::WebAcl, names::web_acl(&stack, label), props))
    };
    let regional = b.stack.load_balancer.is_some().then(|| acl(b, "REGIONAL", "regional"));
    let cloudfront = b.stack.cdn.is_some().then(|| acl(b, "CLOUDFRONT", "cloudfront"));
    (regional, cloudfront)
}

/// Where a web ACL logs (WAF's `LoggingConfiguration`): the log group, with
/// the headers that carry credentials redacted from every record.
fn waf_logging(group: &NodeId) -> Value {
    Value::Map(props! {
        "log_destination" => Value::reference(group, "arn"),
        "redacted_headers" => Value::List(vec![Value::str("authorization"), Value::str("cookie")]),
    })
}

/// The name CloudFront calls the ALB by over HTTPS, when the stack has a
/// distribution, a certificate on the ALB and a name it covers. Without all
/// three CloudFront calls the ALB over HTTP on port 80, which then forwards:
/// a port 80 that redirects to HTTPS would send CloudFront's own requests
/// back to it for ever.
pub fn https_origin(stack: &Stack) -> Option<&str> {
    let lb = stack.load_balancer.as_ref()?;
    stack.cdn.as_ref()?;
    lb.certificate_arn.as_ref()?;
    lb.domain_name.as_ref().map(|d| d.as_str())
}

fn distribution(b: &mut Builder, alb: &NodeId, acl: Option<&NodeId>) {
    let Some(cdn) = b.stack.cdn.as_ref() else { return };
    let stack = b.name().to_string();
    let alb_origin = match https_origin(b.stack) {
        Some(name) => props! { "id" => "alb", "domain_name" => name.to_string(), "protocol_policy" => "https-only" },
        None => props! { "id" => "alb", "domain_name" => Value::reference(alb, "dns_name"), "protocol_policy" => "http-only" },
    };
    let mut origins = vec![Value::Map(alb_origin)];
    let mut behaviors = vec![];
    if let Some(bucket) = &cdn.static_assets_bucket {
        let oac = b.add(Spec::new(
            ids::origin_access_control(),
            Kind::OriginAccessControl,
            names::named(&stack, "assets"),
            OriginAccessControlProps {
                origin_type: "s3".into(),
                signing_behavior: "always".into(),
                signing_protocol: "sigv4".into(),
            }
            .into(),
        ));
        // A plain name, not a reference: the bucket's policy names this
        // distribution, so the bucket follows it.
        let bucket_name = super::storage::bucket_name(b, bucket);
        let region = b.region().to_string();
        origins.push(Value::Map(props! {
            "id" => "assets",
            "domain_name" => format!("{bucket_name}.s3.{region}.amazonaws.com"),
            "origin_access_control_id" => Value::reference(&oac, "id"),
        }));
        behaviors.push(Value::Map(props! {
            "path_pattern" => "/static/*",
            "target_origin_id" => "assets",
            "viewer_protocol_policy" => "redirect-to-https",
            "cache_policy" => "Managed-CachingOptimized",
        }));
    }
    let mut props = props! {
        "enabled" => true,
        "price_class" => cdn.price_class.value.clone(),
        "http_version" => "http2and3",
        "origins" => origins,
        "default_behavior" => Value::Map(props! {
            "target_origin_id" => "alb",
            "viewer_protocol_policy" => "redirect-to-https",
            "cache_policy" => "Managed-CachingDisabled",
            "origin_request_policy" => "Managed-AllViewer",
        }),
        "ordered_behaviors" => behaviors,
        "aliases" => cdn.aliases.iter().map(|a| a.value.clone()).collect::<Vec<_>>(),
    };
    if let Some(acl) = acl {
        props.insert("web_acl_arn".into(), Value::reference(acl, "arn"));
    }
    if let Some(cert) = &cdn.certificate_arn {
        props.insert("certificate_arn".into(), Value::str(cert.value.clone()));
        // Only a distribution with its own certificate has a minimum TLS
        // version: with the default *.cloudfront.net certificate AWS keeps
        // TLSv1 whatever is asked, so the setting would never read back.
        props.insert("minimum_protocol_version".into(), Value::str("TLSv1.2_2021"));
    }
    b.add(
        // An HTTPS origin names the ALB by its domain, not its reference:
        // still created after the ALB and deleted before it.
        Spec::new(ids::distribution(), Kind::Distribution, names::named(&stack, "cdn"), props).after(alb),
    );
}
