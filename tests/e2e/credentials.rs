//! Credential sources that fail are named with what to do (issue 15): an SSO
//! profile whose cached token has expired says so and names `aws sso login`,
//! before any request to the AWS endpoint.

use std::net::TcpListener;

use crate::support::{Workdir, run_command};

const CONFIG: &str = "[profile dev-sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Admin
region = us-east-1

[sso-session corp]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
";

/// The SDK's cache file of session `corp`: `~/.aws/sso/cache/<sha1 of the
/// session name>.json`, holding a token that expired in 2020 and nothing to
/// refresh it with.
const CACHE_FILE: &str = "ee0bfd2552fbd840c02cc48b6e823320543c450f.json";

#[test]
fn an_expired_sso_token_is_named_with_the_login_to_run() {
    let home = tempfile::tempdir().unwrap();
    let aws = home.path().join(".aws");
    std::fs::create_dir_all(aws.join("sso/cache")).unwrap();
    std::fs::write(aws.join("config"), CONFIG).unwrap();
    let token = r#"{"accessToken":"expired-token","expiresAt":"2020-01-01T00:00:00Z","region":"us-east-1","startUrl":"https://example.awsapps.com/start"}"#;
    std::fs::write(aws.join("sso/cache").join(CACHE_FILE), token).unwrap();
    let wire = TcpListener::bind("127.0.0.1:0").expect("bind");
    wire.set_nonblocking(true).expect("non-blocking");
    let endpoint = format!("http://{}", wire.local_addr().unwrap());
    let w = Workdir::new(&endpoint, "stack: t-creds-sso\nregion: us-east-1\nqueues:\n  - name: work\n");
    let mut cmd = w.command(&["plan", "--profile", "dev-sso"]);
    cmd.env("HOME", home.path())
        .env("AWS_CONFIG_FILE", aws.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", aws.join("credentials"))
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY");
    let run = run_command(cmd);
    run.expect_code(1, "plan with an expired SSO token");
    assert!(run.stderr.contains("SSO"), "{}", run.stderr);
    assert!(run.stderr.contains("expired"), "{}", run.stderr);
    assert!(run.stderr.contains("aws sso login --profile dev-sso"), "{}", run.stderr);
    insta::assert_snapshot!("expired_sso_token_stderr", run.stderr);
    assert!(
        matches!(wire.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the AWS endpoint was called"
    );
}
