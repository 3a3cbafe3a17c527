//! The stack's CloudTrail trail.

use crate::graph::value::Value;

crate::typed_props! {
    /// A trail as the stack wants it, and as AWS reports it.
    pub struct TrailProps for Trail {
        /// The bucket receiving the log files (its policy lets this trail write).
        pub s3_bucket_name: String,
        pub is_multi_region_trail: bool,
        pub include_global_service_events: bool,
        /// Digest files that prove the log files were not changed.
        pub enable_log_file_validation: bool,
        /// The KMS key encrypting the log files: a reference in the graph, an ARN
        /// once resolved or read back; none for S3's own encryption.
        pub kms_key_id: Option<Value>,
    }
}
