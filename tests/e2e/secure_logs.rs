//! The logging defaults of the seed stack (README, "Secure defaults"), read
//! back through each service's API after `apply`: the stack's key for logs,
//! its log groups encrypted with it and kept a year, the trail encrypted.
//! Called from `secure::assert_secure_defaults`.

use crate::support::REGION;

struct Clients {
    logs: aws_sdk_cloudwatchlogs::Client,
    cloudtrail: aws_sdk_cloudtrail::Client,
    kms: aws_sdk_kms::Client,
}

async fn clients(endpoint: &str) -> Clients {
    let config = crate::support::sdk_config(endpoint).await;
    Clients {
        logs: aws_sdk_cloudwatchlogs::Client::new(&config),
        cloudtrail: aws_sdk_cloudtrail::Client::new(&config),
        kms: aws_sdk_kms::Client::new(&config),
    }
}

pub async fn assert_logging_defaults(endpoint: &str, stack: &str) {
    let c = clients(endpoint).await;
    let key = logs_key(&c, stack).await;
    for name in [format!("/stackctl/{stack}/app"), format!("/aws/eks/{stack}-eks/cluster")] {
        let groups = c
            .logs
            .describe_log_groups()
            .log_group_name_prefix(&name)
            .send()
            .await
            .expect("logs:DescribeLogGroups");
        let group = groups
            .log_groups()
            .iter()
            .find(|g| g.log_group_name() == Some(name.as_str()))
            .unwrap_or_else(|| panic!("log group {name}"));
        assert_eq!(group.kms_key_id(), Some(key.as_str()), "{name}: its KMS key");
        assert_eq!(group.retention_in_days(), Some(365), "{name}: its retention");
    }
    let trails = c
        .cloudtrail
        .get_trail()
        .name(format!("{stack}-trail"))
        .send()
        .await
        .expect("cloudtrail:GetTrail");
    let trail = trails.trail().expect("the trail");
    assert_eq!(trail.kms_key_id(), Some(key.as_str()), "the trail's KMS key");
}

/// The ARN of the stack's key for logs, checked rotated and usable by
/// CloudWatch Logs of the region and by CloudTrail.
async fn logs_key(c: &Clients, stack: &str) -> String {
    let key = c
        .kms
        .describe_key()
        .key_id(format!("alias/{stack}-logs"))
        .send()
        .await
        .expect("kms:DescribeKey of the logs key");
    let meta = key.key_metadata().expect("key metadata");
    let rotation = c
        .kms
        .get_key_rotation_status()
        .key_id(meta.key_id())
        .send()
        .await
        .expect("kms:GetKeyRotationStatus");
    assert!(rotation.key_rotation_enabled(), "the logs key rotates");
    let policy = c
        .kms
        .get_key_policy()
        .key_id(meta.key_id())
        .policy_name("default")
        .send()
        .await
        .expect("kms:GetKeyPolicy");
    let policy = policy.policy().unwrap_or_default();
    for needed in [
        format!("logs.{REGION}.amazonaws.com"),
        "kms:EncryptionContext:aws:logs:arn".to_string(),
        "cloudtrail.amazonaws.com".to_string(),
    ] {
        assert!(policy.contains(&needed), "the logs key's policy lacks {needed}: {policy}");
    }
    meta.arn().expect("the key's ARN").to_string()
}
