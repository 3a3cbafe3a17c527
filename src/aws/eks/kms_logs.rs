//! The statements of a key that encrypts logs: CloudWatch Logs of the stack's
//! region encrypts log groups of this account with it, CloudTrail encrypts the
//! stack's trail. Both as AWS documents them:
//! https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
//! https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html

use serde_json::{Value as Json, json};

use crate::graph::{Props, Value};

/// The statement that lets CloudWatch Logs use the key, found again by its Sid.
const LOGS_SID: &str = "CloudWatchLogsUsesKey";
/// The statements that let CloudTrail use the key.
const TRAIL_SID: &str = "CloudTrailEncryptsLogs";
const TRAIL_DESCRIBE_SID: &str = "CloudTrailDescribesKey";

/// Props of a log key: `logs_principal` (`logs.<region>.amazonaws.com`) and
/// `cloudtrail_source_arn` (the trail allowed to encrypt with it).
pub fn statements(account_id: &str, partition: &str, p: &Props) -> Vec<Json> {
    let mut out = Vec::new();
    if let Some(logs) = p.get("logs_principal").and_then(Value::as_str) {
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
    if let Some(trail) = p.get("cloudtrail_source_arn").and_then(Value::as_str) {
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

fn statement<'a>(policy: &'a Json, sid: &str) -> Option<&'a Json> {
    policy["Statement"].as_array()?.iter().find(|s| s["Sid"] == sid)
}

/// The log props a key policy grants, in the form `statements` takes.
pub fn read(document: &str, props: &mut Props) {
    let policy: Json = serde_json::from_str(document).unwrap_or_default();
    if let Some(logs) = statement(&policy, LOGS_SID).and_then(|s| s["Principal"]["Service"].as_str()) {
        props.insert("logs_principal".into(), Value::str(logs));
    }
    let trail = statement(&policy, TRAIL_SID).and_then(|s| s["Condition"]["StringEquals"]["aws:SourceArn"].as_str());
    if let Some(trail) = trail {
        props.insert("cloudtrail_source_arn".into(), Value::str(trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logs_and_cloudtrail_statements_read_back() {
        let p = crate::props! {
            "logs_principal" => "logs.eu-west-1.amazonaws.com",
            "cloudtrail_source_arn" => "arn:aws:cloudtrail:eu-west-1:123456789012:trail/s-trail",
        };
        let policy = json!({ "Statement": statements("123456789012", "aws", &p) }).to_string();
        assert!(policy.contains("arn:aws:logs:eu-west-1:123456789012:*"), "{policy}");
        assert!(policy.contains("kms:EncryptionContext:aws:cloudtrail:arn"), "{policy}");
        let mut back = Props::new();
        read(&policy, &mut back);
        assert_eq!(back, p);
    }
}
