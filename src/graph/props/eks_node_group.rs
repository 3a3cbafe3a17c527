//! A managed node group of the stack's EKS cluster.

use std::collections::BTreeMap;

use crate::graph::value::Value;

crate::typed_props! {
    /// A node group as the stack wants it, and as AWS reports it.
    pub struct EksNodeGroupProps for EksNodeGroup {
        /// The cluster: a reference in the graph, its name once resolved.
        pub cluster_name: Value,
        /// The node role: a reference in the graph, its ARN once resolved.
        pub node_role_arn: Value,
        /// References in the graph, ids once resolved.
        pub subnet_ids: Vec<Value>,
        pub instance_types: Vec<String>,
        pub min_size: u32,
        /// Left to the cluster autoscaler after creation when the stack says so
        /// (the node's `ignore_changes`).
        pub desired_size: u32,
        pub max_size: u32,
        /// Kubernetes labels of the nodes.
        pub labels: BTreeMap<String, String>,
        /// The launch template: a reference in the graph, its id once resolved;
        /// none for a group (made elsewhere) without one.
        pub launch_template_id: Option<Value>,
    }
}
