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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

    fn group() -> EksNodeGroupProps {
        EksNodeGroupProps {
            cluster_name: Value::str("shop-eks"),
            node_role_arn: Value::str("arn:aws:iam::123456789012:role/stackctl/shop/shop-eks-nodes"),
            subnet_ids: vec![Value::str("subnet-1")],
            instance_types: vec!["t3.large".into()],
            min_size: 2,
            desired_size: 3,
            max_size: 6,
            labels: [("team".to_string(), "web".to_string())].into(),
            launch_template_id: Some(Value::str("lt-0abc")),
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(EksNodeGroupProps::try_from(&Props::from(group())), Ok(group()));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(group());
        props.remove("max_size");
        let e = EksNodeGroupProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_eks_node_group props: `max_size` is missing");
        let mut props = Props::from(group());
        props.insert("instance_types".into(), Value::str("t3.large"));
        let e = EksNodeGroupProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_eks_node_group props: `instance_types` is not a list of strings");
    }
}
