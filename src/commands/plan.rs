use std::path::Path;

use super::CommandError;
use super::session::Session;
use crate::cli::AwsArgs;
use crate::plan::PlannedApply;
use crate::plan::file::PlanFile;
use crate::render;
use crate::render::views::PlanView;

pub struct PlanArgs<'a> {
    pub file: &'a Path,
    pub aws: &'a AwsArgs,
    pub json: bool,
    pub detailed_exitcode: bool,
    pub out: Option<&'a Path>,
    /// Where to write the Markdown comment; `-` is stdout.
    pub markdown: Option<&'a Path>,
    /// Where to write the page for the browser.
    pub html: Option<&'a Path>,
    pub refresh: bool,
}

pub async fn run(args: PlanArgs<'_>) -> Result<u8, CommandError> {
    let session = Session::open(args.file, args.aws).await?;
    let PlannedApply { plan, graph, live } = session.plan(args.refresh).await?;
    let comment_on_stdout = args.markdown.is_some_and(|path| path == Path::new("-"));
    if let Some(path) = args.markdown {
        let comment = render::markdown::render(&plan, render::markdown::COMMENT_LIMIT);
        if comment_on_stdout {
            PlanView::comment(&comment);
        } else {
            write(path, &comment)?;
        }
    }
    if let Some(path) = args.html {
        write(path, &render::html::plan_page(&plan, &session.graph))?;
    }
    let view = PlanView::new(args.json);
    // With the comment on stdout, the comment is the output.
    if !comment_on_stdout {
        view.plan(&plan);
    }
    if let Some(out) = args.out {
        let file = PlanFile::new(plan.clone(), graph, &live);
        write(out, &file.to_json())?;
        if !comment_on_stdout {
            view.saved(out);
        }
    }
    if !plan.conflicts.is_empty() {
        return Err(CommandError::Conflicts(plan.conflicts.len()));
    }
    Ok(if args.detailed_exitcode && plan.has_changes() { 2 } else { 0 })
}

fn write(path: &Path, text: &str) -> Result<(), CommandError> {
    std::fs::write(path, text).map_err(|source| CommandError::Write {
        path: path.to_path_buf(),
        source,
    })
}
