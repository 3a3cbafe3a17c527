//! apply and destroy: plan (or a saved plan), confirm, lock, walk the steps.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::watch;

use super::CommandError;
use super::session::Session;
use crate::apply::steps::Readiness;
use crate::apply::{self, DeleteOptions, Options, Summary, steps};
use crate::aws;
use crate::cli::{AwsArgs, RunArgs};
use crate::lock::LockInfo;
use crate::plan::file::PlanFile;
use crate::plan::{Plan, PlannedApply};
use crate::render;

/// How `apply` ends: once every created or changed resource is usable (the
/// default), or once AWS accepted every change (`--no-wait`).
pub struct ApplyArgs<'a> {
    pub plan_file: Option<&'a Path>,
    pub readiness: Readiness,
}

pub async fn apply(file: &Path, aws_args: &AwsArgs, run: &RunArgs, args: ApplyArgs<'_>) -> Result<u8, CommandError> {
    let session = Session::open(file, aws_args).await?;
    let lock = session.lock(file);
    lock.acquire(session.stack_name(), &LockInfo::mine("apply")).await?;
    let result = apply_locked(&session, run, &args).await;
    lock.release().await?;
    result
}

async fn apply_locked(session: &Session, run: &RunArgs, args: &ApplyArgs<'_>) -> Result<u8, CommandError> {
    let (planned, saved) = match args.plan_file {
        Some(path) => (saved_plan(session, path).await?, true),
        None => {
            let (plan, live) = session.plan(&session.graph, false).await?;
            (
                PlannedApply {
                    plan,
                    graph: session.graph.clone(),
                    live,
                },
                false,
            )
        }
    };
    print!(
        "{}",
        render::plan::render(
            &planned.plan,
            &render::plan::Style {
                color: render::stdout_color()
            }
        )
    );
    if !planned.plan.conflicts.is_empty() {
        return Err(CommandError::Conflicts(planned.plan.conflicts.len()));
    }
    if !planned.plan.has_changes() {
        return Ok(0);
    }
    // A saved plan was reviewed when it was made, as with Terraform.
    if !saved && !run.auto_approve {
        confirm(
            &format!("Apply these changes to stack `{}`? Only `yes` is accepted: ", planned.plan.stack),
            "yes",
        )?;
    }
    execute(session, planned, run, DeleteOptions::default(), args.readiness).await
}

async fn saved_plan(session: &Session, path: &Path) -> Result<PlannedApply, CommandError> {
    let text = std::fs::read_to_string(path).map_err(|source| CommandError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let file = PlanFile::from_json(&text).map_err(|source| CommandError::PlanFile {
        path: path.to_path_buf(),
        source,
    })?;
    if file.plan.stack != session.stack_name() {
        return Err(CommandError::WrongPlan {
            path: path.to_path_buf(),
            plan_stack: file.plan.stack,
            stack: session.stack_name().to_string(),
        });
    }
    let mut live = aws::discover(&session.aws, &file.graph, false).await?;
    aws::read_settings(&session.aws, &mut live, &file.read_settings).await?;
    let changes = file.staleness(&live);
    if !changes.is_empty() {
        return Err(CommandError::StalePlan(changes));
    }
    Ok(PlannedApply {
        plan: file.plan,
        graph: file.graph,
        live,
    })
}

/// Asks on the terminal; refuses to ask anything else (a CI job would hang).
fn confirm(question: &str, expected: &str) -> Result<(), CommandError> {
    if !std::io::stdin().is_terminal() {
        return Err(CommandError::NotATerminal);
    }
    print!("\n{question}");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).map_err(|_| CommandError::Aborted)?;
    if answer.trim() == expected {
        Ok(())
    } else {
        Err(CommandError::Aborted)
    }
}

async fn execute(
    session: &Session,
    planned: PlannedApply,
    run: &RunArgs,
    delete: DeleteOptions,
    readiness: Readiness,
) -> Result<u8, CommandError> {
    let started = Instant::now();
    let planned = Arc::new(planned);
    let steps = steps::build(&planned.plan, &planned.graph, readiness);
    let (cancel_tx, cancel_rx) = watch::channel(false);
    // First Ctrl-C: start nothing new, let running calls finish so that every
    // resource created is known. A second one ends the process at once.
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("\nInterrupted: no new operations start; waiting for the running ones to finish (Ctrl-C again to quit now).");
            let _ = cancel_tx.send(true);
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        }
    });
    println!();
    let options = Options {
        parallelism: usize::from(run.parallelism),
        timeout: run.timeout,
        delete,
    };
    let reporter = Arc::new(render::progress::Lines::stdout(render::stdout_color()));
    let outcome = apply::run(planned.clone(), steps, session.aws.clone(), reporter, options, cancel_rx).await;

    let summary = Summary::of(&outcome, &planned.plan);
    print!("{}", render::summary::render(&summary, started.elapsed()));
    if summary.complete() {
        print!("{}", render::outputs::render(&render::outputs::collect(outcome.live.values())));
        return Ok(0);
    }
    for (id, error) in &summary.failed {
        eprintln!("error: {id}: {error}");
    }
    eprintln!("Everything created so far carries the stack's tags: run `stackctl plan` to see where the stack stands, then apply again.");
    Err(CommandError::ApplyFailed {
        failed: summary.failed.len(),
        cancelled: summary.not_started,
    })
}

pub async fn destroy(file: &Path, aws_args: &AwsArgs, run: &RunArgs, delete_protected: bool) -> Result<u8, CommandError> {
    let session = Session::open(file, aws_args).await?;
    let lock = session.lock(file);
    lock.acquire(session.stack_name(), &LockInfo::mine("destroy")).await?;
    let result = destroy_locked(&session, run, delete_protected).await;
    lock.release().await?;
    result
}

async fn destroy_locked(session: &Session, run: &RunArgs, delete_protected: bool) -> Result<u8, CommandError> {
    let live = aws::discover(&session.aws, &session.graph, false).await?;
    let plan: Plan = crate::plan::destroy_plan(&live, (session.stack_name(), &session.aws.region, Some(&session.aws.account_id)));
    print!(
        "{}",
        render::plan::render(
            &plan,
            &render::plan::Style {
                color: render::stdout_color()
            }
        )
    );
    if !plan.has_changes() {
        return Ok(0);
    }
    // Refuse before anything is deleted, not half-way through.
    let protected: Vec<String> = live
        .resources
        .iter()
        .filter(|r| {
            r.props
                .as_ref()
                .and_then(|p| p.get("deletion_protection"))
                .and_then(crate::graph::Value::as_bool)
                == Some(true)
        })
        .map(|r| format!("{} ({})", r.id, r.name))
        .collect();
    if !protected.is_empty() && !delete_protected {
        return Err(CommandError::Protected(protected));
    }
    if !run.auto_approve {
        let stack = session.stack_name().to_string();
        confirm(
            &format!("This deletes every resource of stack `{stack}`. Type the stack name to confirm: "),
            &stack,
        )?;
    }
    let planned = PlannedApply {
        plan,
        graph: session.graph.clone(),
        live,
    };
    execute(session, planned, run, DeleteOptions { delete_protected }, Readiness::Edges).await
}
