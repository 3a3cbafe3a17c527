//! AWS Backup: the stack's vault (encrypted with a key of the stack), its plan
//! of one rule, and the selection of its databases in that plan. Vaults and
//! plans carry tags; a selection cannot, so it is read through its plan and is
//! the stack's by its deterministic name (`selection`).

mod adopt;
mod plan;
mod selection;
mod vault;

use super::Aws;
use super::service::Discovered;
use super::tagging::Tagged;
use super::tags::{self, Tags};
use crate::apply::ProviderError;
use crate::graph::{Kind, Node, NodeId, Value, tag};
use crate::plan::LiveResource;

/// Attributes whose values are all strings.
fn attrs<'a>(pairs: &[(&'a str, &str)]) -> Vec<(&'a str, Value)> {
    pairs.iter().map(|(k, v)| (*k, Value::str(*v))).collect()
}

/// The logical id `tags` name, if they are the stack's.
fn ours(aws: &Aws, tags: &Tags) -> Option<NodeId> {
    let id = tags.get(tag::ID).filter(|_| tags::owned_by(tags, &aws.stack))?;
    Some(NodeId::new(id.clone()))
}

/// The stack's vaults or plans (`backup-vault:`, `backup-plan:`) as the
/// Tagging API lists them: each with its logical id and the end of its ARN
/// (the vault's name, the plan's id).
fn listed<'a>(aws: &'a Aws, tagged: &'a [Tagged], prefix: &'a str) -> impl Iterator<Item = (NodeId, &'a str, &'a Tagged)> {
    tagged.iter().filter(|t| t.is("backup", &[prefix])).filter_map(move |t| {
        let id = ours(aws, &t.tags)?;
        Some((id, t.arn.rsplit(prefix).next().unwrap_or_default(), t))
    })
}

/// The desired nodes of `kind` that `found` lacks.
fn not_found<'a>(desired: &[&'a Node], kind: Kind, found: &[LiveResource]) -> Vec<&'a Node> {
    let missing = |n: &&&Node| n.kind == kind && !found.iter().any(|f| f.id == n.id);
    desired.iter().filter(missing).copied().collect()
}

crate::tag_api! {
    mod backup_tags for aws_sdk_backup::Client {
        list "backup:ListTags" = list_tags.resource_arn -> tags;
        tag "backup:TagResource" = tag_resource.resource_arn.set_tags;
        untag "backup:UntagResource" = untag_resource.resource_arn.set_tag_key_list;
    }
}

/// The vaults, the plans, and the selection through the stack's plan.
async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let (mut found, mut conflicts) = vault::discover(aws, tagged, desired).await?;
    let (plans, plan_conflicts) = plan::discover(aws, tagged, desired).await?;
    conflicts.extend(plan_conflicts);
    for p in plans.iter().filter(|p| p.id == crate::graph::expand::ids::backup_plan()) {
        found.extend(selection::discover(aws, p, desired).await?);
    }
    found.extend(plans);
    Ok((found, conflicts))
}

crate::service!(Backup: [vault::BackupVaults, plan::BackupPlans, selection::BackupSelections], discover = discover);
