//! A CloudWatch Logs group's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// A log group as the stack wants it, and as AWS reports it.
    pub struct LogGroupProps for LogGroup {
        /// Days CloudWatch Logs keeps events (a value it accepts: 1, 3, 5, 7, ...);
        /// none: for ever, AWS's default (what a group made elsewhere may have).
        pub retention_days: Option<u32>,
        /// The KMS key encrypting new events: a reference in the graph, an ARN
        /// once resolved or read back; none for CloudWatch Logs' own encryption.
        pub kms_key_id: Option<Value>,
        /// The region, when not the stack's (a CloudFront web ACL logs in us-east-1).
        pub region: Option<String>,
    }
}
