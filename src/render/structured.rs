//! Structured diffs of attribute values, as Terraform's renderer draws them:
//! nested maps and lists as indented blocks, a change showing only the
//! elements that changed (`# (N unchanged elements hidden)`), sets compared as
//! sets, JSON documents (policies) as a line diff of their pretty form.
//!
//! Each line starts with its symbol (`+` added, `-` removed, `~` changed, a
//! space for context) followed by the indent of its depth, so a reviewer reads
//! the shape of the value and a `diff` highlighter colours it.

use std::collections::BTreeMap;

use crate::graph::Value;

/// A compact value longer than this is drawn as a block.
const INLINE_WIDTH: usize = 80;

/// What happens to one line's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sym {
    Add,
    Remove,
    Change,
    Keep,
}

impl Sym {
    pub fn char(self) -> char {
        match self {
            Sym::Add => '+',
            Sym::Remove => '-',
            Sym::Change => '~',
            Sym::Keep => ' ',
        }
    }
}

/// One output line: its symbol, its depth and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub sym: Sym,
    pub depth: usize,
    pub text: String,
}

struct Out {
    lines: Vec<Line>,
}

impl Out {
    fn push(&mut self, sym: Sym, depth: usize, text: String) {
        self.lines.push(Line { sym, depth, text });
    }
    fn hidden(&mut self, depth: usize, n: usize, what: &str) {
        if n > 0 {
            let s = if n == 1 { "" } else { "s" };
            self.push(Sym::Keep, depth, format!("# ({n} unchanged {what}{s} hidden)"));
        }
    }
}

/// Whether a value reads well on one line.
fn inline(v: &Value) -> bool {
    match v {
        Value::Map(m) => m.is_empty(),
        Value::List(l) => l.iter().all(|e| !matches!(e, Value::Map(_) | Value::List(_))) && v.to_string().len() <= INLINE_WIDTH,
        Value::Str(s) => json_document(s).is_none(),
        _ => true,
    }
}

/// A string holding a JSON object or array (a policy, a dashboard body),
/// pretty-printed, when it is long enough to be worth lines of its own.
fn json_document(s: &str) -> Option<String> {
    let t = s.trim_start();
    if s.len() <= INLINE_WIDTH || !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    let parsed: serde_json::Value = serde_json::from_str(s).ok()?;
    serde_json::to_string_pretty(&parsed).ok()
}

fn label(key: Option<&str>, width: usize) -> String {
    key.map(|k| format!("{k:width$} = ")).unwrap_or_default()
}

/// Where a value is drawn: its depth, its key (aligned to `width`) in a map,
/// and the comma that follows it in a list.
#[derive(Debug, Clone, Copy)]
struct Slot<'a> {
    depth: usize,
    key: Option<&'a str>,
    width: usize,
    comma: &'static str,
}

impl<'a> Slot<'a> {
    fn head(&self) -> String {
        label(self.key, self.width)
    }
    /// A key of a map one level down.
    fn key(&self, key: &'a str, width: usize) -> Slot<'a> {
        Slot {
            depth: self.depth + 1,
            key: Some(key),
            width,
            comma: "",
        }
    }
    /// An element of a list at `depth`.
    fn element(depth: usize) -> Slot<'a> {
        Slot {
            depth,
            key: None,
            width: 0,
            comma: ",",
        }
    }
}

/// The whole of `v` with one symbol: a created or removed value.
fn whole(out: &mut Out, sym: Sym, at: Slot, v: &Value) {
    let (depth, head, comma) = (at.depth, at.head(), at.comma);
    match v {
        Value::Map(m) if !inline(v) => {
            out.push(sym, depth, format!("{head}{{"));
            let w = m.keys().map(String::len).max().unwrap_or(0);
            for (k, child) in m {
                whole(out, sym, at.key(k, w), child);
            }
            out.push(Sym::Keep, depth, format!("}}{comma}"));
        }
        Value::List(l) if !inline(v) => {
            out.push(sym, depth, format!("{head}["));
            for child in l {
                whole(out, sym, Slot::element(depth + 1), child);
            }
            out.push(Sym::Keep, depth, format!("]{comma}"));
        }
        Value::Str(s) if json_document(s).is_some() => {
            out.push(sym, depth, format!("{head}jsonencode("));
            for line in json_document(s).unwrap_or_default().lines() {
                out.push(sym, depth + 1, line.to_string());
            }
            out.push(Sym::Keep, depth, format!("){comma}"));
        }
        _ => out.push(sym, depth, format!("{head}{v}{comma}")),
    }
}

