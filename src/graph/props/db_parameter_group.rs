//! The stack's DB parameter group.

use std::collections::BTreeMap;

crate::typed_props! {
    /// A DB parameter group as the stack wants it, and as AWS reports it.
    pub struct DbParameterGroupProps for DbParameterGroup {
        /// The engine and major version the group is for: `postgres16`, `mysql8.0`.
        pub family: String,
        pub description: String,
        /// The parameters the stack sets (source `user`), by name.
        pub parameters: BTreeMap<String, String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Props, Value};
    use crate::props;

    fn group() -> DbParameterGroupProps {
        DbParameterGroupProps {
            family: "postgres16".into(),
            description: "Parameters of stack shop".into(),
            parameters: [("rds.force_ssl".to_string(), "1".to_string())].into(),
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(DbParameterGroupProps::try_from(&Props::from(group())), Ok(group()));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(group());
        props.remove("family");
        let e = DbParameterGroupProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_db_parameter_group props: `family` is missing");
        let mut props = Props::from(group());
        props.insert("parameters".into(), Value::Map(props! { "rds.force_ssl" => 1i64 }));
        let e = DbParameterGroupProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_db_parameter_group props: `parameters` is not a map of strings");
    }
}
