//! A plan (`plan --html FILE`) or a graph (`graph --format html`) as one
//! self-contained HTML page: inline CSS, JS and SVG, nothing fetched, so it
//! opens offline and can be attached to a CI run. The layout is computed
//! here, not in the browser, so the same plan always gives the same page.

mod layout;
mod page;
mod svg;
#[cfg(test)]
mod tests;

use super::plan::{attribute_lines, headline, note};
use super::structured::{self, Sym};
use crate::graph::{ResourceGraph, Strength};
use crate::plan::{Action, Plan, Summary};

/// One resource drawn as a node, with the lines its side panel shows.
pub struct Item {
    pub id: String,
    pub kind: String,
    pub name: String,
    /// `None` in a graph without a plan.
    pub action: Option<Action>,
    pub lines: Vec<PanelLine>,
}

/// One line of a node's panel, with what colours it.
pub struct PanelLine {
    pub sym: Sym,
    pub text: String,
}

/// A dependency: `from` needs `to` (indices into the items).
pub struct Link {
    pub from: usize,
    pub to: usize,
    pub strength: Strength,
}

/// What the top of the page says.
pub struct Heading {
    pub title: &'static str,
    pub stack: String,
    pub region: String,
    pub account: Option<String>,
    /// The plan's counts; a graph has none.
    pub counts: Option<Summary>,
}

pub struct Page {
    pub heading: Heading,
    pub items: Vec<Item>,
    pub links: Vec<Link>,
}

/// Text made safe for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The class name of an action (CSS, data attributes, the legend).
pub fn action_class(action: Option<Action>) -> &'static str {
    match action {
        Some(Action::Create) => "create",
        Some(Action::Update) => "update",
        Some(Action::Replace) => "replace",
        Some(Action::Delete) => "delete",
        Some(Action::NoOp) => "no-op",
        None => "resource",
    }
}

fn line(sym: Sym, text: String) -> PanelLine {
    PanelLine { sym, text }
}

/// A resource's panel: the same lines as its block in the text plan.
fn plan_lines(r: &crate::plan::ResourceChange) -> Vec<PanelLine> {
    let mut lines = Vec::new();
    let head = headline(r);
    lines.push(line(
        Sym::Keep,
        if head.is_empty() {
            format!("# {} has no changes", r.id)
        } else {
            head
        },
    ));
    if r.action == Action::Delete {
        lines.push(line(Sym::Remove, format!("  - {} \"{}\"", r.kind, r.name)));
        return lines;
    }
    lines.push(line(Sym::Keep, format!("{:>3} {} \"{}\" {{", r.action.symbol(), r.kind, r.name)));
    let width = r.changes.iter().map(|c| c.attr.len()).max().unwrap_or(0);
    for c in &r.changes {
        for (i, l) in attribute_lines(r.kind, r.action, c, width).iter().enumerate() {
            let note = if i == 0 { note(r.kind, c) } else { String::new() };
            lines.push(line(l.sym, format!("{}{note}", structured::terminal(l, 6))));
        }
    }
    lines.push(line(Sym::Keep, "    }".into()));
    lines
}

/// The plan's resources as nodes; edges from the desired graph between them
/// (a resource being deleted has none: it is no longer in the stack file).
pub fn plan_page(plan: &Plan, graph: &ResourceGraph) -> String {
    let items: Vec<Item> = plan
        .resources
        .iter()
        .map(|r| Item {
            id: r.id.to_string(),
            kind: r.kind.to_string(),
            name: r.name.clone(),
            action: Some(r.action),
            lines: plan_lines(r),
        })
        .collect();
    let links = graph_links(graph, &items, |r| {
        plan.resources.iter().any(|c| &c.id == r && c.action != Action::Delete)
    });
    page::render(&Page {
        heading: Heading {
            title: "stackctl plan",
            stack: plan.stack.clone(),
            region: plan.region.clone(),
            account: plan.account_id.clone(),
            counts: Some(plan.summary()),
        },
        items,
        links,
    })
}

/// The desired graph alone: nodes without actions, their settings as the panel.
pub fn graph_page(graph: &ResourceGraph, stack: &str, region: &str) -> String {
    let items: Vec<Item> = graph
        .nodes()
        .iter()
        .map(|n| {
            let width = n.props.keys().map(String::len).max().unwrap_or(0);
            let mut lines = vec![line(Sym::Keep, format!("{} \"{}\" {{", n.kind, n.name))];
            for (key, value) in &n.props {
                for l in structured::attribute(key, width, None, Some(value), true, n.kind.spec().is_set(key)) {
                    lines.push(line(Sym::Keep, structured::terminal(&l, 4)));
                }
            }
            lines.push(line(Sym::Keep, "}".into()));
            Item {
                id: n.id.to_string(),
                kind: n.kind.to_string(),
                name: n.name.clone(),
                action: None,
                lines,
            }
        })
        .collect();
    let links = graph_links(graph, &items, |_| true);
    page::render(&Page {
        heading: Heading {
            title: "stackctl graph",
            stack: stack.to_string(),
            region: region.to_string(),
            account: None,
            counts: None,
        },
        items,
        links,
    })
}

/// The graph's edges between drawn items, for nodes `keep` accepts.
fn graph_links(graph: &ResourceGraph, items: &[Item], keep: impl Fn(&crate::graph::NodeId) -> bool) -> Vec<Link> {
    let index = |id: &str| items.iter().position(|i| i.id == id);
    let mut links = Vec::new();
    for n in graph.nodes().iter().filter(|n| keep(&n.id)) {
        let Some(from) = index(n.id.as_str()) else { continue };
        for e in &n.deps {
            if let Some(to) = index(e.to.as_str()) {
                links.push(Link {
                    from,
                    to,
                    strength: e.strength,
                });
            }
        }
    }
    links
}
