//! Which DB parameter group an instance uses, and when it takes effect.
//!
//! A same-region PostgreSQL, MySQL or MariaDB read replica cannot be given a
//! parameter group when it is created (`InvalidParameterCombination`; API
//! reference, CreateDBInstanceReadReplica, DBParameterGroupName): it inherits
//! its source's group. Where that is not the stack's group, ModifyDBInstance
//! sets it once the replica is available. A newly associated group is
//! `pending-reboot` until the instance reboots (API reference,
//! ModifyDBInstance, DBParameterGroupName: "the actual parameter changes are not
//! applied until you reboot the instance"), so stackctl reboots it then, and the
//! next plan finds the group in sync.

use aws_sdk_rds::types::DbInstance;

use super::instance::wait_available_instance;
use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::error::AwsResultExt;
use crate::plan::LiveResource;

/// The group to set on a replica just created: the stack's, unless the replica
/// already has it (inherited from its source).
fn group_to_set<'a>(inherited: Option<&str>, desired: &'a str) -> Option<&'a str> {
    (!desired.is_empty() && inherited != Some(desired)).then_some(desired)
}

/// Whether the instance's parameter group waits for a reboot to apply.
fn pending_reboot(db: &DbInstance) -> bool {
    db.db_parameter_groups()
        .iter()
        .any(|g| g.parameter_apply_status() == Some("pending-reboot"))
}

/// After CreateDBInstanceReadReplica: gives the replica the stack's group if it
/// inherited another one.
pub async fn settle_replica_group(aws: &Aws, replica: &LiveResource, created: &DbInstance, desired: &str) -> Result<(), ProviderError> {
    let inherited = created.db_parameter_groups().first().and_then(|g| g.db_parameter_group_name());
    let Some(group) = group_to_set(inherited, desired) else {
        return Ok(());
    };
    let id = &replica.physical_id;
    // RDS refuses to modify an instance that is not available (InvalidDBInstanceState).
    wait_available_instance(aws, id, &|_| {}).await?;
    aws.rds
        .modify_db_instance()
        .db_instance_identifier(id)
        .db_parameter_group_name(group)
        .apply_immediately(true)
        .send()
        .await
        .op("rds:ModifyDBInstance")?;
    let db = wait_available_instance(aws, id, &|_| {}).await?;
    reboot_if_pending(aws, &db).await
}

/// Reboots an instance whose parameter group is `pending-reboot`, and waits
/// until it is available again.
pub async fn reboot_if_pending(aws: &Aws, db: &DbInstance) -> Result<(), ProviderError> {
    if !pending_reboot(db) {
        return Ok(());
    }
    let id = db.db_instance_identifier().unwrap_or_default();
    tracing::info!("rebooting DB instance {id}: its new parameter group applies at a reboot");
    aws.rds
        .reboot_db_instance()
        .db_instance_identifier(id)
        .send()
        .await
        .op("rds:RebootDBInstance")?;
    wait_available_instance(aws, id, &|_| {}).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_rds::types::DbParameterGroupStatus;

    #[test]
    fn a_replica_keeps_the_group_it_inherited_when_it_is_the_stacks() {
        assert_eq!(group_to_set(Some("s-db"), "s-db"), None);
        assert_eq!(group_to_set(Some("default.postgres16"), "s-db"), Some("s-db"));
        assert_eq!(group_to_set(None, "s-db"), Some("s-db"));
        assert_eq!(group_to_set(Some("s-db"), ""), None);
    }

    fn with_status(status: &str) -> DbInstance {
        DbInstance::builder()
            .db_parameter_groups(
                DbParameterGroupStatus::builder()
                    .db_parameter_group_name("s-db")
                    .parameter_apply_status(status)
                    .build(),
            )
            .build()
    }

    #[test]
    fn only_a_group_pending_reboot_asks_for_a_reboot() {
        assert!(pending_reboot(&with_status("pending-reboot")));
        assert!(!pending_reboot(&with_status("in-sync")));
        assert!(!pending_reboot(&with_status("applying")));
    }
}
