//! The stack's DB subnet group.

use crate::graph::value::Value;

crate::typed_props! {
    /// A DB subnet group as the stack wants it, and as AWS reports it.
    pub struct DbSubnetGroupProps for DbSubnetGroup {
        pub description: String,
        /// The private subnets: references in the graph, ids once resolved.
        pub subnet_ids: Vec<Value>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;
    use crate::props;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let group = DbSubnetGroupProps {
            description: "Private subnets of stack shop".into(),
            subnet_ids: vec![Value::str("subnet-1"), Value::str("subnet-2")],
        };
        assert_eq!(DbSubnetGroupProps::try_from(&Props::from(group.clone())), Ok(group));
        let e = DbSubnetGroupProps::try_from(&Props::new()).unwrap_err();
        assert_eq!(e.to_string(), "aws_db_subnet_group props: `description` is missing");
        let e = DbSubnetGroupProps::try_from(&props! { "description" => "d", "subnet_ids" => "subnet-1" }).unwrap_err();
        assert_eq!(e.to_string(), "aws_db_subnet_group props: `subnet_ids` is not a list");
    }
}
