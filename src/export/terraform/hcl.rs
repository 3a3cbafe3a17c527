//! A small HCL writer: blocks, attributes and expressions, printed the way
//! `terraform fmt` lays them out (two-space indent, `=` aligned in runs of
//! single-line attributes). Generating text ourselves keeps an HCL crate out
//! of the build; the tests parse every export with one.

use std::fmt::Write;

/// An HCL expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Already HCL: a literal, a reference, a quoted template.
    Raw(String),
    List(Vec<Expr>),
    /// An object; keys that are not identifiers are quoted when printed.
    Object(Vec<(String, Expr)>),
    /// A function call with one argument (`jsonencode(...)`).
    Call(&'static str, Box<Expr>),
}

impl Expr {
    pub fn raw(s: impl Into<String>) -> Expr {
        Expr::Raw(s.into())
    }

    /// A string literal, with HCL's escapes and template sequences escaped.
    pub fn string(s: &str) -> Expr {
        Expr::Raw(format!("\"{}\"", escape(s)))
    }

    pub fn bool(b: bool) -> Expr {
        Expr::Raw(b.to_string())
    }

    pub fn int(i: i64) -> Expr {
        Expr::Raw(i.to_string())
    }

    pub fn json(e: Expr) -> Expr {
        Expr::Call("jsonencode", Box::new(e))
    }

    /// `condition ? value : null`: the attribute is set only where
    /// `condition` holds.
    pub fn only_if(condition: &str, value: Expr) -> Expr {
        let value = value.single_line().expect("a conditional value is one line");
        Expr::Raw(format!("{condition} ? {value} : null"))
    }

    fn single_line(&self) -> Option<String> {
        match self {
            Expr::Raw(s) => Some(s.clone()),
            Expr::List(items) => {
                let parts: Option<Vec<String>> = items.iter().map(Expr::single_line).collect();
                let line = format!("[{}]", parts?.join(", "));
                (line.len() <= 80).then_some(line)
            }
            Expr::Object(fields) if fields.is_empty() => Some("{}".to_string()),
            // One short field stays on its line: `{ stat = "Sum" }`.
            Expr::Object(fields) if fields.len() == 1 => {
                let (k, v) = &fields[0];
                let line = format!("{{ {} = {} }}", key(k), v.single_line()?);
                (line.len() <= 40).then_some(line)
            }
            Expr::Object(_) => None,
            Expr::Call(f, arg) => arg.single_line().map(|a| format!("{f}({a})")),
        }
    }

    fn write(&self, out: &mut String, indent: usize) {
        if let Some(line) = self.single_line() {
            out.push_str(&line);
            return;
        }
        let pad = "  ".repeat(indent + 1);
        match self {
            Expr::Raw(s) => out.push_str(s),
            Expr::List(items) => {
                out.push_str("[\n");
                for item in items {
                    out.push_str(&pad);
                    item.write(out, indent + 1);
                    out.push_str(",\n");
                }
                let _ = write!(out, "{}]", "  ".repeat(indent));
            }
            Expr::Object(fields) => {
                out.push_str("{\n");
                let rows: Vec<(String, &Expr)> = fields.iter().map(|(k, v)| (key(k), v)).collect();
                write_aligned(out, &rows, indent + 1);
                let _ = write!(out, "{}}}", "  ".repeat(indent));
            }
            Expr::Call(f, arg) => {
                let _ = write!(out, "{f}(");
                arg.write(out, indent);
                out.push(')');
            }
        }
    }
}

/// A key as HCL writes it: bare when it is an identifier, quoted otherwise.
fn key(k: &str) -> String {
    if is_identifier(k) {
        k.to_string()
    } else {
        format!("\"{}\"", escape(k))
    }
}

pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Escapes a string for a quoted HCL template: quotes, backslashes, control
/// characters, and `${` / `%{`, which would start an interpolation.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Attributes and nested blocks, in the order they were added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Attr(String, Expr),
    Block(Block),
}

impl Body {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn attr(mut self, name: &str, value: Expr) -> Self {
        self.items.push(Item::Attr(name.to_string(), value));
        self
    }

    /// Adds the attribute only when there is a value.
    pub fn attr_opt(self, name: &str, value: Option<Expr>) -> Self {
        match value {
            Some(v) => self.attr(name, v),
            None => self,
        }
    }

