use std::path::Path;

use super::CommandError;
use crate::cli::GraphFormat;
use crate::graph::{self, ExpandContext};
use crate::render;
use crate::stack;

pub fn run(file: &Path, format: GraphFormat) -> Result<u8, CommandError> {
    let loaded = stack::load_file(file)?;
    render::print_warnings(&loaded);
    let g = graph::expand(&loaded.stack, &ExpandContext::default());
    let text = match format {
        GraphFormat::Dot => graph::to_dot(&g),
        GraphFormat::Mermaid => graph::to_mermaid(&g),
        GraphFormat::Html => render::html::graph_page(&g, &loaded.stack.stack.value, &loaded.stack.region.value),
        GraphFormat::Json => serde_json::to_string_pretty(&graph::to_json(&g)).expect("graph serialises") + "\n",
    };
    crate::out!("{text}");
    Ok(0)
}
