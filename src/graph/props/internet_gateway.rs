//! The internet gateway's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// An internet gateway as the stack wants it, and as AWS reports it.
    pub struct InternetGatewayProps for InternetGateway {
        /// The VPC it is attached to: a reference in the graph, its id once
        /// resolved. AWS reports none for a gateway left unattached (an apply
        /// stopped between create and attach).
        pub vpc_id: Option<Value>,
    }
}
