//! Access logs into the stack's logs bucket (README, "Secure defaults"): the
//! ALB's and the other buckets' server access logs, read back through the AWS
//! API; each key turned off and on again re-plans clean; destroy empties the
//! logs bucket by default.

use crate::support::{REGION, Workdir, bucket_name, shared_moto};

struct Clients {
    s3: aws_sdk_s3::Client,
    elbv2: aws_sdk_elasticloadbalancingv2::Client,
}

async fn clients(endpoint: &str) -> Clients {
    let config = crate::support::sdk_config(endpoint).await;
    Clients {
        s3: crate::support::s3_client(&config),
        elbv2: aws_sdk_elasticloadbalancingv2::Client::new(&config),
    }
}

/// Where a bucket's server access logs go (bucket, prefix), if anywhere.
async fn server_access_logs(c: &Clients, name: &str) -> Option<(String, String)> {
    let out = c.s3.get_bucket_logging().bucket(name).send().await.expect("s3:GetBucketLogging");
    out.logging_enabled()
        .map(|l| (l.target_bucket().to_string(), l.target_prefix().to_string()))
}

/// The ALB's access-log attributes: enabled, bucket, prefix.
async fn alb_access_logs(c: &Clients, stack: &str) -> (String, String, String) {
    let attrs = crate::support::alb_attributes(&c.elbv2, stack).await;
    let get = |key: &str| attrs.get(key).cloned().unwrap_or_default();
    (
        get("access_logs.s3.enabled"),
        get("access_logs.s3.bucket"),
        get("access_logs.s3.prefix"),
    )
}

/// The assets bucket logs its requests into the logs bucket, which does not
/// log into itself; the ALB writes its access logs there too.
pub async fn assert_access_logs(endpoint: &str, stack: &str) {
    let c = clients(endpoint).await;
    assert_eq!(
        server_access_logs(&c, &bucket_name(stack, "assets")).await,
        Some((bucket_name(stack, "logs"), "s3-access/assets/".to_string())),
        "the assets bucket's access logs"
    );
    assert_eq!(
        server_access_logs(&c, &bucket_name(stack, "logs")).await,
        None,
        "the logs bucket logs into nothing"
    );
    assert_eq!(
        alb_access_logs(&c, stack).await,
        ("true".to_string(), bucket_name(stack, "logs"), "alb".to_string()),
        "the ALB's access logs"
    );
}

/// How many objects the stack's logs bucket holds.
pub async fn logs_bucket_objects(endpoint: &str, stack: &str) -> usize {
    let c = clients(endpoint).await;
    let out =
        c.s3.list_objects_v2()
            .bucket(bucket_name(stack, "logs"))
            .send()
            .await
            .expect("s3:ListObjectsV2");
    out.contents().len()
}

const STACK: &str = "t-access-logs";

fn stack_yaml(on: bool) -> String {
    format!(
        "stack: {STACK}
region: {REGION}
network:
  cidr: 10.44.0.0/16
  nat_gateways: none
load_balancer:
  access_logs: {on}
buckets:
  - name: assets
    access_logs: {on}
  - name: logs
monitoring:
  cloudtrail: false
"
    )
}

/// `access_logs: false` on the ALB and on a bucket turns their logs off in
/// place, `true` on again; each re-plans clean, and destroy empties the logs
/// bucket (which holds the assets bucket's logs) without being told.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_logs_turn_off_and_on_in_place() {
    let endpoint = &shared_moto().endpoint;
    let c = clients(endpoint).await;
    let w = Workdir::shared(&stack_yaml(true));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply");
    assert_eq!(alb_access_logs(&c, STACK).await.0, "true");
    w.write_stack(&stack_yaml(false));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply off");
    assert_eq!(alb_access_logs(&c, STACK).await.0, "false");
    assert_eq!(server_access_logs(&c, &bucket_name(STACK, "assets")).await, None);
    w.run(&["plan", "--detailed-exitcode", "--refresh"])
        .expect_code(0, "re-plan after off");
    w.write_stack(&stack_yaml(true));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply on");
    assert_eq!(
        server_access_logs(&c, &bucket_name(STACK, "assets")).await,
        Some((bucket_name(STACK, "logs"), "s3-access/assets/".to_string()))
    );
    w.run(&["plan", "--detailed-exitcode", "--refresh"])
        .expect_code(0, "re-plan after on");
    assert!(
        logs_bucket_objects(endpoint, STACK).await > 0,
        "moto delivered the assets bucket's logs"
    );
    w.run(&["destroy", "--auto-approve", "--delete-protected"])
        .expect_code(0, "destroy");
}
