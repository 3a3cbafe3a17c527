//! Faults injected in front of moto (tests/support/moto_faults.py), seeded so
//! every run sees the same sequence:
//! - throttling: a share of all requests answered with each service's
//!   throttling error (`RequestLimitExceeded`, `Throttling`, `SlowDown`,
//!   `ThrottlingException`); such a request did not happen, and is retried;
//! - `after-create`: a share of the creates carried out, then answered with the
//!   service's 500, their answer lost; such a request may have happened, so a
//!   create is not blindly re-sent: it carries an idempotency token, or the
//!   resource is looked up and adopted (src/aws/create.rs).
//!
//! Each apply creates exactly one of each resource, counted through each
//! service's own API, and the next plan shows no changes.

use std::collections::BTreeMap;

use crate::crash_points::{actions, tagged_ids};
use crate::support::{Aws, PrivateMoto, Workdir, leftovers_at, shipped_stack};

/// The kinds whose resources have no unique name: a create re-sent after it
/// happened makes a second one. (prefix in `leftovers_at`, plan kind)
const UNNAMED: &[(&str, &str)] = &[
    ("ec2:vpc/", "vpc"),
    ("ec2:subnet/", "subnet"),
    ("ec2:internet-gateway/", "internet_gateway"),
    ("ec2:elastic-ip/", "elastic_ip"),
    ("ec2:natgateway/", "nat_gateway"),
    ("ec2:route-table/", "route_table"),
    ("ec2:security-group/", "security_group"),
    ("ec2:launch-template/", "launch_template"),
    ("kms:key/", "kms_key"),
];

/// A moto of its own with `faults` on, and the file the injector logs to.
fn faulty_moto(faults: &str, env: &[(&str, &str)]) -> (PrivateMoto, tempfile::NamedTempFile) {
    let file = tempfile::NamedTempFile::new().expect("faults file");
    std::fs::write(file.path(), faults).expect("write the faults file");
    let path = file.path().to_str().unwrap().to_string();
    let mut all: Vec<(&str, &str)> = vec![("STACKCTL_E2E_FAULTS", path.as_str())];
    all.extend_from_slice(env);
    (PrivateMoto::start_with_env(&all), file)
}

/// The creates the injector answered with a 500 after they happened.
fn injected(faults: &tempfile::NamedTempFile) -> Vec<String> {
    let log = format!("{}.injected", faults.path().display());
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let _ = std::fs::remove_file(&log);
    lines
}

/// How many resources the plan creates, by kind.
fn planned_creates(w: &Workdir) -> BTreeMap<String, usize> {
    let plan = w.run(&["plan", "--json"]);
    plan.expect_code(0, "plan");
    let mut kinds = BTreeMap::new();
    for r in plan.json()["resources"].as_array().expect("resources") {
        if r["action"] == "create" {
            *kinds.entry(r["kind"].as_str().expect("kind").to_string()).or_insert(0) += 1;
        }
    }
    kinds
}

/// (kind, planned, found) for every unnamed kind whose count in AWS differs
/// from the plan's.
async fn miscounted(endpoint: &str, stack: &str, planned: &BTreeMap<String, usize>) -> Vec<(String, usize, usize)> {
    let live = leftovers_at(endpoint, stack).await;
    UNNAMED
        .iter()
        .map(|(prefix, kind)| {
            let want = planned.get(*kind).copied().unwrap_or(0);
            let found = live.iter().filter(|l| l.starts_with(prefix)).count();
            (kind.to_string(), want, found)
        })
        .filter(|(_, want, found)| want != found)
        .collect()
}

