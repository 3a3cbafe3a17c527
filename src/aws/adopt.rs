//! `stackctl import`'s AWS side, written once for every kind: each service
//! declares how to find a resource of its kinds by AWS id (`Service::find`)
//! and how to add tags to it (`Service::add_tags`); this module checks what it
//! found, reads its settings and says what adopting it means.

use super::Aws;
use super::service::Lookup;
use super::tags::Tags;
use crate::apply::ProviderError;
use crate::graph::{Node, NodeId, Props, Value};
use crate::plan::LiveResource;
use crate::plan::import::{self, Found, ImportError};

/// The last segment of an ARN (`...:role/path/name` -> `name`) or the id itself.
pub fn name_in(aws_id: &str, separators: &[char]) -> String {
    if aws_id.starts_with("arn:") {
        aws_id.rsplit(separators).next().unwrap_or(aws_id).to_string()
    } else {
        aws_id.to_string()
    }
}

/// The resource part of an ARN (after the account), or the id itself.
pub fn arn_resource(aws_id: &str) -> &str {
    match aws_id.strip_prefix("arn:") {
        Some(_) => aws_id.splitn(6, ':').nth(5).unwrap_or(aws_id),
        None => aws_id,
    }
}

/// `live` (as a service's discovery builds it) adopted as `node`.
pub fn found(node: &Node, mut live: LiveResource) -> Lookup {
    live.id = node.id.clone();
    live.kind = node.kind;
    Lookup::Found(Box::new(live))
}

/// `tags` with `more` added: what a resource carries after an import.
pub fn merged(tags: &Tags, more: &Tags) -> Tags {
    let mut all = tags.clone();
    all.extend(more.iter().map(|(k, v)| (k.clone(), v.clone())));
    all
}

/// A live resource from a name, an AWS id, attributes and tags, for services
/// whose discovery has no builder of its own to reuse.
pub fn resource(node: &Node, name: &str, physical_id: &str, attrs: &[(&str, String)], tags: Tags) -> Lookup {
    let mut live = LiveResource::new(node.id.clone(), node.kind, name, physical_id, &[], tags, None);
    live.attrs.extend(attrs.iter().map(|(k, v)| (k.to_string(), Value::str(v))));
    live.attrs.insert("name".into(), Value::str(name));
    found(node, live)
}

/// The name an import checks: the `Name` tag for EC2 kinds (their AWS names
/// are generated ids), else the AWS name.
fn aws_name(live: &LiveResource) -> Option<String> {
    Some(live.name.clone()).filter(|n| !n.is_empty())
}

/// The settings of a looked-up resource, in the normal form of the desired
/// properties (what the plan compares).
pub async fn settings(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    match &live.props {
        Some(p) => Ok(p.clone()),
        None => super::service(live.kind)?.read(aws, live).await,
    }
}

/// Adds `tags` to the resource; its other tags stay.
pub async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    super::service(live.kind)?.add_tags(aws, live, tags).await
}

/// One resource an import will tag, and what apply would change on it then.
pub struct Adoptee {
    pub live: LiveResource,
    /// The tags import adds (the ownership tags).
    pub tags: Tags,
    /// The plan that follows for it: the file's settings against AWS's.
    pub then: crate::plan::ResourceChange,
}

/// Checks that `aws_id` may become `id` of the stack and what adopting it
/// means. `planned` is the stack's plan (its graph and live state).
pub async fn prepare(
    aws: &Aws,
    planned: &crate::plan::PlannedApply,
    id: &NodeId,
    aws_id: &str,
) -> Result<Result<Adoptee, ImportError>, ProviderError> {
    let Some(node) = planned.graph.get(id) else {
        return Ok(Err(ImportError::UnknownId(id.clone())));
    };
    if let Some(refusal) = import::untaggable(node) {
        return Ok(Err(refusal));
    }
    if let Err(e) = import::check_kind(node, aws_id) {
        return Ok(Err(e));
    }
    if let Some(l) = planned.live.get(id).filter(|l| super::tags::owned_by(&l.tags, &aws.stack)) {
        let (kind, aws_id) = (l.kind, l.physical_id.clone());
        return Ok(Err(ImportError::AlreadyOwned {
            id: id.clone(),
            kind,
            aws_id,
        }));
    }
    let mut live = match super::service(node.kind)?.find(aws, node, aws_id).await? {
        Lookup::Found(live) => *live,
        Lookup::Missing => {
            let (kind, aws_id, region) = (node.kind, aws_id.to_string(), aws.region.clone());
            return Ok(Err(ImportError::NotFound { kind, aws_id, region }));
        }
        Lookup::OtherKind(kind) => {
            return Ok(Err(ImportError::WrongKind {
                id: id.clone(),
                aws_id: aws_id.to_string(),
                wanted: node.kind,
                found: format!("a {kind}"),
                name: node.name.clone(),
            }));
        }
        Lookup::Unsupported => return Ok(Err(ImportError::Unsupported(node.kind))),
    };
    let found = Found {
        name: aws_name(&live),
        tags: live.tags.clone(),
    };
    if let Err(e) = import::check_found(&aws.stack, node, aws_id, &found) {
        return Ok(Err(e));
    }
    live.props = Some(settings(aws, &live).await?);
    let tags = import::ownership_tags(&aws.stack, node);
    let mut after = live.clone();
    after.tags.extend(tags.clone());
    let then = crate::plan::compare_live(node, &after, &planned.live);
    Ok(Ok(Adoptee { live, tags, then }))
}
