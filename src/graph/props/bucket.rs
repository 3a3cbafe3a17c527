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
