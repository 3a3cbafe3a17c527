//! `stackctl import` of the opt-in `backup:` section's vault and plan: made
//! directly through the AWS Backup API with the stack's names and no stackctl
//! tags (as the console would), reported by `plan` with the command that adopts
//! each, refused for another kind, another stack or one already owned (nothing
//! changed), adopted by `import --all-conflicts`, after which the plan changes
//! only the setting the console left different. The selection cannot be
//! tagged: it is read through its plan.

use std::collections::HashMap;

use aws_sdk_backup::types::{BackupPlanInput, BackupRuleInput, Lifecycle};

use crate::import_kinds::{assert_only, conflict_ids, plan_actions};
use crate::support::Workdir;
use crate::support::sdk_config;

const STACK: &str = "t-impbk";
/// Another stack's vault, refused by `import`; not a prefix of STACK's names.
const OTHERS: &str = "t-impbx-elsewhere";

fn stack_yaml() -> String {
    format!(
        "stack: {STACK}
region: us-east-1
network:
  cidr: 10.44.0.0/16
  availability_zones: 2
  nat_gateways: none
database:
  engine: postgres
  engine_version: \"16.11\"
  instance_class: db.t4g.micro
  read_replicas: 0
  deletion_protection: false
  final_snapshot: false
backup:
  schedule: cron(30 3 * * ? *)
  retention_days: 35
"
    )
}

async fn tags(backup: &aws_sdk_backup::Client, arn: &str) -> HashMap<String, String> {
    let out = backup.list_tags().resource_arn(arn).send().await.expect("backup:ListTags");
    out.tags().cloned().unwrap_or_default()
}

/// Deletes what apply made of the backup section (selection, plan, vault, in
/// the order AWS requires), keeping its key, as before someone made them by hand.
async fn delete_backup(backup: &aws_sdk_backup::Client) -> String {
    let plans = backup.list_backup_plans().send().await.expect("backup:ListBackupPlans");
    let plan = plans.backup_plans_list().iter().find(|p| p.backup_plan_name() == Some(STACK));
    let plan_id = plan.and_then(|p| p.backup_plan_id()).expect("the stack's plan").to_string();
    let selections = backup
        .list_backup_selections()
        .backup_plan_id(&plan_id)
        .send()
        .await
        .expect("backup:ListBackupSelections");
    for s in selections.backup_selections_list() {
        backup
            .delete_backup_selection()
            .backup_plan_id(&plan_id)
            .selection_id(s.selection_id().unwrap_or_default())
            .send()
            .await
            .expect("backup:DeleteBackupSelection");
    }
    backup
        .delete_backup_plan()
        .backup_plan_id(&plan_id)
        .send()
        .await
        .expect("backup:DeleteBackupPlan");
    let vault = backup
        .describe_backup_vault()
        .backup_vault_name(STACK)
        .send()
        .await
        .expect("backup:DescribeBackupVault");
    let key = vault.encryption_key_arn().unwrap_or_default().to_string();
    backup
        .delete_backup_vault()
        .backup_vault_name(STACK)
        .send()
        .await
        .expect("backup:DeleteBackupVault");
    key
}

