//! A Redis user group's settings (ElastiCache RBAC).

use crate::graph::value::Value;

crate::typed_props! {
    /// A user group as the stack wants it, and as AWS reports it.
    pub struct CacheUserGroupProps for CacheUserGroup {
        pub engine: String,
        /// Its users' ids: references in the graph, ids once resolved or read.
        /// One of them must be named `default` (AWS refuses a group without).
        pub user_ids: Vec<Value>,
    }
}

impl CacheUserGroupProps {
    /// The user ids as strings (resolved before the provider sees them).
    pub fn user_id_strings(&self) -> Vec<String> {
        self.user_ids.iter().filter_map(Value::as_str).map(str::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

    fn group() -> CacheUserGroupProps {
        CacheUserGroupProps {
            engine: "redis".into(),
            user_ids: vec![Value::str("shop-cache-app"), Value::str("shop-cache-default")],
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        let props = Props::from(group());
        assert_eq!(CacheUserGroupProps::try_from(&props), Ok(group()));
        assert_eq!(group().user_id_strings(), ["shop-cache-app", "shop-cache-default"]);
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(group());
        props.remove("engine");
        let e = CacheUserGroupProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_elasticache_user_group props: `engine` is missing");
        let mut props = Props::from(group());
        props.insert("user_ids".into(), Value::str("x"));
        let e = CacheUserGroupProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_elasticache_user_group props: `user_ids` is not a list");
    }
}
