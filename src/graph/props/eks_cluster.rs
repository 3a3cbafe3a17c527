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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

    fn cluster() -> EksClusterProps {
        EksClusterProps {
            version: "1.31".into(),
            role_arn: Value::str("arn:aws:iam::123456789012:role/stackctl/shop/shop-eks-cluster"),
            authentication_mode: "API".into(),
            subnet_ids: vec![Value::str("subnet-1"), Value::str("subnet-2")],
            security_group_ids: vec![Value::str("sg-1")],
            endpoint_private_access: true,
            endpoint_public_access: true,
            public_access_cidrs: vec!["203.0.113.0/24".into()],
            enabled_log_types: vec!["api".into(), "audit".into()],
            secrets_kms_key_arn: Some(Value::str("arn:aws:kms:us-east-1:123456789012:key/k")),
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(EksClusterProps::try_from(&Props::from(cluster())), Ok(cluster()));
        let without_key = EksClusterProps {
            secrets_kms_key_arn: None,
            ..cluster()
        };
        assert_eq!(EksClusterProps::try_from(&Props::from(without_key.clone())), Ok(without_key));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(cluster());
        props.remove("version");
        let e = EksClusterProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_eks_cluster props: `version` is missing");
        let mut props = Props::from(cluster());
        props.insert("endpoint_public_access".into(), Value::str("yes"));
        let e = EksClusterProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_eks_cluster props: `endpoint_public_access` is not a boolean");
    }
}
