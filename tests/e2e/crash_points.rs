//! kill -9 of `apply` and `destroy` of the seed stack at chosen points: each
//! point is an (operation, occurrence) of the `STACKCTL_CALL_LOG` file, so the
//! kill lands at the same place of the walk every time (the log line is
//! written just before the request is sent). Points run one after another on
//! one stack: each apply resumes what the previous killed one left.
//!
//! After each kill: `plan` and `plan --refresh` agree (the ownership hash hides
//! no unfinished setting), report no conflict, and plan nothing as a create that
//! exists in AWS. After the last apply point: one apply converges with exactly
//! one of each resource and a plan with no changes. After the destroy points:
//! one destroy finishes and nothing is left.

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{Aws, Workdir, wait_bounded};

const STACK: &str = "t-crash-seed";

/// Where each killed apply is stopped, in the order the walk reaches them
/// with `--parallelism 1` (one operation at a time, so the order of the walk
/// is the same on every run, and each run resumes where the last one was
/// killed); `{stack}` stands for the stack name.
const APPLY_POINTS: &[(&str, usize)] = &[
    ("EC2.CreateVpc", 1),
    ("EC2.AllocateAddress", 1),
    // Between a role's create and its policy attachments: the node role's
    // first of three (the request logged may land before the kill; the two
    // after it are not sent).
    ("IAM.AttachRolePolicy", 2),
    ("CloudWatch Logs.PutRetentionPolicy", 1),
    ("KMS.EnableKeyRotation", 1),
    ("RDS.ModifyDBParameterGroup", 1),
    ("WAFV2.CreateWebACL", 2),
    ("S3.CreateBucket", 1),
    // Between a bucket's create and its settings.
    ("S3.PutBucketVersioning", 1),
    ("ECR.PutLifecyclePolicy", 1),
    // Between an internet gateway's create and its attachment.
    ("EC2.AttachInternetGateway", 1),
    ("EC2.CreateSubnet", 3),
    ("EC2.AuthorizeSecurityGroupIngress", 1),
    // Between the backup vault's create and its settings hash.
    ("Backup.TagResource", 1),
    ("EC2.CreateNatGateway", 1),
    ("EC2.CreateRoute", 1),
    ("Elastic Load Balancing v2.CreateLoadBalancer", 1),
    ("CloudTrail.StartLogging", 1),
    ("EKS.CreateCluster", 1),
    ("WAFV2.AssociateWebACL", 1),
    ("CloudFront.CreateDistributionWithTags", 1),
    ("RDS.CreateDBInstance", 1),
    // The user group, whose users must exist and be active first.
    ("ElastiCache.CreateUserGroup", 1),
    ("ElastiCache.CreateReplicationGroup", 1),
    // In the readiness waits.
    ("status eks:cluster/{stack}-eks", 1),
    ("status rds:db/{stack}-db ", 1),
    ("EKS.CreateNodegroup", 1),
    ("RDS.CreateDBInstanceReadReplica", 1),
    // The backup selection, which has no tags: found again through its plan.
    ("Backup.CreateBackupSelection", 1),
    ("CloudWatch.PutDashboard", 1),
];

/// Points among the last calls of their run: the kill may land after it ended.
const AMONG_THE_LAST_CALLS: &[&str] = &["CloudWatch.PutDashboard"];

/// Where each killed destroy is stopped, in the order of a sequential destroy.
const DESTROY_POINTS: &[(&str, usize)] = &[
    ("CloudTrail.DeleteTrail", 1),
    // The backup selection deleted, its plan not yet.
    ("Backup.DeleteBackupPlan", 1),
    ("EKS.DeleteNodegroup", 1),
    // The replica, before the primary.
    ("RDS.DeleteDBInstance", 1),
    // Disabling the distribution, before it is deleted.
    ("CloudFront.UpdateDistribution", 1),
    // Deletion protection turned off, before the primary's delete.
    ("RDS.ModifyDBInstance", 1),
    ("EKS.DeleteCluster", 1),
    ("EC2.DeleteNatGateway", 1),
    ("EC2.DeleteSubnet", 2),
];

pub fn seed_yaml(stack: &str) -> String {
    crate::support::shipped_stack("stack.yaml", stack, None)
}

/// How many lines of the call log (without their time) start with `pattern`.
fn occurrences(log: &Path, pattern: &str) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(' ').map(|(_, op)| op))
        .filter(|op| *op == pattern || op.starts_with(&format!("{pattern} ")) || (pattern.ends_with(['/', ' ']) && op.starts_with(pattern)))
        .count()
}

