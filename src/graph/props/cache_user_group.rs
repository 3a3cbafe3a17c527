//! A Redis user group's settings (ElastiCache RBAC).

use crate::graph::value::Value;

crate::typed_props! {
    /// A user group as the stack wants it, and as AWS reports it.
    pub struct CacheUserGroupProps for CacheUserGroup {
        pub engine: String,
        /// Its users' ids: references in the graph, ids once resolved or read.
        /// One of them must be named `default` (AWS refuses a group without).
        pub user_ids: Vec<Value>,
    }
}
