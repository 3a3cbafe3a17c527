//! The front door: the ALB with its target group and listeners, the two web
//! ACLs (REGIONAL on the ALB, CLOUDFRONT on the distribution) and CloudFront.

use super::network::NetworkIds;
use super::{Builder, Spec, id_refs, ids, logs};
use crate::graph::props::{
    AccessLogs, CacheBehavior, DistributionProps, ListenerAction, ListenerProps, LoadBalancerProps, Origin, OriginAccess,
    OriginAccessControlProps, TargetGroupProps, WafLogging, WafRule, WafStatement, WebAclAssociationProps, WebAclProps,
};
use crate::graph::{Kind, NodeId, Value};
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
    // A reference: ELB checks the bucket's policy when logs are turned on.
    let access_logs = b
        .stack
        .logs_bucket()
        .filter(|_| super::buckets::alb_logs_on(b))
        .map(|logs| AccessLogs {
            bucket: Value::reference(&ids::bucket(&logs.name), "name"),
            prefix: super::buckets::ALB_LOG_PREFIX.into(),
        });
    let props = LoadBalancerProps {
        lb_type: Some("application".into()),
        scheme: Some("internet-facing".into()),
        subnet_ids: id_refs(&net.public_subnets),
        security_group_ids: id_refs(&net.alb_sg),
        drop_invalid_header_fields: true,
        deletion_protection: *lb.deletion_protection,
        access_logs,
    };
    let alb = b.add(
        Spec::new(ids::alb(), Kind::LoadBalancer, names::alb(&stack), props.into())
            // An internet-facing ALB is refused (InvalidSubnet: "VPC ... has no
            // internet gateway") until the VPC's gateway is attached.
            .after(&net.internet_gateway),
    );
    let tg = b.add(Spec::new(
        ids::target_group(),
        Kind::TargetGroup,
        names::target_group(&stack),
        TargetGroupProps {
            vpc_id: Value::reference(&net.vpc, "id"),
            port: *lb.target_port,
            protocol: "HTTP".into(),
            target_type: "instance".into(),
            health_check_path: lb.health_check_path.value.clone(),
            health_check_matcher: "200-399".into(),
        }
        .into(),
    ));
    let forward = ListenerAction::Forward {
        target_group_arn: Value::reference(&tg, "arn"),
    };
    let http = |default_action| ListenerProps {
        load_balancer_arn: Value::reference(&alb, "arn"),
        port: 80,
        protocol: "HTTP".into(),
        certificate_arn: None,
        ssl_policy: None,
        default_action: Some(default_action),
    };
    let listeners = match &lb.certificate_arn {
        Some(cert) => {
            let https = ListenerProps {
                port: 443,
                protocol: "HTTPS".into(),
                certificate_arn: Some(cert.value.clone()),
                ssl_policy: Some("ELBSecurityPolicy-TLS13-1-2-2021-06".into()),
                ..http(forward)
            };
            let redirect = ListenerAction::Redirect {
                protocol: "HTTPS".into(),
                port: "443".into(),
                status_code: "HTTP_301".into(),
            };
            vec![("https", https), ("http", http(redirect))]
        }
        None => vec![("http", http(forward))],
    };
    for (label, listener) in listeners {
        b.add(Spec::new(
            ids::listener(label),
            Kind::Listener,
            names::named(&stack, label),
            listener.into(),
        ));
    }
    Some(alb)
}

fn web_acls(b: &mut Builder) -> (Option<NodeId>, Option<NodeId>) {
    let Some(waf) = b.stack.waf.as_ref() else { return (None, None) };
    let stack = b.name().to_string();
    let mut rules: Vec<WafRule> = waf
        .managed_rules
        .iter()
        .enumerate()
        .map(|(i, r)| WafRule {
            name: r.value.clone(),
            priority: i as u32,
            statement: WafStatement::ManagedRuleGroup(r.value.clone()),
        })
        .collect();
    rules.push(WafRule {
        name: "rate-limit".into(),
        priority: waf.managed_rules.len() as u32,
        statement: WafStatement::RateLimit(*waf.rate_limit_per_5min as i64),
    });
    let logging = *waf.logging;
    let acl = |b: &mut Builder, scope: &str, label: &str| {
        // CLOUDFRONT web ACLs live in us-east-1 whatever the stack's region.
        let region = if scope == "CLOUDFRONT" {
            "us-east-1".to_string()
        } else {
            b.region().to_string()
        };
        let logging = logging.then(|| waf_logging(&logs::waf_log_group(b, label, &region)));
        let props = WebAclProps {
            scope: scope.into(),
            region,
            default_action: "allow".into(),
            rules: rules.clone(),
            logging,
        };
        b.add(Spec::new(
            ids::web_acl(label),
            Kind::WebAcl,
            names::web_acl(&stack, label),
            props.into(),
        ))
    };
    let regional = b.stack.load_balancer.is_some().then(|| acl(b, "REGIONAL", "regional"));
    let cloudfront = b.stack.cdn.is_some().then(|| acl(b, "CLOUDFRONT", "cloudfront"));
    (regional, cloudfront)
}

/// Where a web ACL logs (WAF's `LoggingConfiguration`): the log group, with
/// the headers that carry credentials redacted from every record.
fn waf_logging(group: &NodeId) -> WafLogging {
    WafLogging {
        log_destination: Value::reference(group, "arn"),
        redacted_headers: vec!["authorization".into(), "cookie".into()],
    }
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
        Some(name) => (Value::str(name), "https-only"),
        None => (Value::reference(alb, "dns_name"), "http-only"),
    };
    let mut origins = vec![Origin {
        id: "alb".into(),
        domain_name: alb_origin.0,
        access: OriginAccess::Custom {
            protocol_policy: alb_origin.1.into(),
        },
    }];
    let mut ordered_behaviors = vec![];
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
        origins.push(Origin {
            id: "assets".into(),
            domain_name: Value::str(format!("{bucket_name}.s3.{region}.amazonaws.com")),
            access: OriginAccess::S3 {
                origin_access_control_id: Value::reference(&oac, "id"),
            },
        });
        ordered_behaviors.push(CacheBehavior::static_assets());
    }
    let certificate_arn = cdn.certificate_arn.as_ref().map(|c| c.value.clone());
    let props = DistributionProps {
        enabled: true,
        price_class: cdn.price_class.value.clone(),
        http_version: "http2and3".into(),
        origins,
        default_behavior: Some(CacheBehavior::to_load_balancer()),
        ordered_behaviors,
        aliases: cdn.aliases.iter().map(|a| a.value.clone()).collect(),
        web_acl_arn: acl.map(|acl| Value::reference(acl, "arn")),
        // Only a distribution with its own certificate has a minimum TLS
        // version: with the default *.cloudfront.net certificate AWS keeps
        // TLSv1 whatever is asked, so the setting would never read back.
        minimum_protocol_version: certificate_arn.as_ref().map(|_| "TLSv1.2_2021".into()),
        certificate_arn,
    };
    b.add(
        // An HTTPS origin names the ALB by its domain, not its reference:
        // still created after the ALB and deleted before it.
        Spec::new(ids::distribution(), Kind::Distribution, names::named(&stack, "cdn"), props.into()).after(alb),
    );
}
