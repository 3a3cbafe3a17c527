//! The opt-in `backup:` section (issue 10): AWS Backup of the stack's
//! databases, on the launcher that adds backup selections and refuses what AWS
//! refuses (tests/support/moto_backup.py). Applied, read back through the AWS
//! Backup API, re-planned clean, changed in place, destroyed in order.

use crate::support::{Workdir, shared_moto};

fn stack_yaml(stack: &str, retention_days: u32) -> String {
    format!(
        "stack: {stack}
region: us-east-1
network:
  cidr: 10.43.0.0/16
  availability_zones: 2
  nat_gateways: none
database:
  engine: postgres
  engine_version: \"16.11\"
  instance_class: db.t4g.micro
  read_replicas: 1
  deletion_protection: false
  final_snapshot: false
backup:
  schedule: cron(30 3 * * ? *)
  retention_days: {retention_days}
"
    )
}

struct Clients {
    backup: aws_sdk_backup::Client,
    rds: aws_sdk_rds::Client,
    kms: aws_sdk_kms::Client,
}

impl Clients {
    async fn new() -> Clients {
        Clients::new_at(&shared_moto().endpoint).await
    }

    async fn new_at(endpoint: &str) -> Clients {
        let config = crate::support::sdk_config(endpoint).await;
        Clients {
            backup: aws_sdk_backup::Client::new(&config),
            rds: aws_sdk_rds::Client::new(&config),
            kms: aws_sdk_kms::Client::new(&config),
        }
    }

    /// The id of the plan named `name`, if one is not deleted.
    async fn plan_id(&self, name: &str) -> Option<String> {
        let out = self.backup.list_backup_plans().send().await.expect("backup:ListBackupPlans");
        out.backup_plans_list()
            .iter()
            .find(|p| p.backup_plan_name() == Some(name))
            .and_then(|p| p.backup_plan_id().map(str::to_string))
    }

    /// (schedule, target vault, retention days) of the plan's one rule.
    async fn rule(&self, plan_id: &str) -> (String, String, Option<i64>) {
        let out = self
            .backup
            .get_backup_plan()
            .backup_plan_id(plan_id)
            .send()
            .await
            .expect("backup:GetBackupPlan");
        let rules = out.backup_plan().expect("a plan").rules();
        assert_eq!(rules.len(), 1, "one rule: {rules:?}");
        let r = &rules[0];
        (
            r.schedule_expression().unwrap_or_default().to_string(),
            r.target_backup_vault_name().to_string(),
            r.lifecycle().and_then(|l| l.delete_after_days()),
        )
    }

    async fn db_arn(&self, id: &str) -> String {
        let out = self
            .rds
            .describe_db_instances()
            .db_instance_identifier(id)
            .send()
            .await
            .expect("rds:DescribeDBInstances");
        out.db_instances()[0].db_instance_arn().unwrap_or_default().to_string()
    }

    async fn key_arn_of_alias(&self, alias: &str) -> String {
        let out = self.kms.describe_key().key_id(alias).send().await.expect("kms:DescribeKey");
        out.key_metadata().expect("key metadata").arn().unwrap_or_default().to_string()
    }
}

fn calls(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(' ').map(|(_, op)| op.trim().to_string()))
        .collect()
}

fn position(calls: &[String], what: &str) -> usize {
    calls
        .iter()
        .position(|c| c == what)
        .unwrap_or_else(|| panic!("no `{what}` in the call log: {calls:#?}"))
}

