//! A create that AWS refuses half-way: the resource exists, some of its settings
//! do not. The next plan must not take it for complete, and the next apply must
//! finish it. The refusal is injected with tests/support/moto_faults.py (a
//! 403 AccessDenied, as S3 answers a call that a policy denies).

use crate::support::{Aws, PrivateMoto, Workdir, bucket_name};

const STACK: &str = "t-partial";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bucket_whose_policy_was_refused_is_finished_by_the_next_apply() {
    let faults = tempfile::NamedTempFile::new().unwrap();
    let moto = PrivateMoto::start_with_env(&[("STACKCTL_E2E_FAULTS", faults.path().to_str().unwrap())]);
    let aws = Aws::new(&moto.endpoint).await;
    let w = Workdir::new(
        &moto.endpoint,
        &format!("stack: {STACK}\nregion: us-east-1\nbuckets:\n  - name: data\n"),
    );
    let bucket = bucket_name(STACK, "data");

    // PutBucketPolicy is denied: the bucket is created, tagged and configured,
    // all but its policy.
    std::fs::write(faults.path(), "PUT policy\n").unwrap();
    let apply = w.run(&["apply", "--auto-approve"]);
    apply.expect_code(1, "apply with PutBucketPolicy denied");
    assert!(
        apply.stdout.contains("AccessDenied") || apply.stderr.contains("AccessDenied"),
        "{}\n{}",
        apply.stdout,
        apply.stderr
    );
    assert_eq!(aws.bucket_names(STACK).await, vec![bucket.clone()]);
    let policy = aws.s3.get_bucket_policy().bucket(&bucket).send().await;
    assert!(policy.is_err(), "the injected fault did not stop PutBucketPolicy");

    // The permission is back. The bucket lacks its policy, so there is work to do.
    std::fs::write(faults.path(), "").unwrap();
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(
        plan.code, 2,
        "the plan takes the half-created bucket for complete (its stackctl:hash tag was written before its settings):\n{}\n{}",
        plan.stdout, plan.stderr
    );
    assert!(plan.stdout.contains("buckets/data"), "{}", plan.stdout);

    w.run(&["apply", "--auto-approve"])
        .expect_code(0, "apply once the permission is back");
    let policy = aws
        .s3
        .get_bucket_policy()
        .bucket(&bucket)
        .send()
        .await
        .expect("the bucket has its policy after the second apply");
    assert!(policy.policy().unwrap_or_default().contains("DenyInsecureTransport"), "{policy:?}");
    w.run(&["plan", "--refresh", "--detailed-exitcode"])
        .expect_code(0, "plan --refresh after the second apply");
}
