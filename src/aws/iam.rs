//! IAM roles with their managed-policy attachments (attachments cannot be
//! tagged; they are read through the role). Every role of a stack lives under
//! the path `/stackctl/<stack>/`, so one ListRoles call finds them all; their
//! settings are read only where the stackctl:hash tag does not vouch for them.

use std::time::Duration;

use aws_sdk_iam::types::Role;

use super::error::{AwsResultExt, NotFound};
use super::props::changed;
use super::resource::{from_request, known_by_name, updated};
use super::tagging::Tagged;
use super::tags::{self, Tags};
use super::{Aws, retry};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::props::IamRoleProps;
use crate::graph::{Kind, Node, NodeId, Props, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};
use crate::stack::names;

fn live(id: NodeId, role: &Role, tags: Tags, props: Option<Props>) -> LiveResource {
    known_by_name(id, Kind::IamRole, role.role_name(), role.arn(), tags, props)
}

/// The trust policy letting `service` assume the role.
fn trust_policy(service: &str) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Principal": { "Service": service }, "Action": "sts:AssumeRole" }],
    })
    .to_string()
}

/// IAM returns policy documents URL-encoded.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The service a trust policy names, in our normal form.
fn trusted_service(document: &str) -> String {
    let text = if document.trim_start().starts_with('{') {
        document.to_string()
    } else {
        percent_decode(document)
    };
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    json["Statement"][0]["Principal"]["Service"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

crate::tag_api! {
    /// IAM names a role by its name.
    mod iam_tags for aws_sdk_iam::Client {
        list "iam:ListRoleTags" = list_role_tags.role_name -> tags;
        tag "iam:TagRole" = tag_role.role_name.set_tags;
        untag "iam:UntagRole" = untag_role.role_name.set_tag_keys;
    }
}

/// The role's settings: its path and trust from `role`, its attached policies
/// asked of IAM.
async fn role_props(aws: &Aws, role: &Role) -> Result<IamRoleProps, ProviderError> {
    let attached = aws
        .iam
        .list_attached_role_policies()
        .role_name(role.role_name())
        .send()
        .await
        .op("iam:ListAttachedRolePolicies")?;
    let mut arns: Vec<String> = attached
        .attached_policies()
        .iter()
        .filter_map(|p| p.policy_arn().map(str::to_string))
        .collect();
    arns.sort();
    Ok(IamRoleProps {
        path: role.path().to_string(),
        assume_role_service: trusted_service(role.assume_role_policy_document().unwrap_or_default()),
        managed_policy_arns: arns,
    })
}

/// A role's tags and settings in full (import).
pub(super) async fn read_role(aws: &Aws, role: &Role) -> Result<(Tags, Props), ProviderError> {
    let (tags, props) = tokio::try_join!(iam_tags::list(&aws.iam, role.role_name()), role_props(aws, role))?;
    Ok((tags, props.into()))
}

pub async fn discover(aws: &Aws, _: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let out = aws
        .iam
        .list_roles()
        .path_prefix(names::iam_path(&aws.stack))
        .send()
        .await
        .op("iam:ListRoles")?;
    // IAM roles are not in the Tagging API's listing: ListRoles omits tags, so
    // one ListRoleTags per role (roles are few), all at once. The stackctl:hash
    // tag stands for the attached policies (tagged after them at create).
    let tagged_roles = futures::future::try_join_all(
        out.roles()
            .iter()
            .map(|role| async move { iam_tags::list(&aws.iam, role.role_name()).await.map(|t| (role, t)) }),
    )
    .await?;
    let mut found = Vec::new();
    for (role, tags) in tagged_roles {
        if let Some(id) = tags.get(tag::ID).filter(|_| tags::owned_by(&tags, &aws.stack)) {
            found.push(live(NodeId::new(id.clone()), role, tags.clone(), None));
        }
    }
    let mut conflicts = Vec::new();
    for n in desired
        .iter()
        .filter(|n| n.kind == Kind::IamRole && !found.iter().any(|f| f.name == n.name))
    {
        let asked = aws.iam.get_role().role_name(&n.name).send().await;
        if asked.if_exists("iam:GetRole", NotFound::IAM)?.is_some() {
            let t = iam_tags::list(&aws.iam, &n.name).await?;
            conflicts.push(Conflict::name_held(n, "a role", &n.name, &t, &aws.stack));
        }
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws.iam.get_role().role_name(&current.physical_id).send().await.op("iam:GetRole")?;
    match out.role() {
        Some(role) => Ok(role_props(aws, role).await?.into()),
        // GetRole always answers its role; nothing to compare without one.
        None => Ok(Props::new()),
    }
}

async fn attach_missing(aws: &Aws, name: &str, have: &[String], want: &[String]) -> Result<(), ProviderError> {
    for arn in want.iter().filter(|a| !have.contains(a)) {
        aws.iam
            .attach_role_policy()
            .role_name(name)
            .policy_arn(arn)
            .send()
            .await
            .op("iam:AttachRolePolicy")?;
    }
    for arn in have.iter().filter(|a| !want.contains(a)) {
        aws.iam
            .detach_role_policy()
            .role_name(name)
            .policy_arn(arn)
            .send()
            .await
            .op("iam:DetachRolePolicy")?;
    }
    Ok(())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let role = IamRoleProps::try_from(&req.node.props)?;
    let out = aws
        .iam
        .create_role()
        .role_name(&req.node.name)
        .path(&role.path)
        .assume_role_policy_document(trust_policy(&role.assume_role_service))
        .set_tags(Some(tags::to_sdk(&tags::without_hash(&req.tags))?))
        .send()
        .await
        .op("iam:CreateRole")?;
    attach_missing(aws, &req.node.name, &[], &role.managed_policy_arns).await?;
    // The hash vouches for the attachments: tagged once they are made.
    iam_tags::tag(&aws.iam, &req.node.name, &tags::hash_only(&req.tags)).await?;
    let created = out
        .role()
        .cloned()
        .ok_or_else(|| ProviderError::new("iam:CreateRole", "EmptyResponse", "no role in the answer"))?;
    let (id, tags, props) = from_request(req);
    Ok(live(id, &created, tags, props))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let (name, role) = (&current.physical_id, IamRoleProps::try_from(&req.node.props)?);
    if changed(changes, &["assume_role_service"]) {
        aws.iam
            .update_assume_role_policy()
            .role_name(name)
            .policy_document(trust_policy(&role.assume_role_service))
            .send()
            .await
            .op("iam:UpdateAssumeRolePolicy")?;
    }
    if changed(changes, &["managed_policy_arns"]) {
        // No settings read (the hash tag vouched for them): attach them all.
        let live = current.props.as_ref().map(IamRoleProps::try_from).transpose()?;
        let have = live.map(|r| r.managed_policy_arns).unwrap_or_default();
        attach_missing(aws, name, &have, &role.managed_policy_arns).await?;
    }
    iam_tags::sync(&aws.iam, name, &current.tags, &req.tags).await?;
    Ok(updated(current, req))
}

/// Detaches every policy, then deletes the role.
pub async fn delete(aws: &Aws, current: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    let name = &current.physical_id;
    let asked = aws.iam.list_attached_role_policies().role_name(name).send().await;
    let Some(attached) = asked.if_exists("iam:ListAttachedRolePolicies", NotFound::IAM)? else {
        return Ok(());
    };
    for p in attached.attached_policies() {
        aws.iam
            .detach_role_policy()
            .role_name(name)
            .policy_arn(p.policy_arn().unwrap_or_default())
            .send()
            .await
            .op("iam:DetachRolePolicy")?;
    }
    // A role still used by a just-deleted cluster can refuse for a moment.
    retry::until_not(&["DeleteConflict"], Duration::from_secs(120), || async {
        let asked = aws.iam.delete_role().role_name(name).send().await;
        asked.ok_if_gone("iam:DeleteRole", NotFound::IAM)
    })
    .await
}

// ---------------------------------------------------------------- import

/// The role a name or ARN names, read in full as discovery reads roles.
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    let name = super::adopt::name_in(aws_id, &['/']);
    let asked = aws.iam.get_role().role_name(&name).send().await;
    let role = asked.if_exists("iam:GetRole", NotFound::IAM)?.and_then(|o| o.role().cloned());
    let Some(role) = role else {
        return Ok(super::service::Lookup::Missing);
    };
    let (tags, props) = read_role(aws, &role).await?;
    Ok(super::adopt::found(node, live(node.id.clone(), &role, tags, Some(props))))
}

async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    iam_tags::tag(&aws.iam, &live.physical_id, tags).await
}

crate::service!(Iam, [IamRole], adopt = (find, add_tags));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_trusted_service_plain_or_url_encoded() {
        let doc = trust_policy("eks.amazonaws.com");
        assert_eq!(trusted_service(&doc), "eks.amazonaws.com");
        let encoded = doc.replace('{', "%7B").replace('}', "%7D").replace('"', "%22").replace(':', "%3A");
        assert_eq!(trusted_service(&encoded), "eks.amazonaws.com");
    }
}