    pub fn block(mut self, block: Block) -> Self {
        self.items.push(Item::Block(block));
        self
    }

    /// A nested block without labels (`vpc_config { ... }`).
    pub fn child(self, kind: &str, body: Body) -> Self {
        self.block(Block::new(kind, &[], body))
    }

    fn write(&self, out: &mut String, indent: usize) {
        let pad = "  ".repeat(indent);
        let mut run: Vec<(String, &Expr)> = Vec::new();
        let mut first = true;
        for item in &self.items {
            match item {
                Item::Attr(name, value) => run.push((name.clone(), value)),
                Item::Block(b) => {
                    if !run.is_empty() {
                        write_aligned(out, &run, indent);
                        run.clear();
                        first = false;
                    }
                    if !first {
                        out.push('\n');
                    }
                    out.push_str(&pad);
                    b.write(out, indent);
                    first = false;
                }
            }
        }
        if !run.is_empty() {
            if !first {
                out.push('\n');
            }
            write_aligned(out, &run, indent);
        }
    }
}

/// `key = value` lines; `=` aligned across each run of single-line values, as
/// `terraform fmt` does.
fn write_aligned(out: &mut String, rows: &[(String, &Expr)], indent: usize) {
    let pad = "  ".repeat(indent);
    let mut i = 0;
    while i < rows.len() {
        let mut end = i;
        while end < rows.len() && rows[end].1.single_line().is_some() {
            end += 1;
        }
        let end = end.max(i + 1);
        let width = rows[i..end].iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (k, v) in &rows[i..end] {
            let _ = write!(out, "{pad}{k:width$} = ");
            v.write(out, indent);
            out.push('\n');
        }
        i = end;
    }
}

/// `type "label" "label" { body }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    kind: String,
    labels: Vec<String>,
    body: Body,
    /// `# ...` lines written before the block.
    comment: Option<String>,
}

impl Block {
    pub fn new(kind: &str, labels: &[&str], body: Body) -> Self {
        Block {
            kind: kind.to_string(),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            body,
            comment: None,
        }
    }

    pub fn comment(mut self, text: &str) -> Self {
        self.comment = Some(text.to_string());
        self
    }

    pub fn resource(tf_type: &str, name: &str, body: Body) -> Self {
        Block::new("resource", &[tf_type, name], body)
    }

    pub fn is_resource(&self) -> bool {
        self.kind == "resource"
    }

    fn write(&self, out: &mut String, indent: usize) {
        if let Some(c) = &self.comment {
            for line in c.lines() {
                let _ = write!(out, "# {line}\n{}", "  ".repeat(indent));
            }
        }
        out.push_str(&self.kind);
        for l in &self.labels {
            let _ = write!(out, " \"{}\"", escape(l));
        }
        if self.body.items.is_empty() {
            out.push_str(" {}\n");
            return;
        }
        out.push_str(" {\n");
        self.body.write(out, indent + 1);
        let _ = writeln!(out, "{}}}", "  ".repeat(indent));
    }
}

/// Top-level blocks separated by blank lines, as one file.
pub fn file(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        b.write(&mut out, 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_runs_of_attributes_and_nests_blocks() {
        let body = Body::new()
            .attr("cidr_block", Expr::string("10.0.0.0/16"))
            .attr("enable_dns", Expr::bool(true))
            .child("tags", Body::new().attr("a", Expr::int(1)));
        let text = file(&[Block::resource("aws_vpc", "main", body)]);
        assert_eq!(
            text,
            "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n  enable_dns = true\n\n  tags {\n    a = 1\n  }\n}\n"
        );
    }

    #[test]
    fn escapes_templates_and_quotes_keys() {
        assert_eq!(escape("a\"${b}%{c}$d"), "a\\\"$${b}%%{c}$d");
        let obj = Expr::Object(vec![
            ("aws:SecureTransport".into(), Expr::string("false")),
            ("Bool".into(), Expr::bool(true)),
        ]);
        let mut out = String::new();
        obj.write(&mut out, 0);
        assert_eq!(out, "{\n  \"aws:SecureTransport\" = \"false\"\n  Bool                  = true\n}");
    }
}
