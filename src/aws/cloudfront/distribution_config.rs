//! The DistributionConfig: built from the desired properties, and read back
//! into their normal form, so a diff compares like with like.

use aws_sdk_cloudfront::types::{
    Aliases, CacheBehavior, CacheBehaviors, CustomOriginConfig, DefaultCacheBehavior, DistributionConfig, HttpVersion,
    MinimumProtocolVersion, OriginProtocolPolicy, OriginSslProtocols, Origins, PriceClass, S3OriginConfig, SslProtocol, SslSupportMethod,
    ViewerCertificate, ViewerProtocolPolicy,
};

use super::{built, s};
use crate::apply::ProviderError;
use crate::graph::{Props, Value};

/// AWS managed cache and origin request policies: their documented fixed ids.
const MANAGED_POLICIES: &[(&str, &str)] = &[
    ("Managed-CachingOptimized", "658327ea-f89d-4fab-a63d-7e88639e58f6"),
    ("Managed-CachingDisabled", "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"),
    ("Managed-AllViewer", "216adef6-5c7f-47e4-b989-5492eafa07d3"),
];

fn policy_id(name: &str) -> String {
    MANAGED_POLICIES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(name, |(_, id)| id)
        .to_string()
}

fn policy_name(id: &str) -> String {
    MANAGED_POLICIES.iter().find(|(_, i)| *i == id).map_or(id, |(n, _)| n).to_string()
}

fn origins(p: &Props) -> Result<Origins, ProviderError> {
    let mut items = Vec::new();
    for o in p.get("origins").map(Value::as_list).unwrap_or_default() {
        let Some(o) = o.as_map() else { continue };
        let mut b = aws_sdk_cloudfront::types::Origin::builder()
            .id(s(o, "id"))
            .domain_name(s(o, "domain_name"));
        match o.get("origin_access_control_id").and_then(Value::as_str) {
            // An S3 origin read through the OAC: no legacy access identity.
            Some(oac) => {
                b = b
                    .origin_access_control_id(oac)
                    .s3_origin_config(S3OriginConfig::builder().origin_access_identity("").build());
            }
            None => {
                // TLS 1.2 only towards the origin (the ALB's policy offers
                // no older version anyway).
                let tls12 = built(OriginSslProtocols::builder().quantity(1).items(SslProtocol::TlSv12).build())?;
                let c = CustomOriginConfig::builder()
                    .http_port(80)
                    .https_port(443)
                    .origin_protocol_policy(OriginProtocolPolicy::from(s(o, "protocol_policy")))
                    .origin_ssl_protocols(tls12)
                    .build();
                b = b.custom_origin_config(built(c)?);
            }
        }
        items.push(built(b.build())?);
    }
    built(Origins::builder().quantity(items.len() as i32).set_items(Some(items)).build())
}

fn default_behavior(p: &Props) -> Result<DefaultCacheBehavior, ProviderError> {
    let b = p.get("default_behavior").and_then(Value::as_map).cloned().unwrap_or_default();
    let mut d = DefaultCacheBehavior::builder()
        .target_origin_id(s(&b, "target_origin_id"))
        .viewer_protocol_policy(ViewerProtocolPolicy::from(s(&b, "viewer_protocol_policy")))
        .cache_policy_id(policy_id(s(&b, "cache_policy")))
        .compress(true);
    if let Some(orp) = b.get("origin_request_policy").and_then(Value::as_str) {
        d = d.origin_request_policy_id(policy_id(orp));
    }
    built(d.build())
}

fn behaviors(p: &Props) -> Result<CacheBehaviors, ProviderError> {
    let mut items = Vec::new();
    for b in p.get("ordered_behaviors").map(Value::as_list).unwrap_or_default() {
        let Some(b) = b.as_map() else { continue };
        let mut c = CacheBehavior::builder()
            .path_pattern(s(b, "path_pattern"))
            .target_origin_id(s(b, "target_origin_id"))
            .viewer_protocol_policy(ViewerProtocolPolicy::from(s(b, "viewer_protocol_policy")))
            .cache_policy_id(policy_id(s(b, "cache_policy")))
            .compress(true);
        if let Some(orp) = b.get("origin_request_policy").and_then(Value::as_str) {
            c = c.origin_request_policy_id(policy_id(orp));
        }
        items.push(built(c.build())?);
    }
    built(
        CacheBehaviors::builder()
            .quantity(items.len() as i32)
            .set_items((!items.is_empty()).then_some(items))
            .build(),
    )
}

