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
    /// The stack file (before or after the command).
    #[arg(short = 'f', long = "file", value_name = "PATH", default_value = "stack.yaml", global = true)]
    pub file: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

/// How to reach AWS. Credentials come from the standard chain: environment,
/// shared config and credentials files, SSO, instance and container roles.
#[derive(Debug, Args, Clone, Default)]
pub struct AwsArgs {
    /// Override the stack file's region.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Named profile from ~/.aws/config.
    #[arg(long, value_name = "NAME", env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// Send every AWS call here (moto, LocalStack). AWS_ENDPOINT_URL does the same.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
}

#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    /// How many AWS operations run at once.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub parallelism: u16,
    /// Longest one resource may take, waits included (e.g. 90s, 45m, 2h).
    #[arg(long, default_value = "45m", value_parser = parse_duration)]
    pub timeout: std::time::Duration,
    /// Do not ask for confirmation (for CI).
    #[arg(long)]
    pub auto_approve: bool,
    /// Stream progress as JSON Lines on stdout: the plan, one line per event
    /// (started, waiting, done, failed, with elapsed time), then the summary.
    /// Needs --auto-approve (or a saved plan): there is no prompt in JSON.
    #[arg(long)]
    pub json: bool,
    /// After SIGINT, SIGTERM or SIGHUP: how long running operations may take to
    /// finish before stackctl stops without them (a second signal stops at once).
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub grace_period: std::time::Duration,
}

