//! `stackctl import`: adopt resources that exist without this stack's tags by
//! adding its ownership tags; nothing else changes. The checks and the AWS
//! calls are in `plan::import` and `aws::adopt`.

use std::path::Path;

use super::CommandError;
use super::session::Session;
use crate::apply::{Provider, Request};
use crate::aws::adopt;
use crate::cli::AwsArgs;
use crate::graph::{NodeId, Ref, Value, tag};
use crate::plan::{Conflict, PlannedApply, ResourceChange, hash::settings_hash, resolve_props};
use crate::render;
use crate::render::views::ImportView;

#[derive(Debug, clap::Args)]
#[command(
    group(clap::ArgGroup::new("what").required(true).args(["id", "all_conflicts"])),
    after_help = "Examples:\n  stackctl import queues/orders https://sqs.us-east-1.amazonaws.com/123456789012/shop-orders\n  stackctl import network/vpc vpc-0abc123\n  stackctl import --all-conflicts --auto-approve   # every conflict the plan lists (CI)\n\n`stackctl plan` prints the command for each conflict. Import adds the ownership tags\n(stackctl:stack, stackctl:id) and changes nothing else; the next plan shows the settings\nthat differ from the stack file, and apply brings them to it."
)]
pub struct ImportArgs {
    #[command(flatten)]
    pub aws: AwsArgs,
    /// The logical id the stack gives the resource (`queues/orders`).
    #[arg(requires = "aws_id")]
    pub id: Option<String>,
    /// The resource's AWS id or ARN (`vpc-0abc`, a queue URL, a bucket or role name, an ARN).
    pub aws_id: Option<String>,
    /// Import every conflict the plan lists, each with the AWS id it names.
    #[arg(long, conflicts_with = "id")]
    pub all_conflicts: bool,
    /// Do not ask for confirmation (for CI).
    #[arg(long)]
    pub auto_approve: bool,
}

pub async fn run(file: &Path, args: &ImportArgs) -> Result<u8, CommandError> {
    let session = Session::open(file, &args.aws).await?;
    let planned = session.plan(false).await?;
    let wanted: Vec<(NodeId, String)> = match (&args.id, &args.aws_id) {
        (Some(id), Some(aws_id)) => vec![(NodeId::new(id.clone()), aws_id.clone())],
        _ => planned
            .plan
            .conflicts
            .iter()
            .filter_map(|c| Some((c.id.clone(), c.aws_id.clone()?)))
            .collect(),
    };
    let mut adoptees = Vec::new();
    for (id, aws_id) in &wanted {
        adoptees.push(adopt::prepare(&session.aws, &planned, id, aws_id).await??);
    }
    // Resources already the stack's whose settings match the file but carry no
    // settings hash (another tool made them with the ownership tags).
    let hash_only: Vec<ResourceChange> = if args.all_conflicts {
        planned
            .plan
            .resources
            .iter()
            .filter(|r| render::import::only_hash(r))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let mut untaggable = String::new();
    // Conflicts without an import command (another stack's resource, another
    // account's bucket): listed with why, never skipped silently.
    let left: Vec<&Conflict> = planned.plan.conflicts.iter().filter(|c| c.aws_id.is_none()).collect();
    if args.all_conflicts {
        render::import::untaggable(&planned.plan, &mut untaggable);
        untaggable.push_str(&render::import::not_importable(&left));
    }
    let left = if args.all_conflicts { left.len() } else { 0 };
    let view = ImportView::default();
    if adoptees.is_empty() && hash_only.is_empty() {
        view.nothing(left > 0, &untaggable);
        return if left > 0 { Err(CommandError::NotImportable(left)) } else { Ok(0) };
    }
    view.proposal(&adoptees, &hash_only, &untaggable);
    if !args.auto_approve {
        super::apply::confirm("Import? Only 'yes' will be accepted: ".into(), "yes", false).await?;
    }
    for a in &adoptees {
        adopt::add_tags(&session.aws, &a.live, &a.tags).await?;
    }
    record_hashes(&session, &planned, &hash_only).await?;
    view.imported(adoptees.len() + hash_only.len());
    if left > 0 {
        return Err(CommandError::NotImportable(left));
    }
    Ok(0)
}

/// Writes the settings hash of resources whose settings match the file, with
/// the hash-only update apply itself would make.
async fn record_hashes(session: &Session, planned: &PlannedApply, changes: &[ResourceChange]) -> Result<(), CommandError> {
    let by_id = planned.live.by_id();
    let lookup = |r: &Ref| -> Option<Value> { by_id.get(&r.node).and_then(|l| l.attrs.get(&r.attr).cloned()) };
    for change in changes {
        let (Some(node), Some(live)) = (planned.graph.get(&change.id), by_id.get(&change.id)) else {
            continue;
        };
        let (props, _) = resolve_props(node, &lookup);
        let mut tags = node.tags.clone();
        tags.insert(tag::HASH.to_string(), settings_hash(&props, &node.ignore_changes));
        let mut resolved = node.clone();
        resolved.props = props;
        let req = Request { node: resolved, tags };
        session.aws.update(&req, live, &change.changes).await?;
    }
    Ok(())
}