/// `old` changed into `new`, showing only what differs.
fn changed(out: &mut Out, at: Slot, old: &Value, new: &Value, set: bool) {
    let (depth, head, comma) = (at.depth, at.head(), at.comma);
    match (old, new) {
        (Value::Map(a), Value::Map(b)) if !inline(old) || !inline(new) => {
            out.push(Sym::Change, depth, format!("{head}{{"));
            map_entries(out, at, a, b);
            out.push(Sym::Keep, depth, format!("}}{comma}"));
        }
        (Value::List(a), Value::List(b)) if !inline(old) || !inline(new) => {
            out.push(Sym::Change, depth, format!("{head}["));
            if set {
                set_elements(out, depth + 1, a, b);
            } else {
                list_elements(out, depth + 1, a, b);
            }
            out.push(Sym::Keep, depth, format!("]{comma}"));
        }
        (Value::Str(a), Value::Str(b)) if json_document(a).is_some() || json_document(b).is_some() => {
            out.push(Sym::Change, depth, format!("{head}jsonencode("));
            document_lines(out, depth + 1, a, b);
            out.push(Sym::Keep, depth, format!("){comma}"));
        }
        _ if inline(old) && inline(new) => out.push(Sym::Change, depth, format!("{head}{old} -> {new}{comma}")),
        _ => {
            whole(out, Sym::Remove, at, old);
            whole(out, Sym::Add, at, new);
        }
    }
}

/// The keys of two maps: changed, removed and added ones shown, the rest counted.
fn map_entries(out: &mut Out, at: Slot, a: &BTreeMap<String, Value>, b: &BTreeMap<String, Value>) {
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    // Aligned over the keys shown, not the hidden ones.
    let w = keys.iter().filter(|k| a.get(**k) != b.get(**k)).map(|k| k.len()).max().unwrap_or(0);
    let mut unchanged = 0;
    for k in keys {
        match (a.get(k), b.get(k)) {
            (Some(x), Some(y)) if x == y => unchanged += 1,
            (Some(x), Some(y)) => changed(out, at.key(k, w), x, y, false),
            (Some(x), None) => whole(out, Sym::Remove, at.key(k, w), x),
            (None, Some(y)) => whole(out, Sym::Add, at.key(k, w), y),
            (None, None) => {}
        }
    }
    out.hidden(at.depth + 1, unchanged, "attribute");
}

/// Two JSON documents as a line diff of their pretty forms.
fn document_lines(out: &mut Out, depth: usize, a: &str, b: &str) {
    let (a, b) = (
        json_document(a).unwrap_or_else(|| a.to_string()),
        json_document(b).unwrap_or_else(|| b.to_string()),
    );
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut unchanged = 0;
    for op in lcs(&a, &b) {
        let (sym, line) = match op {
            Op::Keep(_) => {
                unchanged += 1;
                continue;
            }
            Op::Remove(i) => (Sym::Remove, a[i]),
            Op::Add(j) => (Sym::Add, b[j]),
        };
        out.hidden(depth, std::mem::take(&mut unchanged), "line");
        out.push(sym, depth, line.to_string());
    }
    out.hidden(depth, unchanged, "line");
}

/// Sets: what left, what came; the order carries no meaning.
fn set_elements(out: &mut Out, depth: usize, a: &[Value], b: &[Value]) {
    let removed: Vec<&Value> = a.iter().filter(|x| !b.contains(x)).collect();
    let added: Vec<&Value> = b.iter().filter(|y| !a.contains(y)).collect();
    for x in &removed {
        whole(out, Sym::Remove, Slot::element(depth), x);
    }
    for y in &added {
        whole(out, Sym::Add, Slot::element(depth), y);
    }
    out.hidden(depth, a.len() - removed.len(), "element");
}

