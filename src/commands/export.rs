//! `stackctl export terraform [DIR]`: offline, from the expanded graph.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::CommandError;
use crate::graph::{self, ExpandContext};
use crate::render;
use crate::stack;

#[derive(Debug, Subcommand)]
pub enum ExportTarget {
    /// Write the stack as a Terraform configuration (hashicorp/aws 5.x) into DIR.
    #[command(
        after_help = "Examples:\n  stackctl export terraform infra/tf\n  cd infra/tf && terraform init && terraform plan\n\nOne .tf file per component, terraform.tf, variables.tf (stack, region, zones, tags) and outputs.tf. Resources carry stackctl's ownership tags, so `stackctl plan` recognises what Terraform made. No AWS call is made. A directory that is not empty is refused without --force."
    )]
    Terraform {
        /// Directory to write into (created if missing).
        #[arg(default_value = "terraform")]
        dir: PathBuf,
        /// Write into a directory that is not empty (files of the same name are replaced).
        #[arg(long)]
        force: bool,
    },
}

pub fn run(file: &Path, target: ExportTarget) -> Result<u8, CommandError> {
    match target {
        ExportTarget::Terraform { dir, force } => terraform(file, &dir, force),
    }
}

fn terraform(file: &Path, dir: &Path, force: bool) -> Result<u8, CommandError> {
    let loaded = stack::load_file(file)?;
    render::print_warnings(&loaded);
    let g = graph::expand(&loaded.stack, &ExpandContext::default());
    let files = crate::export::terraform::export(&loaded.stack, &g);
    if !force && !is_empty_or_missing(dir)? {
        return Err(CommandError::NotEmpty(dir.to_path_buf()));
    }
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CommandError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_err(dir))?;
    for (name, text) in &files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(write_err(&path))?;
    }
    crate::outln!("{}", crate::render::notices::terraform_written(dir, &files));
    Ok(0)
}

fn is_empty_or_missing(dir: &Path) -> Result<bool, CommandError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(source) => Err(CommandError::Read {
            path: dir.to_path_buf(),
            source,
        }),
    }
}