fn viewer_certificate(p: &Props) -> ViewerCertificate {
    match p.get("certificate_arn").and_then(Value::as_str) {
        Some(cert) => ViewerCertificate::builder()
            .acm_certificate_arn(cert)
            .ssl_support_method(SslSupportMethod::SniOnly)
            .minimum_protocol_version(MinimumProtocolVersion::from(s(p, "minimum_protocol_version")))
            .build(),
        None => ViewerCertificate::builder().cloud_front_default_certificate(true).build(),
    }
}

/// The whole DistributionConfig from the desired properties; `comment` is the
/// node's name (how discovery recognises the stack's distributions).
pub fn distribution_config(p: &Props, caller_reference: &str, comment: &str, enabled: bool) -> Result<DistributionConfig, ProviderError> {
    let aliases: Vec<String> = p
        .get("aliases")
        .map(Value::as_list)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    let aliases = built(
        Aliases::builder()
            .quantity(aliases.len() as i32)
            .set_items((!aliases.is_empty()).then_some(aliases))
            .build(),
    )?;
    built(
        DistributionConfig::builder()
            .caller_reference(caller_reference)
            .comment(comment)
            .enabled(enabled)
            .origins(origins(p)?)
            .default_cache_behavior(default_behavior(p)?)
            .cache_behaviors(behaviors(p)?)
            .aliases(aliases)
            .price_class(PriceClass::from(s(p, "price_class")))
            .http_version(HttpVersion::from(s(p, "http_version")))
            .is_ipv6_enabled(true)
            .web_acl_id(s(p, "web_acl_arn"))
            .viewer_certificate(viewer_certificate(p))
            .build(),
    )
}

