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

impl CacheUserGroupProps {
    /// The user ids as strings (resolved before the provider sees them).
    pub fn user_id_strings(&self) -> Vec<String> {
        self.user_ids.iter().filter_map(Value::as_str).map(str::to_string).collect()
    }
}
