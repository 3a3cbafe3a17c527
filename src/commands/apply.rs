//! apply and destroy: plan (or a saved plan), confirm, lock, walk the steps.

use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use super::CommandError;
use super::session::Session;
use super::signals::Interrupts;
use crate::apply::steps::Readiness;
use crate::apply::{self, DeleteOptions, Options, Summary, steps};
use crate::aws;
use crate::cli::{AwsArgs, RunArgs};
use crate::lock::LockInfo;
use crate::plan::file::PlanFile;
use crate::plan::{Plan, PlannedApply};
use crate::render;
use crate::render::run_view::RunView;

/// How `apply` ends: once every created or changed resource is usable (the
/// default), or once AWS accepted every change (`--no-wait`).
pub struct ApplyArgs<'a> {
    pub plan_file: Option<&'a Path>,
    pub readiness: Readiness,
}

pub async fn apply(file: &Path, aws_args: &AwsArgs, run: &RunArgs, args: ApplyArgs<'_>) -> Result<u8, CommandError> {
    locked(file, aws_args, run, "apply", async |session, interrupts| {
        apply_locked(session, run, &args, interrupts).await
    })
    .await
}

/// Runs `command` with the stack's lock held: the session opens and the lock
/// is taken before any change (an interrupt until then stops at once), and
/// the lock is released whatever `command` returns.
async fn locked(
    file: &Path,
    aws_args: &AwsArgs,
    run: &RunArgs,
    name: &str,
    command: impl AsyncFnOnce(&Session, &Interrupts) -> Result<u8, CommandError>,
) -> Result<u8, CommandError> {
    let interrupts = Interrupts::listen(run.grace_period);
    let session = before_changes(&interrupts, Session::open(file, aws_args)).await?;
    let lock = session.lock(file);
    before_changes(&interrupts, async {
        Ok(lock
            .acquire_or_take_over(session.stack_name(), &LockInfo::mine(name), session.take_over_stale_locks())
            .await?)
    })
    .await?;
    let result = command(&session, &interrupts).await;
    lock.release().await?;
    result
}

/// Runs `work`, a step before anything changes in AWS: a signal abandons it.
async fn before_changes<T>(
    interrupts: &Interrupts,
    work: impl std::future::Future<Output = Result<T, CommandError>>,
) -> Result<T, CommandError> {
    tokio::select! {
        result = work => result,
        signal = interrupts.first() => Err(CommandError::InterruptedBeforeChanges { signal }),
    }
}

async fn apply_locked(session: &Session, run: &RunArgs, args: &ApplyArgs<'_>, interrupts: &Interrupts) -> Result<u8, CommandError> {
    let (planned, saved) = before_changes(interrupts, planned(session, args.plan_file)).await?;
    show_plan(&planned.plan, run.json);
    if !planned.plan.conflicts.is_empty() {
        return Err(CommandError::Conflicts(planned.plan.conflicts.len()));
    }
    if !planned.plan.has_changes() {
        return Ok(0);
    }
    // A saved plan was reviewed when it was made, as with Terraform.
    if !saved && !run.auto_approve {
        let question = format!("Apply these changes to stack `{}`? Only `yes` is accepted: ", planned.plan.stack);
        before_changes(interrupts, confirm(question, "yes", run.json)).await?;
    }
    execute(session, planned, run, DeleteOptions::default(), args.readiness, interrupts).await
}

/// The plan before it is applied: the text plan, or the first JSON line.
fn show_plan(plan: &Plan, json: bool) {
    RunView::new(json, Instant::now()).plan(plan);
}

