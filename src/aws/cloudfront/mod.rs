//! CloudFront: the origin access control of the assets bucket and the
//! distribution (the ALB as default origin, the bucket under `/static/*`).
//!
//! One module per kind; the distribution's settings are built and read back
//! in `distribution_config`.

mod distribution;
mod distribution_config;
mod origin_access_control;

crate::service!(CloudFront: [distribution::Distributions, origin_access_control::OriginAccessControls]);
