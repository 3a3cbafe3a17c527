//! A subnet's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// A subnet as the stack wants it, and as AWS reports it.
    pub struct SubnetProps for Subnet {
        /// The VPC: a reference in the graph, its id once resolved.
        pub vpc_id: Value,
        pub cidr_block: String,
        /// The zone's name (`us-east-1a`).
        pub availability_zone: String,
        pub map_public_ip_on_launch: bool,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NodeId;
    use crate::graph::Props;

    fn subnet() -> SubnetProps {
        SubnetProps {
            vpc_id: Value::reference(&NodeId::new("network/vpc"), "id"),
            cidr_block: "10.20.0.0/20".into(),
            availability_zone: "us-east-1a".into(),
            map_public_ip_on_launch: false,
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(SubnetProps::try_from(&Props::from(subnet())), Ok(subnet()));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(subnet());
        props.remove("vpc_id");
        let e = SubnetProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_subnet props: `vpc_id` is missing");
        let mut props = Props::from(subnet());
        props.insert("cidr_block".into(), Value::Int(16));
        let e = SubnetProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_subnet props: `cidr_block` is not a string");
    }
}
