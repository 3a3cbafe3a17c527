//! stackctl's entry point: parse the command line, run, report, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = stackctl::cli::Cli::parse();
    stackctl::commands::init_logging(cli.verbose);
    match stackctl::commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            stackctl::render::report_error(&err);
            ExitCode::from(1)
        }
    }
}
