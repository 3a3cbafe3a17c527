//! Loading the AWS configuration: the standard credential chain (env, profile,
//! SSO, instance roles), region, endpoint override and retries; and the first
//! contact, which tells a credential problem from a network one and fails fast
//! on an endpoint that does not answer.

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

const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// Attempts of the first call (STS GetCallerIdentity): an endpoint that does
/// not answer is reported after these, in seconds, not after the minute the
/// ten attempts every later call gets would take. Once it has answered, a
/// failed connection is rare and worth retrying longer.
const FIRST_CONTACT_ATTEMPTS: u32 = 3;

pub async fn load(conn: &Connection) -> SdkConfig {
    let attempts = conn.max_attempts.unwrap_or(10);
    // Throttling (`Throttling`, `RequestLimitExceeded`, ...) is retried by the
    // SDK with backoff; enough attempts ride out a busy account.
    let retry = RetryConfig::standard()
        .with_max_attempts(attempts)
        .with_max_backoff(Duration::from_secs(20));
    // A refused connection or a name that does not resolve fails at once; a
    // silent address (a firewall dropping packets) costs this much per attempt.
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
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

/// Why stackctl could not start talking to AWS.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("{0}")]
    Credentials(String),
    #[error("cannot reach AWS at {endpoint} (region {region}) after {attempts} attempts: {cause}. Check {check}")]
    Unreachable {
        endpoint: String,
        region: String,
        attempts: u32,
        cause: String,
        check: &'static str,
    },
    #[error(transparent)]
    Aws(#[from] crate::apply::ProviderError),
}

/// The retry settings of the first call.
pub fn first_contact_retry() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(FIRST_CONTACT_ATTEMPTS)
        .with_max_backoff(Duration::from_secs(2))
}

/// Resolves the credentials before any call, so that a missing profile or an
/// expired SSO token is reported as what it is, not as a network failure of
/// whichever provider of the chain came last (the instance metadata service).
pub async fn check_credentials(conn: &Connection, sdk: &SdkConfig) -> Result<(), ConnectError> {
    use aws_credential_types::provider::ProvideCredentials;
    use aws_credential_types::provider::error::CredentialsError;
    let files = ProfileFiles::from_env();
    if let Some(profile) = &conn.profile
        && !files.defines(profile)
    {
        return Err(ConnectError::Credentials(format!(
            "AWS profile `{profile}` not found (looked in {}); {}. Name a profile that exists with --profile or AWS_PROFILE, or create it with `aws configure --profile {profile}` (or `aws configure sso`)",
            files.described(),
            match files.names().as_slice() {
                [] => "no profile is defined there".to_string(),
                names => format!("defined there: {}", names.join(", ")),
            }
        )));
    }
    let Some(provider) = sdk.credentials_provider() else {
        return Err(ConnectError::Credentials("no AWS credential provider is configured".into()));
    };
    let profile = conn.profile.as_deref().unwrap_or("default");
    match provider.provide_credentials().await {
        Ok(_) => Ok(()),
        Err(CredentialsError::CredentialsNotLoaded(_)) => Err(ConnectError::Credentials(format!(
            "no AWS credentials found: none in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), no profile `{profile}` with credentials (looked in {}), no web identity token, no container or instance role. In CI, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or assume a role (OIDC); on a workstation, run `aws configure` or `aws sso login`, or pick a profile with --profile",
            files.described()
        ))),
        Err(e) => {
            let cause = super::error::error_chain(&e);
            let lower = cause.to_lowercase();
            if lower.contains("sso") && (lower.contains("expired") || lower.contains("token")) {
                Err(ConnectError::Credentials(format!(
                    "the SSO session of profile `{profile}` has expired or was never started ({cause}); run `aws sso login --profile {profile}` and try again"
                )))
            } else {
                Err(ConnectError::Credentials(format!(
                    "cannot load the AWS credentials of profile `{profile}`: {cause}. Check that profile in {}",
                    files.described()
                )))
            }
        }
    }
}

/// GetCallerIdentity with the first contact's few attempts for an endpoint
/// that does not answer, but the usual patience for throttling: STS answering
/// "Rate exceeded" (many CI jobs of one account starting at once) is AWS
/// reached, and is retried with backoff as every later call would be.
async fn caller_identity(
    conn: &Connection,
    sts: &aws_sdk_sts::Client,
) -> Result<
    aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput,
    aws_smithy_runtime_api::client::result::SdkError<
        aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityError,
        aws_smithy_runtime_api::http::Response,
    >,
