//! The commands: each wires the core stages and the renderers together.

mod graph;
mod init;
mod validate;

use std::path::PathBuf;

use crate::cli::{Cli, Command};
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
}

/// Runs a command; `Ok` carries the exit code (plan's `--detailed-exitcode`
/// makes 2 a success too).
pub fn run(cli: Cli) -> Result<u8, CommandError> {
    match cli.command {
        Command::Validate { file, json } => validate::run(&file.file, json),
        Command::Graph { file, format } => graph::run(&file.file, format),
        Command::Init { dir } => init::run(&dir),
        Command::Schema => {
            let schema = crate::stack::json_schema();
            println!("{}", serde_json::to_string_pretty(&schema).expect("schema serialises"));
            Ok(0)
        }
    }
}

/// Logs go to stderr, off unless `-v` or `STACKCTL_LOG` asks for them.
pub fn init_logging(verbose: u8) {
    use tracing_subscriber::EnvFilter;
    let default = match verbose {
        0 => "off",
        1 => "stackctl=info",
        2 => "stackctl=debug",
        _ => "debug",
    };
    let filter = EnvFilter::try_from_env("STACKCTL_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
