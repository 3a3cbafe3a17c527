//! The stack's DB parameter group.

use std::collections::BTreeMap;

crate::typed_props! {
    /// A DB parameter group as the stack wants it, and as AWS reports it.
    pub struct DbParameterGroupProps for DbParameterGroup {
        /// The engine and major version the group is for: `postgres16`, `mysql8.0`.
        pub family: String,
        pub description: String,
        /// The parameters the stack sets (source `user`), by name.
        pub parameters: BTreeMap<String, String>,
    }
}
