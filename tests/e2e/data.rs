//! The data tier and its monitoring as AWS behaves, on the launcher that
//! refuses what AWS refuses (tests/support/moto_rds.py): a read replica created
//! without a parameter group that still ends with the stack's, a parameter
//! group set later and applied by a reboot, a minor version AWS moved forward
//! that the plan accepts, and alarms on the dimensions each service publishes.

use crate::support::{Workdir, shared_moto};

fn stack_yaml(stack: &str, engine_version: &str) -> String {
    format!(
        "stack: {stack}
region: us-east-1
network:
  cidr: 10.41.0.0/16
  availability_zones: 2
  nat_gateways: none
database:
  engine: postgres
  engine_version: \"{engine_version}\"
  instance_class: db.t4g.micro
  read_replicas: 1
  deletion_protection: false
  final_snapshot: false
cache:
  node_type: cache.t4g.micro
  replicas: 1
monitoring:
  alarms: {{ db_cpu_percent: 80, cache_cpu_percent: 70 }}
  dashboard: true
  cloudtrail: false
"
    )
}

struct Clients {
    rds: aws_sdk_rds::Client,
    cloudwatch: aws_sdk_cloudwatch::Client,
}

impl Clients {
    async fn new() -> Clients {
        let config = crate::support::sdk_config(&shared_moto().endpoint).await;
        Clients {
            rds: aws_sdk_rds::Client::new(&config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(&config),
        }
    }

    /// The parameter group of instance `id` and its apply status.
    async fn group_of(&self, id: &str) -> (String, String) {
        let out = self
            .rds
            .describe_db_instances()
            .db_instance_identifier(id)
            .send()
            .await
            .expect("rds:DescribeDBInstances");
        let db = out.db_instances().first().expect("the instance exists").clone();
        let g = db.db_parameter_groups().first().expect("a parameter group").clone();
        (
            g.db_parameter_group_name().unwrap_or_default().to_string(),
            g.parameter_apply_status().unwrap_or_default().to_string(),
        )
    }

    async fn engine_version(&self, id: &str) -> String {
        let out = self
            .rds
            .describe_db_instances()
            .db_instance_identifier(id)
            .send()
            .await
            .expect("rds:DescribeDBInstances");
        out.db_instances()[0].engine_version().unwrap_or_default().to_string()
    }

    /// Each alarm of the stack: (name, [(namespace, {dimension name: value})]).
    async fn alarm_dimensions(&self, stack: &str) -> Vec<(String, Vec<(String, Vec<(String, String)>)>)> {
        let out = self
            .cloudwatch
            .describe_alarms()
            .alarm_name_prefix(format!("{stack}-"))
            .send()
            .await
            .expect("cloudwatch:DescribeAlarms");
        let mut alarms: Vec<_> = out
            .metric_alarms()
            .iter()
            .map(|a| {
                let metrics = a
                    .metrics()
                    .iter()
                    .filter_map(|q| q.metric_stat().and_then(|s| s.metric()))
                    .map(|m| {
                        let mut dims: Vec<(String, String)> = m
                            .dimensions()
                            .iter()
                            .map(|d| (d.name().unwrap_or_default().to_string(), d.value().unwrap_or_default().to_string()))
                            .collect();
                        dims.sort();
                        (m.namespace().unwrap_or_default().to_string(), dims)
                    })
                    .collect();
                (a.alarm_name().unwrap_or_default().to_string(), metrics)
            })
            .collect();
        alarms.sort();
        alarms
    }
}

/// What AWS does with `AutoMinorVersionUpgrade` in a maintenance window, through
/// the launcher's test endpoint (no customer API call can do it).
fn upgrade_minor(id: &str, version: &str) {
    let url = format!("{}/moto-api/stackctl/rds-minor-upgrade", shared_moto().endpoint);
    let body = format!("{{\"id\": \"{id}\", \"version\": \"{version}\"}}");
    let out = std::process::Command::new("curl")
        .args(["-sf", "-X", "POST", "-H", "Content-Type: application/json", "-d", &body, &url])
        .output()
        .expect("run curl");
    assert!(out.status.success(), "minor upgrade through the launcher: {out:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replica_without_group_minor_upgrade_accepted_alarms_on_published_dimensions() {
    const STACK: &str = "t-data-tier";
    let aws = Clients::new().await;
    let w = Workdir::shared(&stack_yaml(STACK, "16.4"));
    let primary = format!("{STACK}-db");
    let replica = format!("{STACK}-db-replica-1");
    let params = format!("{STACK}-db-postgres16");

    // The launcher refuses a parameter group in the replica's create call.
    w.run(&["apply", "--auto-approve"]).expect_code(0, "first apply");
    assert_eq!(aws.group_of(&replica).await, (params.clone(), "in-sync".to_string()));

    // Alarms on what AWS publishes: RDS per instance; ElastiCache per member
    // cache cluster (`<group>-001`, `-002`), never per replication group.
    let group = format!("{STACK}-cache");
    let alarms = aws.alarm_dimensions(STACK).await;
    let dims = |ns: &str, k: &str, v: &str| (ns.to_string(), vec![(k.to_string(), v.to_string())]);
    assert_eq!(
        alarms,
        vec![
            (
                format!("{STACK}-cache-cpu"),
                vec![
                    dims("AWS/ElastiCache", "CacheClusterId", &format!("{group}-001")),
                    dims("AWS/ElastiCache", "CacheClusterId", &format!("{group}-002")),
                ]
            ),
            (format!("{STACK}-db-cpu"), vec![dims("AWS/RDS", "DBInstanceIdentifier", &primary)]),
        ],
        "the alarms' dimensions"
    );

    // AWS upgraded the minor version: nothing to do, and no downgrade proposed.
    upgrade_minor(&primary, "16.6");
    for args in [
        &["plan", "--detailed-exitcode"][..],
        &["plan", "--detailed-exitcode", "--refresh"][..],
    ] {
        let plan = w.run(args);
        plan.expect_code(0, &format!("`{}` after AWS's minor upgrade", args.join(" ")));
        assert!(plan.stdout.contains("No changes"), "{}", plan.stdout);
    }

    // The replica's group changed outside stackctl: set back, applied by a reboot.
    let other = format!("{STACK}-other");
    aws.rds
        .create_db_parameter_group()
        .db_parameter_group_name(&other)
        .db_parameter_group_family("postgres16")
        .description("another group")
        .send()
        .await
        .expect("rds:CreateDBParameterGroup");
    aws.rds
        .modify_db_instance()
        .db_instance_identifier(&replica)
        .db_parameter_group_name(&other)
        .apply_immediately(true)
        .send()
        .await
        .expect("rds:ModifyDBInstance");
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    plan.expect_code(2, "plan of the group change");
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply of the group change");
    assert_eq!(
        aws.group_of(&replica).await,
        (params.clone(), "in-sync".to_string()),
        "the stack's group, applied by a reboot"
    );
    w.run(&["plan", "--detailed-exitcode"])
        .expect_code(0, "plan after the group change");
    aws.rds
        .delete_db_parameter_group()
        .db_parameter_group_name(&other)
        .send()
        .await
        .expect("rds:DeleteDBParameterGroup");

    // A newer minor in the stack file is an upgrade, applied.
    w.write_stack(&stack_yaml(STACK, "16.8"));
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    plan.expect_code(2, "plan of the minor upgrade");
    assert!(plan.stdout.contains(r#"engine_version = "16.6" -> "16.8""#), "{}", plan.stdout);
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply of the minor upgrade");
    assert_eq!(aws.engine_version(&primary).await, "16.8");

    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
}

/// A database alone (no cache, no monitoring): the major upgrade's stack.
fn database_yaml(stack: &str, engine_version: &str) -> String {
    format!(
        "stack: {stack}
region: us-east-1
network:
  cidr: 10.42.0.0/16
  availability_zones: 2
  nat_gateways: none
database:
  engine: postgres
  engine_version: \"{engine_version}\"
  instance_class: db.t4g.micro
  read_replicas: 1
  deletion_protection: false
  final_snapshot: false
"
    )
}

/// The calls and statuses of `STACKCTL_CALL_LOG`, without their times.
fn calls(path: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_once(' ').map(|(_, op)| op.trim().to_string()))
        .collect()
}

fn position(calls: &[String], what: &str) -> usize {
    calls
        .iter()
        .position(|c| c == what)
        .unwrap_or_else(|| panic!("no `{what}` in the call log: {calls:#?}"))
}

/// RDS refuses to change a group's family, refuses a major upgrade unless the
/// new family's group is named in the same ModifyDBInstance, and refuses to
/// delete a group still in use (the launcher too): the new group is created
/// first, the primary moves to it with the upgrade (its replica with it), and
/// the old group goes once nothing uses it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_major_upgrade_creates_the_new_family_group_first_and_deletes_the_old_last() {
    const STACK: &str = "t-db-major";
    let aws = Clients::new().await;
    let w = Workdir::shared(&database_yaml(STACK, "16"));
    let (primary, replica) = (format!("{STACK}-db"), format!("{STACK}-db-replica-1"));
    let old = format!("{STACK}-db-postgres16");
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply at 16");
    assert_eq!(aws.group_of(&primary).await, (old.clone(), "in-sync".to_string()));
    assert_eq!(aws.group_of(&replica).await.0, old);
    upgrade_to_17(&aws, w, STACK, &old).await;
}

/// From `"16"` to `"17"`: the plan creates the new family's group, modifies the
/// primary, deletes `old`; apply does it in that order (the call log), the
/// next plan is clean and destroy leaves nothing.
async fn upgrade_to_17(aws: &Clients, w: Workdir, stack: &str, old: &str) {
    let (primary, replica) = (format!("{stack}-db"), format!("{stack}-db-replica-1"));
    let new = format!("{stack}-db-postgres17");
    w.write_stack(&database_yaml(stack, "17"));
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    plan.expect_code(2, "plan of the major upgrade");
    let at = |text: &str| {
        plan.stdout
            .find(text)
            .unwrap_or_else(|| panic!("no `{text}` in the plan:\n{}", plan.stdout))
    };
    let create = at(&format!("+ aws_db_parameter_group \"{new}\""));
    let modify = at(&format!("~ aws_db_instance \"{primary}\""));
    let delete = at(&format!("- aws_db_parameter_group \"{old}\""));
    assert!(create < modify && modify < delete, "{}", plan.stdout);
    assert!(plan.stdout.contains(r#""16" -> "17""#), "the engine version: {}", plan.stdout);

    let log = w.path().join("calls.log");
    let w = w.env("STACKCTL_CALL_LOG", log.to_str().expect("utf-8 path"));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply of the major upgrade");
    let calls = calls(&log);
    let created = position(&calls, "RDS.CreateDBParameterGroup");
    let modified = position(&calls, "RDS.ModifyDBInstance");
    let deleted = position(&calls, "RDS.DeleteDBParameterGroup");
    let last_modify = calls.iter().rposition(|c| c == "RDS.ModifyDBInstance").expect("a modify");
    let replica_ready = calls
        .iter()
        .rposition(|c| c == &format!("status rds:db/{replica} available"))
        .expect("the replica was seen available");
    assert!(created < modified, "the new group before the upgrade: {calls:#?}");
    assert!(modified < last_modify, "the replica moves to the new group too: {calls:#?}");
    assert!(
        last_modify < deleted && replica_ready < deleted,
        "the old group goes once nothing uses it: {calls:#?}"
    );
    assert_eq!(aws.engine_version(&primary).await, "17");
    assert_eq!(aws.group_of(&primary).await.0, new);
    assert_eq!(aws.group_of(&replica).await.0, new);

    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "plan after the upgrade");
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    assert_eq!(crate::support::leftovers(stack).await, Vec::<String>::new());
}

/// A stack applied before the groups were named per family has its group as
/// `<stack>-db` (`database/parameter-group`). Renaming it would reboot every
/// database, so the plan keeps it while the family stays; the next major
/// upgrade creates the versioned group and deletes the old one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_named_before_families_is_kept_until_the_next_major_upgrade() {
    const STACK: &str = "t-db-legacy";
    let aws = Clients::new().await;
    let w = Workdir::shared(&database_yaml(STACK, "16"));
    let (primary, replica) = (format!("{STACK}-db"), format!("{STACK}-db-replica-1"));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply at 16");
    aws.make_legacy_group(STACK).await;
    assert_eq!(aws.group_of(&primary).await.0, primary);
    assert_eq!(aws.group_of(&replica).await.0, primary);

    let plan = w.run(&["plan"]);
    plan.expect_code(0, "plan of a legacy stack");
    assert!(
        !plan.stdout.contains("aws_db_parameter_group") && !plan.stdout.contains("db_parameter_group_name"),
        "the legacy group is kept, no instance moves:\n{}",
        plan.stdout
    );
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply of a legacy stack");
    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "plan after it");
    upgrade_to_17(&aws, w, STACK, &primary).await;
}

impl Clients {
    /// What a stack applied before per-family groups has: its group named
    /// `<stack>-db` with the id `database/parameter-group` (the same settings
    /// and hash), used by both instances; no versioned group.
    async fn make_legacy_group(&self, stack: &str) {
        let versioned = format!("{stack}-db-postgres16");
        let legacy = format!("{stack}-db");
        let out = self
            .rds
            .describe_db_parameter_groups()
            .db_parameter_group_name(&versioned)
            .send()
            .await
            .expect("rds:DescribeDBParameterGroups");
        let arn = out.db_parameter_groups()[0]
            .db_parameter_group_arn()
            .unwrap_or_default()
            .to_string();
        let tags = self
            .rds
            .list_tags_for_resource()
            .resource_name(&arn)
            .send()
            .await
            .expect("rds:ListTagsForResource");
        let tags: Vec<aws_sdk_rds::types::Tag> = tags
            .tag_list()
            .iter()
            .map(|t| match t.key() {
                Some("stackctl:id") => aws_sdk_rds::types::Tag::builder()
                    .key("stackctl:id")
                    .value("database/parameter-group")
                    .build(),
                _ => t.clone(),
            })
            .collect();
        self.rds
            .create_db_parameter_group()
            .db_parameter_group_name(&legacy)
            .db_parameter_group_family("postgres16")
            .description(format!("Parameters of stack {stack}"))
            .set_tags(Some(tags))
            .send()
            .await
            .expect("rds:CreateDBParameterGroup");
        self.rds
            .modify_db_parameter_group()
            .db_parameter_group_name(&legacy)
            .parameters(
                aws_sdk_rds::types::Parameter::builder()
                    .parameter_name("rds.force_ssl")
                    .parameter_value("1")
                    .apply_method(aws_sdk_rds::types::ApplyMethod::Immediate)
                    .build(),
            )
            .send()
            .await
            .expect("rds:ModifyDBParameterGroup");
        for id in [legacy.clone(), format!("{stack}-db-replica-1")] {
            self.rds
                .modify_db_instance()
                .db_instance_identifier(&id)
                .db_parameter_group_name(&legacy)
                .apply_immediately(true)
                .send()
                .await
                .expect("rds:ModifyDBInstance");
        }
        self.rds
            .delete_db_parameter_group()
            .db_parameter_group_name(&versioned)
            .send()
            .await
            .expect("rds:DeleteDBParameterGroup");
    }
}

/// RDS upgrades a MySQL source only after its read replicas, which stackctl
/// does not order: the plan refuses such an upgrade at the version's line
/// before any change, rather than fail half-way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mysql_major_upgrade_with_replicas_is_refused_at_the_version_line() {
    const STACK: &str = "t-db-mysql";
    let yaml = |version: &str| {
        database_yaml(STACK, version)
            .replace("engine: postgres", "engine: mysql")
            .replace("10.42.0.0/16", "10.45.0.0/16")
    };
    let w = Workdir::shared(&yaml("8.0"));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply at 8.0");
    w.write_stack(&yaml("8.4"));
    let plan = w.run(&["plan"]);
    plan.expect_code(1, "plan of a MySQL major upgrade with a replica");
    assert!(plan.stderr.contains("stack.yaml:9:19"), "{}", plan.stderr);
    assert!(plan.stderr.contains("MySQL major upgrade"), "{}", plan.stderr);
    w.write_stack(&yaml("8.0"));
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    assert_eq!(crate::support::leftovers(STACK).await, Vec::<String>::new());
}
