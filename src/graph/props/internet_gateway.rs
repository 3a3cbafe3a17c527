//! The internet gateway's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// An internet gateway as the stack wants it, and as AWS reports it.
    pub struct InternetGatewayProps for InternetGateway {
        /// The VPC it is attached to: a reference in the graph, its id once
        /// resolved. AWS reports none for a gateway left unattached (an apply
        /// stopped between create and attach).
        pub vpc_id: Option<Value>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let attached = InternetGatewayProps {
            vpc_id: Some(Value::str("vpc-0abc")),
        };
        assert_eq!(InternetGatewayProps::try_from(&Props::from(attached.clone())), Ok(attached));
        let unattached = InternetGatewayProps { vpc_id: None };
        assert!(Props::from(unattached.clone()).is_empty());
        assert_eq!(InternetGatewayProps::try_from(&Props::new()), Ok(unattached));
    }
}
