//! "Apply complete" means usable: by default apply ends once every resource it
//! created or changed is ready, even those nothing depends on (a read
//! replica); `--no-wait` returns once AWS accepted every change and lists what
//! still converges. Proven on the call log's observed statuses, not by timing.

use std::path::Path;

use crate::support::{Workdir, shared_moto};

fn stack_yaml(stack: &str, replicas: u32) -> String {
    format!(
        "stack: {stack}
region: us-east-1
network:
  cidr: 10.41.0.0/16
  availability_zones: 2
  nat_gateways: none
database:
  engine: postgres
  engine_version: \"16.4\"
  instance_class: db.t4g.micro
  read_replicas: {replicas}
"
    )
}

/// The call log's lines without their time (`status rds:db/x available`).
fn calls(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_once(' ').map(|(_, op)| op.trim().to_string()))
        .collect()
}

/// The summary at the end of stdout, its duration blanked for the snapshot.
fn summary(stdout: &str) -> String {
    let start = stdout.find("Apply complete").expect("an `Apply complete` line");
    let text = &stdout[start..];
    let end = text.find("Outputs:").unwrap_or(text.len());
    let text = &text[..end];
    let (head, tail) = text.split_once(", in ").expect("a duration");
    let (_, rest) = tail.split_once(".\n").expect("the end of the first line");
    format!("{head}, in [duration].\n{rest}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_waits_for_what_nothing_depends_on_unless_no_wait() {
    const STACK: &str = "t-ready-wait";
    let _ = shared_moto();
    let w = Workdir::shared(&stack_yaml(STACK, 1));
    let log = w.path().join("calls.log");
    let w = w.env("STACKCTL_CALL_LOG", log.to_str().expect("utf-8 path"));
    let replica_ready = |n: u32| format!("status rds:db/{STACK}-db-replica-{n} available");

    let apply = w.run(&["apply", "--auto-approve"]);
    apply.expect_code(0, "apply");
    let seen = calls(&log);
    assert!(
        seen.contains(&replica_ready(1)),
        "apply ended without seeing the replica, which nothing depends on, available: {seen:?}"
    );
    insta::assert_snapshot!("apply_waited", summary(&apply.stdout));

    // A second replica with --no-wait: created, not waited for, listed as converging.
    std::fs::remove_file(&log).expect("clear the call log");
    w.write_stack(&stack_yaml(STACK, 2));
    let apply = w.run(&["apply", "--auto-approve", "--no-wait"]);
    apply.expect_code(0, "apply --no-wait");
    let seen = calls(&log);
    assert!(
        seen.iter().any(|c| c == "RDS.CreateDBInstanceReadReplica"),
        "the second replica was not created: {seen:?}"
    );
    assert!(
        !seen.iter().any(|c| c.starts_with(&format!("status rds:db/{STACK}-db-replica-2"))),
        "apply --no-wait waited for the new replica: {seen:?}"
    );
    insta::assert_snapshot!("apply_no_wait", summary(&apply.stdout));

    let destroy = w.run(&["destroy", "--auto-approve", "--delete-protected"]);
    destroy.expect_code(0, "destroy");
    let plan = w.run(&["plan", "--json"]);
    plan.expect_code(0, "plan after destroy");
    let json = plan.json();
    let left: Vec<&serde_json::Value> = json["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter(|r| r["action"] != "create")
        .collect();
    assert!(left.is_empty(), "destroy left resources: {left:?}");
}
