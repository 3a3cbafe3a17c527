//! The KMS key that encrypts the cluster's secrets. Its key policy lets the
//! account administer the key (through IAM, as the default policy does) and the
//! cluster role use it: EKS calls KMS as the cluster role, whose managed policy
//! (AmazonEKSClusterPolicy) allows only kms:DescribeKey
//! (https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html,
//! https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).

use std::collections::HashMap;

use super::{ROLE_WAIT, changed};
use crate::apply::{ProviderError, Request};
use crate::aws::classify::every_page;
use crate::aws::error::{AwsResultExt, NotFound, code_of, sdk_error};
use crate::aws::retry;
use crate::aws::tagging::Tagged;
use crate::aws::tags::{self, Tags};
use crate::aws::{Aws, resource};
use crate::graph::props::KmsKeyProps;
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// The statement that lets the cluster role use the key, found again by its Sid.
const USE_SID: &str = "ClusterRoleUsesKey";

/// The statement that lets an AWS service use the key, found again by its Sid.
const SERVICE_SID: &str = "ServiceUsesKey";

/// The key policy: the account administers the key; with `cluster_role_arn`,
/// the cluster role encrypts, decrypts and lets EKS create the grants it needs
/// for its own resources; with `service_principal`, that service (CloudWatch
/// publishing alarms to an encrypted SNS topic) encrypts and decrypts through
/// it (SNS developer guide, "Enable compatibility between event sources from
/// AWS services and encrypted topics").
fn key_policy(account_id: &str, k: &KmsKeyProps) -> String {
    let role_arn = k.cluster_role_arn.as_ref().and_then(Value::as_str).unwrap_or_default();
    let service = k.service_principal.as_deref().unwrap_or_default();
    let partition = role_arn.split(':').nth(1).filter(|p| !p.is_empty()).unwrap_or("aws");
    let mut statements = vec![serde_json::json!({
        "Sid": "AccountAdministersKey",
        "Effect": "Allow",
        "Principal": { "AWS": format!("arn:{partition}:iam::{account_id}:root") },
        "Action": "kms:*",
        "Resource": "*",
    })];
    if !role_arn.is_empty() {
        statements.push(serde_json::json!({
            "Sid": USE_SID,
            "Effect": "Allow",
            "Principal": { "AWS": role_arn },
            "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
            "Resource": "*",
        }));
        statements.push(serde_json::json!({
            "Sid": "ClusterRoleGrantsToEks",
            "Effect": "Allow",
            "Principal": { "AWS": role_arn },
            "Action": "kms:CreateGrant",
            "Resource": "*",
            "Condition": { "Bool": { "kms:GrantIsForAWSResource": "true" } },
        }));
    }
    if !service.is_empty() {
        statements.push(serde_json::json!({
            "Sid": SERVICE_SID,
            "Effect": "Allow",
            "Principal": { "Service": service },
            "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
            "Resource": "*",
            "Condition": { "StringEquals": { "aws:SourceAccount": account_id } },
        }));
    }
    statements.extend(super::kms_logs::statements(account_id, partition, k));
    statements.extend(super::kms_buckets::statements(k));
    serde_json::json!({ "Version": "2012-10-17", "Statement": statements }).to_string()
}

/// The statement `sid` of a key policy.
pub(super) fn statement<'a>(policy: &'a serde_json::Value, sid: &str) -> Option<&'a serde_json::Value> {
    policy["Statement"].as_array()?.iter().find(|s| s["Sid"] == sid)
}

/// The principal of the statement `sid` (`AWS` or `Service`), `""` when none.
fn policy_principal(policy: &str, sid: &str, kind: &str) -> String {
    let json: serde_json::Value = serde_json::from_str(policy).unwrap_or_default();
    statement(&json, sid)
        .and_then(|s| s["Principal"][kind].as_str())
        .unwrap_or_default()
        .to_string()
}

/// The role the policy lets use the key, in our normal form (`""` when none).
fn policy_user(policy: &str) -> String {
    policy_principal(policy, USE_SID, "AWS")
}

/// KMS refuses a policy naming a role IAM has not propagated yet
/// (MalformedPolicyDocumentException "... invalid principals"): retried, bounded.
async fn with_new_role<T, F, Fut>(f: F) -> Result<T, ProviderError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ProviderError>>,
{
    retry::until_not(&["MalformedPolicyDocumentException"], ROLE_WAIT, f).await
}

