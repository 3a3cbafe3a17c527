//! Loading the AWS configuration: the standard credential chain (env, profile,
//! SSO, instance roles), region, endpoint override and retries.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};

/// Where and how to reach AWS, from flags, environment and the stack file.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    pub region: String,
    pub profile: Option<String>,
    /// `--endpoint-url`, else `AWS_ENDPOINT_URL` (read by the SDK itself), else
    /// the stack file's `backend.endpoint`.
    pub endpoint: Option<String>,
    /// Attempts per call, retries included (`STACKCTL_MAX_ATTEMPTS`; 1 when
    /// counting requests).
    pub max_attempts: Option<u32>,
}

pub async fn load(conn: &Connection) -> SdkConfig {
    let attempts = conn.max_attempts.unwrap_or(10);
    // Throttling (`Throttling`, `RequestLimitExceeded`, ...) is retried by the
    // SDK with backoff; enough attempts ride out a busy account.
    let retry = RetryConfig::standard()
        .with_max_attempts(attempts)
        .with_max_backoff(Duration::from_secs(20));
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(10))
        .operation_attempt_timeout(Duration::from_secs(120))
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(conn.region.clone()))
        .retry_config(retry)
        .timeout_config(timeouts);
    if let Some(profile) = &conn.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(endpoint) = &conn.endpoint {
        loader = loader.endpoint_url(endpoint);
    }
    loader.load().await
}

/// Whether calls go somewhere other than AWS itself (moto, LocalStack).
pub fn has_endpoint_override(conn: &Connection, sdk: &SdkConfig) -> bool {
    conn.endpoint.is_some() || sdk.endpoint_url().is_some()
}
