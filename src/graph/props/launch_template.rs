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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let template = LaunchTemplateProps {
            metadata_http_tokens: "required".into(),
            metadata_hop_limit: 2,
            root_volume_gb: 50,
            root_volume_encrypted: true,
            security_group_ids: vec![Value::str("sg-1")],
        };
        assert_eq!(LaunchTemplateProps::try_from(&Props::from(template.clone())), Ok(template.clone()));
        let mut props = Props::from(template);
        props.insert("metadata_hop_limit".into(), Value::Int(-1));
        let e = LaunchTemplateProps::try_from(&props).unwrap_err();
        assert_eq!(
            e.to_string(),
            "aws_launch_template props: `metadata_hop_limit` is not a whole number from 0 to 4294967295"
        );
        props.remove("metadata_http_tokens");
        let e = LaunchTemplateProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_launch_template props: `metadata_http_tokens` is missing");
    }
}
