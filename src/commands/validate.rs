use std::path::Path;

use super::CommandError;
use crate::render::views::ValidateView;
use crate::stack::{self, StackError};

pub fn run(file: &Path, json: bool) -> Result<u8, CommandError> {
    let view = ValidateView { json };
    match stack::load_file(file) {
        Ok(loaded) => {
            view.valid(&loaded, || crate::graph::expand(&loaded.stack, &Default::default()).len());
            Ok(0)
        }
        Err(StackError::Invalid { path, diagnostics, .. }) if json => {
            ValidateView::invalid_json(&path, &diagnostics);
            Ok(1)
        }
        Err(e) => Err(e.into()),
    }
}
