//! A CodeCommit repository's settings.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::Props;
use crate::props;

/// A CodeCommit repository as the stack wants it, and as AWS reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeCommitRepositoryProps {
    /// Empty for none.
    pub description: String,
}

impl From<CodeCommitRepositoryProps> for Props {
    fn from(r: CodeCommitRepositoryProps) -> Props {
        props! { "description" => r.description }
    }
}

impl TryFrom<&Props> for CodeCommitRepositoryProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<CodeCommitRepositoryProps, PropsError> {
        let r = Reader::new(Kind::CodeCommitRepository, p);
        Ok(CodeCommitRepositoryProps {
            description: r.string("description")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
