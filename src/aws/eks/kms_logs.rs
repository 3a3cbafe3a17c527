//! The statements of a key that encrypts logs: CloudWatch Logs of the stack's
//! region encrypts log groups of this account with it, CloudTrail encrypts the
//! stack's trail. Both as AWS documents them:
//! https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
//! https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html

use serde_json::{Value as Json, json};

use super::kms_key::statement;
use crate::graph::props::KmsKeyProps;

/// The statement that lets CloudWatch Logs use the key, found again by its Sid.
const LOGS_SID: &str = "CloudWatchLogsUsesKey";
/// The statements that let CloudTrail use the key.
const TRAIL_SID: &str = "CloudTrailEncryptsLogs";
const TRAIL_DESCRIBE_SID: &str = "CloudTrailDescribesKey";

/// The statements of a log key: for `logs_principal` (`logs.<region>.amazonaws.com`)
/// and for `cloudtrail_source_arn` (the trail allowed to encrypt with it).
pub fn statements(account_id: &str, partition: &str, k: &KmsKeyProps) -> Vec<Json> {
    let mut out = Vec::new();
    if let Some(logs) = &k.logs_principal {
        let region = logs.split('.').nth(1).unwrap_or_default();
        out.push(json!({
            "Sid": LOGS_SID,
            "Effect": "Allow",
            "Principal": { "Service": logs },
            "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            "Resource": "*",
            "Condition": { "ArnLike": {
                "kms:EncryptionContext:aws:logs:arn": format!("arn:{partition}:logs:{region}:{account_id}:*")
            } },
        }));
    }
    if let Some(trail) = &k.cloudtrail_source_arn {
        out.push(json!({
            "Sid": TRAIL_SID,
            "Effect": "Allow",
            "Principal": { "Service": "cloudtrail.amazonaws.com" },
            "Action": "kms:GenerateDataKey*",
            "Resource": "*",
            "Condition": {
                "StringEquals": { "aws:SourceArn": trail },
                "StringLike": {
                    "kms:EncryptionContext:aws:cloudtrail:arn": format!("arn:{partition}:cloudtrail:*:{account_id}:trail/*")
                },
            },
        }));
        out.push(json!({
            "Sid": TRAIL_DESCRIBE_SID,
            "Effect": "Allow",
            "Principal": { "Service": "cloudtrail.amazonaws.com" },
            "Action": "kms:DescribeKey",
            "Resource": "*",
        }));
    }
    out
}

/// The log uses a key policy grants, in the form `statements` takes.
pub fn read(document: &str, key: &mut KmsKeyProps) {
    let policy: Json = serde_json::from_str(document).unwrap_or_default();
    let logs = statement(&policy, LOGS_SID).and_then(|s| s["Principal"]["Service"].as_str());
    key.logs_principal = logs.map(str::to_string);
    let trail = statement(&policy, TRAIL_SID).and_then(|s| s["Condition"]["StringEquals"]["aws:SourceArn"].as_str());
    key.cloudtrail_source_arn = trail.map(str::to_string);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logs_and_cloudtrail_statements_read_back() {
        let key = KmsKeyProps {
            logs_principal: Some("logs.eu-west-1.amazonaws.com".into()),
            cloudtrail_source_arn: Some("arn:aws:cloudtrail:eu-west-1:123456789012:trail/s-trail".into()),
            ..KmsKeyProps::rotated("logs".into())
        };
        let policy = json!({ "Statement": statements("123456789012", "aws", &key) }).to_string();
        assert!(policy.contains("arn:aws:logs:eu-west-1:123456789012:*"), "{policy}");
        assert!(policy.contains("kms:EncryptionContext:aws:cloudtrail:arn"), "{policy}");
        let mut back = KmsKeyProps::rotated("logs".into());
        read(&policy, &mut back);
        assert_eq!(back, key);
    }
}
