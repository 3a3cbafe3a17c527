//! The statement of the stack's bucket key that lets CloudFront decrypt: a
//! distribution reads objects encrypted with the key through its origin
//! access control, as CloudFront, only when the key policy allows it
//! (CloudFront developer guide, "Restrict access to an Amazon S3 origin",
//! SSE-KMS: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html).

use serde_json::{Value as Json, json};

use crate::graph::{Props, Value};

/// The statement, found again by its Sid.
const CLOUDFRONT_SID: &str = "CloudFrontDecryptsForDistributions";

/// Props of a bucket key: `cloudfront_source_arn` (the distributions, an ARN
/// pattern, allowed to decrypt through it).
pub fn statements(p: &Props) -> Vec<Json> {
    let Some(source) = p.get("cloudfront_source_arn").and_then(Value::as_str) else {
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

/// The prop the key policy grants, in the form `statements` takes.
pub fn read(document: &str, props: &mut Props) {
    let policy: Json = serde_json::from_str(document).unwrap_or_default();
    let source = policy["Statement"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["Sid"] == CLOUDFRONT_SID)
        .and_then(|s| s["Condition"]["ArnLike"]["AWS:SourceArn"].as_str());
    if let Some(source) = source {
        props.insert("cloudfront_source_arn".into(), Value::str(source));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::props;

    #[test]
    fn the_distributions_round_trip_through_the_policy() {
        let p = props! { "cloudfront_source_arn" => "arn:aws:cloudfront::123456789012:distribution/*" };
        let policy = json!({ "Statement": statements(&p) }).to_string();
        let mut read_back = Props::new();
        read(&policy, &mut read_back);
        assert_eq!(read_back, p);
        assert!(statements(&Props::new()).is_empty());
    }
}
