//! The VPC's settings.

crate::typed_props! {
    /// A VPC as the stack wants it, and as AWS reports it.
    pub struct VpcProps for Vpc {
        /// Fixed at creation.
        pub cidr_block: String,
        pub enable_dns_hostnames: bool,
        pub enable_dns_support: bool,
        /// Whether the VPC's default security group is kept without rules.
        pub restrict_default_security_group: bool,
        /// Whether the VPC's default network ACL's inbound rules are narrowed.
        pub restrict_default_network_acl: bool,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;
    use crate::graph::value::Value;

    fn vpc() -> VpcProps {
        VpcProps {
            cidr_block: "10.20.0.0/16".into(),
            enable_dns_hostnames: true,
            enable_dns_support: true,
            restrict_default_security_group: true,
            restrict_default_network_acl: false,
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(VpcProps::try_from(&Props::from(vpc())), Ok(vpc()));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(vpc());
        props.remove("cidr_block");
        let e = VpcProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_vpc props: `cidr_block` is missing");
        let mut props = Props::from(vpc());
        props.insert("enable_dns_support".into(), Value::str("yes"));
        let e = VpcProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_vpc props: `enable_dns_support` is not a boolean");
    }
}
