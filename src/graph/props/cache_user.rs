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