async fn put_policy(aws: &Aws, key_id: &str, k: &KmsKeyProps) -> Result<(), ProviderError> {
    let policy = key_policy(&aws.account_id, k);
    with_new_role(|| async {
        aws.kms
            .put_key_policy()
            .key_id(key_id)
            .policy_name("default")
            .policy(&policy)
            .send()
            .await
            .op("kms:PutKeyPolicy")
    })
    .await?;
    Ok(())
}

pub(super) fn alias_name(name: &str) -> String {
    format!("alias/{name}")
}

pub(super) fn key_live(id: NodeId, name: &str, key_id: &str, arn: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    let attrs = [("id", Value::str(key_id)), ("arn", Value::str(arn))];
    LiveResource::new(id, Kind::KmsKey, name, key_id, &attrs, tags, props)
}

/// Whether a key still counts: one pending deletion (or deleted) is gone.
pub(super) fn key_is_live(state: Option<&str>) -> bool {
    !matches!(state, Some("PendingDeletion" | "PendingReplicaDeletion") | None)
}

crate::tag_api! {
    /// ListResourceTags is `key_tags`: a key of another account refuses it.
    pub(super) mod kms_tags for aws_sdk_kms::Client {
        tag "kms:TagResource" = tag_resource.key_id.set_tags;
        untag "kms:UntagResource" = untag_resource.key_id.set_tag_keys;
    }
}

pub(super) async fn key_tags(aws: &Aws, key_id: &str) -> Result<Option<Tags>, ProviderError> {
    match aws.kms.list_resource_tags().key_id(key_id).send().await {
        Ok(out) => Ok(Some(tags::from_sdk(out.tags()))),
        // Keys of other accounts' grants or AWS-managed keys: not ours.
        Err(e) if NotFound::KMS.matches(&e) || code_of(&e) == Some("AccessDeniedException") => Ok(None),
        Err(e) => Err(sdk_error("kms:ListResourceTags", e)),
    }
}

/// Our keys as the Tagging API lists them (`key/ID` ARNs with their tags),
/// named by one ListAliases call: a key with our alias is live (a deletion
/// removes the alias before it schedules the key's deletion). A listed key
/// without it may be pending deletion, which keeps its tags for days: it is
/// described. A desired key the listing does not show yet (just created; the
/// Tagging API is eventually consistent) is found through its alias.
pub async fn discover_keys(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let listed: Vec<&Tagged> = tagged.iter().filter(|t| t.is("kms", &["key/"])).collect();
    let wanted: Vec<&&Node> = desired.iter().filter(|n| n.kind == Kind::KmsKey).collect();
    if listed.is_empty() && wanted.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let aliases = list_aliases(aws).await?;
    let mut found = Vec::new();
    for t in listed {
        let key_id = t.arn.rsplit('/').next().unwrap_or_default();
        let Some(id) = t.tags.get(tag::ID) else { continue };
        let name = match aliases.get(key_id) {
            Some(alias) => alias.trim_start_matches("alias/").to_string(),
            None if key_state(aws, key_id).await?.is_some_and(|s| key_is_live(Some(&s))) => key_id.to_string(),
            None => continue,
        };
        found.push(key_live(NodeId::new(id.clone()), &name, key_id, &t.arn, t.tags.clone(), None));
    }
    let unlisted: Vec<&&Node> = wanted.into_iter().filter(|n| !found.iter().any(|f| f.id == n.id)).collect();
    let mut conflicts = Vec::new();
    for n in unlisted {
        let by_alias = aliases.iter().find(|(_, a)| **a == alias_name(&n.name));
        let Some((key_id, _)) = by_alias else { continue };
        match unlisted_key(aws, key_id, &n.name).await? {
            Some(live) => found.push(live),
            // The alias is taken: a key made without our tags would be made
            // again, and its alias refused.
            None if unowned(aws, key_id).await? => conflicts.push(Conflict {
                id: n.id.clone(),
                kind: n.kind,
                name: n.name.clone(),
                reason: format!("its alias {} names a key without this stack's tags", alias_name(&n.name)),
                aws_id: Some(alias_name(&n.name)),
            }),
            None => {}
        }
    }
    Ok((found, conflicts))
}

