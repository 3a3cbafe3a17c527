//! Everything users read: diagnostics, plans, progress, errors. The core returns
//! data; only this module (and the commands calling it) prints.

pub mod diagnostics;
pub mod events_json;
pub mod html;
pub mod import;
pub mod markdown;
pub mod notices;
pub mod out;
pub mod outputs;
pub mod plan;
pub mod plan_json;
pub mod progress;
pub mod run_view;
#[cfg(test)]
mod seed_edit_tests;
pub mod structured;
pub mod summary;
pub mod views;

use std::io::IsTerminal;

use crate::commands::CommandError;
use crate::stack::{LoadedStack, StackError};

/// Colour on stdout only for a terminal, and never with NO_COLOR set.
pub fn stdout_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

/// Colour on stderr only for a terminal, and never with NO_COLOR set.
pub fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

pub fn print_warnings(loaded: &LoadedStack) {
    if !loaded.warnings.is_empty() {
        eprint!(
            "{}",
            diagnostics::render(&loaded.path, &loaded.source, &loaded.warnings, stderr_color())
        );
    }
}

/// The one place errors are reported, on stderr.
pub fn report_error(err: &CommandError) {
    match err {
        CommandError::Stack(StackError::Invalid {
            path,
            source_text,
            diagnostics: ds,
        }) => {
            eprint!("{}", diagnostics::render(path, source_text, ds, stderr_color()));
            let errors = ds.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "{path}: {errors} error{} found; nothing was sent to AWS",
                if errors == 1 { "" } else { "s" }
            );
        }
        other => {
            eprintln!("error: {other}");
            let mut source = std::error::Error::source(other);
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
        }
    }
}
