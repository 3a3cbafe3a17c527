//! The corpus of invalid stack files under `tests/invalid/`: each must be refused
//! by the loader with the errors its header announces.
//!
//! A corpus file starts with comment lines; each `# expect: LINE:COL SUBSTRING`
//! among them names one error diagnostic the loader must report: at exactly that
//! 1-based line and column (the header lines count), with a message containing
//! SUBSTRING (case-sensitive). Other comment lines describe the case. Every
//! problem of every file is collected and reported at once.

use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use super::diagnostic::Diagnostic;
use super::load::{StackError, load_str};

/// The corpus must not silently shrink (a renamed folder, a bad glob).
const MIN_FILES: usize = 40;

const EXPECT: &str = "# expect:";

#[derive(Debug, PartialEq, Eq)]
struct Expectation {
    line: u32,
    column: u32,
    substring: String,
}

impl std::fmt::Display for Expectation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{} `{}`", self.line, self.column, self.substring)
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("invalid")
}

/// The `.yaml` files of the corpus, in name order.
fn corpus_files() -> Vec<PathBuf> {
    let dir = corpus_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())).path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
}

/// Parses one `LINE:COL SUBSTRING` (the text after `# expect:`).
fn parse_expectation(rest: &str) -> Result<Expectation, String> {
    let (position, substring) = rest.trim().split_once(' ').ok_or("no message substring after the position")?;
    let (line, column) = position.split_once(':').ok_or("the position is not LINE:COL")?;
    let line = line.parse::<u32>().map_err(|_| format!("line `{line}` is not a number"))?;
    let column = column.parse::<u32>().map_err(|_| format!("column `{column}` is not a number"))?;
    let substring = substring.trim();
    if line == 0 || column == 0 || substring.is_empty() {
        return Err("positions are 1-based and the substring must not be empty".into());
    }
    Ok(Expectation {
        line,
        column,
        substring: substring.to_string(),
    })
}

/// The expectations of a file's leading comment lines, and the problems of
/// malformed or misplaced `# expect:` lines.
fn expectations(text: &str) -> (Vec<Expectation>, Vec<String>) {
    let (mut found, mut problems) = (Vec::new(), Vec::new());
    let mut in_header = true;
    for (i, line) in text.lines().enumerate() {
        in_header &= line.starts_with('#');
        let Some(rest) = line.strip_prefix(EXPECT) else {
            continue;
        };
        if !in_header {
            problems.push(format!("line {}: `{line}` is not in the leading comment lines", i + 1));
            continue;
        }
        match parse_expectation(rest) {
            Ok(e) => found.push(e),
            Err(why) => problems.push(format!("line {}: malformed header `{line}`: {why}", i + 1)),
        }
    }
    (found, problems)
}

fn matches(e: &Expectation, d: &Diagnostic) -> bool {
    d.is_error() && d.span.line == e.line && d.span.column == e.column && d.message.contains(&e.substring)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(a non-string panic payload)".to_string())
}

/// Everything wrong with one corpus file; empty when it is refused as expected.
fn check_file(name: &str, text: String) -> Vec<String> {
    let (expected, mut problems) = expectations(&text);
    if expected.is_empty() {
        problems.push(format!("no `{EXPECT} LINE:COL SUBSTRING` header"));
    }
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| load_str(name, text)));
    let diagnostics = match outcome {
        Err(payload) => {
            problems.push(format!("the loader panicked: {}", panic_message(payload.as_ref())));
            return problems;
        }
        Ok(Ok(loaded)) => {
            let warnings: Vec<String> = loaded.warnings.iter().map(|w| format!("      {w}")).collect();
            problems.push(format!("accepted, with {} warning(s)", warnings.len()));
            problems.extend(warnings);
            return problems;
        }
        Ok(Err(StackError::Read { source, .. })) => {
            problems.push(format!("a read error from load_str: {source}"));
            return problems;
        }
        Ok(Err(StackError::Invalid { diagnostics, .. })) => diagnostics,
    };
    if !diagnostics.iter().any(Diagnostic::is_error) {
        problems.push("refused, but with warnings only".to_string());
    }
    let missing: Vec<&Expectation> = expected.iter().filter(|e| !diagnostics.iter().any(|d| matches(e, d))).collect();
    for e in &missing {
        problems.push(format!("expected error at {e}: not reported"));
    }
    if !problems.is_empty() {
        problems.push("reported:".to_string());
        problems.extend(diagnostics.iter().map(|d| format!("      {d}")));
    }
    problems
}

#[test]
fn invalid_corpus_is_refused_with_expected_diagnostics() {
    let files = corpus_files();
    assert!(
        files.len() >= MIN_FILES,
        "{} holds {} .yaml files, at least {MIN_FILES} expected",
        corpus_dir().display(),
        files.len()
    );
    let mut report = String::new();
    let mut failed = 0;
    for path in &files {
        let name = format!("tests/invalid/{}", path.file_name().unwrap_or_default().to_string_lossy());
        let problems = match std::fs::read_to_string(path) {
            Ok(text) => check_file(&name, text),
            Err(e) => vec![format!("cannot read: {e}")],
        };
        if !problems.is_empty() {
            failed += 1;
            let _ = writeln!(report, "{name}:");
            for p in problems {
                let _ = writeln!(report, "    {p}");
            }
        }
    }
    assert!(
        failed == 0,
        "{failed} of {} corpus files are not refused as their headers expect:\n{report}",
        files.len()
    );
}

#[test]
fn expect_headers_parse() {
    let text = "# expect: 3:8 stack name `Shop`\n# a description\n# expect: 12:1 unknown field\nstack: Shop\n# expect: 1:1 late\n";
    let (found, problems) = expectations(text);
    assert_eq!(
        found,
        vec![
            Expectation {
                line: 3,
                column: 8,
                substring: "stack name `Shop`".into()
            },
            Expectation {
                line: 12,
                column: 1,
                substring: "unknown field".into()
            },
        ]
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    for bad in ["3:8", "3 x", "a:1 x", "0:1 x", "3:8  "] {
        assert!(parse_expectation(bad).is_err(), "{bad} should not parse");
    }
}
