//! The stack's DB subnet group.

use crate::graph::value::Value;

crate::typed_props! {
    /// A DB subnet group as the stack wants it, and as AWS reports it.
    pub struct DbSubnetGroupProps for DbSubnetGroup {
        pub description: String,
        /// The private subnets: references in the graph, ids once resolved.
        pub subnet_ids: Vec<Value>,
    }
}
