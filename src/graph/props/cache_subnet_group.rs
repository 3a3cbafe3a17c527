//! An ElastiCache subnet group's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// A cache subnet group as the stack wants it, and as AWS reports it.
    pub struct CacheSubnetGroupProps for CacheSubnetGroup {
        pub description: String,
        /// The private subnets: references in the graph, ids once resolved or read.
        pub subnet_ids: Vec<Value>,
    }
}