/// Whether a live key carries no stack's ownership tag.
async fn unowned(aws: &Aws, key_id: &str) -> Result<bool, ProviderError> {
    let Some(tags) = key_tags(aws, key_id).await? else {
        return Ok(false);
    };
    Ok(!tags.contains_key(tag::STACK) && key_state(aws, key_id).await?.is_some_and(|s| key_is_live(Some(&s))))
}

/// A key the Tagging API did not list, read from KMS: ours if its tags say so.
async fn unlisted_key(aws: &Aws, key_id: &str, name: &str) -> Result<Option<LiveResource>, ProviderError> {
    let Some(tags) = key_tags(aws, key_id).await? else {
        return Ok(None);
    };
    let Some(id) = tags.get(tag::ID).filter(|_| tags::owned_by(&tags, &aws.stack)).cloned() else {
        return Ok(None);
    };
    let meta = aws.kms.describe_key().key_id(key_id).send().await.op("kms:DescribeKey")?;
    let Some(meta) = meta.key_metadata().filter(|m| key_is_live(m.key_state().map(|s| s.as_str()))) else {
        return Ok(None);
    };
    Ok(Some(key_live(
        NodeId::new(id),
        name,
        key_id,
        meta.arn().unwrap_or_default(),
        tags,
        None,
    )))
}

/// The key's state, `None` once KMS no longer knows it.
async fn key_state(aws: &Aws, key_id: &str) -> Result<Option<String>, ProviderError> {
    let asked = aws.kms.describe_key().key_id(key_id).send().await;
    let out = asked.if_exists("kms:DescribeKey", NotFound::KMS)?;
    Ok(out.and_then(|o| o.key_metadata()?.key_state().map(|s| s.as_str().to_string())))
}

/// Alias names by target key id.
async fn list_aliases(aws: &Aws) -> Result<HashMap<String, String>, ProviderError> {
    let aliases = every_page(|marker| async move {
        let page = aws.kms.list_aliases().set_marker(marker).send().await.op("kms:ListAliases")?;
        let next = page.next_marker().filter(|_| page.truncated()).map(str::to_string);
        Ok((page.aliases().to_vec(), next))
    })
    .await?;
    Ok(aliases
        .iter()
        .filter_map(|a| Some((a.target_key_id()?.to_string(), a.alias_name()?.to_string())))
        .collect())
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    let key_id = &live.physical_id;
    let meta = aws.kms.describe_key().key_id(key_id).send().await.op("kms:DescribeKey")?;
    let rotation = aws
        .kms
        .get_key_rotation_status()
        .key_id(key_id)
        .send()
        .await
        .op("kms:GetKeyRotationStatus")?;
    let policy = aws
        .kms
        .get_key_policy()
        .key_id(key_id)
        .policy_name("default")
        .send()
        .await
        .op("kms:GetKeyPolicy")?;
    let document = policy.policy().unwrap_or_default();
    let present = |s: String| Some(s).filter(|s| !s.is_empty());
    let mut key = KmsKeyProps {
        description: meta.key_metadata().and_then(|m| m.description()).unwrap_or_default().to_string(),
        enable_key_rotation: rotation.key_rotation_enabled(),
        // Each only where the policy has it: a key has one use or the other.
        cluster_role_arn: present(policy_user(document)).map(Value::str),
        service_principal: present(policy_principal(document, SERVICE_SID, "Service")),
        logs_principal: None,
        cloudtrail_source_arn: None,
        cloudfront_source_arn: None,
    };
    super::kms_logs::read(document, &mut key);
    super::kms_buckets::read(document, &mut key);
    Ok(key.into())
}

