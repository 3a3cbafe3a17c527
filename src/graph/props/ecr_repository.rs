//! An ECR repository's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// An ECR repository as the stack wants it, and as AWS reports it.
    pub struct EcrRepositoryProps for EcrRepository {
        /// `IMMUTABLE` (a pushed tag never moves) or `MUTABLE`.
        pub image_tag_mutability: String,
        pub scan_on_push: bool,
        /// `AES256` or `KMS`; fixed at creation.
        pub encryption: String,
        /// The lifecycle policy document (ECR's JSON, as a value).
        pub lifecycle_policy: Option<Value>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;
    use crate::props;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let repo = EcrRepositoryProps {
            image_tag_mutability: "IMMUTABLE".into(),
            scan_on_push: true,
            encryption: "AES256".into(),
            lifecycle_policy: Some(Value::Map(props! { "rules" => Value::List(vec![]) })),
        };
        assert_eq!(EcrRepositoryProps::try_from(&Props::from(repo.clone())), Ok(repo));
        let e = EcrRepositoryProps::try_from(&Props::new()).unwrap_err();
        assert_eq!(e.to_string(), "aws_ecr_repository props: `image_tag_mutability` is missing");
    }
}
