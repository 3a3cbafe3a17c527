//! The stack lock and the confirmation: apply refuses while another holds the
//! lock, and never asks a question it cannot get an answer to.

use crate::support::{Aws, Workdir};

fn stack_yaml(stack: &str) -> String {
    format!("stack: {stack}\nregion: us-east-1\nqueues:\n  - name: work\nbuckets:\n  - name: files\n")
}

async fn assert_nothing_created(aws: &Aws, stack: &str) {
    aws.assert_nothing_left(stack).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_refuses_a_held_lock_until_unlock() {
    const STACK: &str = "t-lock-held";
    let aws = Aws::shared().await;
    let w = Workdir::shared(&stack_yaml(STACK));
    let lock = w.path().join(format!(".stackctl/{STACK}.lock"));
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    std::fs::write(&lock, r#"{"holder":"ana@box (pid 1)","command":"apply","since_unix":0}"#).unwrap();

    let apply = w.run(&["apply", "--auto-approve"]);
    apply.expect_code(1, "apply with the lock held");
    assert!(
        apply.stderr.contains("ana@box (pid 1)"),
        "stderr does not name the holder:\n{}",
        apply.stderr
    );
    assert!(
        apply.stderr.contains("stackctl unlock"),
        "stderr does not say how to unlock:\n{}",
        apply.stderr
    );
    assert!(lock.exists(), "apply removed someone else's lock");
    assert_nothing_created(&aws, STACK).await;

    let unlock = w.run(&["unlock"]);
    unlock.expect_code(0, "unlock");
    assert!(
        unlock.stdout.contains("ana@box (pid 1)"),
        "unlock does not say whose lock it removed:\n{}",
        unlock.stdout
    );
    assert!(!lock.exists(), "unlock left the lock file");
    // Nothing left to unlock.
    w.run(&["unlock"]).expect_code(1, "a second unlock");

    let apply = w.run(&["apply", "--auto-approve"]);
    apply.expect_code(0, "apply after unlock");
    assert_eq!(aws.queue_names(STACK).await.len(), 1);
    assert_eq!(aws.bucket_names(STACK).await.len(), 1);
    assert!(!lock.exists(), "apply left its lock behind");

    // destroy asks for the stack name too, and without a terminal deletes nothing.
    let destroy = w.run(&["destroy"]);
    destroy.expect_code(1, "destroy without --auto-approve");
    assert!(destroy.stderr.contains("--auto-approve"), "{}", destroy.stderr);
    assert_eq!(aws.queue_names(STACK).await.len(), 1);
    assert_eq!(aws.bucket_names(STACK).await.len(), 1);

    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    aws.assert_nothing_left(STACK).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_without_auto_approve_and_no_terminal_changes_nothing() {
    const STACK: &str = "t-lock-noterm";
    let aws = Aws::shared().await;
    let w = Workdir::shared(&stack_yaml(STACK));
    // The runner gives stackctl Stdio::null() as stdin: not a terminal.
    let apply = w.run(&["apply"]);
    apply.expect_code(1, "apply without --auto-approve");
    assert!(
        apply.stderr.contains("--auto-approve"),
        "stderr does not mention --auto-approve:\n{}",
        apply.stderr
    );
    assert!(apply.stderr.contains("not a terminal"), "{}", apply.stderr);
    assert!(
        apply.stdout.contains("Plan: 3 to add"),
        "apply should show the plan it did not apply:\n{}",
        apply.stdout
    );
    assert_nothing_created(&aws, STACK).await;
    assert!(
        !w.path().join(format!(".stackctl/{STACK}.lock")).exists(),
        "the refused apply left its lock behind"
    );

    // destroy asks too: with nothing to destroy it has nothing to ask.
    w.run(&["destroy"]).expect_code(0, "destroy of an empty stack");
}

/// The team lock: an object in S3 written with a conditional put. A second
/// writer is refused naming the holder; `unlock` removes the object.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_s3_lock_refuses_a_second_apply_until_unlock() {
    const STACK: &str = "t-lock-s3";
    const BUCKET: &str = "stackctl-e2e-team-locks";
    const KEY: &str = "stackctl/t-lock-s3.lock";
    let aws = Aws::shared().await;
    aws.s3.create_bucket().bucket(BUCKET).send().await.expect("create the lock bucket");
    let yaml = format!("stack: {STACK}\nregion: us-east-1\nbackend:\n  lock_bucket: {BUCKET}\nqueues:\n  - name: work\n");
    let w = Workdir::shared(&yaml);

    // An apply takes the lock and gives it back.
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply with the S3 lock");
    assert_eq!(aws.queue_names(STACK).await.len(), 1);
    let gone = aws.s3.head_object().bucket(BUCKET).key(KEY).send().await;
    assert!(gone.is_err(), "apply left its lock object behind");

    // Someone else holds it: refused, nothing changes, the object stays.
    let held = r#"{"holder":"bob@ci (pid 7)","command":"apply","since_unix":86400}"#;
    aws.s3
        .put_object()
        .bucket(BUCKET)
        .key(KEY)
        .body(held.as_bytes().to_vec().into())
        .send()
        .await
        .expect("put the lock");
    w.write_stack(&format!("{yaml}  - name: more\n"));
    let apply = w.run(&["apply", "--auto-approve"]);
    apply.expect_code(1, "apply while another holds the S3 lock");
    assert!(
        apply.stderr.contains("bob@ci (pid 7)"),
        "stderr does not name the holder:\n{}",
        apply.stderr
    );
    assert!(
        apply.stderr.contains("since 1970-01-02 00:00:00 UTC (") && apply.stderr.contains(" ago)"),
        "stderr does not say how old the lock is:\n{}",
        apply.stderr
    );
    assert!(
        apply.stderr.contains(&format!("s3://{BUCKET}/{KEY}")),
        "stderr does not say where the lock is:\n{}",
        apply.stderr
    );
    assert_eq!(aws.queue_names(STACK).await.len(), 1, "a refused apply changed the stack");
    assert!(
        aws.s3.head_object().bucket(BUCKET).key(KEY).send().await.is_ok(),
        "the refused apply removed the lock"
    );

    let unlock = w.run(&["unlock"]);
    unlock.expect_code(0, "unlock of the S3 lock");
    assert!(unlock.stdout.contains("bob@ci (pid 7)"), "{}", unlock.stdout);
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply after unlock");
    assert_eq!(aws.queue_names(STACK).await.len(), 2);

    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    aws.assert_nothing_left(STACK).await;
    aws.s3.delete_bucket().bucket(BUCKET).send().await.expect("delete the lock bucket");
}
