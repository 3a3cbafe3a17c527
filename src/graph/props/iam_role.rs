//! An IAM role's settings: its path, who may assume it, and the managed
//! policies attached to it (attachments cannot be tagged: they are read
//! through the role).

crate::typed_props! {
    /// An IAM role as the stack wants it, and as AWS reports it.
    pub struct IamRoleProps for IamRole {
        /// `/stackctl/<stack>/`: one ListRoles call finds the stack's roles.
        pub path: String,
        /// The service its trust policy lets assume it (`eks.amazonaws.com`).
        pub assume_role_service: String,
        /// The ARNs of the managed policies attached to it.
        pub managed_policy_arns: Vec<String>,
    }
}
