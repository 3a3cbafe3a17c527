//! Every create happens exactly once, whatever AWS answers, as
//! terraform-provider-aws does with idempotency tokens and "find after create":
//! - a create whose API takes an idempotency token carries `token(...)`, derived
//!   from the stack, the logical id and the settings hash: AWS answers a re-sent
//!   one (the SDK retries it) with the resource the first one made, and a later
//!   create with other settings is a new one;
//! - a create without a token is not re-sent by the SDK after a 5xx or a timeout
//!   (`create_retry`; throttling still is, a throttled request did not happen):
//!   the resource may exist. It is looked up as discovery finds it (ownership
//!   tags, which every create sets in the call itself, or its unique name), and
//!   adopted if found: the rest of the create (settings, tags, hash) is finished
//!   as an update would. If not found, it is created again;
//! - a named create answered `AlreadyExists` (a retry of one that happened) is
//!   ours only if discovery finds it with our ownership tags for this logical
//!   id; otherwise it stays the conflict it is.

use std::time::Duration;

use sha2::{Digest, Sha256};

use super::Aws;
use super::service::Service;
use super::tagging;
use crate::apply::{ProviderError, Request};
use crate::graph::tag;
use crate::plan::{Action, LiveResource, compare_resolved};

/// Creates of one resource after ambiguous failures, the first included.
const CREATES: u32 = 3;

/// Pauses between lookups of a resource that may have been created: describe
/// calls are eventually consistent, a resource may show a moment after.
const LOOKUP_PAUSES: &[Duration] = &[Duration::from_secs(2), Duration::from_secs(4)];

/// The idempotency token of `req`'s create (EC2 `ClientToken`, EKS
/// `clientRequestToken`): the same for a re-sent request, another one for a
/// create with other settings or of another stack. 32 hex characters fit every
/// API's limit (EC2: 64 ASCII characters).
pub fn token(stack: &str, req: &Request) -> String {
    let hash = req.tags.get(tag::HASH).map_or("", String::as_str);
    let digest = Sha256::digest(format!("{stack}\0{}\0{hash}", req.node.id.as_str()));
    hex::encode(&digest[..16])
}

/// A failure after which the request may or may not have happened: AWS's 5xx
/// answers and timeouts (a throttled request never gets here: the SDK retries
/// it).
pub fn is_ambiguous(e: &ProviderError) -> bool {
    matches!(
        e.code.as_str(),
        "InternalError"
            | "InternalFailure"
            | "InternalServerError"
            | "InternalServerException"
            | "InternalServiceError"
            | "ServerException"
            | "ServiceUnavailable"
            | "ServiceUnavailableException"
            | "Unavailable"
            | "Timeout"
    )
}

/// The name is taken: by a create of ours that happened (its answer lost), or by
/// someone else's resource.
pub fn is_already_exists(e: &ProviderError) -> bool {
    let c = e.code.as_str();
    c.contains("AlreadyExists")
        || c.contains("AlreadyOwnedByYou")
        || c.contains("Duplicate")
        || c.contains("NameExists")
        || c == "ResourceInUseException"
}

/// Creates `req` with `service`, exactly once.
pub async fn exactly_once(aws: &Aws, service: &dyn Service, req: &Request) -> Result<LiveResource, ProviderError> {
    let mut creates = 1;
    loop {
        let err = match service.create(aws, req).await {
            Ok(created) => return Ok(created),
            Err(e) => e,
        };
        let ambiguous = is_ambiguous(&err);
        if !ambiguous && !is_already_exists(&err) {
            return Err(err);
        }
        tracing::info!("{}: {err}; looking for it", req.node.id);
        if let Some(found) = find_ours(aws, service, req, ambiguous).await? {
            tracing::info!("{}: found {}, adopting it", req.node.id, found.physical_id);
            return adopt(aws, service, req, found).await;
        }
        if !ambiguous || creates >= CREATES {
            return Err(err);
        }
        creates += 1;
        tracing::info!("{}: not created; creating it again", req.node.id);
    }
}

