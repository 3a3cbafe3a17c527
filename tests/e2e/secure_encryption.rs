//! WAF logging and the buckets' key (README, "Secure defaults"), read back
//! through the AWS API after the seed stack's apply: each web ACL logs into its
//! `aws-waf-logs-...` group with the credential headers redacted; every bucket
//! but the logs bucket is SSE-KMS under the stack's key with a Bucket Key, and
//! that key lets CloudFront decrypt for this account's distributions only.

use aws_sdk_wafv2::types::Scope;

use crate::support::{ACCOUNT, bucket_name};

struct Clients {
    s3: aws_sdk_s3::Client,
    kms: aws_sdk_kms::Client,
    wafv2: aws_sdk_wafv2::Client,
}

async fn clients(endpoint: &str) -> Clients {
    let config = crate::support::sdk_config(endpoint).await;
    Clients {
        s3: crate::support::s3_client(&config),
        kms: aws_sdk_kms::Client::new(&config),
        wafv2: aws_sdk_wafv2::Client::new(&config),
    }
}

pub async fn assert_waf_logs_and_bucket_keys(endpoint: &str, stack: &str) {
    let c = clients(endpoint).await;
    waf_logging(&c, stack).await;
    bucket_keys(&c, stack).await;
}

/// The web ACL's logging: its destination and its redacted headers.
async fn logging_of(c: &Clients, scope: Scope, name: &str) -> (Vec<String>, Vec<String>) {
    let acls = c.wafv2.list_web_acls().scope(scope).send().await.expect("wafv2:ListWebACLs");
    let arn = acls
        .web_acls()
        .iter()
        .find(|a| a.name() == Some(name))
        .and_then(|a| a.arn())
        .unwrap_or_else(|| panic!("web ACL {name}"))
        .to_string();
    let out = c
        .wafv2
        .get_logging_configuration()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap_or_else(|e| panic!("wafv2:GetLoggingConfiguration of {name}: {e:?}"));
    let config = out.logging_configuration().expect("a logging configuration");
    let headers = config
        .redacted_fields()
        .iter()
        .filter_map(|f| f.single_header())
        .map(|h| h.name().to_string())
        .collect();
    (config.log_destination_configs().to_vec(), headers)
}

async fn waf_logging(c: &Clients, stack: &str) {
    for (scope, label) in [(Scope::Regional, "regional"), (Scope::Cloudfront, "cloudfront")] {
        let (destinations, headers) = logging_of(c, scope, &format!("{stack}-{label}")).await;
        assert_eq!(
            destinations,
            [format!("arn:aws:logs:us-east-1:{ACCOUNT}:log-group:aws-waf-logs-{stack}-{label}")],
            "{label} web ACL"
        );
        assert_eq!(headers, ["authorization", "cookie"], "{label} web ACL");
    }
}

/// (algorithm, key, bucket key enabled) of a bucket's default encryption.
async fn encryption_of(c: &Clients, bucket: &str) -> (String, Option<String>, Option<bool>) {
    let out =
        c.s3.get_bucket_encryption()
            .bucket(bucket)
            .send()
            .await
            .expect("s3:GetBucketEncryption");
    let rule = &out.server_side_encryption_configuration().expect("a configuration").rules()[0];
    let default = rule.apply_server_side_encryption_by_default().expect("a default");
    (
        default.sse_algorithm().as_str().to_string(),
        default.kms_master_key_id().map(str::to_string),
        rule.bucket_key_enabled(),
    )
}

async fn bucket_keys(c: &Clients, stack: &str) {
    let bucket = |name: &str| bucket_name(stack, name);
    let key = c
        .kms
        .describe_key()
        .key_id(format!("alias/{stack}-buckets"))
        .send()
        .await
        .expect("kms:DescribeKey of the buckets' key");
    let key_arn = key.key_metadata().and_then(|m| m.arn()).expect("the key's ARN").to_string();
    assert_eq!(
        encryption_of(c, &bucket("assets")).await,
        ("aws:kms".to_string(), Some(key_arn.clone()), Some(true)),
        "the assets bucket"
    );
    let (logs_algorithm, _, _) = encryption_of(c, &bucket("logs")).await;
    assert_eq!(logs_algorithm, "AES256", "the logs bucket takes access logs: SSE-S3");
    let policy = c
        .kms
        .get_key_policy()
        .key_id(&key_arn)
        .policy_name("default")
        .send()
        .await
        .expect("kms:GetKeyPolicy");
    let policy: serde_json::Value = serde_json::from_str(policy.policy().unwrap_or_default()).expect("JSON");
    let cloudfront = policy["Statement"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["Principal"]["Service"] == "cloudfront.amazonaws.com")
        .expect("a statement for CloudFront");
    assert_eq!(
        cloudfront["Condition"]["ArnLike"]["AWS:SourceArn"],
        format!("arn:aws:cloudfront::{ACCOUNT}:distribution/*"),
        "CloudFront decrypts for this account's distributions only"
    );
}