> {
    const THROTTLED: &[&str] = &["Throttling", "ThrottlingException", "RequestLimitExceeded"];
    let attempts = conn.max_attempts.unwrap_or(10);
    let mut pause = Duration::from_millis(200);
    let mut attempt = 1;
    loop {
        match sts.get_caller_identity().send().await {
            Err(e) if attempt < attempts && super::error::code_of(&e).is_some_and(|c| THROTTLED.contains(&c)) => {
                tracing::info!(attempt, "sts:GetCallerIdentity throttled; retrying");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(5));
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Asks STS who we are (the account id is part of bucket names), with few
/// attempts: an endpoint that does not answer is named, with the region and
/// what to check, within seconds.
pub async fn first_contact(conn: &Connection, sdk: &SdkConfig, sts: &aws_sdk_sts::Client) -> Result<String, ConnectError> {
    use aws_smithy_runtime_api::client::result::SdkError;
    match caller_identity(conn, sts).await {
        Ok(me) => Ok(me.account().unwrap_or_default().to_string()),
        Err(e @ (SdkError::DispatchFailure(_) | SdkError::TimeoutError(_))) => Err(ConnectError::Unreachable {
            endpoint: endpoint_shown(conn, sdk),
            region: conn.region.clone(),
            attempts: FIRST_CONTACT_ATTEMPTS,
            cause: super::error::error_chain(&e),
            check: what_to_check(conn, sdk),
        }),
        Err(e) => Err(super::error::sdk_error("sts:GetCallerIdentity", e).into()),
    }
}

/// The endpoint the first call goes to, as users would write it.
pub fn endpoint_shown(conn: &Connection, sdk: &SdkConfig) -> String {
    conn.endpoint
        .clone()
        .or_else(|| sdk.endpoint_url().map(str::to_string))
        .unwrap_or_else(|| format!("https://sts.{}.amazonaws.com", conn.region))
}

/// What to check when the endpoint does not answer.
pub fn what_to_check(conn: &Connection, sdk: &SdkConfig) -> &'static str {
    if has_endpoint_override(conn, sdk) {
        "that the endpoint is right (--endpoint-url, AWS_ENDPOINT_URL, backend.endpoint) and that its server is running"
    } else {
        "the network connection, the DNS and proxy settings (HTTPS_PROXY, NO_PROXY), and that the region is right (--region, the stack file's `region`)"
    }
}

/// The shared config and credentials files, where the SDK reads profiles.
struct ProfileFiles {
    config: std::path::PathBuf,
    credentials: std::path::PathBuf,
}

impl ProfileFiles {
    fn from_env() -> Self {
        let home = std::env::var_os("HOME").map(std::path::PathBuf::from).unwrap_or_default();
        let path = |var: &str, default: &str| {
            std::env::var_os(var)
                .map(std::path::PathBuf::from)
                .unwrap_or_else(|| home.join(".aws").join(default))
        };
        ProfileFiles {
            config: path("AWS_CONFIG_FILE", "config"),
            credentials: path("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
        }
    }

    fn described(&self) -> String {
        format!("{} and {}", self.config.display(), self.credentials.display())
    }

    /// Profile names: `[profile NAME]` or `[default]` in the config file,
    /// `[NAME]` in the credentials file.
    fn names(&self) -> Vec<String> {
        let sections = |path: &std::path::Path| -> Vec<String> {
            std::fs::read_to_string(path)
                .unwrap_or_default()
                .lines()
                .filter_map(|l| l.trim().strip_prefix('[')?.strip_suffix(']').map(|s| s.trim().to_string()))
                .collect()
        };
        let mut names: Vec<String> = sections(&self.config)
            .into_iter()
            .filter_map(|s| match s.strip_prefix("profile ") {
                Some(name) => Some(name.trim().to_string()),
                None => (s == "default").then_some(s),
            })
            .chain(sections(&self.credentials))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    fn defines(&self, profile: &str) -> bool {
        self.names().iter().any(|n| n == profile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names_come_from_both_files() {
        let dir = tempfile::tempdir().unwrap();
        let files = ProfileFiles {
            config: dir.path().join("config"),
            credentials: dir.path().join("credentials"),
        };
        std::fs::write(&files.config, "[default]\nregion = eu-west-1\n[profile dev]\n[sso-session corp]\n").unwrap();
        std::fs::write(&files.credentials, "[ci]\naws_access_key_id = x\n").unwrap();
        assert_eq!(files.names(), ["ci", "default", "dev"]);
        assert!(files.defines("dev") && !files.defines("corp") && !files.defines("nope"));
    }
}
