//! The backup vault: named after the stack, encrypted with the stack's backup
//! key (set at creation only: another key replaces the vault).

use super::{backup_tags, listed, not_found, ours};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::create::token;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::resource;
use crate::aws::tagging::Tagged;
use crate::aws::tags::{self, Tags};
use crate::graph::props::BackupVaultProps;
use crate::graph::{Kind, Node, NodeId, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};

pub(super) fn props(key_arn: &str) -> Props {
    BackupVaultProps {
        encryption_key_arn: Value::str(key_arn),
    }
    .into()
}

pub(super) fn vault_live(id: NodeId, name: &str, arn: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    resource::known_by_name(id, Kind::BackupVault, name, arn, tags, props)
}

/// The stack's vaults as the Tagging API lists them (no call of their own; the
/// settings hash vouches for the key). A desired vault the listing does not
/// show (just created, or a name taken by someone else) is looked for in one
/// ListBackupVaults, whose tags then decide whether it is ours or a conflict.
pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let vaults = listed(aws, tagged, "backup-vault:");
    let mut found: Vec<_> = vaults
        .map(|(id, name, t)| vault_live(id, name, &t.arn, t.tags.clone(), None))
        .collect();
    let wanted = not_found(desired, Kind::BackupVault, &found);
    if wanted.is_empty() {
        return Ok((found, Vec::new()));
    }
    let mut conflicts = Vec::new();
    let mut pages = aws.backup.list_backup_vaults().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.op("backup:ListBackupVaults")?;
        for v in page.backup_vault_list() {
            let (name, arn) = (v.backup_vault_name().unwrap_or_default(), v.backup_vault_arn().unwrap_or_default());
            let Some(n) = wanted.iter().find(|n| n.name == name) else {
                continue;
            };
            let t = backup_tags::listed_or_asked(&aws.backup, tagged, arn).await?;
            match ours(aws, &t) {
                Some(id) => {
                    let p = props(v.encryption_key_arn().unwrap_or_default());
                    found.push(vault_live(id, name, arn, t.clone(), Some(p)));
                }
                None => conflicts.push(Conflict::name_held(n, "a backup vault", name, &t, &aws.stack)),
            }
        }
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws
        .backup
        .describe_backup_vault()
        .backup_vault_name(&live.physical_id)
        .send()
        .await
        .op("backup:DescribeBackupVault")?;
    Ok(props(out.encryption_key_arn().unwrap_or_default()))
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let (name, vault) = (&req.node.name, BackupVaultProps::try_from(&req.node.props)?);
    let out = aws
        .backup
        .create_backup_vault()
        .backup_vault_name(name)
        .encryption_key_arn(vault.encryption_key_arn.as_str().unwrap_or_default())
        .set_backup_vault_tags(Some(tags::to_map(&tags::without_hash(&req.tags))))
        .creator_request_id(token(&aws.stack, req))
        .send()
        .await
        .op("backup:CreateBackupVault")?;
    let arn = out.backup_vault_arn().unwrap_or_default().to_string();
    // The settings hash last, once the vault it vouches for exists.
    backup_tags::tag(&aws.backup, &arn, &tags::hash_only(&req.tags)).await?;
    let (id, tags, props) = resource::from_request(req);
    Ok(vault_live(id, name, &arn, tags, props))
}

/// Only the tags can change: another key replaces the vault.
pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, _: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let arn = resource::arn(current);
    backup_tags::sync(&aws.backup, arn, &current.tags, &req.tags).await?;
    let (id, tags, props) = resource::from_request(req);
    Ok(vault_live(id, &current.physical_id, arn, tags, props))
}

/// AWS deletes only an empty vault (DeleteBackupVault: "A vault can be deleted
/// only if it is empty"). Its recovery points are the databases' backups:
/// destroy keeps them, stops here and says so, rather than delete them.
pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let asked = aws
        .backup
        .delete_backup_vault()
        .backup_vault_name(&current.physical_id)
        .send()
        .await;
    match asked.ok_if_gone("backup:DeleteBackupVault", NotFound::BACKUP) {
        Ok(()) => Ok(()),
        Err(cause) if cause.code == "InvalidRequestException" => Err(ProviderError::new(
            "backup:DeleteBackupVault",
            "VaultNotEmpty",
            format!(
                "backup vault `{}` still holds recovery points (the databases' backups), which destroy keeps: \
                     delete them in the AWS Backup console (or with DeleteRecoveryPoint) if they are no longer \
                     wanted, then run destroy again ({})",
                current.physical_id, cause.message
            ),
        )),
        Err(e) => Err(e),
    }
}

crate::resource!(
    BackupVaults for BackupVault:
    read, create, update, delete, adopt = (super::adopt::find_vault, super::adopt::add_tags)
);
