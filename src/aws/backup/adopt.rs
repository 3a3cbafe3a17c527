//! `stackctl import` of a backup vault (by name or ARN) and a backup plan (by
//! its id or ARN): found whoever owns them, tagged with TagResource. The
//! selection cannot be tagged: it is read through its plan.

use super::{backup_tags, plan, vault};
use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::adopt::{arn_resource, found};
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::resource;
use crate::aws::service::Lookup;
use crate::aws::tags::Tags;
use crate::graph::Node;
use crate::plan::LiveResource;

pub(super) async fn find_vault(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    let name = arn_resource(aws_id).trim_start_matches("backup-vault:");
    let asked = aws.backup.describe_backup_vault().backup_vault_name(name).send().await;
    let Some(out) = asked.if_exists("backup:DescribeBackupVault", NotFound::BACKUP_IMPORT)? else {
        return Ok(Lookup::Missing);
    };
    let (name, arn) = (
        out.backup_vault_name().unwrap_or_default(),
        out.backup_vault_arn().unwrap_or_default(),
    );
    let tags = backup_tags::list(&aws.backup, arn).await?;
    let props = vault::props(out.encryption_key_arn().unwrap_or_default());
    Ok(found(node, vault::vault_live(node.id.clone(), name, arn, tags, Some(props))))
}

pub(super) async fn find_plan(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    let plan_id = arn_resource(aws_id).trim_start_matches("backup-plan:");
    let asked = aws.backup.get_backup_plan().backup_plan_id(plan_id).send().await;
    let Some(out) = asked.if_exists("backup:GetBackupPlan", NotFound::BACKUP_IMPORT)? else {
        return Ok(Lookup::Missing);
    };
    // A deleted plan is still answered for a while, with its deletion date.
    let (Some(p), None) = (out.backup_plan(), out.deletion_date()) else {
        return Ok(Lookup::Missing);
    };
    let (plan_id, arn) = (out.backup_plan_id().unwrap_or_default(), out.backup_plan_arn().unwrap_or_default());
    let tags = backup_tags::list(&aws.backup, arn).await?;
    let live = plan::plan_live(node.id.clone(), p.backup_plan_name(), plan_id, arn, tags, Some(plan::plan_props(p)));
    Ok(found(node, live))
}

/// Adds `tags` (TagResource); the resource's other tags and settings stay.
pub async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    let arn = resource::arn(live);
    backup_tags::tag(&aws.backup, arn, tags).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_missing_resource_is_missing() {
        use crate::aws::error::NotFound;
        assert!(NotFound::BACKUP_IMPORT.is(Some("ResourceNotFoundException")));
        assert!(NotFound::BACKUP_IMPORT.is(Some("InvalidParameterValueException")));
        assert!(!NotFound::BACKUP_IMPORT.is(Some("AccessDeniedException")));
        assert!(!NotFound::BACKUP_IMPORT.is(None));
    }
}
