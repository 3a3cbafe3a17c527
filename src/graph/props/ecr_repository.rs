//! An ECR repository's settings.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};
use crate::props;

/// An ECR repository as the stack wants it, and as AWS reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct EcrRepositoryProps {
    /// `IMMUTABLE` (a pushed tag never moves) or `MUTABLE`.
    pub image_tag_mutability: String,
    pub scan_on_push: bool,
    /// `AES256` or `KMS`; fixed at creation.
    pub encryption: String,
    /// The lifecycle policy document (ECR's JSON, as a value).
    pub lifecycle_policy: Option<Value>,
}

impl From<EcrRepositoryProps> for Props {
    fn from(r: EcrRepositoryProps) -> Props {
        let mut p = props! {
            "image_tag_mutability" => r.image_tag_mutability,
            "scan_on_push" => r.scan_on_push,
            "encryption" => r.encryption,
        };
        if let Some(policy) = r.lifecycle_policy {
            p.insert("lifecycle_policy".into(), policy);
        }
        p
    }
}

impl TryFrom<&Props> for EcrRepositoryProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<EcrRepositoryProps, PropsError> {
        let r = Reader::new(Kind::EcrRepository, p);
        Ok(EcrRepositoryProps {
            image_tag_mutability: r.string("image_tag_mutability")?,
            scan_on_push: r.bool("scan_on_push")?,
            encryption: r.string("encryption")?,
            lifecycle_policy: r.optional("lifecycle_policy"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
