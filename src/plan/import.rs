//! Adopting a resource that exists without this stack's tags (`stackctl
//! import`): which kinds are adopted by tagging them, what an AWS id can be,
//! the checks that refuse an import, and the tags it adds. Pure: the provider
//! looks the resource up and tags it.

use std::collections::BTreeMap;

use crate::graph::{IdShape, Kind, Node, NodeId, tag};

pub use crate::graph::Adoption;

/// How a kind's resource becomes the stack's, as its spec declares.
pub fn adoption(kind: Kind) -> Adoption {
    kind.spec().adoption
}

/// How a resource of a kind AWS cannot tag is the stack's (`None` for the
/// kinds adopted by tagging), as the plan and import say it.
pub fn adoption_note(kind: Kind) -> Option<String> {
    match adoption(kind) {
        Adoption::Tags => None,
        Adoption::ByName => Some("found by its name: the one with the stack's name is the stack's".into()),
        Adoption::ThroughParent(parent) => Some(format!("read through {parent}")),
    }
}

/// For a resource of a kind AWS cannot tag that exists in AWS (kept, updated
/// or replaced): how it is the stack's without import. Such a resource made
/// by hand under the stack's name looks like the stack's own, so the plan says
/// so rather than leave it unexplained. `None` for taggable kinds, creates and
/// deletes.
pub fn adopted_without_import(r: &crate::plan::ResourceChange) -> Option<String> {
    use crate::plan::Action;
    match r.action {
        Action::NoOp | Action::Update | Action::Replace => adoption_note(r.kind),
        Action::Create | Action::Delete => None,
    }
}

/// What AWS says about the resource an import names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its AWS name (the `Name` tag for EC2 resources); `None` if it has none.
    pub name: Option<String>,
    pub tags: BTreeMap<String, String>,
}

/// Why an import is refused; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("`{0}` is not a resource of this stack (`stackctl graph` lists its logical ids)")]
    UnknownId(NodeId),
    #[error("{aws_id} is {found}, but {id} is a {wanted}: give the AWS id of the {wanted} that holds the name `{name}`")]
    WrongKind {
        id: NodeId,
        aws_id: String,
        wanted: Kind,
        found: String,
        name: String,
    },
    #[error(
        "{kind} {aws_id} is named `{found}`, but the stack names {id} `{wanted}`: rename one of them, or import the resource named `{wanted}`"
    )]
    NameMismatch {
        id: NodeId,
        kind: Kind,
        aws_id: String,
        found: String,
        wanted: String,
    },
    #[error(
        "{kind} {aws_id} belongs to stack `{other}` (its stackctl:stack tag): it is not adopted; destroy it there, or remove it from that stack first"
    )]
    OtherStack { kind: Kind, aws_id: String, other: String },
    #[error("{id} is already this stack's ({kind} {aws_id}): nothing to import")]
    AlreadyOwned { id: NodeId, kind: Kind, aws_id: String },
    #[error("no {kind} {aws_id} in {region}: check the id (`stackctl plan` prints it for each conflict) and --region")]
    NotFound { kind: Kind, aws_id: String, region: String },
    #[error("{kind} cannot be tagged: {how}")]
    Untaggable { kind: Kind, how: String },
    #[error("this version of stackctl cannot import a {0} yet: delete it, or rename it in the stack file")]
    Unsupported(Kind),
}

/// The refusal for a kind that is not adopted by tagging, if it is one.
pub fn untaggable(node: &Node) -> Option<ImportError> {
    let how = match adoption(node.kind) {
        Adoption::Tags => return None,
        Adoption::ByName => format!(
            "the plan takes the one named `{}` as the stack's (found by its name), so there is nothing to import",
            node.name
        ),
        Adoption::ThroughParent(parent) => {
            format!("it is read through {parent}; import those, and the plan then shows this one")
        }
    };
    Some(ImportError::Untaggable { kind: node.kind, how })
}

/// The kinds an AWS id or ARN can name, from its shape (the `aws_ids` of
/// their specs); `None` for a plain name, which any named kind may have.
pub fn kinds_of_id(aws_id: &str) -> Option<Vec<Kind>> {
    let shaped = |fits: &dyn Fn(&IdShape) -> bool| -> Vec<Kind> {
        Kind::ALL.iter().copied().filter(|k| k.spec().aws_ids.iter().any(fits)).collect()
    };
    let prefixed = shaped(&|s| matches!(s, IdShape::Prefix(p) if aws_id.starts_with(p)));
    if !prefixed.is_empty() {
        return Some(prefixed);
    }
    if aws_id.starts_with("https://") || aws_id.starts_with("http://") {
        return Some(shaped(&|s| *s == IdShape::Url));
    }
    let arn: Vec<&str> = aws_id.splitn(6, ':').collect();
    if arn.len() < 6 || arn[0] != "arn" {
        return None;
    }
    let (service, resource) = (arn[2], arn[5]);
    Some(shaped(
        &|s| matches!(s, IdShape::Arn { service: s, resource: r } if *s == service && resource.starts_with(r)),
    ))
}

/// Refuses an id whose shape says it is another kind than `node`'s.
pub fn check_kind(node: &Node, aws_id: &str) -> Result<(), ImportError> {
    match kinds_of_id(aws_id) {
        Some(kinds) if !kinds.contains(&node.kind) => Err(ImportError::WrongKind {
            id: node.id.clone(),
            aws_id: aws_id.to_string(),
            wanted: node.kind,
            found: kinds
                .first()
                .map_or_else(|| "not an id of a kind stackctl manages".to_string(), |k| format!("a {k}")),
            name: node.name.clone(),
        }),
        _ => Ok(()),
    }
}

/// Refuses a resource that is another stack's, already this stack's, or does
/// not carry the name the stack gives `node`.
pub fn check_found(stack: &str, node: &Node, aws_id: &str, found: &Found) -> Result<(), ImportError> {
    match found.tags.get(tag::STACK) {
        Some(s) if s == stack => {
            return Err(ImportError::AlreadyOwned {
                id: node.id.clone(),
                kind: node.kind,
                aws_id: aws_id.to_string(),
            });
        }
        Some(other) => {
            return Err(ImportError::OtherStack {
                kind: node.kind,
                aws_id: aws_id.to_string(),
                other: other.clone(),
            });
        }
        None => {}
    }
    if found.name.as_deref() != Some(node.name.as_str()) {
        return Err(ImportError::NameMismatch {
            id: node.id.clone(),
            kind: node.kind,
            aws_id: aws_id.to_string(),
            found: found.name.clone().unwrap_or_else(|| "(no name)".into()),
            wanted: node.name.clone(),
        });
    }
    Ok(())
}

/// The tags an import adds: the ownership tags, nothing else. The stack's
/// other tags and the `stackctl:hash` tag are left to apply, so the next plan
/// reads the resource's settings and shows every difference.
pub fn ownership_tags(stack: &str, node: &Node) -> BTreeMap<String, String> {
    [
        (tag::STACK.to_string(), stack.to_string()),
        (tag::ID.to_string(), node.id.to_string()),
    ]
    .into()
}

#[cfg(test)]
mod tests;
