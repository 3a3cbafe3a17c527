//! The stack file: its typed model, loading with source positions, validation
//! and the deterministic AWS names derived from it.

pub mod diagnostic;
pub mod layout;
pub mod load;
pub mod model;
pub mod names;
pub mod pos;
pub mod regions;
pub mod rules;
pub mod validate;

pub use diagnostic::{Diagnostic, Severity};
pub use load::{LoadedStack, StackError, load_file, load_str};
pub use model::Stack;
pub use pos::{Pos, Span};

/// The JSON Schema of the stack file, for editors' YAML completion.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Stack)).expect("a schema is plain JSON")
}

#[cfg(test)]
mod corpus_tests;
