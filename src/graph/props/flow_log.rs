//! The VPC's flow log.

use crate::graph::value::Value;

crate::typed_props! {
    /// A flow log as the stack wants it, and as AWS reports it.
    pub struct FlowLogProps for FlowLog {
        /// The VPC logged: a reference in the graph, its id once resolved.
        pub resource_id: Value,
        /// `ALL`, `ACCEPT` or `REJECT`.
        pub traffic_type: String,
        /// `s3` (the stack's logs bucket).
        pub log_destination_type: String,
        /// The bucket and folder, as an ARN (`arn:aws:s3:::bucket/folder/`).
        pub log_destination: String,
        /// 60 or 600 seconds.
        pub max_aggregation_interval: u32,
    }
}
