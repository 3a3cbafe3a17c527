//! The command line: clap definitions only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "stackctl",
    version,
    about = "Declarative AWS web stacks: one stack.yaml, validated offline, planned against live AWS, applied in dependency order",
    after_help = "Examples:\n  stackctl init                 write a starter stack.yaml\n  stackctl validate             check ./stack.yaml offline\n  stackctl plan                 show what apply would change\n  stackctl apply --auto-approve apply it (CI)\n\nLogs: -v, or STACKCTL_LOG=debug. Colour: off when NO_COLOR is set or output is not a terminal."
)]
pub struct Cli {
    /// More logging on stderr (-v info, -vv debug). STACKCTL_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct FileArg {
    /// The stack file.
    #[arg(short = 'f', long = "file", value_name = "PATH", default_value = "stack.yaml")]
    pub file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a stack file offline: types, AWS naming rules, references, sizes.
    #[command(after_help = "Example:\n  stackctl validate -f examples/minimal.yaml\n\nExit codes: 0 valid (warnings are printed), 1 invalid. No AWS call is made.")]
    Validate {
        #[command(flatten)]
        file: FileArg,
        /// Print the diagnostics as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the resource graph: one node per AWS resource, with its edges.
    #[command(after_help = "Examples:\n  stackctl graph --format dot | dot -Tsvg > stack.svg\n  stackctl graph --format json | jq '.nodes[].id'\n\nEdges point from a resource to what it needs: `exists` (its id is enough) or `ready` (AWS refuses the dependent until the parent is ready).")]
    Graph {
        #[command(flatten)]
        file: FileArg,
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },
    /// Write a starter stack.yaml (the seed architecture) into DIR.
    #[command(after_help = "Example:\n  stackctl init infra/   # writes infra/stack.yaml\n\nAn existing stack.yaml is never overwritten.")]
    Init {
        /// Directory to write stack.yaml into (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print the JSON Schema of the stack file, for editor completion.
    #[command(after_help = "Example (VS Code YAML extension):\n  stackctl schema > stack.schema.json\n  # then, first line of stack.yaml:\n  # yaml-language-server: $schema=./stack.schema.json")]
    Schema,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Json,
}
