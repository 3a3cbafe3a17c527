//! The commands: each wires the core stages and the renderers together.

mod apply;
mod certificates;
mod dashboard;
mod docs;
pub mod export;
mod graph;
pub mod import;
mod init;
mod output;
mod plan;
mod session;
mod signals;
mod validate;

use std::path::PathBuf;

use crate::apply::ProviderError;
use crate::apply::steps::Readiness;
use crate::cli::{Cli, Command};
use crate::lock::LockError;
use crate::plan::file::PlanFileError;
use crate::stack::StackError;

/// Everything a command can fail with; `render::report_error` shows each.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Stack(#[from] StackError),
    #[error("{} already exists; stackctl init never overwrites a stack file", .0.display())]
    AlreadyExists(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not empty; pass --force to write the export into it (files of the same name are replaced)", .0.display())]
    NotEmpty(PathBuf),
    #[error(transparent)]
    Aws(#[from] ProviderError),
    #[error("{at}: {source}")]
    Zones {
        at: String,
        #[source]
        source: crate::graph::ZoneShortage,
    },
    #[error("{at}: {problem}; {help}")]
    /// The stack asks for what AWS would refuse, found at plan time: where, what, what to do.
    Refused { at: String, problem: String, help: String },
    #[error(transparent)]
    Connect(#[from] crate::aws::ConnectError),
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error("{}: {source}", path.display())]
    PlanFile {
        path: PathBuf,
        #[source]
        source: PlanFileError,
    },
    #[error("{} is a plan of stack `{plan_stack}`, not of `{stack}`", path.display())]
    WrongPlan { path: PathBuf, plan_stack: String, stack: String },
    #[error("the saved plan is stale: AWS changed since it was made, so it is not applied:\n  {}\nMake a new plan.", .0.join("\n  "))]
    StalePlan(Vec<String>),
    #[error("{0} resource name(s) are taken by resources this stack does not own (see Conflicts above); nothing was changed")]
    Conflicts(usize),
    #[error("refusing to ask for confirmation: stdin is not a terminal; pass --auto-approve to apply without asking")]
    NotATerminal,
    #[error(
        "refusing to ask for confirmation with --json (the answer would be read from a JSON stream); pass --auto-approve, or apply a saved plan"
    )]
    JsonNeedsAutoApprove,
    #[error("not confirmed; nothing was changed")]
    Aborted,
    #[error("{failed} resource operation(s) failed{}", if *.cancelled > 0 { format!(", {} not started", .cancelled) } else { String::new() })]
    ApplyFailed { failed: usize, cancelled: usize },
    #[error("deletion protection is on for {}; nothing was deleted. Turn it off in the stack file and apply, or pass --delete-protected to let destroy turn it off and delete", .0.join(", "))]
    Protected(Vec<String>),
    #[error("{signal} received before any change; nothing was changed")]
    InterruptedBeforeChanges { signal: &'static str },
    #[error("stopped by {signal}{}; run `stackctl plan` to see where the stack stands", if *.running > 0 { format!(" with {} operation(s) still running (AWS may complete them)", .running) } else { String::new() })]
    Interrupted { signal: &'static str, running: usize },
    #[error("--region {message}; {help}")]
    UnknownRegion { message: String, help: String },
    #[error("stack `{stack}` has no resources in {region}: apply it first, or check --region and the credentials' account")]
    NoStack { stack: String, region: String },
    #[error("no output `{name}`; the stack's outputs are: {}", if known.is_empty() { "none".to_string() } else { known.join(", ") })]
    NoOutput { name: String, known: Vec<String> },
    #[error("{0} conflict(s) cannot be imported (listed above, each with what to do); apply refuses until they are resolved")]
    NotImportable(usize),
    #[error("import refused, nothing was changed: {0}")]
    Import(crate::plan::import::ImportError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

// Not `#[from]`: that would make the refusal its own cause, shown twice.
impl From<crate::plan::import::ImportError> for CommandError {
    fn from(e: crate::plan::import::ImportError) -> Self {
        CommandError::Import(e)
    }
}

/// Runs a command; `Ok` carries the exit code (plan's `--detailed-exitcode`
/// makes 2 a success too).
pub fn run(cli: Cli) -> Result<u8, CommandError> {
    let file = cli.file;
    match cli.command {
        Command::Validate { json } => validate::run(&file, json),
        Command::Graph { format } => graph::run(&file, format),
        Command::Init { dir } => init::run(&dir),
        Command::Export { target } => export::run(&file, target),
        Command::Schema { plan } => {
            let schema = if plan {
                crate::render::plan_json::schema()
            } else {
                crate::stack::json_schema()
            };
            crate::outln!("{}", serde_json::to_string_pretty(&schema).expect("schema serialises"));
            Ok(0)
        }
        Command::Completions { shell } => docs::completions(shell),
        Command::Man { out } => docs::man(out.as_deref()),
        Command::Plan {
            aws,
            json,
            detailed_exitcode,
            out,
            markdown,
            html,
            refresh,
        } => block_on(plan::run(plan::PlanArgs {
            file: &file,
            aws: &aws,
            json,
            detailed_exitcode,
            out: out.as_deref(),
            markdown: markdown.as_deref(),
            html: html.as_deref(),
            refresh,
        })),
        Command::Apply {
            aws,
            run,
            plan_file,
            no_wait,
        } => block_on(apply::apply(
            &file,
            &aws,
            &run,
            apply::ApplyArgs {
                plan_file: plan_file.as_deref(),
                readiness: if no_wait { Readiness::Edges } else { Readiness::Everything },
            },
        )),
        Command::Destroy {
            aws,
            run,
            delete_protected,
        } => block_on(apply::destroy(&file, &aws, &run, delete_protected)),
        Command::Import(args) => block_on(import::run(&file, &args)),
        Command::Unlock { aws } => block_on(unlock(&file, &aws)),
        Command::Output { aws, name, raw, json } => block_on(output::run(
            &file,
            &aws,
            output::OutputArgs {
                name: name.as_deref(),
                raw,
                json,
            },
        )),
        Command::Dashboard {
            grafana: _,
            from_live,
            aws,
            out,
        } => block_on(dashboard::run(&file, out.as_deref(), from_live.then_some(&aws))),
    }
}

fn block_on<F: std::future::Future<Output = Result<u8, CommandError>>>(f: F) -> Result<u8, CommandError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CommandError::Runtime)?;
    let result = runtime.block_on(f);
    // A run stopped by a signal leaves calls (and a prompt's blocking read)
    // behind; they must not keep the process alive.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    result
}

async fn unlock(file: &std::path::Path, aws: &crate::cli::AwsArgs) -> Result<u8, CommandError> {
    let loaded = crate::stack::load_file(file)?;
    let stack = loaded.stack.stack.value.clone();
    let lock = match loaded.stack.backend.as_ref().and_then(|b| b.lock_bucket.as_ref()) {
        Some(_) => session::Session::open(file, aws).await?.lock(file),
        None => crate::lock::Lock::local(file, &stack),
    };
    let info = lock.force_release(&stack).await?;
    let since = crate::lock::utc(info.since_unix);
    crate::outln!(
        "{}",
        crate::render::notices::lock_removed(&stack, &info.holder, &info.command, &since)
    );
    Ok(0)
}

/// Logs go to stderr, off unless `-v` or `STACKCTL_LOG` asks for them: `-v`
/// stackctl's own steps (each AWS operation with its duration and outcome,
/// each retry), `-vv` the SDK's too. Colour only on a terminal.
pub fn init_logging(verbose: u8) {
    use tracing_subscriber::EnvFilter;
    let default = match verbose {
        0 => "off",
        1 => "stackctl=info",
        // The SDK's own logs, without the HTTP and TLS libraries' internals.
        2 => "debug,hyper=info,hyper_util=info,h2=info,rustls=info",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_env("STACKCTL_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(crate::render::stderr_color())
        .with_target(verbose >= 2)
        .try_init();
}
