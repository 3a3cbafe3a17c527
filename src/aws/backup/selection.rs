//! The selection of the stack's databases (by ARN) in its backup plan. A
//! selection cannot be tagged nor updated: it is read through its plan, the
//! stack's by its deterministic name, and any other setting replaces it.

use std::time::Duration;

use aws_sdk_backup::types::BackupSelection;

use super::attrs;
use crate::apply::{ProviderError, Request};
use crate::aws::create::token;
use crate::aws::error::{AwsResultExt, NotFound, built};
use crate::aws::props::strs;
use crate::aws::tags::implied_tags;
use crate::aws::{Aws, retry};
use crate::graph::expand::ids;
use crate::graph::props::BackupSelectionProps;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::LiveResource;
use crate::stack::names;

/// IAM is eventually consistent: AWS Backup refuses a role created moments ago
/// (InvalidParameterValueException "IAM Role ... cannot be assumed by AWS
/// Backup", or "... is not authorized to call tag:GetResources" before its
/// policies propagate; terraform-provider-aws #9297, #10511, #12017).
const ROLE_WAIT: Duration = Duration::from_secs(120);

fn role_not_ready(e: &ProviderError) -> bool {
    let m = e.message.to_ascii_lowercase();
    e.code == "InvalidParameterValueException" && m.contains("role") && (m.contains("assumed") || m.contains("not authorized"))
}

fn selection_live(plan_id: &str, selection_id: &str, name: &str, tags: crate::aws::tags::Tags, props: Props) -> LiveResource {
    let attrs = attrs(&[("id", selection_id), ("backup_plan_id", plan_id)]);
    LiveResource::new(
        ids::backup_selection(),
        Kind::BackupSelection,
        name,
        selection_id,
        &attrs,
        tags,
        Some(props),
    )
}

fn props(plan_id: &str, s: &BackupSelection) -> Props {
    let mut arns: Vec<String> = s.resources().to_vec();
    arns.sort();
    BackupSelectionProps {
        backup_plan_id: Value::str(plan_id),
        iam_role_arn: Value::str(s.iam_role_arn()),
        resource_arns: arns.into_iter().map(Value::Str).collect(),
    }
    .into()
}

/// The selection with the stack's name in one of its plans (one
/// ListBackupSelections, then GetBackupSelection for its resources).
pub async fn discover(aws: &Aws, plan: &LiveResource, desired: &[&Node]) -> Result<Option<LiveResource>, ProviderError> {
    let name = names::backup_selection(&aws.stack);
    let plan_id = plan.physical_id.as_str();
    // The paginator asks for a page only when the one before lacks the name.
    let mut pages = aws.backup.list_backup_selections().backup_plan_id(plan_id).into_paginator().send();
    let selection_id = loop {
        let Some(page) = pages.next().await else { return Ok(None) };
        let page = page.op("backup:ListBackupSelections")?;
        let named = page
            .backup_selections_list()
            .iter()
            .find(|s| s.selection_name() == Some(name.as_str()));
        if let Some(s) = named {
            break s.selection_id().unwrap_or_default().to_string();
        }
    };
    let out = aws
        .backup
        .get_backup_selection()
        .backup_plan_id(plan_id)
        .selection_id(&selection_id)
        .send()
        .await
        .op("backup:GetBackupSelection")?;
    let Some(s) = out.backup_selection() else { return Ok(None) };
    let p = props(plan_id, s);
    let tags = implied_tags(aws, desired, &ids::backup_selection(), &p);
    Ok(Some(selection_live(plan_id, &selection_id, &name, tags, p)))
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let (name, wanted) = (&req.node.name, BackupSelectionProps::try_from(&req.node.props)?);
    let plan_id = wanted.backup_plan_id.as_str().unwrap_or_default();
    let resources = strs(&wanted.resource_arns);
    let selection = BackupSelection::builder()
        .selection_name(name)
        .iam_role_arn(wanted.iam_role_arn.as_str().unwrap_or_default())
        .set_resources(Some(resources))
        .build();
    let selection = built("backup", selection)?;
    let request_id = token(&aws.stack, req);
    let not_ready = |e: &ProviderError| role_not_ready(e).then(|| format!("role not usable by AWS Backup yet ({})", e.message));
    let out = retry::while_transient(not_ready, ROLE_WAIT, Duration::from_secs(16), || async {
        aws.backup
            .create_backup_selection()
            .backup_plan_id(plan_id)
            .backup_selection(selection.clone())
            .creator_request_id(&request_id)
            .send()
            .await
            .op("backup:CreateBackupSelection")
    })
    .await?;
    let selection_id = out.selection_id().unwrap_or_default();
    Ok(selection_live(
        plan_id,
        selection_id,
        name,
        req.tags.clone(),
        req.node.props.clone(),
    ))
}

pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let plan_id = current.attrs.get("backup_plan_id").and_then(Value::as_str).unwrap_or_default();
    let asked = aws
        .backup
        .delete_backup_selection()
        .backup_plan_id(plan_id)
        .selection_id(&current.physical_id)
        .send()
        .await;
    asked.ok_if_gone("backup:DeleteBackupSelection", NotFound::BACKUP)
}

// Found through the stack's plan (`Backup`'s discovery); every setting
// replaces it, and it has no tags.
crate::resource!(BackupSelections for BackupSelection: read = crate::aws::resource::read_as_discovered, create, delete);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_not_yet_usable_is_retried_and_nothing_else() {
        let e = |code: &str, m: &str| ProviderError::new("backup:CreateBackupSelection", code, m);
        assert!(role_not_ready(&e(
            "InvalidParameterValueException",
            "IAM Role arn:aws:iam::1:role/r cannot be assumed by AWS Backup"
        )));
        assert!(role_not_ready(&e(
            "InvalidParameterValueException",
            "IAM Role arn:aws:iam::1:role/r is not authorized to call tag:GetResources"
        )));
        assert!(!role_not_ready(&e("InvalidParameterValueException", "Invalid ARN: not a role")));
        assert!(!role_not_ready(&e("ResourceNotFoundException", "IAM Role cannot be assumed")));
    }
}
