//! A route table's settings: its routes and the subnets associated with it
//! (AWS cannot tag either; they are read through the table).

use crate::graph::value::Value;

crate::typed_props! {
    /// A route table as the stack wants it, and as AWS reports it.
    pub struct RouteTableProps for RouteTable {
        /// The VPC: a reference in the graph, its id once resolved.
        pub vpc_id: Value,
        /// The routes besides the VPC's local one (AWS's own).
        pub routes: Vec<Route>,
        /// The subnets associated with the table (not the main association):
        /// references in the graph, ids once resolved.
        pub subnet_ids: Vec<Value>,
    }
}

crate::typed_props! {
    /// One route: a destination and the gateway it goes through.
    pub struct Route {
        /// An IPv4 CIDR block.
        pub destination: String,
        /// An internet gateway (a reference in the graph, its id once resolved).
        pub gateway_id: Option<Value>,
        /// A NAT gateway (a reference in the graph, its id once resolved).
        pub nat_gateway_id: Option<Value>,
    }
}

impl Route {
    /// The gateway's id, as resolved; empty where there is none.
    pub fn gateway(&self) -> &str {
        self.gateway_id.as_ref().and_then(Value::as_str).unwrap_or_default()
    }

    /// The NAT gateway's id, as resolved; empty where there is none.
    pub fn nat_gateway(&self) -> &str {
        self.nat_gateway_id.as_ref().and_then(Value::as_str).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_names_its_gateway_once_resolved() {
        let route = Route {
            destination: "10.0.0.0/8".into(),
            gateway_id: None,
            nat_gateway_id: Some(Value::str("nat-0abc")),
        };
        assert_eq!((route.gateway(), route.nat_gateway()), ("", "nat-0abc"));
    }
}
