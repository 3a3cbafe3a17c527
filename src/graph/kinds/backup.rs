//! AWS Backup: the vault, the plan, and the databases in it.

use super::{Adoption, IdShape, KindSpec};
use crate::graph::Kind;

pub const SPECS: &[KindSpec] = &[
    // Backup sets a vault's key at creation and never changes it.
    KindSpec {
        replace_on: &["encryption_key_arn"],
        aws_ids: &[IdShape::Arn {
            service: "backup",
            resource: "backup-vault:",
        }],
        ..KindSpec::new(Kind::BackupVault, "aws_backup_vault", 370)
    },
    // Its rules name the vault.
    KindSpec {
        aws_ids: &[IdShape::Arn {
            service: "backup",
            resource: "backup-plan:",
        }],
        ..KindSpec::new(Kind::BackupPlan, "aws_backup_plan", 380)
    },
    // Last: in the plan, naming the databases. Backup has no call that updates
    // a selection, and no tags for it: read through its plan.
    KindSpec {
        replace_on: &["backup_plan_id", "iam_role_arn", "resource_arns"],
        adoption: Adoption::ThroughParent("its backup plan (backup/plan)"),
        ..KindSpec::new(Kind::BackupSelection, "aws_backup_selection", 390)
    },
];
