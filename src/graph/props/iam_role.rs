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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;
    use crate::graph::value::Value;

    fn role() -> IamRoleProps {
        IamRoleProps {
            path: "/stackctl/shop/".into(),
            assume_role_service: "eks.amazonaws.com".into(),
            managed_policy_arns: vec!["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy".into()],
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(IamRoleProps::try_from(&Props::from(role())), Ok(role()));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(role());
        props.remove("assume_role_service");
        let e = IamRoleProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_iam_role props: `assume_role_service` is missing");
        let mut props = Props::from(role());
        props.insert("managed_policy_arns".into(), Value::List(vec![Value::Int(1)]));
        let e = IamRoleProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_iam_role props: `managed_policy_arns` is not a list of strings");
    }
}
