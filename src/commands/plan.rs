use std::path::Path;

use super::CommandError;
use super::session::Session;
use crate::cli::AwsArgs;
use crate::plan::PlannedApply;
use crate::plan::file::PlanFile;
use crate::render;

pub struct PlanArgs<'a> {
    pub file: &'a Path,
    pub aws: &'a AwsArgs,
    pub json: bool,
    pub detailed_exitcode: bool,
    pub out: Option<&'a Path>,
    pub refresh: bool,
}

pub async fn run(args: PlanArgs<'_>) -> Result<u8, CommandError> {
    let session = Session::open(args.file, args.aws).await?;
    let PlannedApply { plan, graph, live } = session.plan(args.refresh).await?;
    if args.json {
        crate::outln!(
            "{}",
            serde_json::to_string_pretty(&render::plan::to_json(&plan)).expect("plan serialises")
        );
    } else {
        crate::out!(
            "{}",
            render::plan::render(
                &plan,
                &render::plan::Style {
                    color: render::stdout_color()
                }
            )
        );
    }
    if let Some(out) = args.out {
        let file = PlanFile::new(plan.clone(), graph, &live);
        std::fs::write(out, file.to_json()).map_err(|source| CommandError::Write {
            path: out.to_path_buf(),
            source,
        })?;
        if !args.json {
            crate::outln!(
                "\nSaved the plan to {}. Apply exactly this plan with: stackctl apply {}",
                out.display(),
                out.display()
            );
        }
    }
    if !plan.conflicts.is_empty() {
        return Err(CommandError::Conflicts(plan.conflicts.len()));
    }
    Ok(if args.detailed_exitcode && plan.has_changes() { 2 } else { 0 })
}
