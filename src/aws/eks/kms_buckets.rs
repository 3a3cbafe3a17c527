//! The statement of the stack's bucket key that lets CloudFront decrypt: a
//! distribution reads objects encrypted with the key through its origin
//! access control, as CloudFront, only when the key policy allows it
//! (CloudFront developer guide, "Restrict access to an Amazon S3 origin",
//! SSE-KMS: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html).

use serde_json::{Value as Json, json};

use super::kms_key::statement;
use crate::graph::props::KmsKeyProps;

/// The statement, found again by its Sid.
const CLOUDFRONT_SID: &str = "CloudFrontDecryptsForDistributions";

/// The statement of a bucket key for `cloudfront_source_arn` (the
/// distributions, an ARN pattern, allowed to decrypt through it).
pub fn statements(k: &KmsKeyProps) -> Vec<Json> {
    let Some(source) = &k.cloudfront_source_arn else {
        return Vec::new();
    };
    vec![json!({
        "Sid": CLOUDFRONT_SID,
        "Effect": "Allow",
        "Principal": { "Service": "cloudfront.amazonaws.com" },
        "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"],
        "Resource": "*",
        "Condition": { "ArnLike": { "AWS:SourceArn": source } },
    })]
}

/// The use the key policy grants, in the form `statements` takes.
pub fn read(document: &str, key: &mut KmsKeyProps) {
    let policy: Json = serde_json::from_str(document).unwrap_or_default();
    let source = statement(&policy, CLOUDFRONT_SID).and_then(|s| s["Condition"]["ArnLike"]["AWS:SourceArn"].as_str());
    key.cloudfront_source_arn = source.map(str::to_string);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_distributions_round_trip_through_the_policy() {
        let key = KmsKeyProps {
            cloudfront_source_arn: Some("arn:aws:cloudfront::123456789012:distribution/*".into()),
            ..KmsKeyProps::rotated("buckets".into())
        };
        let policy = json!({ "Statement": statements(&key) }).to_string();
        let mut read_back = KmsKeyProps::rotated("buckets".into());
        read(&policy, &mut read_back);
        assert_eq!(read_back, key);
        assert!(statements(&KmsKeyProps::rotated("buckets".into())).is_empty());
    }
}
