//! A whole lifecycle: plan, apply, no-op plans, an edit, apply, destroy, and
//! nothing left behind (checked through the AWS API).

use crate::support::{Aws, Workdir, bucket_name};

const STACK: &str = "t-lifecycle";

fn stack_v1() -> String {
    format!(
        "stack: {STACK}
region: us-east-1
queues:
  - name: jobs
    dead_letter: {{ max_receives: 5 }}
  - name: mail
buckets:
  - name: raw
  - name: scratch
    force_destroy: true
registries:
  - name: worker
monitoring:
  log_retention_days: 30
  cloudtrail: false
  dashboard: false
"
    )
}

/// v1 with `mail`'s visibility timeout 30 -> 60, a new queue `audit`, and the
/// bucket `scratch` removed.
fn stack_v2() -> String {
    format!(
        "stack: {STACK}
region: us-east-1
queues:
  - name: jobs
    dead_letter: {{ max_receives: 5 }}
  - name: mail
    visibility_timeout_s: 60
  - name: audit
buckets:
  - name: raw
registries:
  - name: worker
monitoring:
  log_retention_days: 30
  cloudtrail: false
  dashboard: false
"
    )
}

fn assert_no_changes(w: &Workdir, args: &[&str]) {
    let run = w.run(args);
    run.expect_code(0, &args.join(" "));
    assert!(
        run.stdout.contains("No changes"),
        "`{}` should report no changes:\n{}",
        args.join(" "),
        run.stdout
    );
    assert!(
        !run.stdout.contains("will be"),
        "`{}` lists an action:\n{}",
        args.join(" "),
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_apply_edit_apply_destroy_leaves_nothing() {
    let aws = Aws::shared().await;
    let w = Workdir::shared(&stack_v1());

    // A first plan creates all nine resources (the buckets' key among them) and names each of them.
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    plan.expect_code(2, "first plan");
    let expected = [
        ("queues/jobs/dead-letter", format!("{STACK}-jobs-dlq")),
        ("queues/jobs", format!("{STACK}-jobs")),
        ("queues/mail", format!("{STACK}-mail")),
        ("buckets/raw", bucket_name(STACK, "raw")),
        ("buckets/scratch", bucket_name(STACK, "scratch")),
        ("registries/worker", format!("{STACK}/worker")),
        ("monitoring/log-group/app", format!("/stackctl/{STACK}/app")),
    ];
    for (id, name) in &expected {
        assert!(
            plan.stdout.contains(&format!("# {id} will be created")),
            "plan does not create {id}:\n{}",
            plan.stdout
        );
        assert!(
            plan.stdout.contains(&format!("\"{name}\"")),
            "plan does not name {name}:\n{}",
            plan.stdout
        );
    }
    assert!(
        plan.stdout.contains("Plan: 9 to add, 0 to change, 0 to destroy."),
        "{}",
        plan.stdout
    );

    let apply = w.run(&["apply", "--auto-approve"]);
    apply.expect_code(0, "apply");
    assert!(
        apply.stdout.contains("Apply complete: 9 created, 0 updated, 0 deleted, 0 failed"),
        "{}",
        apply.stdout
    );
    assert_eq!(aws.queue_names(STACK).await.len(), 3);
    assert_eq!(aws.bucket_names(STACK).await.len(), 2);
    assert_eq!(aws.repository_names(STACK).await, vec![format!("{STACK}/worker")]);
    // Through the SDK, as stackctl reads it (tests/support/moto_server.py, patch 2).
    let versioning = aws
        .s3
        .get_bucket_versioning()
        .bucket(bucket_name(STACK, "raw"))
        .send()
        .await
        .expect("s3:GetBucketVersioning");
    assert_eq!(versioning.status(), Some(&aws_sdk_s3::types::BucketVersioningStatus::Enabled));
    assert!(
        !w.path().join(format!(".stackctl/{STACK}.lock")).exists(),
        "apply left its lock behind"
    );

    assert_no_changes(&w, &["plan", "--detailed-exitcode"]);
    // --refresh reads every setting (bucket versioning included) and finds no drift.
    assert_no_changes(&w, &["plan", "--refresh", "--detailed-exitcode"]);

    // The edit: one change in place, one create, one destroy.
    w.write_stack(&stack_v2());
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    plan.expect_code(2, "plan after the edit");
    let changed: Vec<&str> = plan
        .stdout
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('~') || l.contains(" -> "))
        .collect();
    assert_eq!(
        changed,
        vec![&format!("~ aws_sqs_queue \"{STACK}-mail\" {{"), "~ visibility_timeout_s = 30 -> 60"],
        "{}",
        plan.stdout
    );
    let headlines: Vec<&str> = plan.stdout.lines().map(str::trim).filter(|l| l.starts_with("# ")).collect();
    assert_eq!(
        headlines,
        vec![
            "# queues/mail will be updated in place",
            "# queues/audit will be created",
            "# buckets/scratch will be destroyed"
        ],
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout
            .contains(&format!("- aws_s3_bucket \"{}\"", bucket_name(STACK, "scratch"))),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout.contains("Plan: 1 to add, 1 to change, 1 to destroy."),
        "{}",
        plan.stdout
    );

    let json = w.run(&["plan", "--json"]);
    json.expect_code(0, "plan --json");
    let json = json.json();
    assert_eq!(
        json["summary"],
        serde_json::json!({ "add": 1, "change": 1, "destroy": 1 }),
        "{json:#}"
    );
    assert_eq!(json["has_changes"], true);
    let actions: Vec<(String, String)> = json["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter(|r| r["action"] != "no_op")
        .map(|r| (r["id"].as_str().unwrap().to_string(), r["action"].as_str().unwrap().to_string()))
        .collect();
    let mut actions = actions;
    actions.sort();
    assert_eq!(
        actions,
        vec![
            ("buckets/scratch".to_string(), "delete".to_string()),
            ("queues/audit".to_string(), "create".to_string()),
            ("queues/mail".to_string(), "update".to_string()),
        ]
    );

    let apply = w.run(&["apply", "--auto-approve"]);
    apply.expect_code(0, "apply of the edit");
    assert!(
        apply.stdout.contains("Apply complete: 1 created, 1 updated, 1 deleted, 0 failed"),
        "{}",
        apply.stdout
    );
    let mail = aws.queue_url(&format!("{STACK}-mail")).await;
    let attrs = aws
        .sqs
        .get_queue_attributes()
        .queue_url(mail)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::VisibilityTimeout)
        .send()
        .await
        .expect("sqs:GetQueueAttributes");
    assert_eq!(
        attrs
            .attributes()
            .unwrap()
            .get(&aws_sdk_sqs::types::QueueAttributeName::VisibilityTimeout)
            .map(String::as_str),
        Some("60")
    );
    assert_eq!(
        aws.queue_names(STACK).await.into_iter().collect::<Vec<_>>(),
        vec![
            format!("{STACK}-audit"),
            format!("{STACK}-jobs"),
            format!("{STACK}-jobs-dlq"),
            format!("{STACK}-mail")
        ]
    );
    assert_eq!(aws.bucket_names(STACK).await, vec![bucket_name(STACK, "raw")]);

    assert_no_changes(&w, &["plan", "--detailed-exitcode"]);
    assert_no_changes(&w, &["plan", "--refresh", "--detailed-exitcode"]);

    let destroy = w.run(&["destroy", "--auto-approve"]);
    destroy.expect_code(0, "destroy");
    assert!(destroy.stdout.contains("9 deleted, 0 failed"), "{}", destroy.stdout);
    aws.assert_nothing_left(STACK).await;

    // Destroying again finds nothing to do.
    let again = w.run(&["destroy", "--auto-approve"]);
    again.expect_code(0, "second destroy");
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);
}
