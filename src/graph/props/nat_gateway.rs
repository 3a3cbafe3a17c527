//! A NAT gateway's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// A NAT gateway as the stack wants it, and as AWS reports it.
    pub struct NatGatewayProps for NatGateway {
        /// The public subnet it lives in: a reference in the graph, its id once
        /// resolved.
        pub subnet_id: Value,
        /// Its Elastic IP's allocation: a reference in the graph, its id once
        /// resolved; absent where AWS reports no address.
        pub allocation_id: Option<Value>,
        /// `public` or `private`.
        pub connectivity_type: String,
    }
}
