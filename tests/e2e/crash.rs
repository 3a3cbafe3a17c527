//! An apply killed with SIGKILL part-way: the next plan finds everything it had
//! created (tagged or not yet), and the next apply completes the stack without
//! duplicates.

use std::collections::BTreeSet;
use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::time::Duration;

use crate::support::{Aws, Workdir, bucket_name, read_lines_until, wait_bounded};

const QUEUES: usize = 20;
const BUCKETS: usize = 8;

fn stack_yaml(stack: &str) -> String {
    let mut s = format!("stack: {stack}\nregion: us-east-1\nqueues:\n");
    for i in 0..QUEUES {
        s.push_str(&format!("  - name: q{i}\n"));
        // Every other queue has a dead-letter queue: 10 of 20.
        if i % 2 == 0 {
            s.push_str("    dead_letter: { max_receives: 3 }\n");
        }
    }
    s.push_str("buckets:\n");
    for i in 0..BUCKETS {
        s.push_str(&format!("  - name: b{i}\n"));
    }
    s
}

fn expected_queues(stack: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for i in 0..QUEUES {
        names.insert(format!("{stack}-q{i}"));
        if i % 2 == 0 {
            names.insert(format!("{stack}-q{i}-dlq"));
        }
    }
    names
}

fn expected_buckets(stack: &str) -> BTreeSet<String> {
    (0..BUCKETS).map(|i| bucket_name(stack, &format!("b{i}"))).collect()
}

/// What exists in AWS: queue and bucket names.
async fn existing(aws: &Aws, stack: &str) -> BTreeSet<String> {
    let mut names = aws.queue_names(stack).await;
    names.extend(aws.bucket_names(stack).await);
    // The buckets' key, named in the plan as `<stack>-buckets`.
    if aws.tagged_arns(stack).await.iter().any(|arn| arn.starts_with("arn:aws:kms:")) {
        names.insert(format!("{stack}-buckets"));
    }
    names
}

async fn kill_after_creates(stack: &str, k: usize) {
    let aws = Aws::shared().await;
    let w = Workdir::shared(&stack_yaml(stack));
    let mut all: BTreeSet<String> = expected_queues(stack).union(&expected_buckets(stack)).cloned().collect();
    all.insert(format!("{stack}-buckets"));
    assert_eq!(all.len(), QUEUES + QUEUES / 2 + BUCKETS + 1);

    // Apply, and SIGKILL it right after the k-th resource is reported created.
    let mut child = w
        .command(&["apply", "--auto-approve"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn stackctl apply");
    let mut created = 0;
    let lines = read_lines_until(child.stdout.take().expect("stdout"), |line| {
        if line.contains(": created") {
            created += 1;
        }
        created == k
    });
    child.kill().expect("SIGKILL stackctl");
    let status = wait_bounded(&mut child, Duration::from_secs(30), "the killed apply");
    assert_eq!(created, k, "the apply ended before reporting {k} creates:\n{}", lines.join("\n"));
    assert_eq!(
        status.signal(),
        Some(9),
        "the apply was not killed mid-way (it ended with {status}):\n{}",
        lines.join("\n")
    );

    // The killed apply left its lock: unlock says whose it was.
    let unlock = w.run(&["unlock"]);
    unlock.expect_code(0, "unlock after the kill");
    assert!(unlock.stdout.contains("Removed the lock"), "{}", unlock.stdout);

    // The plan finds every resource that exists and creates exactly the others.
    // A request sent just before the kill may still land in moto after the first
    // listing; then the listings around the plan differ and it is done again.
    let mut settled = false;
    for _ in 0..3 {
        let before = existing(&aws, stack).await;
        let plan = w.run(&["plan", "--json"]);
        plan.expect_code(0, "plan after the kill");
        let after = existing(&aws, stack).await;
        if before != after {
            continue;
        }
        settled = true;
        assert!(!before.is_empty(), "nothing was created before the kill after {k} creates");
        assert!(
            before.is_subset(&all),
            "unexpected resources exist: {:?}",
            before.difference(&all).collect::<Vec<_>>()
        );
        let json = plan.json();
        let resources = json["resources"].as_array().expect("resources");
        let action_of = |name: &str| {
            resources
                .iter()
                .find(|r| r["name"] == name)
                .map(|r| r["action"].as_str().unwrap().to_string())
        };
        for name in &before {
            let action = action_of(name);
            assert!(
                action.is_some() && action.as_deref() != Some("create"),
                "{name} exists in AWS but the plan has it as {action:?}"
            );
        }
        let creates: BTreeSet<String> = resources
            .iter()
            .filter(|r| r["action"] == "create")
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect();
        let missing: BTreeSet<String> = all.difference(&before).cloned().collect();
        assert_eq!(creates, missing, "the plan's creates are not exactly the missing resources");
        assert_eq!(json["conflicts"], serde_json::json!([]), "the plan reports conflicts: {json:#}");
        break;
    }
    assert!(settled, "AWS kept changing after the apply was killed");

    let apply = w.run(&["apply", "--auto-approve"]);
    apply.expect_code(0, "apply after the kill");
    let urls = aws.queue_urls(stack).await;
    let mut queues: Vec<String> = urls.iter().map(|u| u.rsplit('/').next().unwrap().to_string()).collect();
    queues.sort();
    assert_eq!(
        queues,
        expected_queues(stack).into_iter().collect::<Vec<_>>(),
        "queues after the second apply"
    );
    let mut buckets = aws.bucket_names(stack).await;
    buckets.sort();
    assert_eq!(
        buckets,
        expected_buckets(stack).into_iter().collect::<Vec<_>>(),
        "buckets after the second apply"
    );
    // Every bucket is tagged now (one killed between CreateBucket and PutBucketTagging included).
    let tagged = aws.tagged_arns(stack).await;
    for b in expected_buckets(stack) {
        assert!(
            tagged.contains(&format!("arn:aws:s3:::{b}")),
            "bucket {b} is not tagged with the stack"
        );
    }
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    plan.expect_code(0, "plan after the second apply");

    let destroy = w.run(&["destroy", "--auto-approve"]);
    destroy.expect_code(0, "destroy");
    // Shown if what follows fails.
    println!(
        "--- the killed apply\n{}\n--- the second apply\n{}\n--- destroy\n{}",
        lines.join("\n"),
        apply.stdout,
        destroy.stdout
    );
    aws.assert_nothing_left(stack).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_after_the_first_create() {
    kill_after_creates("t-crash-first", 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_after_six_creates() {
    kill_after_creates("t-crash-six", 6).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_after_twenty_creates() {
    kill_after_creates("t-crash-twenty", 20).await;
}
