//! Saved plans: `plan --out FILE` then `apply FILE` applies exactly that plan,
//! and refuses it once AWS changed in between.

use aws_sdk_sqs::types::QueueAttributeName;

use crate::support::{Aws, Workdir};

fn stack_yaml(stack: &str, visibility: u32) -> String {
    format!(
        "stack: {stack}
region: us-east-1
queues:
  - name: orders
    visibility_timeout_s: {visibility}
  - name: billing
buckets:
  - name: uploads
"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_plan_applies_and_then_nothing_is_left_to_do() {
    const STACK: &str = "t-planfile-ok";
    let aws = Aws::shared().await;
    let w = Workdir::shared(&stack_yaml(STACK, 30));
    let plan = w.run(&["plan", "--out", "p.json"]);
    plan.expect_code(0, "plan --out");
    assert!(plan.stdout.contains("Saved the plan to p.json"), "{}", plan.stdout);
    assert!(aws.queue_names(STACK).await.is_empty(), "plan created something");

    let apply = w.run(&["apply", "p.json"]);
    apply.expect_code(0, "apply p.json");
    assert!(apply.stdout.contains("Apply complete: 4 created"), "{}", apply.stdout);
    assert_eq!(aws.queue_names(STACK).await.len(), 2);
    assert_eq!(aws.bucket_names(STACK).await.len(), 1);

    let again = w.run(&["plan", "--detailed-exitcode"]);
    again.expect_code(0, "plan after apply p.json");
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);

    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    aws.assert_nothing_left(STACK).await;
}

/// One CI job plans, another applies; the stack file changed in between (a
/// queue added, a setting changed): only what the saved plan showed lands.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_plan_ignores_edits_of_the_stack_file_made_after_it() {
    const STACK: &str = "t-planfile-edited";
    let aws = Aws::shared().await;
    let w = Workdir::shared(&stack_yaml(STACK, 30));
    w.run(&["plan", "--out", "p.json"]).expect_code(0, "plan --out");

    let edited = stack_yaml(STACK, 90).replace("  - name: billing\n", "  - name: billing\n  - name: audit\n");
    assert!(edited.contains("audit"));
    w.write_stack(&edited);
    let apply = w.run(&["apply", "p.json"]);
    apply.expect_code(0, "apply p.json after editing the stack file");
    assert!(apply.stdout.contains("Apply complete: 4 created"), "{}", apply.stdout);
    let queues = aws.queue_names(STACK).await;
    assert_eq!(
        queues.into_iter().collect::<Vec<_>>(),
        vec![format!("{STACK}-billing"), format!("{STACK}-orders")],
        "the queue added after the plan was created"
    );
    let url = aws.queue_url(&format!("{STACK}-orders")).await;
    let attrs = aws
        .sqs
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::VisibilityTimeout)
        .send()
        .await
        .expect("sqs:GetQueueAttributes");
    assert_eq!(
        attrs
            .attributes()
            .unwrap()
            .get(&QueueAttributeName::VisibilityTimeout)
            .map(String::as_str),
        Some("30"),
        "the setting changed after the plan landed"
    );

    // The edits are still pending: the next plan from the file shows them.
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    plan.expect_code(2, "plan of the edits");
    assert!(plan.stdout.contains("# queues/audit will be created"), "{}", plan.stdout);
    assert!(plan.stdout.contains("~ visibility_timeout_s = 30 -> 90"), "{}", plan.stdout);

    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    aws.assert_nothing_left(STACK).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_plan_is_refused_when_aws_changed_since() {
    const STACK: &str = "t-planfile-stale";
    let aws = Aws::shared().await;
    let w = Workdir::shared(&stack_yaml(STACK, 30));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "first apply");

    // A pending change: orders' visibility timeout 30 -> 90.
    w.write_stack(&stack_yaml(STACK, 90));
    let plan = w.run(&["plan", "--out", "p.json", "--detailed-exitcode"]);
    plan.expect_code(2, "plan --out with a pending change");
    assert!(plan.stdout.contains("~ visibility_timeout_s = 30 -> 90"), "{}", plan.stdout);

    // Someone tags the queue outside stackctl.
    let url = aws.queue_url(&format!("{STACK}-orders")).await;
    aws.sqs
        .tag_queue()
        .queue_url(&url)
        .tags("owner", "someone-else")
        .send()
        .await
        .expect("sqs:TagQueue");

    let apply = w.run(&["apply", "p.json"]);
    apply.expect_code(1, "apply of a stale plan");
    assert!(
        apply.stderr.contains("stale"),
        "stderr does not say the plan is stale:\n{}",
        apply.stderr
    );
    assert!(
        apply.stderr.contains("queues/orders"),
        "stderr does not name queues/orders:\n{}",
        apply.stderr
    );
    assert!(
        !apply.stderr.contains("queues/billing"),
        "stderr names a queue that did not change:\n{}",
        apply.stderr
    );

    // The plan was not applied: the queue keeps its timeout and the foreign tag.
    let attrs = aws
        .sqs
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::VisibilityTimeout)
        .send()
        .await
        .expect("sqs:GetQueueAttributes");
    assert_eq!(
        attrs
            .attributes()
            .unwrap()
            .get(&QueueAttributeName::VisibilityTimeout)
            .map(String::as_str),
        Some("30")
    );
    let tags = aws.sqs.list_queue_tags().queue_url(&url).send().await.expect("sqs:ListQueueTags");
    assert_eq!(tags.tags().unwrap().get("owner").map(String::as_str), Some("someone-else"));
    assert!(
        !w.path().join(format!(".stackctl/{STACK}.lock")).exists(),
        "the refused apply left its lock behind"
    );

    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    aws.assert_nothing_left(STACK).await;
}
