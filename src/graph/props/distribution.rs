//! A CloudFront distribution's settings: its origins and cache behaviors.

use super::{MapProps, PropsError, Reader};
use crate::graph::value::{Props, Value};
use crate::props;

crate::typed_props! {
    /// A distribution as the stack wants it, and as AWS reports it.
    pub struct DistributionProps for Distribution {
        pub enabled: bool,
        /// `PriceClass_100`...
        pub price_class: String,
        /// `http2and3`.
        pub http_version: String,
        pub origins: Vec<Origin>,
        /// Set by the stack; absent in what AWS reports only for a distribution
        /// without one.
        pub default_behavior: Option<CacheBehavior>,
        /// Tried in order before the default (`/static/*` to the bucket).
        pub ordered_behaviors: Vec<CacheBehavior>,
        pub aliases: Vec<String>,
        /// The CLOUDFRONT web ACL: a reference in the graph, an ARN once resolved.
        pub web_acl_arn: Option<Value>,
        /// The distribution's own ACM certificate (else CloudFront's default).
        pub certificate_arn: Option<String>,
        /// With its own certificate only: the oldest TLS version viewers may use.
        pub minimum_protocol_version: Option<String>,
    }
}

crate::typed_props! {
    /// Where CloudFront fetches from.
    pub struct Origin {
        pub access as ..: OriginAccess,
        /// The name behaviors route to (`alb`, `assets`).
        pub id: String,
        /// The ALB's DNS name (a reference until it exists) or the bucket's
        /// regional domain.
        pub domain_name: Value,
    }
}

/// How CloudFront reaches an origin, by the key it is written under.
#[derive(Debug, Clone, PartialEq)]
pub enum OriginAccess {
    /// `protocol_policy`: a custom origin (the ALB) over `http-only` or
    /// `https-only`.
    Custom { protocol_policy: String },
    /// `origin_access_control_id`: an S3 origin read through the origin
    /// access control (a reference until it exists).
    S3 { origin_access_control_id: Value },
}

crate::typed_props! {
    /// A cache behavior: the default one has no path pattern.
    pub struct CacheBehavior {
        pub path_pattern: Option<String>,
        pub target_origin_id: String,
        /// `redirect-to-https`.
        pub viewer_protocol_policy: String,
        /// A managed cache policy by name (`Managed-CachingOptimized`), or an id.
        pub cache_policy: String,
        /// A managed origin request policy by name (`Managed-AllViewer`), or an id.
        pub origin_request_policy: Option<String>,
    }
}

/// The two behaviors stackctl builds, here so the fixture is what `expand`
/// makes.
impl CacheBehavior {
    /// The default: every request to the load balancer, never cached, with
    /// all the viewer's headers, cookies and query strings.
    pub fn to_load_balancer() -> CacheBehavior {
        CacheBehavior {
            path_pattern: None,
            target_origin_id: "alb".into(),
            viewer_protocol_policy: "redirect-to-https".into(),
            cache_policy: "Managed-CachingDisabled".into(),
            origin_request_policy: Some("Managed-AllViewer".into()),
        }
    }

    /// `/static/*` to the assets bucket, cached.
    pub fn static_assets() -> CacheBehavior {
        CacheBehavior {
            path_pattern: Some("/static/*".into()),
            target_origin_id: "assets".into(),
            viewer_protocol_policy: "redirect-to-https".into(),
            cache_policy: "Managed-CachingOptimized".into(),
            origin_request_policy: None,
        }
    }
}

impl From<OriginAccess> for Props {
    fn from(a: OriginAccess) -> Props {
        match a {
            OriginAccess::Custom { protocol_policy } => props! { "protocol_policy" => protocol_policy },
            OriginAccess::S3 { origin_access_control_id } => props! { "origin_access_control_id" => origin_access_control_id },
        }
    }
}

/// The access is chosen by its key: `origin_access_control_id` for S3.
impl MapProps for OriginAccess {
    fn read_map(r: &Reader<'_>) -> Result<OriginAccess, PropsError> {
        Ok(match r.optional("origin_access_control_id") {
            Some(oac) => OriginAccess::S3 {
                origin_access_control_id: oac,
            },
            None => OriginAccess::Custom {
                protocol_policy: r.string("protocol_policy")?,
            },
        })
    }
}

#[cfg(test)]
impl DistributionProps {
    /// The seed stack's distribution with a certificate and an alias: a
    /// fixture for the tests that build AWS requests from it.
    pub fn example() -> DistributionProps {
        DistributionProps {
            enabled: true,
            price_class: "PriceClass_100".into(),
            http_version: "http2and3".into(),
            origins: vec![
                Origin {
                    id: "alb".into(),
                    domain_name: Value::str("shop-alb-1.elb.amazonaws.com"),
                    access: OriginAccess::Custom {
                        protocol_policy: "http-only".into(),
                    },
                },
                Origin {
                    id: "assets".into(),
                    domain_name: Value::str("b.s3.us-east-1.amazonaws.com"),
                    access: OriginAccess::S3 {
                        origin_access_control_id: Value::str("E123"),
                    },
                },
            ],
            default_behavior: Some(CacheBehavior::to_load_balancer()),
            ordered_behaviors: vec![CacheBehavior::static_assets()],
            aliases: vec!["shop.example.com".into()],
            web_acl_arn: Some(Value::str("arn:aws:wafv2:us-east-1:1:global/webacl/x/y")),
            certificate_arn: Some("arn:aws:acm:us-east-1:1:certificate/c".into()),
            minimum_protocol_version: Some("TLSv1.2_2021".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::props::error_after;

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(
            DistributionProps::try_from(&Props::from(DistributionProps::example())),
            Ok(DistributionProps::example())
        );
        let plain = DistributionProps {
            default_behavior: None,
            web_acl_arn: None,
            certificate_arn: None,
            minimum_protocol_version: None,
            ..DistributionProps::example()
        };
        assert_eq!(DistributionProps::try_from(&Props::from(plain.clone())), Ok(plain));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let e = error_after(DistributionProps::example(), |props| {
            props.insert(
                "origins".into(),
                Value::List(vec![Value::Map(props! { "id" => "alb", "domain_name" => "x" })]),
            );
        });
        assert_eq!(e, "aws_cloudfront_distribution props: `protocol_policy` is missing");
        let e = error_after(DistributionProps::example(), |props| {
            props.insert("enabled".into(), Value::str("yes"));
        });
        assert_eq!(e, "aws_cloudfront_distribution props: `enabled` is not a boolean");
    }
}
