//! The DistributionConfig: built from the desired properties, and read back
//! into their normal form, so a diff compares like with like.

use aws_sdk_cloudfront::types::{
    Aliases, CacheBehaviors, CustomOriginConfig, DefaultCacheBehavior, DistributionConfig, HttpVersion, MinimumProtocolVersion,
    OriginProtocolPolicy, OriginSslProtocols, Origins, PriceClass, S3OriginConfig, SslProtocol, SslSupportMethod, ViewerCertificate,
    ViewerProtocolPolicy,
};

use crate::apply::ProviderError;
use crate::aws::error::built;
use crate::graph::Value;
use crate::graph::props::{CacheBehavior, DistributionProps, Origin, OriginAccess};

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

fn origins(d: &DistributionProps) -> Result<Origins, ProviderError> {
    let mut items = Vec::new();
    for o in &d.origins {
        let mut b = aws_sdk_cloudfront::types::Origin::builder()
            .id(&o.id)
            .domain_name(o.domain_name.as_str().unwrap_or_default());
        match &o.access {
            // An S3 origin read through the OAC: no legacy access identity.
            OriginAccess::S3 { origin_access_control_id } => {
                b = b
                    .origin_access_control_id(origin_access_control_id.as_str().unwrap_or_default())
                    .s3_origin_config(S3OriginConfig::builder().origin_access_identity("").build());
            }
            OriginAccess::Custom { protocol_policy } => {
                // TLS 1.2 only towards the origin (the ALB's policy offers
                // no older version anyway).
                let tls12 = built(
                    "cloudfront",
                    OriginSslProtocols::builder().quantity(1).items(SslProtocol::TlSv12).build(),
                )?;
                let c = CustomOriginConfig::builder()
                    .http_port(80)
                    .https_port(443)
                    .origin_protocol_policy(OriginProtocolPolicy::from(protocol_policy.as_str()))
                    .origin_ssl_protocols(tls12)
                    .build();
                b = b.custom_origin_config(built("cloudfront", c)?);
            }
        }
        items.push(built("cloudfront", b.build())?);
    }
    built(
        "cloudfront",
        Origins::builder().quantity(items.len() as i32).set_items(Some(items)).build(),
    )
}

fn default_behavior(b: Option<&CacheBehavior>) -> Result<DefaultCacheBehavior, ProviderError> {
    let mut d = DefaultCacheBehavior::builder()
        .target_origin_id(b.map_or("", |b| &b.target_origin_id))
        .viewer_protocol_policy(ViewerProtocolPolicy::from(b.map_or("", |b| &b.viewer_protocol_policy)))
        .cache_policy_id(policy_id(b.map_or("", |b| &b.cache_policy)))
        .compress(true);
    if let Some(orp) = b.and_then(|b| b.origin_request_policy.as_deref()) {
        d = d.origin_request_policy_id(policy_id(orp));
    }
    built("cloudfront", d.build())
}

fn behaviors(d: &DistributionProps) -> Result<CacheBehaviors, ProviderError> {
    let mut items = Vec::new();
    for b in &d.ordered_behaviors {
        let mut c = aws_sdk_cloudfront::types::CacheBehavior::builder()
            .path_pattern(b.path_pattern.as_deref().unwrap_or_default())
            .target_origin_id(&b.target_origin_id)
            .viewer_protocol_policy(ViewerProtocolPolicy::from(b.viewer_protocol_policy.as_str()))
            .cache_policy_id(policy_id(&b.cache_policy))
            .compress(true);
        if let Some(orp) = &b.origin_request_policy {
            c = c.origin_request_policy_id(policy_id(orp));
        }
        items.push(built("cloudfront", c.build())?);
    }
    built(
        "cloudfront",
        CacheBehaviors::builder()
            .quantity(items.len() as i32)
            .set_items((!items.is_empty()).then_some(items))
            .build(),
    )
}

fn viewer_certificate(d: &DistributionProps) -> ViewerCertificate {
    match &d.certificate_arn {
        Some(cert) => ViewerCertificate::builder()
            .acm_certificate_arn(cert)
            .ssl_support_method(SslSupportMethod::SniOnly)
            .minimum_protocol_version(MinimumProtocolVersion::from(
                d.minimum_protocol_version.as_deref().unwrap_or_default(),
            ))
            .build(),
        None => ViewerCertificate::builder().cloud_front_default_certificate(true).build(),
    }
}