/// Every create answered with a 500 after it happened, and no throttling: a
/// VPC, subnets, gateways, route tables, security groups, a KMS key, roles, a
/// cluster and its node group, queues and buckets are each created once. Without
/// `create::exactly_once` the SDK re-sends each create: two VPCs, two keys, and
/// `AlreadyExists` for the named kinds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_create_answered_with_a_500_still_creates_each_resource_once() {
    const STACK: &str = "t-faults-lost-answers";
    let yaml = format!(
        "stack: {STACK}
region: us-east-1
network:
  cidr: 10.62.0.0/16
  availability_zones: 2
  nat_gateways: one
kubernetes:
  version: \"1.31\"
  node_groups:
    - name: web
      instance_types: [t3.medium]
      min_size: 1
      desired_size: 1
      max_size: 2
queues:
  - name: jobs
buckets:
  - name: data
"
    );
    let (moto, faults) = faulty_moto("after-create 100 3\n", &[("STACKCTL_E2E_HOLD_DESCRIBES", "0")]);
    // Two attempts per call: a create with a token is re-sent once, then
    // looked up, so that a 100% fault rate costs seconds, not minutes.
    let w = Workdir::new(&moto.endpoint, &yaml).env("STACKCTL_MAX_ATTEMPTS", "2");
    let planned = {
        std::fs::write(faults.path(), "").expect("faults off for the plan");
        let p = planned_creates(&w);
        std::fs::write(faults.path(), "after-create 100 3\n").expect("faults on");
        p
    };
    assert!(planned.get("kms_key") == Some(&3) && planned.get("vpc") == Some(&1), "{planned:?}");

    let apply = w.run(&["apply", "--auto-approve"]);
    let lost = injected(&faults);
    std::fs::write(faults.path(), "").expect("faults off");
    let wrong = miscounted(&moto.endpoint, STACK, &planned).await;
    assert!(wrong.is_empty(), "(kind, planned, in AWS): {wrong:?}\n--- apply\n{}", apply.stderr);
    apply.expect_code(0, "apply with every create answered 500");
    let creates = planned.values().sum::<usize>();
    assert!(
        lost.len() >= creates,
        "only {} of the {creates} creates got an injected 500: {lost:?}",
        lost.len()
    );
    let aws = Aws::new(&moto.endpoint).await;
    let twice: Vec<(String, usize)> = tagged_ids(&aws, STACK).await.into_iter().filter(|(_, n)| *n > 1).collect();
    assert!(twice.is_empty(), "duplicates: {twice:?}");

    let plan = actions(&w, &["plan", "--json", "--refresh"]);
    let pending: Vec<(&String, &String)> = plan.iter().filter(|(_, a)| *a != "no_op").collect();
    assert!(pending.is_empty(), "changes left after the apply: {pending:?}");
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    assert_eq!(leftovers_at(&moto.endpoint, STACK).await, Vec::<String>::new());
}

/// The seed stack with 20% of all requests throttled and 10% of the creates
/// answered with a 500 after they happened: apply succeeds with exactly one of
/// each resource, the next plan (still under faults) shows no changes, and
/// destroy leaves nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_stack_applies_exactly_once_under_throttling_and_lost_answers() {
    const STACK: &str = "t-faults-seed";
    const FAULTS: &str = "throttle 20 7\nafter-create 10 11\n";
    let (moto, faults) = faulty_moto("", &[]);
    let w = Workdir::new(&moto.endpoint, &shipped_stack("stack.yaml", STACK, None));
    let planned = planned_creates(&w);
    std::fs::write(faults.path(), FAULTS).expect("faults on");

    let apply = w.run(&["apply", "--auto-approve"]);
    let statuses = moto.statuses();
    let throttled = statuses.iter().filter(|s| matches!(**s, 400 | 503)).count();
    assert!(
        throttled * 10 >= statuses.len(),
        "only {throttled} of {} requests were throttled: the injector is not on",
        statuses.len()
    );
    let lost = injected(&faults);
    eprintln!("{} creates answered with a 500 after they happened: {lost:?}", lost.len());
    assert!(lost.len() >= 3, "only {} creates got an injected 500: {lost:?}", lost.len());
    // Counted without faults: the test's own calls are not retried as stackctl's are.
    std::fs::write(faults.path(), "").expect("faults off");
    let wrong = miscounted(&moto.endpoint, STACK, &planned).await;
    assert!(wrong.is_empty(), "(kind, planned, in AWS): {wrong:?}\n--- apply\n{}", apply.stderr);
    apply.expect_code(0, "apply under faults");
    let aws = Aws::new(&moto.endpoint).await;
    let twice: Vec<(String, usize)> = tagged_ids(&aws, STACK).await.into_iter().filter(|(_, n)| *n > 1).collect();
    assert!(twice.is_empty(), "duplicates under faults: {twice:?}");

    std::fs::write(faults.path(), FAULTS).expect("faults on");
    let plan = actions(&w, &["plan", "--json"]);
    let pending: Vec<(&String, &String)> = plan.iter().filter(|(_, a)| *a != "no_op").collect();
    assert!(pending.is_empty(), "changes left after the apply (plan under faults): {pending:?}");

    std::fs::write(faults.path(), "").expect("faults off");
    w.run(&["destroy", "--auto-approve", "--delete-protected"])
        .expect_code(0, "destroy");
    assert_eq!(leftovers_at(&moto.endpoint, STACK).await, Vec::<String>::new());
}

