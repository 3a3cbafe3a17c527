//! Reading a stack file: the only module that knows the YAML library.
//!
//! serde-saphyr gives us source positions (`Spanned<T>`) and budget limits
//! against hostile documents (deep nesting, alias bombs). Type errors stop at the
//! first one, as serde does; the semantic checks in `validate` then report every
//! problem of a well-typed file at once.

use std::path::Path;

use serde::{Deserialize, Deserializer};

use super::diagnostic::Diagnostic;
use super::model::Stack;
use super::pos::{Pos, Span};
use super::validate;

/// A stack file that loaded and validated, with its warnings.
#[derive(Debug, Clone)]
pub struct LoadedStack {
    /// The path as the user gave it, for messages.
    pub path: String,
    pub source: String,
    pub stack: Stack,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum StackError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {} error(s)", .diagnostics.iter().filter(|d| d.is_error()).count())]
    Invalid {
        path: String,
        source_text: String,
        /// Errors and warnings, in file order.
        diagnostics: Vec<Diagnostic>,
    },
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Pos<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let span = Span {
            line: u32::try_from(spanned.referenced.line()).unwrap_or(u32::MAX),
            column: u32::try_from(spanned.referenced.column()).unwrap_or(u32::MAX),
        };
        Ok(Pos::new(spanned.value, span))
    }
}

/// Reads, parses and validates the stack file at `path`.
pub fn load_file(path: &Path) -> Result<LoadedStack, StackError> {
    let shown = path.display().to_string();
    let source = std::fs::read_to_string(path).map_err(|source| StackError::Read {
        path: shown.clone(),
        source,
    })?;
    load_str(&shown, source)
}

/// Parses and validates stack file text; `path` is only used in messages.
pub fn load_str(path: &str, source: String) -> Result<LoadedStack, StackError> {
    let invalid = |source_text: String, diagnostics: Vec<Diagnostic>| StackError::Invalid {
        path: path.to_string(),
        source_text,
        diagnostics,
    };
    if is_blank(&source) {
        let d = Diagnostic::error(Span { line: 1, column: 1 }, "", "the stack file is empty")
            .help("start with `stack: <name>` and `region: <aws region>`, or run `stackctl init`");
        return Err(invalid(source, vec![d]));
    }
    let stack = match parse(&source) {
        Ok(stack) => stack,
        Err(d) => return Err(invalid(source, vec![d])),
    };
    let mut diagnostics = validate::validate(&stack);
    diagnostics.sort_by_key(|d| (d.span, d.severity));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(invalid(source, diagnostics));
    }
    Ok(LoadedStack {
        path: path.to_string(),
        source,
        stack,
        warnings: diagnostics,
    })
}

fn is_blank(source: &str) -> bool {
    source
        .lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---")
}

fn parse(source: &str) -> Result<Stack, Diagnostic> {
    let options = serde_saphyr::options! {
        // Deep nesting, alias bombs and oversized documents are refused by the
        // default budget; a stack file is small, so keep the default limits.
        with_snippet: false,
        // `yes`, `on` and friends are strings, not booleans (YAML 1.2).
        strict_booleans: true,
    };
    serde_saphyr::from_str_with_options::<Stack>(source, options).map_err(|e| {
        let span = e
            .location()
            .map(|l| Span {
                line: u32::try_from(l.line()).unwrap_or(u32::MAX),
                column: u32::try_from(l.column()).unwrap_or(u32::MAX),
            })
            .filter(|s| s.is_known())
            .unwrap_or(Span { line: 1, column: 1 });
        yaml_error_diagnostic(span, &e.without_snippet().to_string())
    })
}

/// What to write instead, by what serde-saphyr's message says: the first
/// entry with a phrase the message contains gives the help.
const HELP_BY_MESSAGE: &[(&[&str], &str)] = &[
    (
        &["unknown field"],
        "remove the key or correct its spelling; `stackctl schema` lists every key",
    ),
    (&["missing field"], "add the key; `stackctl init` writes a complete example"),
    (&["unknown variant"], "use one of the values listed"),
    (
        &["invalid u32", "invalid u64"],
        "write a whole number (0 to 4294967295) without quotes",
    ),
    (&["invalid f64"], "write a number without quotes"),
    (&["expected string"], "write a plain string value here, not a list or mapping"),
    (
        &["invalid type", "invalid value"],
        "see the stack file reference in the README for the expected type",
    ),
    (
        &["budget", "depth", "recursion"],
        "a stack file is a few hundred lines of plain YAML: remove the deep nesting or aliases",
    ),
];

/// Turns a serde-saphyr message into a diagnostic with a hint of what to write.
fn yaml_error_diagnostic(span: Span, raw: &str) -> Diagnostic {
    let message = strip_location_suffix(raw);
    let help = HELP_BY_MESSAGE
        .iter()
        .find(|(phrases, _)| phrases.iter().any(|p| message.contains(p)))
        .map(|(_, help)| *help);
    let d = Diagnostic::error(span, "", message);
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

/// serde-saphyr appends " at line L, column C" to its messages; we show the
/// position ourselves.
fn strip_location_suffix(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}
