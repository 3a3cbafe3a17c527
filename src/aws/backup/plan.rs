//! The backup plan: named after the stack, one rule sending the selected
//! resources' recovery points to the stack's vault on a schedule, kept
//! `retention_days` (and moved to cold storage after `cold_storage_after_days`
//! where the resource type has cold storage). UpdateBackupPlan changes it in
//! place.

use aws_sdk_backup::types::{BackupPlanInput, BackupRuleInput, Lifecycle};

use super::{attrs, backup_tags, listed, not_found, ours};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::create::token;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::resource;
use crate::aws::tagging::Tagged;
use crate::aws::tags::{self, Tags};
use crate::graph::props::BackupPlanProps;
use crate::graph::{Kind, Node, NodeId, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};

pub(super) fn plan_live(id: NodeId, name: &str, plan_id: &str, arn: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    let attrs = attrs(&[("id", plan_id), ("arn", arn), ("name", name)]);
    LiveResource::new(id, Kind::BackupPlan, name, plan_id, &attrs, tags, props)
}

fn plan_input(name: &str, p: &Props) -> Result<BackupPlanInput, ProviderError> {
    let plan = BackupPlanProps::try_from(p)?;
    let invalid = |e: aws_sdk_backup::error::BuildError| ProviderError::new("backup", "InvalidRequest", e.to_string());
    let lifecycle = Lifecycle::builder()
        .set_delete_after_days(plan.retention_days.map(i64::from))
        .set_move_to_cold_storage_after_days(plan.cold_storage_after_days.map(i64::from))
        .build();
    let rule = BackupRuleInput::builder()
        .rule_name(plan.rule_name)
        .target_backup_vault_name(plan.target_vault_name.as_str().unwrap_or_default())
        .schedule_expression(plan.schedule)
        .lifecycle(lifecycle)
        .build()
        .map_err(invalid)?;
    BackupPlanInput::builder()
        .backup_plan_name(name)
        .rules(rule)
        .build()
        .map_err(invalid)
}

/// The plan's settings in the normal form of the desired ones (its first rule:
/// a plan of the stack has one). A plan without a rule has no settings to
/// compare: none are reported, and the diff shows every one as changed.
pub(super) fn plan_props(plan: &aws_sdk_backup::types::BackupPlan) -> Props {
    let Some(rule) = plan.rules().first() else {
        return Props::new();
    };
    let lifecycle = rule.lifecycle();
    let days = |d: Option<i64>| d.and_then(|d| u32::try_from(d).ok());
    BackupPlanProps {
        rule_name: rule.rule_name().to_string(),
        target_vault_name: Value::str(rule.target_backup_vault_name()),
        schedule: rule.schedule_expression().unwrap_or_default().to_string(),
        retention_days: days(lifecycle.and_then(|l| l.delete_after_days())),
        cold_storage_after_days: days(lifecycle.and_then(|l| l.move_to_cold_storage_after_days())),
    }
    .into()
}

/// The stack's plans as the Tagging API lists them (no call of their own; the
/// settings hash vouches for the rule). A desired plan the listing does not show
/// (just created, or a name taken by someone else) is looked for in one
/// ListBackupPlans (deleted plans left out), whose tags then decide.
pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let mut found = Vec::new();
    for (id, plan_id, t) in listed(aws, tagged, "backup-plan:") {
        // The name is not in the ARN: the desired plan's, else the id.
        let name = desired.iter().find(|n| n.id == id).map_or(plan_id, |n| n.name.as_str());
        found.push(plan_live(id, name, plan_id, &t.arn, t.tags.clone(), None));
    }
    let wanted = not_found(desired, Kind::BackupPlan, &found);
    // A selection is read through its plan: look for the plan when only the
    // selection is asked for (a create of it being checked) and none is listed.
    let selection_alone = found.is_empty() && desired.iter().any(|n| n.kind == Kind::BackupSelection);
    if wanted.is_empty() && !selection_alone {
        return Ok((found, Vec::new()));
    }
    let stacks_plan = crate::stack::names::backup_plan(&aws.stack);
    let mut conflicts = Vec::new();
    let mut pages = aws.backup.list_backup_plans().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.op("backup:ListBackupPlans")?;
        for p in page.backup_plans_list() {
            let (name, plan_id, arn) = (
                p.backup_plan_name().unwrap_or_default(),
                p.backup_plan_id().unwrap_or_default(),
                p.backup_plan_arn().unwrap_or_default(),
            );
            let named = wanted.iter().find(|n| n.name == name);
            if named.is_none() && !(selection_alone && name == stacks_plan) {
                continue;
            }
            let t = backup_tags::listed_or_asked(&aws.backup, tagged, arn).await?;
            match ours(aws, &t) {
                Some(id) => found.push(plan_live(id, name, plan_id, arn, t.clone(), None)),
                None => conflicts.extend(named.map(|n| Conflict::name_held(n, "a backup plan", plan_id, &t, &aws.stack))),
            }
        }
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws
        .backup
        .get_backup_plan()
        .backup_plan_id(&live.physical_id)
        .send()
        .await
        .op("backup:GetBackupPlan")?;
    Ok(out.backup_plan().map(plan_props).unwrap_or_default())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let (name, p) = (&req.node.name, &req.node.props);
    let out = aws
        .backup
        .create_backup_plan()
        .backup_plan(plan_input(name, p)?)
        .set_backup_plan_tags(Some(tags::to_map(&tags::without_hash(&req.tags))))
        .creator_request_id(token(&aws.stack, req))
        .send()
        .await
        .op("backup:CreateBackupPlan")?;
    let (plan_id, arn) = (
        out.backup_plan_id().unwrap_or_default().to_string(),
        out.backup_plan_arn().unwrap_or_default().to_string(),
    );
    // The settings hash last, once the rule it vouches for is made.
    backup_tags::tag(&aws.backup, &arn, &tags::hash_only(&req.tags)).await?;
    let (id, tags, props) = resource::from_request(req);
    Ok(plan_live(id, name, &plan_id, &arn, tags, props))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let (plan_id, p) = (&current.physical_id, &req.node.props);
    if !changes.is_empty() {
        aws.backup
            .update_backup_plan()
            .backup_plan_id(plan_id)
            .backup_plan(plan_input(&current.name, p)?)
            .send()
            .await
            .op("backup:UpdateBackupPlan")?;
    }
    let arn = resource::arn(current);
    backup_tags::sync(&aws.backup, arn, &current.tags, &req.tags).await?;
    let (id, tags, props) = resource::from_request(req);
    Ok(plan_live(id, &current.name, plan_id, arn, tags, props))
}

/// AWS deletes a plan only once its selections are gone (AWS Backup developer
/// guide, "Delete a backup plan"): the selection depends on the plan, so it is
/// deleted first.
pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let asked = aws.backup.delete_backup_plan().backup_plan_id(&current.physical_id).send().await;
    asked.ok_if_gone("backup:DeleteBackupPlan", NotFound::BACKUP)
}

crate::resource!(
    BackupPlans for BackupPlan:
    read, create, update, delete, adopt = (super::adopt::find_plan, super::adopt::add_tags)
);