/// The vault under the stack's backup key, the plan's rule and the selection
/// of the primary and the replica, as the file says.
async fn assert_backup_read_back(aws: &Clients, stack: &str, retention: i64) -> String {
    let vault = aws
        .backup
        .describe_backup_vault()
        .backup_vault_name(stack)
        .send()
        .await
        .expect("backup:DescribeBackupVault");
    let key = aws.key_arn_of_alias(&format!("alias/{stack}-backup")).await;
    assert_eq!(vault.encryption_key_arn(), Some(key.as_str()), "the vault's key");
    let plan_id = aws.plan_id(stack).await.expect("the stack's backup plan");
    assert_eq!(
        aws.rule(&plan_id).await,
        ("cron(30 3 * * ? *)".to_string(), stack.to_string(), Some(retention)),
        "the rule: schedule, vault, retention"
    );
    let selections = aws
        .backup
        .list_backup_selections()
        .backup_plan_id(&plan_id)
        .send()
        .await
        .expect("backup:ListBackupSelections");
    let listed = selections.backup_selections_list();
    assert_eq!(listed.len(), 1, "one selection: {listed:?}");
    assert_eq!(listed[0].selection_name(), Some(format!("{stack}-databases").as_str()));
    let selection = aws
        .backup
        .get_backup_selection()
        .backup_plan_id(&plan_id)
        .selection_id(listed[0].selection_id().unwrap_or_default())
        .send()
        .await
        .expect("backup:GetBackupSelection");
    let s = selection.backup_selection().expect("a selection");
    assert_eq!(
        s.iam_role_arn(),
        format!("arn:aws:iam::123456789012:role/stackctl/{stack}/{stack}-backup")
    );
    let mut resources = s.resources().to_vec();
    resources.sort();
    let mut dbs = vec![
        aws.db_arn(&format!("{stack}-db")).await,
        aws.db_arn(&format!("{stack}-db-replica-1")).await,
    ];
    dbs.sort();
    assert_eq!(resources, dbs, "the selection names the primary and the replica");
    plan_id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_section_applies_reads_back_changes_in_place_and_destroys_in_order() {
    const STACK: &str = "t-backup-trip";
    let aws = Clients::new().await;
    let w = Workdir::shared(&stack_yaml(STACK, 35));
    let plan = w.run(&["plan"]);
    plan.expect_code(0, "plan of a stack with backup");
    for kind in ["aws_backup_vault", "aws_backup_plan", "aws_backup_selection"] {
        assert!(plan.stdout.contains(&format!("+ {kind}")), "{kind} in the plan:\n{}", plan.stdout);
    }
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply");
    let plan_id = assert_backup_read_back(&aws, STACK, 35).await;
    for args in [
        &["plan", "--detailed-exitcode"][..],
        &["plan", "--detailed-exitcode", "--refresh"][..],
    ] {
        w.run(args).expect_code(0, "a plan right after apply has nothing to do");
    }

    // A longer retention is an update of the plan in place (UpdateBackupPlan).
    w.write_stack(&stack_yaml(STACK, 60));
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    plan.expect_code(2, "plan of the new retention");
    assert!(
        plan.stdout.contains("retention_days") && plan.stdout.contains("35 -> 60"),
        "{}",
        plan.stdout
    );
    assert!(plan.stdout.contains("0 to destroy"), "an update in place: {}", plan.stdout);
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply of the new retention");
    assert_eq!(assert_backup_read_back(&aws, STACK, 60).await, plan_id, "the same plan, updated");
    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "plan after the update");

    // AWS deletes a plan only once its selections are gone (the launcher
    // refuses otherwise), and the vault only once no plan targets it.
    let log = w.path().join("calls.log");
    let w = w.env("STACKCTL_CALL_LOG", log.to_str().expect("utf-8 path"));
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    let calls = calls(&log);
    assert!(
        position(&calls, "Backup.DeleteBackupSelection") < position(&calls, "Backup.DeleteBackupPlan"),
        "the selection before its plan: {calls:#?}"
    );
    assert!(position(&calls, "Backup.DeleteBackupPlan") < position(&calls, "Backup.DeleteBackupVault"));
    assert_eq!(aws.plan_id(STACK).await, None, "the plan is deleted");
    assert_eq!(crate::support::leftovers(STACK).await, Vec::<String>::new());
}