/// `AlreadyExists` is adopted only with our ownership tags: a registry created
/// by someone else, without them, between `plan --out` and `apply`, stays a
/// conflict: the apply fails naming AWS's error and leaves it untouched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_taken_by_someone_else_is_not_adopted() {
    const STACK: &str = "t-faults-taken";
    let w = Workdir::shared(&format!("stack: {STACK}\nregion: us-east-1\nregistries:\n  - name: web\n"));
    w.run(&["plan", "--out", "p.json"]).expect_code(0, "plan --out");
    let aws = Aws::shared().await;
    let name = format!("{STACK}/web");
    aws.ecr
        .create_repository()
        .repository_name(&name)
        .send()
        .await
        .expect("ecr:CreateRepository");

    let apply = w.run(&["apply", "p.json", "--auto-approve"]);
    apply.expect_code(1, "apply onto a name someone else took");
    assert!(apply.stderr.contains("RepositoryAlreadyExistsException"), "{}", apply.stderr);
    let repo = aws
        .ecr
        .describe_repositories()
        .repository_names(&name)
        .send()
        .await
        .expect("ecr:DescribeRepositories");
    let arn = repo.repositories()[0].repository_arn().expect("arn").to_string();
    let tags = aws
        .ecr
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .expect("ecr:ListTagsForResource");
    assert!(tags.tags().is_empty(), "someone else's registry was tagged: {:?}", tags.tags());
    aws.ecr
        .delete_repository()
        .repository_name(&name)
        .send()
        .await
        .expect("ecr:DeleteRepository");
}

/// CreateFlowLogs carries a client token (`create::token`): with its answers
/// lost, the SDK sends it again, and EC2 answers a token it has seen with the
/// flow log the first request made. One flow log, not one per attempt (the
/// launcher's `patch_client_tokens` gives moto EC2's idempotency), adopted and
/// re-planned clean.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flow_log_whose_answers_are_lost_is_created_once() {
    const STACK: &str = "t-faults-flow-log";
    let yaml = format!(
        "stack: {STACK}\nregion: us-east-1\nnetwork:\n  cidr: 10.45.0.0/16\n  nat_gateways: none\n\
         buckets:\n  - name: logs\n    force_destroy: true\nmonitoring:\n  dashboard: false\n"
    );
    let (moto, faults) = faulty_moto("", &[]);
    let w = Workdir::new(&moto.endpoint, &yaml).env("STACKCTL_MAX_ATTEMPTS", "2");
    std::fs::write(faults.path(), "after-create 100 5 CreateFlowLogs\n").expect("faults on");
    let apply = w.run(&["apply", "--auto-approve"]);
    let lost = injected(&faults);
    std::fs::write(faults.path(), "").expect("faults off");
    apply.expect_code(0, "apply with the flow log's answers lost");
    assert!(
        lost.len() >= 2 && lost.iter().all(|l| l == "after-create ec2 CreateFlowLogs"),
        "the SDK re-sends a create that carries a token: {lost:?}"
    );
    crate::secure_flow_logs::assert_flow_log(&moto.endpoint, STACK).await;
    w.run(&["plan", "--detailed-exitcode", "--refresh"]).expect_code(0, "re-plan");
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    assert_eq!(leftovers_at(&moto.endpoint, STACK).await, Vec::<String>::new());
}