async fn set_rotation(aws: &Aws, key_id: &str, on: bool) -> Result<(), ProviderError> {
    if on {
        aws.kms
            .enable_key_rotation()
            .key_id(key_id)
            .send()
            .await
            .op("kms:EnableKeyRotation")?;
    } else {
        aws.kms
            .disable_key_rotation()
            .key_id(key_id)
            .send()
            .await
            .op("kms:DisableKeyRotation")?;
    }
    Ok(())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let key = KmsKeyProps::try_from(&req.node.props)?;
    let policy = key_policy(&aws.account_id, &key);
    // The settings hash is tagged last: a key whose rotation was never set
    // (a kill between the two calls) must not be vouched for by its hash.
    let tags = tags::to_sdk(&tags::without_hash(&req.tags))?;
    let out = with_new_role(|| async {
        aws.kms
            .create_key()
            .description(&key.description)
            .policy(&policy)
            .set_tags(Some(tags.clone()))
            .send()
            .await
            .op("kms:CreateKey")
    })
    .await?;
    let meta = out
        .key_metadata()
        .ok_or_else(|| ProviderError::new("kms:CreateKey", "EmptyResponse", "CreateKey returned no key"))?;
    let key_id = meta.key_id().to_string();
    set_rotation(aws, &key_id, key.enable_key_rotation).await?;
    // The alias is the key's readable name in the console; the key is found by
    // its tags, so a missing alias never loses it.
    aws.kms
        .create_alias()
        .alias_name(alias_name(&req.node.name))
        .target_key_id(&key_id)
        .send()
        .await
        .op("kms:CreateAlias")?;
    kms_tags::tag(&aws.kms, &key_id, &req.tags).await?;
    let (id, tags, props) = resource::from_request(req);
    Ok(key_live(id, &req.node.name, &key_id, meta.arn().unwrap_or_default(), tags, props))
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let (key_id, key) = (&live.physical_id, KmsKeyProps::try_from(&req.node.props)?);
    if changed(changes, &["description"]) {
        aws.kms
            .update_key_description()
            .key_id(key_id)
            .description(&key.description)
            .send()
            .await
            .op("kms:UpdateKeyDescription")?;
    }
    if changed(
        changes,
        &[
            "cluster_role_arn",
            "service_principal",
            "logs_principal",
            "cloudtrail_source_arn",
            "cloudfront_source_arn",
        ],
    ) {
        put_policy(aws, key_id, &key).await?;
    }
    if changed(changes, &["enable_key_rotation"]) {
        set_rotation(aws, key_id, key.enable_key_rotation).await?;
    }
    kms_tags::sync_changed(&aws.kms, key_id, &live.tags, &req.tags).await?;
    Ok(resource::updated(live, req))
}

/// Schedules the deletion (7 days, the minimum); a key pending deletion is gone
/// for stackctl. The alias goes first so that a new key can take the name.
pub async fn delete(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let asked = aws.kms.delete_alias().alias_name(alias_name(&live.name)).send().await;
    asked.ok_if_gone("kms:DeleteAlias", NotFound::KMS)?;
    match aws
        .kms
        .schedule_key_deletion()
        .key_id(&live.physical_id)
        .pending_window_in_days(7)
        .send()
        .await
    {
        Ok(_) => Ok(()),
        // Already pending deletion, or gone.
        Err(e) if NotFound::KMS.matches(&e) || code_of(&e) == Some("KMSInvalidStateException") => Ok(()),
        Err(e) => Err(sdk_error("kms:ScheduleKeyDeletion", e)),
    }
}

// Found by `Eks`'s discovery, with the templates and clusters.
crate::resource!(KmsKeys for KmsKey: read, create, update, delete);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_policy_names_the_cluster_role_and_reads_back() {
        let role = "arn:aws:iam::123456789012:role/stackctl/s/s-eks-cluster";
        let key = KmsKeyProps {
            cluster_role_arn: Some(Value::str(role)),
            ..KmsKeyProps::rotated("secrets".into())
        };
        let policy = key_policy("123456789012", &key);
        assert!(policy.contains("arn:aws:iam::123456789012:root"));
        assert!(policy.contains("kms:GrantIsForAWSResource"));
        assert_eq!(policy_user(&policy), role);
        assert_eq!(policy_principal(&policy, SERVICE_SID, "Service"), "");
        assert_eq!(policy_user("{}"), "");
    }

    #[test]
    fn a_service_key_lets_only_that_service_of_the_account_use_it() {
        let key = KmsKeyProps {
            service_principal: Some("cloudwatch.amazonaws.com".into()),
            ..KmsKeyProps::rotated("alarms".into())
        };
        let policy = key_policy("123456789012", &key);
        assert_eq!(policy_principal(&policy, SERVICE_SID, "Service"), "cloudwatch.amazonaws.com");
        assert_eq!(policy_user(&policy), "");
        assert!(policy.contains("kms:GenerateDataKey*") && policy.contains("aws:SourceAccount"));
    }
}