/// Every create of the stack answered with a 500 after it happened (the test
/// injector, tests/support/moto_faults.py): the vault, the plan and the
/// selection, whose create calls carry no token moto honours, are each found
/// again (the vault and the plan by their tags, the selection by its name in
/// the plan) and made once; the next plan has nothing to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_answers_to_the_backup_creates_still_make_each_once() {
    const STACK: &str = "t-backup-faults";
    let faults = tempfile::NamedTempFile::new().expect("faults file");
    let path = faults.path().to_str().expect("utf-8 path").to_string();
    let moto = crate::support::PrivateMoto::start_with_env(&[("STACKCTL_E2E_FAULTS", path.as_str()), ("STACKCTL_E2E_HOLD_DESCRIBES", "0")]);
    let w = Workdir::new(&moto.endpoint, &stack_yaml(STACK, 35)).env("STACKCTL_MAX_ATTEMPTS", "2");
    std::fs::write(faults.path(), "after-create 100 3\n").expect("faults on");
    let apply = w.run(&["apply", "--auto-approve"]);
    std::fs::write(faults.path(), "").expect("faults off");
    let lost = std::fs::read_to_string(format!("{path}.injected")).unwrap_or_default();
    let backup: Vec<&str> = lost.lines().filter_map(|l| l.strip_prefix("after-create backup PUT ")).collect();
    let lost_answer =
        |what: &str, is: &dyn Fn(&str) -> bool| assert!(backup.iter().any(|p| is(p)), "no lost answer to the {what}'s create: {lost}");
    lost_answer("vault", &|p| p.starts_with("/backup-vaults/"));
    lost_answer("plan", &|p| p.trim_end_matches('/') == "/backup/plans");
    lost_answer("selection", &|p| p.trim_end_matches('/').ends_with("/selections"));
    apply.expect_code(0, "apply with every create answered 500");
    let b = Clients::new_at(&moto.endpoint).await;
    let vaults = b.backup.list_backup_vaults().send().await.expect("backup:ListBackupVaults");
    assert_eq!(vaults.backup_vault_list().len(), 1, "one vault");
    let plans = b.backup.list_backup_plans().send().await.expect("backup:ListBackupPlans");
    assert_eq!(plans.backup_plans_list().len(), 1, "one plan");
    let plan_id = plans.backup_plans_list()[0].backup_plan_id().unwrap_or_default();
    let selections = b
        .backup
        .list_backup_selections()
        .backup_plan_id(plan_id)
        .send()
        .await
        .expect("backup:ListBackupSelections");
    assert_eq!(selections.backup_selections_list().len(), 1, "one selection");
    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "plan after the apply");
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
}

/// The plan's backups are the databases' backups: destroy keeps them. AWS
/// refuses to delete a vault that holds recovery points (the launcher too):
/// destroy stops at the vault, says what to do and keeps it with the key that
/// encrypts it; once the recovery point is deleted, destroy finishes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn destroy_keeps_a_vault_that_holds_backups_and_says_so() {
    const STACK: &str = "t-backup-kept";
    let aws = Clients::new().await;
    let w = Workdir::shared(&stack_yaml(STACK, 35));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply");
    let job = aws
        .backup
        .start_backup_job()
        .backup_vault_name(STACK)
        .resource_arn(aws.db_arn(&format!("{STACK}-db")).await)
        .iam_role_arn(format!("arn:aws:iam::123456789012:role/stackctl/{STACK}/{STACK}-backup"))
        .send()
        .await
        .expect("backup:StartBackupJob");
    let point = job.recovery_point_arn().expect("a recovery point").to_string();

    let destroy = w.run(&["destroy", "--auto-approve"]);
    destroy.expect_code(1, "destroy of a vault that holds a backup");
    assert!(
        destroy
            .stderr
            .contains(&format!("backup vault `{STACK}` still holds recovery points")),
        "{}",
        destroy.stderr
    );
    aws.backup
        .describe_backup_vault()
        .backup_vault_name(STACK)
        .send()
        .await
        .expect("the vault is kept");
    // The alias goes with the key's deletion: still there, the key is kept.
    assert!(!aws.key_arn_of_alias(&format!("alias/{STACK}-backup")).await.is_empty());

    aws.backup
        .delete_recovery_point()
        .backup_vault_name(STACK)
        .recovery_point_arn(&point)
        .send()
        .await
        .expect("backup:DeleteRecoveryPoint");
    w.run(&["destroy", "--auto-approve"])
        .expect_code(0, "destroy once the vault is empty");
    assert_eq!(crate::support::leftovers(STACK).await, Vec::<String>::new());
}

/// Without its `backup:` section the stack's AWS Backup goes (the selection,
/// the plan, the vault, its key and the role) and the databases stay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_the_backup_section_deletes_it_and_keeps_the_databases() {
    const STACK: &str = "t-backup-off";
    let aws = Clients::new().await;
    let with = stack_yaml(STACK, 35);
    let w = Workdir::shared(&with);
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply with backup");
    let without = with.split("backup:").next().expect("the file before `backup:`").to_string();
    w.write_stack(&without);
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    plan.expect_code(2, "plan without the backup section");
    assert!(plan.stdout.contains("0 to add, 0 to change, 5 to destroy"), "{}", plan.stdout);
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply without backup");
    assert_eq!(aws.plan_id(STACK).await, None, "the plan is deleted");
    let vault = aws.backup.describe_backup_vault().backup_vault_name(STACK).send().await;
    assert!(vault.is_err(), "the vault is deleted: {vault:?}");
    assert!(!aws.db_arn(&format!("{STACK}-db")).await.is_empty(), "the primary stays");
    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "plan after the removal");
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    assert_eq!(crate::support::leftovers(STACK).await, Vec::<String>::new());
}
