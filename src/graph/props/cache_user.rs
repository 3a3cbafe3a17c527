//! A Redis user's settings (ElastiCache RBAC).

crate::typed_props! {
    /// A Redis user as the stack wants it, and as AWS reports it. Its id is the
    /// node's name; no password is ever among its settings.
    pub struct CacheUserProps for CacheUser {
        /// The name a client authenticates as (`default` for the stand-in of
        /// AWS's default user; the id itself for an IAM user).
        pub user_name: String,
        pub engine: String,
        /// Redis ACL rules: `on`/`off`, keys, channels, commands.
        pub access_string: String,
        /// [`CacheUserProps::IAM`] or [`CacheUserProps::NO_PASSWORD`].
        pub authentication_type: String,
    }
}

impl CacheUserProps {
    /// How a user proves who it is: `CreateUser`'s `AuthenticationMode.Type`.
    pub const IAM: &str = "iam";
    /// No password, which only suits a user that is switched off (`off`).
    pub const NO_PASSWORD: &str = "no-password-required";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;
    use crate::graph::value::Value;

    fn user() -> CacheUserProps {
        CacheUserProps {
            user_name: "shop-cache-app".into(),
            engine: "redis".into(),
            access_string: "on ~* &* +@all -@dangerous".into(),
            authentication_type: CacheUserProps::IAM.into(),
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        let props = Props::from(user());
        assert_eq!(CacheUserProps::try_from(&props), Ok(user()));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(user());
        props.remove("access_string");
        let e = CacheUserProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_elasticache_user props: `access_string` is missing");
        let mut props = Props::from(user());
        props.insert("user_name".into(), Value::Bool(true));
        let e = CacheUserProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_elasticache_user props: `user_name` is not a string");
    }
}
