//! The alarm topic's settings (SNS).

use crate::graph::value::Value;

crate::typed_props! {
    /// An SNS topic as the stack wants it, and as AWS reports it.
    pub struct TopicProps for Topic {
        /// The KMS key encrypting messages at rest: a reference in the graph, an
        /// ARN once resolved or read back.
        pub kms_master_key_id: Value,
        /// Email addresses subscribed (each confirms by email).
        pub subscriptions: Vec<String>,
    }
}
