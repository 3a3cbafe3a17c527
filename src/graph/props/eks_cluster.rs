//! The stack's EKS cluster.

use crate::graph::value::Value;

crate::typed_props! {
    /// A cluster as the stack wants it, and as AWS reports it.
    pub struct EksClusterProps for EksCluster {
        /// The Kubernetes version: `1.31`.
        pub version: String,
        /// The cluster role: a reference in the graph, its ARN once resolved.
        pub role_arn: Value,
        /// `API` (access entries), `API_AND_CONFIG_MAP` or `CONFIG_MAP`.
        pub authentication_mode: String,
        /// References in the graph, ids once resolved.
        pub subnet_ids: Vec<Value>,
        pub security_group_ids: Vec<Value>,
        pub endpoint_private_access: bool,
        pub endpoint_public_access: bool,
        /// Who may reach the public endpoint; none when it is private only.
        pub public_access_cidrs: Vec<String>,
        /// The control plane log types sent to CloudWatch Logs, sorted.
        pub enabled_log_types: Vec<String>,
        /// The key encrypting Kubernetes secrets: a reference in the graph, an ARN
        /// once resolved; none for a cluster (made elsewhere) without one.
        pub secrets_kms_key_arn: Option<Value>,
    }
}
