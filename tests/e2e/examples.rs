//! The shipped stacks (stack.yaml, the seed architecture, and the examples) apply
//! from nothing, re-plan with no changes and destroy with nothing left, every
//! kind checked through its own service's API (`support::leftovers`). Each runs
//! under its own stack name in us-east-1.

use crate::support::{Workdir, leftovers, shared_moto, shipped_stack};

async fn round_trip(file: &str, stack: &str) {
    let w = Workdir::shared(&shipped_stack(file, stack, Some("us-east-1")));
    w.run(&["validate"]).expect_code(0, "validate");
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    plan.expect_code(2, "plan from nothing");
    assert!(
        !plan.stdout.contains("Not managed"),
        "{file}: some resources are not managed:\n{}",
        plan.stdout
    );
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply from nothing");
    let again = w.run(&["plan", "--detailed-exitcode"]);
    again.expect_code(0, "plan after apply");
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);
    w.run(&["plan", "--refresh", "--detailed-exitcode"])
        .expect_code(0, "plan --refresh after apply");
    if file == "stack.yaml" {
        crate::secure::assert_secure_defaults(&shared_moto().endpoint, stack).await;
        crate::secure_encryption::assert_waf_logs_and_bucket_keys(&shared_moto().endpoint, stack).await;
        refuses_protected_destroy(&w);
        // The logs bucket holds the assets bucket's access logs (on AWS,
        // the trail's too): destroy empties it by default.
        assert!(crate::access_logs::logs_bucket_objects(&shared_moto().endpoint, stack).await > 0);
    }
    w.run(&["destroy", "--auto-approve", "--delete-protected"])
        .expect_code(0, "destroy");

    let left = leftovers(stack).await;
    assert!(left.is_empty(), "{file}: left after destroy:\n  {}", left.join("\n  "));
    // A second plan after destroy plans the whole stack again: nothing was missed.
    w.run(&["plan", "--detailed-exitcode"]).expect_code(2, "plan after destroy");
}

/// Without --delete-protected, destroy names every protected resource (the
/// ALB's protection is an attribute no batch call returns) and deletes nothing.
fn refuses_protected_destroy(w: &Workdir) {
    let refused = w.run(&["destroy", "--auto-approve"]);
    refused.expect_code(1, "destroy without --delete-protected");
    for id in ["database/primary", "database/replica-1", "edge/load-balancer"] {
        assert!(refused.stderr.contains(id), "destroy does not name {id}:\n{}", refused.stderr);
    }
    w.run(&["plan", "--detailed-exitcode"])
        .expect_code(0, "plan after the refused destroy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_stack_applies_replans_clean_and_destroys() {
    round_trip("stack.yaml", "t-ex-seed").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_minimal_example_applies_replans_clean_and_destroys() {
    round_trip("examples/minimal.yaml", "t-ex-minimal").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_large_example_applies_replans_clean_and_destroys() {
    round_trip("examples/large.yaml", "t-ex-large").await;
}
