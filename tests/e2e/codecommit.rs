//! CodeCommit for an account AWS no longer lets start with it: the launcher
//! answers CreateRepository as AWS does for such accounts
//! (`STACKCTL_E2E_CODECOMMIT_NEW_CUSTOMER=1`, tests/support/moto_codecommit.py),
//! and stackctl says what that means and what to do, while the rest of the
//! stack is created and destroyed as usual.

use crate::support::{Aws, PrivateMoto, Workdir};

const STACK: &str = "t-codecommit-refused";

fn stack_yaml() -> String {
    format!(
        "stack: {STACK}
region: us-east-1
queues:
  - name: jobs
repositories:
  - name: app
"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_customer_refused_by_codecommit_is_told_what_to_do() {
    let moto = PrivateMoto::start_with_env(&[("STACKCTL_E2E_CODECOMMIT_NEW_CUSTOMER", "1")]);
    let aws = Aws::new(&moto.endpoint).await;
    let w = Workdir::new(&moto.endpoint, &stack_yaml());

    let run = w.run(&["apply", "--auto-approve"]);
    run.expect_code(1, "apply with a refused repository");
    let text = format!("{}{}", run.stdout, run.stderr);
    assert!(text.contains("OperationNotAllowedException"), "AWS's code:\n{text}");
    assert!(text.contains("Remove `repositories:` from the stack file"), "what to do:\n{text}");
    assert!(!text.contains("Unknown"), "no unknown error:\n{text}");
    assert_eq!(
        aws.queue_names(STACK).await.into_iter().collect::<Vec<_>>(),
        vec![format!("{STACK}-jobs")],
        "the rest of the stack was created"
    );

    // Without the repository the stack applies and goes away cleanly.
    w.write_stack(&stack_yaml().replace("repositories:\n  - name: app\n", ""));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply without repositories");
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    assert!(aws.queue_names(STACK).await.is_empty(), "nothing left");
}
