//! A NAT gateway's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// A NAT gateway as the stack wants it, and as AWS reports it.
    pub struct NatGatewayProps for NatGateway {
        /// The public subnet it lives in: a reference in the graph, its id once
        /// resolved.
        pub subnet_id: Value,
        /// Its Elastic IP's allocation: a reference in the graph, its id once
        /// resolved; absent where AWS reports no address.
        pub allocation_id: Option<Value>,
        /// `public` or `private`.
        pub connectivity_type: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

    fn nat() -> NatGatewayProps {
        NatGatewayProps {
            subnet_id: Value::str("subnet-0abc"),
            allocation_id: Some(Value::str("eipalloc-0abc")),
            connectivity_type: "public".into(),
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(NatGatewayProps::try_from(&Props::from(nat())), Ok(nat()));
        let without = NatGatewayProps {
            allocation_id: None,
            ..nat()
        };
        assert_eq!(NatGatewayProps::try_from(&Props::from(without.clone())), Ok(without));
    }

    #[test]
    fn a_missing_setting_is_an_error_naming_it() {
        let mut props = Props::from(nat());
        props.remove("connectivity_type");
        let e = NatGatewayProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_nat_gateway props: `connectivity_type` is missing");
    }
}
