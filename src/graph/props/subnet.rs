//! A subnet's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// A subnet as the stack wants it, and as AWS reports it.
    pub struct SubnetProps for Subnet {
        /// The VPC: a reference in the graph, its id once resolved.
        pub vpc_id: Value,
        pub cidr_block: String,
        /// The zone's name (`us-east-1a`).
        pub availability_zone: String,
        pub map_public_ip_on_launch: bool,
    }
}
