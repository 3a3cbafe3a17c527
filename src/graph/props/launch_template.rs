//! A node group's launch template.

use crate::graph::value::Value;

crate::typed_props! {
    /// A launch template's default version as the stack wants it, and as AWS
    /// reports it.
    pub struct LaunchTemplateProps for LaunchTemplate {
        /// IMDSv2: `required`.
        pub metadata_http_tokens: String,
        /// Hops an IMDS answer may travel (2: pods reach it through one more).
        pub metadata_hop_limit: u32,
        pub root_volume_gb: u32,
        pub root_volume_encrypted: bool,
        /// The nodes' security groups: references in the graph, ids once resolved.
        pub security_group_ids: Vec<Value>,
    }
}
