//! A CodeCommit repository's settings.

crate::typed_props! {
    /// A CodeCommit repository as the stack wants it, and as AWS reports it.
    pub struct CodeCommitRepositoryProps for CodeCommitRepository {
        /// Empty for none.
        pub description: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;
    use crate::graph::value::Value;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let repo = CodeCommitRepositoryProps {
            description: "The shop's web front".into(),
        };
        assert_eq!(CodeCommitRepositoryProps::try_from(&Props::from(repo.clone())), Ok(repo));
        let mut props = Props::new();
        props.insert("description".into(), Value::Bool(true));
        let e = CodeCommitRepositoryProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_codecommit_repository props: `description` is not a string");
    }
}
