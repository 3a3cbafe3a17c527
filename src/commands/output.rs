//! `stackctl output [NAME] [--raw] [--json]`: the stack's outputs read from AWS.

use std::path::Path;

use super::CommandError;
use super::session::Session;
use crate::cli::AwsArgs;
use crate::render::notices::{OutputStyle, one_output};

pub struct OutputArgs<'a> {
    /// One output, `<logical id>.<attribute>`.
    pub name: Option<&'a str>,
    pub raw: bool,
    pub json: bool,
}

pub async fn run(file: &Path, aws: &AwsArgs, args: OutputArgs<'_>) -> Result<u8, CommandError> {
    let session = Session::open(file, aws).await?;
    let live = crate::aws::discover(&session.aws, &session.graph, false).await?;
    // A script that reads an endpoint must not mistake "nothing there" for an
    // empty value: a stack with no resource in AWS is an error, not silence.
    if live.resources.is_empty() {
        return Err(CommandError::NoStack {
            stack: session.loaded.stack.stack.value.clone(),
            region: session.aws.region.clone(),
        });
    }
    let outputs = crate::render::outputs::collect(&live.resources);
    match args.name {
        Some(name) => {
            let value = outputs.get(name).ok_or_else(|| CommandError::NoOutput {
                name: name.to_string(),
                known: outputs.keys().cloned().collect(),
            })?;
            let style = if args.json {
                OutputStyle::Json
            } else if args.raw {
                OutputStyle::Raw
            } else {
                OutputStyle::Assignment
            };
            crate::outln!("{}", one_output(name, value, style));
        }
        None if args.json => {
            crate::outln!("{}", serde_json::to_string_pretty(&outputs).expect("outputs serialise"));
        }
        None => crate::out!("{}", crate::render::outputs::render(&outputs)),
    }
    Ok(0)
}