/// Runs stackctl with `args`, SIGKILLs it when its call log shows `point`;
/// returns None once killed, or how it ended before reaching the point.
fn kill_at(w: &Workdir, args: &[&str], point: (&str, usize), run: usize) -> Option<String> {
    let pattern = point.0.replace("{stack}", STACK);
    let log = w.path().join(format!("calls-{run}.log"));
    let err = w.path().join(format!("stderr-{run}.txt"));
    let mut child = w
        .command(args)
        .env("STACKCTL_CALL_LOG", &log)
        .stdout(Stdio::null())
        .stderr(Stdio::from(std::fs::File::create(&err).expect("stderr file")))
        .spawn()
        .expect("spawn stackctl");
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        if occurrences(&log, &pattern) >= point.1 {
            child.kill().expect("SIGKILL stackctl");
            let status = wait_bounded(&mut child, Duration::from_secs(30), "the killed stackctl");
            // A loaded machine can let stackctl finish between the log line
            // of one of its last calls and the kill: for those points a
            // success is the point passed; anything else must be the kill.
            if status.success() && AMONG_THE_LAST_CALLS.contains(&point.0) {
                println!("{args:?} reached {point:?} and finished before the kill landed");
                return None;
            }
            assert_eq!(
                status.signal(),
                Some(9),
                "{args:?} at {point:?} ended with {status} before the kill"
            );
            return None;
        }
        if let Some(status) = child.try_wait().expect("poll stackctl") {
            let stderr = std::fs::read_to_string(&err).unwrap_or_default();
            return Some(format!("ended with {status}: {}", stderr.trim()));
        }
        assert!(Instant::now() < deadline, "{args:?} did not reach {point:?} in 300 s");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// `stackctl:id` of every resource the tagging API finds for the stack, with
/// how many resources carry it.
pub async fn tagged_ids(aws: &Aws, stack: &str) -> BTreeMap<String, usize> {
    let mut ids = BTreeMap::new();
    for m in crate::support::tagged_resources(&aws.tagging, stack).await {
        // Deleted NAT gateways and KMS keys pending deletion stay listed.
        let arn = m.resource_arn().unwrap_or_default();
        if arn.contains(":kms:") || arn.contains("natgateway/") || arn.contains(":snapshot:") {
            continue;
        }
        if let Some(id) = m.tags().iter().find(|t| t.key() == "stackctl:id") {
            *ids.entry(id.value().to_string()).or_insert(0) += 1;
        }
    }
    ids
}

/// (id, action) of every resource of a `plan --json`.
pub fn actions(w: &Workdir, args: &[&str]) -> BTreeMap<String, String> {
    let plan = w.run(args);
    plan.expect_code(0, &args.join(" "));
    let json = plan.json();
    assert_eq!(
        json["conflicts"],
        serde_json::json!([]),
        "`{}` reports conflicts: {json:#}",
        args.join(" ")
    );
    json["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r["action"].as_str().unwrap().to_string()))
        .collect()
}

/// What the plans say after a kill: both agree, and nothing that exists is
/// planned as a create. A request sent just before the kill may land after the
/// first listing: then everything is read again.
async fn assert_plans_find_everything(aws: &Aws, w: &Workdir, stack: &str, after: &str) {
    // A point among the last calls of an apply may be reached just before it
    // releases its lock and exits: the kill then finds no lock to leave.
    let unlock = w.run(&["unlock"]);
    if !unlock.stderr.contains("is not locked") {
        unlock.expect_code(0, &format!("unlock after {after}"));
    }
    for attempt in 0..3 {
        let before = tagged_ids(aws, stack).await;
        let plan = actions(w, &["plan", "--json"]);
        let refreshed = actions(w, &["plan", "--json", "--refresh"]);
        if tagged_ids(aws, stack).await != before && attempt < 2 {
            continue;
        }
        if plan != refreshed {
            // Show what the refreshed plan would change: the setting the hash hid.
            let text = w.run(&["plan", "--refresh"]).stdout;
            assert_eq!(
                plan, refreshed,
                "after {after}: plan and plan --refresh differ; plan --refresh:\n{text}"
            );
        }
        for id in before.keys() {
            let action = plan.get(id).map(String::as_str);
            assert!(
                action.is_some() && action != Some("create"),
                "after {after}: {id} exists in AWS but the plan has it as {action:?}"
            );
        }
        return;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_stack_survives_kill_9_at_every_point_of_apply_and_destroy() {
    let aws = Aws::shared().await;
    let w = Workdir::shared(&seed_yaml(STACK));
    let mut killed: Vec<String> = Vec::new();
    let mut missed: Vec<String> = Vec::new();
    for (run, point) in APPLY_POINTS.iter().enumerate() {
        let what = format!("apply killed at {} #{}", point.0, point.1);
        let args = ["apply", "--auto-approve", "--parallelism", "1"];
        let mut ended = kill_at(&w, &args, *point, run);
        if ended.is_some() {
            // The resumed walk did the point's operation earlier, in a run
            // killed before: start again from nothing, where the walk's order
            // is the one the table follows.
            w.run(&["destroy", "--auto-approve", "--delete-protected"])
                .expect_code(0, "destroy to start again from nothing");
            ended = kill_at(&w, &args, *point, 50 + run);
        }
        match ended {
            None => {
                assert_plans_find_everything(&aws, &w, STACK, &what).await;
                killed.push(what);
            }
            Some(ended) => missed.push(format!("{what}: {ended}")),
        }
    }

    let apply = w.run(&["apply", "--auto-approve"]);
    apply.expect_code(0, "the apply after the kills");
    let ids = tagged_ids(&aws, STACK).await;
    let twice: Vec<(&String, &usize)> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "duplicates after the kills: {twice:?}");
    let plan = actions(&w, &["plan", "--json", "--refresh"]);
    let pending: Vec<(&String, &String)> = plan.iter().filter(|(_, a)| *a != "no_op").collect();
    assert!(pending.is_empty(), "changes left after the converging apply: {pending:?}");
    let missing: BTreeSet<&String> = plan.keys().filter(|id| !ids.contains_key(*id)).collect();
    println!("not listed by the tagging API (IAM, EKS, ECR, WAF, ...): {missing:?}");

    for (run, point) in DESTROY_POINTS.iter().enumerate() {
        let what = format!("destroy killed at {} #{}", point.0, point.1);
        let args = ["destroy", "--auto-approve", "--delete-protected", "--parallelism", "1"];
        let mut ended = kill_at(&w, &args, *point, 100 + run);
        if ended.is_some() {
            // Already passed by a destroy killed before: apply the whole stack
            // again and destroy from there.
            w.run(&["apply", "--auto-approve"]).expect_code(0, "apply to destroy again");
            ended = kill_at(&w, &args, *point, 150 + run);
        }
        match ended {
            None => {
                w.run(&["unlock"]).expect_code(0, "unlock after the killed destroy");
                actions(&w, &["plan", "--json"]);
                killed.push(what);
            }
            Some(ended) => missed.push(format!("{what}: {ended}")),
        }
    }
    w.run(&["destroy", "--auto-approve", "--delete-protected"])
        .expect_code(0, "the destroy after the killed ones");
    let left = tagged_ids(&aws, STACK).await;
    assert!(left.is_empty(), "left after destroy: {left:?}");
    assert!(aws.queue_names(STACK).await.is_empty(), "queues left");
    assert!(aws.bucket_names(STACK).await.is_empty(), "buckets left");
    assert!(aws.repository_names(STACK).await.is_empty(), "ECR repositories left");
    assert!(aws.log_group_names(STACK).await.is_empty(), "log groups left");
    println!("killed at: {killed:#?}\nnever reached: {missed:#?}");
    let plan = actions(&w, &["plan", "--json"]);
    assert!(
        plan.values().all(|a| a == "create"),
        "a plan after destroy must create everything: {plan:?}"
    );
    let missed_applies: Vec<&String> = missed.iter().filter(|m| m.starts_with("apply")).collect();
    assert!(
        missed_applies.is_empty(),
        "apply points never reached (the table is out of date): {missed_applies:?}"
    );
    assert!(killed.len() >= 20, "only {} kills: {killed:?}", killed.len());
}

/// A security group added to a complete network, the apply killed between the
/// group's create and its rules: the Tagging API then lists exactly the network
/// the stack file describes, so only the stackctl:hash tag, written after the
/// rules, keeps the plan from trusting the listing for the unfinished group.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_killed_before_its_rules_in_a_complete_network_is_planned_unfinished() {
    const NET: &str = "t-crash-net";
    let network =
        format!("stack: {NET}\nregion: us-east-1\nnetwork:\n  cidr: 10.63.0.0/16\n  availability_zones: 2\n  nat_gateways: none\n");
    let aws = Aws::shared().await;
    let w = Workdir::shared(&network);
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply of the network");
    w.write_stack(&format!(
        "{network}load_balancer:\n  target_port: 8080\n  health_check_path: /healthz\n"
    ));
    let args = ["apply", "--auto-approve", "--parallelism", "1"];
    let ended = kill_at(&w, &args, ("EC2.AuthorizeSecurityGroupIngress", 1), 0);
    assert_eq!(ended, None, "the apply adding the load balancer never authorized the group's rules");
    assert_plans_find_everything(&aws, &w, NET, "a kill before the new group's rules").await;
    w.run(&["apply", "--auto-approve"]).expect_code(0, "the apply after the kill");
    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "no changes after it");
    w.run(&["destroy", "--auto-approve", "--delete-protected"])
        .expect_code(0, "destroy");
}