/// Ordered lists: the longest common run kept (hidden), the rest removed or
/// added; an element replaced in place by one of the same shape is a change.
fn list_elements(out: &mut Out, depth: usize, a: &[Value], b: &[Value]) {
    let ops = lcs(a, b);
    let mut unchanged = 0;
    let mut i = 0;
    while i < ops.len() {
        match ops[i] {
            Op::Keep(_) => unchanged += 1,
            Op::Remove(x) => {
                out.hidden(depth, std::mem::take(&mut unchanged), "element");
                // A removal followed by an addition of the same shape: show
                // the element's own difference rather than both whole.
                if let Some(Op::Add(y)) = ops.get(i + 1)
                    && matches!((&a[x], &b[*y]), (Value::Map(_), Value::Map(_)))
                {
                    changed(out, Slot::element(depth), &a[x], &b[*y], false);
                    i += 2;
                    continue;
                }
                whole(out, Sym::Remove, Slot::element(depth), &a[x]);
            }
            Op::Add(y) => {
                out.hidden(depth, std::mem::take(&mut unchanged), "element");
                whole(out, Sym::Add, Slot::element(depth), &b[y]);
            }
        }
        i += 1;
    }
    out.hidden(depth, unchanged, "element");
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Keep(usize),
    Remove(usize),
    Add(usize),
}

/// The edit script of a longest common subsequence (lists in plans are short).
fn lcs<T: PartialEq>(a: &[T], b: &[T]) -> Vec<Op> {
    let (n, m) = (a.len(), b.len());
    let mut table = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut ops) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push(Op::Keep(i));
            i += 1;
            j += 1;
        } else if i < n && (j == m || table[i + 1][j] >= table[i][j + 1]) {
            // Removals before additions: a replaced element reads old, then new.
            ops.push(Op::Remove(i));
            i += 1;
        } else {
            ops.push(Op::Add(j));
            j += 1;
        }
    }
    ops
}

/// The lines of one attribute: `old` and `new` as the plan has them (`None`:
/// unknown, or absent). `set` compares lists as sets.
pub fn attribute(attr: &str, width: usize, old: Option<&Value>, new: Option<&Value>, creating: bool, set: bool) -> Vec<Line> {
    let mut out = Out { lines: Vec::new() };
    let at = Slot {
        depth: 0,
        key: Some(attr),
        width,
        comma: "",
    };
    match (old, new) {
        (_, Some(new)) if creating => whole(&mut out, Sym::Add, at, new),
        (Some(old), None) => whole(&mut out, Sym::Remove, at, old),
        (None, Some(new)) if inline(new) => out.push(Sym::Change, 0, format!("{}(unknown) -> {new}", at.head())),
        (None, Some(new)) => {
            // Not read from AWS: all of the new value, as an addition.
            out.push(Sym::Change, 0, format!("{}(unknown) ->", at.head()));
            whole(
                &mut out,
                Sym::Add,
                Slot {
                    depth: 1,
                    key: None,
                    width: 0,
                    comma: "",
                },
                new,
            );
        }
        (Some(old), Some(new)) => changed(&mut out, at, old, new, set),
        (None, None) => out.push(Sym::Change, 0, format!("{}null", at.head())),
    }
    out.lines
}

/// A line as the terminal shows it, `indent` spaces in: Terraform's layout,
/// the symbol right before the text at the line's depth.
pub fn terminal(line: &Line, indent: usize) -> String {
    format!("{:indent$}{}{} {}", "", "    ".repeat(line.depth), line.sym.char(), line.text)
}

/// A line for a `diff` code block: the symbol first, where highlighters look
/// (`!` for a change: GitHub colours it, not `~`).
pub fn diff_block(line: &Line) -> String {
    let symbol = if line.sym == Sym::Change { '!' } else { line.sym.char() };
    format!("{symbol}   {}{}", "    ".repeat(line.depth), line.text)
}

#[cfg(test)]
mod tests;