/// The resource `req` describes, if discovery finds it as ours; after an
/// ambiguous failure, looking again after a pause or two (a name that is taken
/// is there to be seen at once).
async fn find_ours(aws: &Aws, service: &dyn Service, req: &Request, patient: bool) -> Result<Option<LiveResource>, ProviderError> {
    let mut pauses = LOOKUP_PAUSES.iter().filter(|_| patient);
    loop {
        let tagged = tagging::stack_resources(aws).await?;
        let (found, _conflicts) = service.discover(aws, &tagged, &[&req.node]).await?;
        let ours = found
            .into_iter()
            .find(|r| r.id == req.node.id && r.kind == req.node.kind && r.tags.get(tag::STACK).is_none_or(|s| *s == aws.stack));
        match (ours, pauses.next()) {
            (Some(r), _) => return Ok(Some(r)),
            (None, Some(pause)) => tokio::time::sleep(*pause).await,
            (None, None) => return Ok(None),
        }
    }
}

/// Finishes the create of a resource that exists: reads its settings and makes
/// them, its tags and its hash what `req` asks for, as an update would.
async fn adopt(aws: &Aws, service: &dyn Service, req: &Request, mut found: LiveResource) -> Result<LiveResource, ProviderError> {
    found.props = Some(service.read(aws, &found).await?);
    let change = compare_resolved(&req.node, &found);
    match change.action {
        Action::NoOp => Ok(found),
        Action::Replace => Err(ProviderError::new(
            "stackctl",
            "CreatedOtherwise",
            format!(
                "{} was created ({}) but differs from the stack in {}, which AWS cannot change in place",
                req.node.id,
                found.physical_id,
                change
                    .changes
                    .iter()
                    .filter(|c| c.forces_replacement)
                    .map(|c| c.attr.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
        _ => {
            let changes: Vec<_> = change.changes.into_iter().filter(|c| !c.ignored).collect();
            service.update(aws, req, &found, &changes).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Kind, Node, NodeId, Props};
    use std::collections::BTreeMap;

    fn req(id: &str, hash: &str) -> Request {
        let mut tags = BTreeMap::new();
        tags.insert(tag::HASH.to_string(), hash.to_string());
        Request {
            node: Node {
                id: NodeId::new(id),
                kind: Kind::NatGateway,
                name: "n".into(),
                props: Props::new(),
                tags: BTreeMap::new(),
                deps: vec![],
                ignore_changes: vec![],
            },
            tags,
        }
    }

    #[test]
    fn the_token_is_stable_per_stack_node_and_settings() {
        let a = token("shop", &req("network/nat/a", "0123"));
        assert_eq!(a.len(), 32);
        assert_eq!(a, token("shop", &req("network/nat/a", "0123")));
        assert_ne!(a, token("shop2", &req("network/nat/a", "0123")));
        assert_ne!(a, token("shop", &req("network/nat/b", "0123")));
        assert_ne!(a, token("shop", &req("network/nat/a", "4567")));
    }

    #[test]
    fn five_hundreds_are_ambiguous_and_name_clashes_are_checked() {
        let e = |code: &str| ProviderError::new("ec2:CreateVpc", code, "m");
        assert!(is_ambiguous(&e("InternalError")) && is_ambiguous(&e("ServerException")) && is_ambiguous(&e("Timeout")));
        assert!(!is_ambiguous(&e("RequestLimitExceeded")) && !is_ambiguous(&e("InvalidParameterValue")));
        for code in [
            "DBInstanceAlreadyExists",
            "EntityAlreadyExists",
            "InvalidGroup.Duplicate",
            "RepositoryNameExistsException",
            "ResourceInUseException",
            "BucketAlreadyOwnedByYou",
        ] {
            assert!(is_already_exists(&e(code)), "{code}");
        }
        assert!(!is_already_exists(&e("AccessDenied")));
    }
}