fn props_map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A DistributionConfig in the normal form of `expand`.
pub fn described(c: &DistributionConfig) -> Props {
    let mut p = Props::new();
    p.insert("enabled".into(), Value::Bool(c.enabled()));
    p.insert(
        "price_class".into(),
        Value::str(c.price_class().map_or("PriceClass_All", |x| x.as_str())),
    );
    p.insert("http_version".into(), Value::str(c.http_version().map_or("http2", |x| x.as_str())));
    let origins = c
        .origins()
        .map(|o| o.items())
        .unwrap_or_default()
        .iter()
        .map(|o| {
            let mut m = vec![("id", Value::str(o.id())), ("domain_name", Value::str(o.domain_name()))];
            match o.origin_access_control_id().filter(|x| !x.is_empty()) {
                Some(oac) => m.push(("origin_access_control_id", Value::str(oac))),
                None => m.push((
                    "protocol_policy",
                    Value::str(o.custom_origin_config().map_or("", |c| c.origin_protocol_policy().as_str())),
                )),
            }
            props_map(m)
        })
        .collect();
    p.insert("origins".into(), Value::List(origins));
    if let Some(d) = c.default_cache_behavior() {
        let mut m = vec![
            ("target_origin_id", Value::str(d.target_origin_id())),
            ("viewer_protocol_policy", Value::str(d.viewer_protocol_policy().as_str())),
            ("cache_policy", Value::str(policy_name(d.cache_policy_id().unwrap_or_default()))),
        ];
        if let Some(orp) = d.origin_request_policy_id().filter(|x| !x.is_empty()) {
            m.push(("origin_request_policy", Value::str(policy_name(orp))));
        }
        p.insert("default_behavior".into(), props_map(m));
    }
    let behaviors = c
        .cache_behaviors()
        .map(|b| b.items())
        .unwrap_or_default()
        .iter()
        .map(|b| {
            let mut m = vec![
                ("path_pattern", Value::str(b.path_pattern())),
                ("target_origin_id", Value::str(b.target_origin_id())),
                ("viewer_protocol_policy", Value::str(b.viewer_protocol_policy().as_str())),
                ("cache_policy", Value::str(policy_name(b.cache_policy_id().unwrap_or_default()))),
            ];
            if let Some(orp) = b.origin_request_policy_id().filter(|x| !x.is_empty()) {
                m.push(("origin_request_policy", Value::str(policy_name(orp))));
            }
            props_map(m)
        })
        .collect();
    p.insert("ordered_behaviors".into(), Value::List(behaviors));
    let aliases = c.aliases().map(|a| a.items()).unwrap_or_default().iter().map(Value::str).collect();
    p.insert("aliases".into(), Value::List(aliases));
    if let Some(acl) = c.web_acl_id().filter(|x| !x.is_empty()) {
        p.insert("web_acl_arn".into(), Value::str(acl));
    }
    if let Some(v) = c.viewer_certificate()
        && let Some(cert) = v.acm_certificate_arn().filter(|x| !x.is_empty())
    {
        p.insert("certificate_arn".into(), Value::str(cert));
        if let Some(m) = v.minimum_protocol_version() {
            p.insert("minimum_protocol_version".into(), Value::str(m.as_str()));
        }
    }
    p
}
#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, Value)]) -> Value {
        Value::Map(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    fn desired() -> Props {
        let mut p = Props::new();
        p.insert("enabled".into(), Value::Bool(true));
        p.insert("price_class".into(), Value::str("PriceClass_100"));
        p.insert("http_version".into(), Value::str("http2and3"));
        p.insert(
            "origins".into(),
            Value::List(vec![
                map(&[
                    ("id", Value::str("alb")),
                    ("domain_name", Value::str("shop-alb-1.elb.amazonaws.com")),
                    ("protocol_policy", Value::str("http-only")),
                ]),
                map(&[
                    ("id", Value::str("assets")),
                    ("domain_name", Value::str("b.s3.us-east-1.amazonaws.com")),
                    ("origin_access_control_id", Value::str("E123")),
                ]),
            ]),
        );
        p.insert(
            "default_behavior".into(),
            map(&[
                ("target_origin_id", Value::str("alb")),
                ("viewer_protocol_policy", Value::str("redirect-to-https")),
                ("cache_policy", Value::str("Managed-CachingDisabled")),
                ("origin_request_policy", Value::str("Managed-AllViewer")),
            ]),
        );
        p.insert(
            "ordered_behaviors".into(),
            Value::List(vec![map(&[
                ("path_pattern", Value::str("/static/*")),
                ("target_origin_id", Value::str("assets")),
                ("viewer_protocol_policy", Value::str("redirect-to-https")),
                ("cache_policy", Value::str("Managed-CachingOptimized")),
            ])]),
        );
        p.insert("aliases".into(), Value::List(vec![]));
        p.insert("web_acl_arn".into(), Value::str("arn:aws:wafv2:us-east-1:1:global/webacl/x/y"));
        p
    }

    #[test]
    fn config_uses_managed_policy_ids_and_reads_back_equal() {
        let p = desired();
        let c = distribution_config(&p, "ref", "shop-cdn", true).unwrap();
        let d = c.default_cache_behavior().unwrap();
        assert_eq!(d.cache_policy_id(), Some("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"));
        assert_eq!(d.origin_request_policy_id(), Some("216adef6-5c7f-47e4-b989-5492eafa07d3"));
        let assets = &c.origins().unwrap().items()[1];
        assert_eq!(assets.origin_access_control_id(), Some("E123"));
        assert_eq!(assets.s3_origin_config().map(|s| s.origin_access_identity()), Some(""));
        assert!(c.viewer_certificate().unwrap().cloud_front_default_certificate().unwrap_or(false));
        assert_eq!(c.comment(), "shop-cdn");
        assert_eq!(described(&c), p);
    }

    #[test]
    fn a_certificate_brings_its_minimum_tls_version() {
        let mut p = desired();
        p.insert("aliases".into(), Value::List(vec![Value::str("shop.example.com")]));
        p.insert("certificate_arn".into(), Value::str("arn:aws:acm:us-east-1:1:certificate/c"));
        p.insert("minimum_protocol_version".into(), Value::str("TLSv1.2_2021"));
        let c = distribution_config(&p, "ref", "shop-cdn", true).unwrap();
        let v = c.viewer_certificate().unwrap();
        assert_eq!(v.ssl_support_method().map(|m| m.as_str()), Some("sni-only"));
        assert_ne!(v.cloud_front_default_certificate(), Some(true));
        assert_eq!(described(&c), p);
    }
}
