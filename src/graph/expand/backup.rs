//! AWS Backup of the stack's databases (opt-in `backup:`): a KMS key of its
//! own, the vault it encrypts, the role AWS Backup assumes, a plan with one
//! rule, and the selection naming the RDS primary and its replicas by ARN.
//! AWS Backup does not cover ElastiCache: Redis keeps its own snapshots.

use super::compute::role;
use super::{Builder, Spec, ids};
use crate::graph::props::{BackupPlanProps, BackupSelectionProps, BackupVaultProps, KmsKeyProps};
use crate::graph::{Kind, Value};
use crate::stack::names;

/// The rule's name in the plan: one rule, whatever its schedule.
pub const RULE_NAME: &str = "databases";

pub fn expand(b: &mut Builder) {
    let (Some(backup), Some(db)) = (b.stack.backup.as_ref(), b.stack.database.as_ref()) else {
        return;
    };
    if !b.has(&ids::db_primary()) {
        return;
    }
    let stack = b.name().to_string();
    // Neither key of the stack fits: the EKS key is for the cluster role, the
    // alarm key lets CloudWatch alone use it.
    let key = b.kms_key(
        ids::backup_key(),
        "backup",
        KmsKeyProps::for_service("backup.amazonaws.com", format!("Encryption of the backup vault of stack {stack}")),
    );
    let vault = b.add(Spec::new(
        ids::backup_vault(),
        Kind::BackupVault,
        names::backup_vault(&stack),
        BackupVaultProps {
            encryption_key_arn: Value::reference(&key, "arn"),
        }
        .into(),
    ));
    let role = role(
        b,
        "backup",
        names::backup_role(&stack),
        "backup.amazonaws.com",
        &[
            "service-role/AWSBackupServiceRolePolicyForBackup",
            "service-role/AWSBackupServiceRolePolicyForRestores",
        ],
    );
    let rule = BackupPlanProps {
        rule_name: RULE_NAME.to_string(),
        target_vault_name: Value::reference(&vault, "name"),
        schedule: backup.schedule.value.clone(),
        retention_days: Some(*backup.retention_days),
        cold_storage_after_days: backup.cold_storage_after_days.as_ref().map(|cold| cold.value),
    };
    let plan = b.add(Spec::new(
        ids::backup_plan(),
        Kind::BackupPlan,
        names::backup_plan(&stack),
        rule.into(),
    ));
    let mut databases = vec![Value::reference(&ids::db_primary(), "arn")];
    databases.extend((1..=*db.read_replicas).map(|n| Value::reference(&ids::db_replica(n), "arn")));
    b.add(Spec::new(
        ids::backup_selection(),
        Kind::BackupSelection,
        names::backup_selection(&stack),
        BackupSelectionProps {
            backup_plan_id: Value::reference(&plan, "id"),
            iam_role_arn: Value::reference(&role, "arn"),
            resource_arns: databases,
        }
        .into(),
    ));
}
