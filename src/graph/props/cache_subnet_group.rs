//! An ElastiCache subnet group's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// A cache subnet group as the stack wants it, and as AWS reports it.
    pub struct CacheSubnetGroupProps for CacheSubnetGroup {
        pub description: String,
        /// The private subnets: references in the graph, ids once resolved or read.
        pub subnet_ids: Vec<Value>,
    }
}

impl CacheSubnetGroupProps {
    /// The subnet ids as strings (resolved before the provider sees them).
    pub fn subnet_id_strings(&self) -> Vec<String> {
        self.subnet_ids.iter().filter_map(Value::as_str).map(str::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

    fn group() -> CacheSubnetGroupProps {
        CacheSubnetGroupProps {
            description: "Private subnets of stack shop".into(),
            subnet_ids: vec![Value::str("subnet-1"), Value::str("subnet-2")],
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        let props = Props::from(group());
        assert_eq!(CacheSubnetGroupProps::try_from(&props), Ok(group()));
        assert_eq!(group().subnet_id_strings(), ["subnet-1", "subnet-2"]);
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(group());
        props.remove("description");
        let e = CacheSubnetGroupProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_elasticache_subnet_group props: `description` is missing");
        let mut props = Props::from(group());
        props.insert("subnet_ids".into(), Value::str("subnet-1"));
        let e = CacheSubnetGroupProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_elasticache_subnet_group props: `subnet_ids` is not a list");
    }
}
