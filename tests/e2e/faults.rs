//! The seed stack under throttling: 20% of all requests answered with each
//! service's throttling error (`RequestLimitExceeded`, `Throttling`, `SlowDown`,
//! `ThrottlingException`, see tests/support/moto_faults.py), seeded so every run
//! sees the same sequence. Apply still succeeds with exactly one of each
//! resource, and the next plan (still throttled) shows no changes.

use crate::crash_points::{actions, seed_yaml, tagged_ids};
use crate::support::{Aws, PrivateMoto, Workdir};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_stack_applies_under_twenty_percent_throttling() {
    const STACK: &str = "t-faults-throttle";
    let faults = tempfile::NamedTempFile::new().expect("faults file");
    std::fs::write(faults.path(), "throttle 20 7\n").expect("write the faults file");
    let moto = PrivateMoto::start_with_env(&[("STACKCTL_E2E_FAULTS", faults.path().to_str().unwrap())]);
    let aws = Aws::new(&moto.endpoint).await;
    let w = Workdir::new(&moto.endpoint, &seed_yaml(STACK));

    let apply = w.run(&["apply", "--auto-approve"]);
    apply.expect_code(0, "apply under throttling");
    let statuses = moto.statuses();
    let throttled = statuses.iter().filter(|s| matches!(**s, 400 | 503)).count();
    assert!(
        throttled * 10 >= statuses.len(),
        "only {throttled} of {} requests were throttled: the injector is not on",
        statuses.len()
    );
    let ids = tagged_ids(&aws, STACK).await;
    let twice: Vec<(&String, &usize)> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "duplicates under throttling: {twice:?}");
    let plan = actions(&w, &["plan", "--json"]);
    let pending: Vec<(&String, &String)> = plan.iter().filter(|(_, a)| *a != "no_op").collect();
    assert!(pending.is_empty(), "changes left after the throttled apply: {pending:?}");
}