/// The vault under `key` and a plan of one rule kept 7 days (the file says
/// 35), with the stack's names and a tag of the team's own; returns the vault's
/// ARN, the plan's id and its ARN.
async fn make_by_hand(backup: &aws_sdk_backup::Client, key: &str) -> (String, String, String) {
    let team = HashMap::from([("team".to_string(), "data".to_string())]);
    let vault = backup
        .create_backup_vault()
        .backup_vault_name(STACK)
        .encryption_key_arn(key)
        .set_backup_vault_tags(Some(team.clone()))
        .send()
        .await
        .expect("backup:CreateBackupVault");
    let rule = BackupRuleInput::builder()
        .rule_name("databases")
        .target_backup_vault_name(STACK)
        .schedule_expression("cron(30 3 * * ? *)")
        .lifecycle(Lifecycle::builder().delete_after_days(7).build())
        .build()
        .expect("a rule");
    let input = BackupPlanInput::builder()
        .backup_plan_name(STACK)
        .rules(rule)
        .build()
        .expect("a plan");
    let plan = backup
        .create_backup_plan()
        .backup_plan(input)
        .set_backup_plan_tags(Some(team))
        .send()
        .await
        .expect("backup:CreateBackupPlan");
    (
        vault.backup_vault_arn().unwrap_or_default().to_string(),
        plan.backup_plan_id().unwrap_or_default().to_string(),
        plan.backup_plan_arn().unwrap_or_default().to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_made_backup_vault_and_plan_are_reported_refused_and_adopted() {
    let w = Workdir::shared(&stack_yaml());
    let backup = aws_sdk_backup::Client::new(&sdk_config(&w.endpoint).await);
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply");
    let key = delete_backup(&backup).await;
    let (vault_arn, plan_id, plan_arn) = make_by_hand(&backup, &key).await;
    let others = backup
        .create_backup_vault()
        .backup_vault_name(OTHERS)
        .backup_vault_tags("stackctl:stack", "t-impbx")
        .backup_vault_tags("stackctl:id", "backup/vault")
        .send()
        .await
        .expect("backup:CreateBackupVault");
    let others_tags = tags(&backup, others.backup_vault_arn().unwrap()).await;
    assert_eq!(others_tags.get("stackctl:stack").map(String::as_str), Some("t-impbx"), "{others:?}");

    // The plan reports both with the command that adopts each.
    let plan = w.run(&["plan", "--json"]).json();
    let conflicts = conflict_ids(&plan);
    assert_eq!(conflicts.get("backup/vault"), Some(&STACK.to_string()), "{plan:#}");
    assert_eq!(conflicts.get("backup/plan"), Some(&plan_id), "{plan:#}");

    // Refusals change nothing: another kind's ARN, another stack's vault, the
    // selection (untaggable), a vault of another name.
    let kind = w.run(&["import", "backup/vault", &plan_arn, "--auto-approve"]);
    kind.expect_code(1, "import of a plan as the vault");
    assert!(kind.stderr.contains("but backup/vault is a aws_backup_vault"), "{}", kind.stderr);
    let other = w.run(&["import", "backup/vault", OTHERS, "--auto-approve"]);
    other.expect_code(1, "import of another stack's vault");
    assert!(other.stderr.contains("belongs to stack `t-impbx`"), "{}", other.stderr);
    let selection = w.run(&["import", "backup/selection/databases", &plan_id, "--auto-approve"]);
    selection.expect_code(1, "import of the selection");
    assert!(selection.stderr.contains("read through its backup plan"), "{}", selection.stderr);
    for arn in [&vault_arn, &plan_arn] {
        assert!(!tags(&backup, arn).await.contains_key("stackctl:stack"), "{arn} untouched");
    }

    let all = w.run(&["import", "--all-conflicts", "--auto-approve"]);
    all.expect_code(0, "import --all-conflicts");
    assert!(all.stdout.contains("to 2 resource(s)"), "{}", all.stdout);
    for arn in [&vault_arn, &plan_arn] {
        let t = tags(&backup, arn).await;
        assert_eq!(t.get("stackctl:stack").map(String::as_str), Some(STACK), "{t:?}");
        assert!(!t.contains_key("stackctl:hash") && t["team"] == "data", "{t:?}");
    }
    let again = w.run(&["import", "backup/plan", &plan_arn, "--auto-approve"]);
    again.expect_code(1, "import of the plan again");
    assert!(again.stderr.contains("is already this stack's"), "{}", again.stderr);

    // The next plan: the vault as the file says, the plan's retention to
    // change in place, the selection (read through its plan) to create.
    let plan = w.run(&["plan", "--json"]).json();
    assert!(conflict_ids(&plan).is_empty(), "{plan:#}");
    assert_only(&plan, &[("backup/vault", &[]), ("backup/plan", &["retention_days"])]);
    assert_eq!(plan_actions(&plan)["backup/selection/databases"].0, "create", "{plan:#}");
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply after the import");
    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "nothing left to do");
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    backup
        .delete_backup_vault()
        .backup_vault_name(OTHERS)
        .send()
        .await
        .expect("backup:DeleteBackupVault");
}
