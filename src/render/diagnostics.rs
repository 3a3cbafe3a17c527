//! Stack file diagnostics with the offending source line underlined.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::stack::{Diagnostic, Severity};

/// Renders diagnostics of `path` (with `source` its text) as rustc-style
/// reports: `error: message`, `--> path:line:col`, the line, and the help.
pub fn render(path: &str, source: &str, diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = if d.key.is_empty() {
            d.message.clone()
        } else {
            format!("{}: {}", d.key, d.message)
        };
        let mut groups: Vec<Group> = Vec::new();
        let line_no = d.span.line.max(1) as usize;
        match source.lines().nth(line_no - 1) {
            Some(line) => {
                let range = token_range(line, d.span.column.max(1) as usize);
                let (line, range) = shorten(line, range);
                groups.push(
                    level.primary_title(title).element(
                        Snippet::source(line)
                            .line_start(line_no)
                            .path(path)
                            .annotation(AnnotationKind::Primary.span(range)),
                    ),
                );
            }
            None => groups.push(level.primary_title(title).element(Level::NOTE.message(format!(
                "at {path}:{}:{}",
                d.span.line.max(1),
                d.span.column.max(1)
            )))),
        }
        if let Some(help) = &d.help {
            groups.push(Group::with_title(Level::HELP.secondary_title(help.as_str())));
        }
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    out
}

/// How many characters of a huge token (and of what follows it) are shown.
const SHOWN: usize = 120;

/// A source line of a huge value (a 1 MB stack name) cut to what a reader
/// needs, so rendering stays instant: the line up to the token, the token's
/// first and last characters, a little of what follows. The column of the
/// token is unchanged.
fn shorten(line: &str, range: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    if line.len() <= 4 * SHOWN {
        return (line.to_string(), range);
    }
    let token = &line[range.clone()];
    let token = if token.chars().count() > SHOWN {
        let head: String = token.chars().take(SHOWN / 2).collect();
        let tail: Vec<char> = token.chars().rev().take(SHOWN / 2).collect();
        format!("{head}...{}", tail.into_iter().rev().collect::<String>())
    } else {
        token.to_string()
    };
    let rest: String = line[range.end..].chars().take(SHOWN).collect();
    let start = range.start;
    (format!("{}{token}{rest}", &line[..start]), start..start + token.len())
}

/// The byte range of the token starting at 1-based character `column`: up to the
/// next space, comma or bracket, so the underline covers one value.
fn token_range(line: &str, column: usize) -> std::ops::Range<usize> {
    let start = line.char_indices().nth(column - 1).map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let len = if rest.starts_with('"') || rest.starts_with('\'') {
        let quote = rest.chars().next().unwrap_or('"');
        rest[1..].find(quote).map_or(rest.len(), |i| i + 2)
    } else {
        rest.find([' ', ',', ']', '}', '#']).unwrap_or(rest.len())
    };
    let end = start + len.max(1).min(rest.len().max(1));
    start..end.min(line.len()).max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_token_is_shown_shortened_at_its_column() {
        let line = format!("stack: {}", "a".repeat(1_000_000));
        let (short, range) = shorten(&line, token_range(&line, 8));
        assert!(short.len() < 200, "{} bytes", short.len());
        assert_eq!(range.start, 7);
        assert_eq!(&short[range], format!("{}...{}", "a".repeat(60), "a".repeat(60)));
        let small = "  cidr: 10.0.0.0/33";
        assert_eq!(shorten(small, 8..19), (small.to_string(), 8..19));
    }

    #[test]
    fn token_ranges() {
        assert_eq!(token_range("  cidr: 10.0.0.0/33", 9), 8..19);
        assert_eq!(token_range("  x: [a, b]", 7), 6..7);
        assert_eq!(token_range("  v: \"1.31\" # c", 6), 5..11);
    }
}