/// The whole DistributionConfig from the desired settings; `comment` is the
/// node's name (how discovery recognises the stack's distributions), and
/// `enabled` overrides the settings' (a delete disables it first).
pub fn distribution_config(
    d: &DistributionProps,
    caller_reference: &str,
    comment: &str,
    enabled: bool,
) -> Result<DistributionConfig, ProviderError> {
    let aliases = built(
        "cloudfront",
        Aliases::builder()
            .quantity(d.aliases.len() as i32)
            .set_items((!d.aliases.is_empty()).then(|| d.aliases.clone()))
            .build(),
    )?;
    built(
        "cloudfront",
        DistributionConfig::builder()
            .caller_reference(caller_reference)
            .comment(comment)
            .enabled(enabled)
            .origins(origins(d)?)
            .default_cache_behavior(default_behavior(d.default_behavior.as_ref())?)
            .cache_behaviors(behaviors(d)?)
            .aliases(aliases)
            .price_class(PriceClass::from(d.price_class.as_str()))
            .http_version(HttpVersion::from(d.http_version.as_str()))
            .is_ipv6_enabled(true)
            .web_acl_id(d.web_acl_arn.as_ref().and_then(Value::as_str).unwrap_or_default())
            .viewer_certificate(viewer_certificate(d))
            .build(),
    )
}

fn origin_described(o: &aws_sdk_cloudfront::types::Origin) -> Origin {
    let access = match o.origin_access_control_id().filter(|x| !x.is_empty()) {
        Some(oac) => OriginAccess::S3 {
            origin_access_control_id: Value::str(oac),
        },
        None => OriginAccess::Custom {
            protocol_policy: o.custom_origin_config().map_or("", |c| c.origin_protocol_policy().as_str()).into(),
        },
    };
    Origin {
        id: o.id().into(),
        domain_name: Value::str(o.domain_name()),
        access,
    }
}

/// A behavior's settings, the default's (no path pattern) or an ordered one's.
fn behavior_described(
    path_pattern: Option<&str>,
    target_origin_id: &str,
    viewer_protocol_policy: &ViewerProtocolPolicy,
    cache_policy_id: Option<&str>,
    origin_request_policy_id: Option<&str>,
) -> CacheBehavior {
    CacheBehavior {
        path_pattern: path_pattern.map(str::to_string),
        target_origin_id: target_origin_id.into(),
        viewer_protocol_policy: viewer_protocol_policy.as_str().into(),
        cache_policy: policy_name(cache_policy_id.unwrap_or_default()),
        origin_request_policy: origin_request_policy_id.filter(|x| !x.is_empty()).map(policy_name),
    }
}

/// A DistributionConfig in the normal form of `expand`.
pub fn described(c: &DistributionConfig) -> DistributionProps {
    let default_behavior = c.default_cache_behavior().map(|d| {
        behavior_described(
            None,
            d.target_origin_id(),
            d.viewer_protocol_policy(),
            d.cache_policy_id(),
            d.origin_request_policy_id(),
        )
    });
    let ordered_behaviors = c
        .cache_behaviors()
        .map(|b| b.items())
        .unwrap_or_default()
        .iter()
        .map(|b| {
            behavior_described(
                Some(b.path_pattern()),
                b.target_origin_id(),
                b.viewer_protocol_policy(),
                b.cache_policy_id(),
                b.origin_request_policy_id(),
            )
        })
        .collect();
    let certificate = c
        .viewer_certificate()
        .and_then(|v| Some((v.acm_certificate_arn().filter(|x| !x.is_empty())?, v)));
    DistributionProps {
        enabled: c.enabled(),
        price_class: c.price_class().map_or("PriceClass_All", |x| x.as_str()).into(),
        http_version: c.http_version().map_or("http2", |x| x.as_str()).into(),
        origins: c
            .origins()
            .map(|o| o.items())
            .unwrap_or_default()
            .iter()
            .map(origin_described)
            .collect(),
        default_behavior,
        ordered_behaviors,
        aliases: c.aliases().map(|a| a.items()).unwrap_or_default().to_vec(),
        web_acl_arn: c.web_acl_id().filter(|x| !x.is_empty()).map(Value::str),
        certificate_arn: certificate.map(|(cert, _)| cert.to_string()),
        minimum_protocol_version: certificate
            .and_then(|(_, v)| v.minimum_protocol_version())
            .map(|m| m.as_str().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without the certificate and alias: CloudFront's default certificate.
    fn desired() -> DistributionProps {
        DistributionProps {
            aliases: vec![],
            certificate_arn: None,
            minimum_protocol_version: None,
            ..DistributionProps::example()
        }
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
        let p = DistributionProps {
            aliases: vec!["shop.example.com".into()],
            certificate_arn: Some("arn:aws:acm:us-east-1:1:certificate/c".into()),
            minimum_protocol_version: Some("TLSv1.2_2021".into()),
            ..desired()
        };
        let c = distribution_config(&p, "ref", "shop-cdn", true).unwrap();
        let v = c.viewer_certificate().unwrap();
        assert_eq!(v.ssl_support_method().map(|m| m.as_str()), Some("sni-only"));
        assert_ne!(v.cloud_front_default_certificate(), Some(true));
        assert_eq!(described(&c), p);
    }
}
