//! The application load balancer's settings.

use super::AccessLogs;
use crate::graph::value::Value;

crate::typed_props! {
    /// A load balancer as the stack wants it, and as AWS reports it.
    pub struct LoadBalancerProps for LoadBalancer {
        /// `application`. Set by the stack; an answer without it (an emulator's,
        /// for a load balancer made elsewhere) leaves it out, and the diff with it.
        pub lb_type as "type": Option<String>,
        /// `internet-facing`; absent in an answer as the type.
        pub scheme: Option<String>,
        /// Subnet ids: references in the graph, strings once resolved.
        pub subnet_ids: Vec<Value>,
        pub security_group_ids: Vec<Value>,
        /// The `routing.http.drop_invalid_header_fields.enabled` attribute.
        pub drop_invalid_header_fields: bool,
        pub deletion_protection: bool,
        /// Where access logs go; none when they are off.
        pub access_logs: Option<AccessLogs>,
    }
}
