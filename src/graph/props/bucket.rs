//! An S3 bucket's settings: each one a sub-resource of the bucket in S3's API.

use super::AccessLogs;
use crate::graph::value::Value;

crate::typed_props! {
    /// A bucket as the stack wants it, and as AWS reports it. The stack sets
    /// every setting but the optional ones; what AWS reports may lack a setting
    /// the bucket does not have (no encryption, no ownership controls, no policy)
    /// or that S3 would not say (versioning, see `aws::s3::read`).
    pub struct BucketProps for Bucket {
        pub versioning: Option<bool>,
        /// `AES256` (SSE-S3) or `aws:kms` (SSE-KMS under `kms_key_id`).
        pub encryption: Option<String>,
        /// The KMS key's ARN: a reference in the graph, a string once resolved.
        pub kms_key_id: Option<Value>,
        /// An S3 Bucket Key: one data key for a while instead of a KMS request
        /// per object. AWS reports it only when it is on.
        pub bucket_key: Option<bool>,
        pub block_public_acls: bool,
        pub block_public_policy: bool,
        pub ignore_public_acls: bool,
        pub restrict_public_buckets: bool,
        /// `BucketOwnerEnforced`: ACLs off.
        pub object_ownership: Option<String>,
        /// Server access logs into another bucket.
        pub access_logs: Option<AccessLogs>,
        /// The bucket policy as a JSON document.
        pub policy: Option<Value>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;
    use crate::props;

    fn bucket() -> BucketProps {
        BucketProps {
            versioning: Some(true),
            encryption: Some("aws:kms".into()),
            kms_key_id: Some(Value::str("arn:aws:kms:us-east-1:1:key/k")),
            bucket_key: Some(true),
            block_public_acls: true,
            block_public_policy: true,
            ignore_public_acls: true,
            restrict_public_buckets: true,
            object_ownership: Some("BucketOwnerEnforced".into()),
            access_logs: Some(AccessLogs {
                bucket: Value::str("shop-logs"),
                prefix: "s3-access/assets/".into(),
            }),
            policy: Some(Value::Map(props! { "Version" => "2012-10-17" })),
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(BucketProps::try_from(&Props::from(bucket())), Ok(bucket()));
        let bare = BucketProps {
            versioning: None,
            encryption: None,
            kms_key_id: None,
            bucket_key: None,
            object_ownership: None,
            access_logs: None,
            policy: None,
            ..bucket()
        };
        let props = Props::from(bare.clone());
        assert_eq!(props.len(), 4, "only the public access block: {props:?}");
        assert_eq!(BucketProps::try_from(&props), Ok(bare));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(bucket());
        props.remove("block_public_policy");
        let e = BucketProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_s3_bucket props: `block_public_policy` is missing");
        let mut props = Props::from(bucket());
        props.insert("versioning".into(), Value::str("on"));
        let e = BucketProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_s3_bucket props: `versioning` is not a boolean");
    }
}