/// `90s`, `45m`, `2h`, or plain seconds.
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{s}` is not a duration such as 90s, 45m or 2h"))?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => return Err(format!("`{s}` is not a duration such as 90s, 45m or 2h")),
    };
    Ok(std::time::Duration::from_secs(secs))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a stack file offline: types, AWS naming rules, references, sizes.
    #[command(
        after_help = "Example:\n  stackctl validate -f examples/minimal.yaml\n\nExit codes: 0 valid (warnings are printed), 1 invalid. No AWS call is made."
    )]
    Validate {
        /// Print the diagnostics as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the resource graph: one node per AWS resource, with its edges.
    #[command(
        after_help = "Examples:\n  stackctl graph --format dot | dot -Tsvg > stack.svg\n  stackctl graph --format json | jq '.nodes[].id'\n  stackctl graph --format html > graph.html\n\nEdges point from a resource to what it needs: `exists` (its id is enough) or `ready` (AWS refuses the dependent until the parent is ready)."
    )]
    Graph {
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },
    /// Write the stack in another tool's format (offline): `export terraform DIR`.
    Export {
        #[command(subcommand)]
        target: crate::commands::export::ExportTarget,
    },
    /// Adopt existing resources: `import ID AWS_ID`, `import --all-conflicts`.
    Import(crate::commands::import::ImportArgs),
    /// Write a starter stack.yaml (the seed architecture) into DIR.
    #[command(after_help = "Example:\n  stackctl init infra/   # writes infra/stack.yaml\n\nAn existing stack.yaml is never overwritten.")]
    Init {
        /// Directory to write stack.yaml into (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Show what apply would change in AWS, without changing anything.
    #[command(
        after_help = "Examples:\n  stackctl plan\n  stackctl plan --out plan.json && stackctl apply plan.json\n  stackctl plan --detailed-exitcode   # CI: 0 no changes, 1 error, 2 changes\n  stackctl plan --refresh             # read every setting, report drift\n  stackctl plan --markdown plan.md    # also a pull-request comment\n  stackctl plan --html plan.html      # also a page for the browser\n\nAgainst a local emulator: AWS_ENDPOINT_URL=http://127.0.0.1:5000 stackctl plan"
    )]
    Plan {
        #[command(flatten)]
        aws: AwsArgs,
        /// Print the plan as JSON.
        #[arg(long)]
        json: bool,
        /// Exit 2 when there are changes, 0 when there are none, 1 on errors.
        #[arg(long)]
        detailed_exitcode: bool,
        /// Save the plan, for `stackctl apply FILE`.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Also write the plan as a pull-request comment (Markdown) to FILE;
        /// `-` prints it instead of the text plan.
        #[arg(long, value_name = "FILE", conflicts_with = "json")]
        markdown: Option<PathBuf>,
        /// Also write the plan as one self-contained HTML page to FILE: the
        /// summary, the resource graph coloured by action, each diff on click.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Read every setting from AWS instead of trusting the stackctl:hash
        /// tags, and report changes made outside stackctl (drift).
        #[arg(long)]
        refresh: bool,
    },
    /// Make AWS match the stack file (or apply a saved plan exactly).
    #[command(
        after_help = "Examples:\n  stackctl apply                    # plan, confirm, apply\n  stackctl apply --auto-approve     # CI\n  stackctl apply plan.json          # exactly a saved plan; refused if AWS changed since\n\nExit codes: 0 applied (or nothing to do), 1 error or a failed resource."
    )]
    Apply {
        #[command(flatten)]
        aws: AwsArgs,
        #[command(flatten)]
        run: RunArgs,
        /// A plan saved with `plan --out`.
        #[arg(value_name = "PLAN_FILE")]
        plan_file: Option<PathBuf>,
        /// Return once AWS accepted every change, without waiting until node
        /// groups, databases, caches, NAT gateways, load balancers and
        /// distributions are usable (the summary lists what still converges).
        #[arg(long)]
        no_wait: bool,
    },
    /// Delete every resource of the stack, in reverse dependency order.
    #[command(
        after_help = "Example:\n  stackctl destroy                   # asks you to type the stack name\n  stackctl destroy --auto-approve    # CI"
    )]
    Destroy {
        #[command(flatten)]
        aws: AwsArgs,
        #[command(flatten)]
        run: RunArgs,
        /// Also delete resources with deletion protection (turning it off first).
        #[arg(long)]
        delete_protected: bool,
    },
    /// Remove the stack's lock left by an apply or destroy that was killed.
    #[command(
        after_help = "Example:\n  stackctl unlock -f stack.yaml\n\nOnly when no apply or destroy of the stack is running: the lock is what stops two at once."
    )]
    Unlock {
        #[command(flatten)]
        aws: AwsArgs,
    },
    /// Print the stack's outputs: endpoints, URLs and names read from AWS.
    #[command(
        after_help = "Examples:\n  stackctl output\n  stackctl output edge/load-balancer.dns_name --raw   # one value, for a script\n  stackctl output --json | jq -r '.[\"edge/load-balancer.dns_name\"]'\n\nExit codes: 0 printed, 1 the stack does not exist in AWS or has no output NAME."
    )]
    Output {
        #[command(flatten)]
        aws: AwsArgs,
        /// One output, `<logical id>.<attribute>` as `stackctl output` lists them.
        #[arg(value_name = "NAME")]
        name: Option<String>,
        /// With NAME: the bare value, no quotes and no label.
        #[arg(long, requires = "name")]
        raw: bool,
        /// Print them as a JSON object (with NAME: the value as JSON).
        #[arg(long, conflicts_with = "raw")]
        json: bool,
    },
    /// Write the stack's CloudWatch dashboard as a Grafana dashboard (offline
    /// unless --from-live).
    #[command(
        after_help = "Examples:\n  stackctl dashboard --grafana --out grafana.json               # offline: names filled\n  stackctl dashboard --grafana --from-live --out grafana.json   # ids read from AWS too"
    )]
    Dashboard {
        /// Grafana dashboard JSON, CloudWatch data source (the only format).
        #[arg(long, required = true)]
        grafana: bool,
        /// Fill the variables the stack file cannot determine (the ALB's ARN
        /// suffix, the distribution id) from the stack as it is in AWS.
        #[arg(long)]
        from_live: bool,
        #[command(flatten)]
        aws: AwsArgs,
        /// Write to FILE instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print the JSON Schema of the stack file, for editor completion.
    #[command(
        after_help = "Example (VS Code YAML extension):\n  stackctl schema > stack.schema.json\n  # then, first line of stack.yaml:\n  # yaml-language-server: $schema=./stack.schema.json"
    )]
    Schema {
        /// The JSON Schema of `plan --json` instead (the contract CI tools read).
        #[arg(long)]
        plan: bool,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  stackctl completions bash > ~/.local/share/bash-completion/completions/stackctl\n  stackctl completions zsh > \"${fpath[1]}/_stackctl\"\n  stackctl completions fish > ~/.config/fish/completions/stackctl.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into DIR.
    #[command(after_help = "Examples:\n  stackctl man | man -l -\n  stackctl man --out /usr/local/share/man/man1")]
    Man {
        /// Write stackctl.1 and stackctl-<command>.1 into this directory.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Json,
    // One self-contained page: the layered graph as SVG, offline.
    Html,
}
