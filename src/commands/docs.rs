//! Shell completions and man pages, generated from the clap definitions so
//! they never disagree with `--help`.

use std::path::Path;

use clap::CommandFactory;

use super::CommandError;
use crate::cli::Cli;

pub fn completions(shell: clap_complete::Shell) -> Result<u8, CommandError> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "stackctl", &mut script);
    crate::out!("{}", String::from_utf8_lossy(&script));
    Ok(0)
}

/// `stackctl man` prints the main page; `--out DIR` writes it and one page per
/// command (`stackctl-plan.1`, ...), as packagers install them.
pub fn man(out: Option<&Path>) -> Result<u8, CommandError> {
    let command = Cli::command();
    let Some(dir) = out else {
        crate::out!("{}", String::from_utf8_lossy(&page(&command, "stackctl")));
        return Ok(0);
    };
    std::fs::create_dir_all(dir).map_err(|source| CommandError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = vec![write_page(dir, "stackctl", &command)?];
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        written.push(write_page(dir, &format!("stackctl-{}", sub.get_name()), sub)?);
    }
    crate::outln!("{}", crate::render::notices::man_pages_written(written.len(), dir));
    Ok(0)
}

/// The page of `command`, titled `title` (`stackctl-plan` for a command's own page).
fn page(command: &clap::Command, title: &str) -> Vec<u8> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(command.clone())
        .title(title.to_uppercase())
        .render(&mut roff)
        .expect("rendering into memory cannot fail");
    roff
}

fn write_page(dir: &Path, title: &str, command: &clap::Command) -> Result<String, CommandError> {
    let file = format!("{title}.1");
    let path = dir.join(&file);
    std::fs::write(&path, page(command, title)).map_err(|source| CommandError::Write { path, source })?;
    Ok(file)
}
