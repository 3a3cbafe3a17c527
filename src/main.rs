//! stackctl's entry point: parse the command line, run, report, exit.
//!
//! Exit codes: 0 success, 1 any error (usage errors included), 2 only for
//! `plan --detailed-exitcode` with changes. clap's own `Error::exit` uses 2 for
//! a usage error, which a pipeline would read as "the plan has changes".

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match stackctl::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage(&err),
    };
    stackctl::commands::init_logging(cli.verbose);
    match stackctl::commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            stackctl::render::report_error(&err);
            ExitCode::from(1)
        }
    }
}

/// `--help` and `--version` (clap reports them as errors written to stdout)
/// exit 0; a real usage error exits 1.
fn usage(err: &clap::Error) -> ExitCode {
    // A closed stdout (`stackctl --help | head -1`) is not worth a message.
    let _ = err.print();
    if err.use_stderr() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
