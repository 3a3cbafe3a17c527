use std::path::Path;

use super::CommandError;
use crate::render;
use crate::stack::{self, StackError};

pub fn run(file: &Path, json: bool) -> Result<u8, CommandError> {
    match stack::load_file(file) {
        Ok(loaded) => {
            if json {
                let out = serde_json::json!({ "valid": true, "path": loaded.path, "diagnostics": loaded.warnings });
                crate::outln!("{out}");
            } else {
                render::print_warnings(&loaded);
                let graph = crate::graph::expand(&loaded.stack, &Default::default());
                crate::outln!(
                    "{}: valid: stack `{}`, {} resources",
                    loaded.path,
                    loaded.stack.stack.value,
                    graph.len()
                );
            }
            Ok(0)
        }
        Err(StackError::Invalid { path, diagnostics, .. }) if json => {
            let out = serde_json::json!({ "valid": false, "path": path, "diagnostics": diagnostics });
            crate::outln!("{out}");
            Ok(1)
        }
        Err(e) => Err(e.into()),
    }
}