/// The plan to apply: a saved one (`true`), or a new one.
async fn planned(session: &Session, plan_file: Option<&Path>) -> Result<(PlannedApply, bool), CommandError> {
    Ok(match plan_file {
        Some(path) => (saved_plan(session, path).await?, true),
        None => (session.plan(false).await?, false),
    })
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
/// The answer is read on a blocking thread, so that a signal still stops the
/// command while it waits.
pub(super) async fn confirm(question: String, expected: &str, json: bool) -> Result<(), CommandError> {
    if json {
        return Err(CommandError::JsonNeedsAutoApprove);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CommandError::NotATerminal);
    }
    crate::out!("\n{question}");
    let answer = tokio::task::spawn_blocking(|| {
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).map(|_| answer)
    })
    .await
    .map_err(|_| CommandError::Aborted)?
    .map_err(|_| CommandError::Aborted)?;
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
    interrupts: &Interrupts,
) -> Result<u8, CommandError> {
    let started = Instant::now();
    let planned = Arc::new(planned);
    let steps = steps::build(&planned.plan, &planned.graph, readiness);
    let total = steps.len();
    let view = RunView::new(run.json, started);
    let options = Options {
        parallelism: usize::from(run.parallelism),
        timeout: run.timeout,
        delete,
    };
    // A signal: start nothing new, let running calls finish so that every
    // resource created is known (see commands::signals).
    let tally = Arc::new(render::progress::Tally::new(view.reporter()));
    let walk = apply::run(
        planned.clone(),
        steps,
        session.aws.clone(),
        tally.clone(),
        options,
        interrupts.cancel_flag(),
    );
    let outcome = tokio::select! {
        outcome = walk => outcome,
        signal = interrupts.forced(run.grace_period) => {
            let counts = tally.counts();
            view.stopped(signal, &counts, total.saturating_sub(counts.seen), started.elapsed());
            return Err(CommandError::Interrupted { signal, running: counts.running });
        }
    };

    let summary = Summary::of(&outcome, &planned.plan);
    let outputs = summary.complete().then(|| render::outputs::collect(outcome.live.values()));
    view.finished(&summary, started.elapsed(), outputs.as_ref());
    if summary.complete() {
        return Ok(0);
    }
    if let Some(signal) = interrupts.received() {
        return Err(CommandError::Interrupted { signal, running: 0 });
    }
    Err(CommandError::ApplyFailed {
        failed: summary.failed.len(),
        cancelled: summary.not_started,
    })
}

pub async fn destroy(file: &Path, aws_args: &AwsArgs, run: &RunArgs, delete_protected: bool) -> Result<u8, CommandError> {
    locked(file, aws_args, run, "destroy", async |session, interrupts| {
        destroy_locked(session, run, delete_protected, interrupts).await
    })
    .await
}

async fn destroy_locked(session: &Session, run: &RunArgs, delete_protected: bool, interrupts: &Interrupts) -> Result<u8, CommandError> {
    let live = before_changes(interrupts, async {
        let mut live = aws::discover(&session.aws, &session.graph, false).await?;
        // Whether deletion protection is on is a setting the hash tags vouch
        // for but no batch call returns: read it where it can be on.
        let unread: Vec<_> = live
            .resources
            .iter()
            .filter(|r| r.kind.has_deletion_protection() && r.props.is_none())
            .map(|r| r.id.clone())
            .collect();
        aws::read_settings(&session.aws, &mut live, &unread).await?;
        Ok(live)
    })
    .await?;
    let plan: Plan = crate::plan::destroy_plan(&live, (session.stack_name(), &session.aws.region, Some(&session.aws.account_id)));
    show_plan(&plan, run.json);
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
        let question = format!("This deletes every resource of stack `{stack}`. Type the stack name to confirm: ");
        before_changes(interrupts, confirm(question, &stack, run.json)).await?;
    }
    let planned = PlannedApply {
        plan,
        graph: session.graph.clone(),
        live,
    };
    let databases: Vec<String> = planned
        .live
        .resources
        .iter()
        .filter(|r| r.kind == crate::graph::Kind::DbInstance)
        .map(|r| r.name.clone())
        .collect();
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let code = execute(
        session,
        planned,
        run,
        DeleteOptions { delete_protected },
        Readiness::Edges,
        interrupts,
    )
    .await?;
    report_final_snapshots(session, &databases, since, run.json).await?;
    Ok(code)
}

/// Names the final snapshots the destroy kept: they outlive the stack (and
/// cost storage) until someone deletes them.
async fn report_final_snapshots(session: &Session, databases: &[String], since: u64, json: bool) -> Result<(), CommandError> {
    let view = RunView::new(json, Instant::now());
    for db in databases {
        for snapshot in aws::final_snapshots(&session.aws, db, since).await? {
            view.final_snapshot(db, &snapshot);
        }
    }
    Ok(())
}
