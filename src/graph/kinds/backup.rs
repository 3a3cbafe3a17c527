//! AWS Backup: the vault, the plan, and the databases in it.

use super::{Adoption, IdShape, KindSpec, typed};
use crate::graph::Kind;
use crate::graph::props::{BackupPlanProps, BackupSelectionProps, BackupVaultProps};

pub const SPECS: &[KindSpec] = &[
    // Backup sets a vault's key at creation and never changes it.
    KindSpec {
        replace_on: &["encryption_key_arn"],
        aws_ids: &[IdShape::arn("backup", "backup-vault:")],
        props: Some(typed::<BackupVaultProps>),
        ..KindSpec::new(Kind::BackupVault, "aws_backup_vault", 370)
    },
    // Its rules name the vault.
    KindSpec {
        aws_ids: &[IdShape::arn("backup", "backup-plan:")],
        props: Some(typed::<BackupPlanProps>),
        ..KindSpec::new(Kind::BackupPlan, "aws_backup_plan", 380)
    },
    // Last: in the plan, naming the databases. Backup has no call that updates
    // a selection, and no tags for it: read through its plan.
    KindSpec {
        replace_on: &["backup_plan_id", "iam_role_arn", "resource_arns"],
        adoption: Adoption::ThroughParent("its backup plan (backup/plan)"),
        props: Some(typed::<BackupSelectionProps>),
        ..KindSpec::new(Kind::BackupSelection, "aws_backup_selection", 390)
    },
];
