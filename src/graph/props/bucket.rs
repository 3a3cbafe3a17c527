//! An S3 bucket's settings: each one a sub-resource of the bucket in S3's API.

use super::{AccessLogs, PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};
use crate::props;

/// A bucket as the stack wants it, and as AWS reports it. The stack sets
/// every setting but the optional ones; what AWS reports may lack a setting
/// the bucket does not have (no encryption, no ownership controls, no policy)
/// or that S3 would not say (versioning, see `aws::s3::read`).
#[derive(Debug, Clone, PartialEq)]
pub struct BucketProps {
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

impl From<BucketProps> for Props {
    fn from(b: BucketProps) -> Props {
        let mut p = props! {
            "block_public_acls" => b.block_public_acls,
            "block_public_policy" => b.block_public_policy,
            "ignore_public_acls" => b.ignore_public_acls,
            "restrict_public_buckets" => b.restrict_public_buckets,
        };
        let optional = [
            ("versioning", b.versioning.map(Value::Bool)),
            ("encryption", b.encryption.map(Value::Str)),
            ("kms_key_id", b.kms_key_id),
            ("bucket_key", b.bucket_key.map(Value::Bool)),
            ("object_ownership", b.object_ownership.map(Value::Str)),
            ("policy", b.policy),
        ];
        p.extend(optional.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))));
        AccessLogs::insert(b.access_logs, &mut p);
        p
    }
}

impl TryFrom<&Props> for BucketProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<BucketProps, PropsError> {
        let r = Reader::new(Kind::Bucket, p);
        Ok(BucketProps {
            versioning: r.optional_bool("versioning")?,
            encryption: r.optional_str("encryption")?,
            kms_key_id: r.optional("kms_key_id"),
            bucket_key: r.optional_bool("bucket_key")?,
            block_public_acls: r.bool("block_public_acls")?,
            block_public_policy: r.bool("block_public_policy")?,
            ignore_public_acls: r.bool("ignore_public_acls")?,
            restrict_public_buckets: r.bool("restrict_public_buckets")?,
            object_ownership: r.optional_str("object_ownership")?,
            access_logs: AccessLogs::read(&r)?,
            policy: r.optional("policy"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
