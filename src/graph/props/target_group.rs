//! The settings of the target group the load balancer forwards to.

use crate::graph::value::Value;

crate::typed_props! {
    /// A target group as the stack wants it, and as AWS reports it.
    pub struct TargetGroupProps for TargetGroup {
        /// The VPC's id: a reference in the graph, a string once resolved.
        pub vpc_id: Value,
        pub port: u32,
        /// `HTTP`.
        pub protocol: String,
        /// `instance`.
        pub target_type: String,
        pub health_check_path: String,
        /// The HTTP codes a healthy target answers (`200-399`).
        pub health_check_matcher: String,
    }
}
