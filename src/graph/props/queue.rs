//! An SQS queue's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// A queue as the stack wants it, and as AWS reports it.
    pub struct QueueProps for Queue {
        /// FIFO or standard: fixed at creation (the name ends `.fifo`).
        pub fifo: bool,
        pub visibility_timeout_s: u32,
        pub message_retention_s: u32,
        /// Encryption at rest with SQS-owned keys.
        pub sqs_managed_sse: bool,
        /// Where messages go after too many receives.
        pub redrive_policy: Option<Redrive>,
    }
}

crate::typed_props! {
    /// A queue's dead-letter queue and how many receives send a message there.
    pub struct Redrive for Queue {
        /// The dead-letter queue's ARN: a reference in the graph, a string once
        /// apply resolved it or AWS reported it.
        pub dead_letter_target_arn: Value,
        pub max_receive_count: u32,
    }
}
