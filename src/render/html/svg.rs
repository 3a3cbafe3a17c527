//! The graph as inline SVG: one `<g class="node">` per resource at its layered
//! place, edges as curves from a resource to what it needs (`ready` solid,
//! `exists` dashed, as the legend says).

use std::fmt::Write;

use super::layout::{Place, place};
use super::{Item, Link, action_class, escape};
use crate::graph::Strength;

const NODE_W: usize = 240;
const NODE_H: usize = 44;
const COLUMN_STEP: usize = 300;
const ROW_STEP: usize = 58;
const MARGIN: usize = 16;
/// Characters of a label that fit the node at the page's font size.
const LABEL_CHARS: usize = 31;

fn origin(p: Place) -> (usize, usize) {
    (MARGIN + p.column * COLUMN_STEP, MARGIN + p.row * ROW_STEP)
}

/// A label cut to fit its node (the full text is in the node's tooltip).
fn fit(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        text.to_string()
    } else {
        let cut: String = text.chars().take(LABEL_CHARS - 1).collect();
        format!("{cut}…")
    }
}

fn edge(out: &mut String, link: &Link, places: &[Place]) {
    // The dependent sits right of what it needs: from its left side to the
    // right side of the dependency.
    let (fx, fy) = origin(places[link.from]);
    let (tx, ty) = origin(places[link.to]);
    let (x1, y1) = (fx, fy + NODE_H / 2);
    let (x2, y2) = (tx + NODE_W, ty + NODE_H / 2);
    let bend = (x1.saturating_sub(x2)) / 2;
    // An edge over more than one column dips below its rows, so it does not
    // run through the nodes of the columns it crosses.
    let dip = if places[link.from].column > places[link.to].column + 1 {
        ROW_STEP * 3 / 4
    } else {
        0
    };
    let (c1, c2) = (y1 + dip, y2 + dip);
    let class = match link.strength {
        Strength::Exists => "edge exists",
        Strength::Ready => "edge ready",
    };
    let _ = writeln!(
        out,
        r#"<path class="{class}" data-from="{}" data-to="{}" d="M{x1},{y1} C{},{c1} {},{c2} {x2},{y2}" marker-end="url(#arrow)"/>"#,
        link.from,
        link.to,
        x1 - bend,
        x2 + bend
    );
}

fn node(out: &mut String, index: usize, item: &Item, p: Place) {
    let (x, y) = origin(p);
    let class = action_class(item.action);
    let _ = writeln!(
        out,
        r#"<g class="node {class}" tabindex="0" role="button" data-index="{index}" data-id="{id}" data-action="{class}" data-kind="{kind}" data-column="{}" data-row="{}" transform="translate({x},{y})"><title>{id} ({kind} &quot;{name}&quot;): {class}</title><rect width="{NODE_W}" height="{NODE_H}" rx="6"/><text x="10" y="18" class="id">{label}</text><text x="10" y="35" class="kind">{kind_label}</text></g>"#,
        p.column,
        p.row,
        id = escape(&item.id),
        kind = escape(&item.kind),
        name = escape(&item.name),
        label = escape(&fit(&item.id)),
        kind_label = escape(&fit(&item.kind)),
    );
}

/// The whole drawing, sized to its layout.
pub fn render(items: &[Item], links: &[Link]) -> String {
    let places = place(items.len(), links);
    let columns = places.iter().map(|p| p.column + 1).max().unwrap_or(1);
    let rows = places.iter().map(|p| p.row + 1).max().unwrap_or(1);
    let width = 2 * MARGIN + (columns - 1) * COLUMN_STEP + NODE_W;
    let height = 2 * MARGIN + (rows - 1) * ROW_STEP + NODE_H;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg id="graph" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="resource graph">"#
    );
    out.push_str(
        r#"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>"#,
    );
    out.push('\n');
    for l in links {
        edge(&mut out, l, &places);
    }
    for (i, (item, p)) in items.iter().zip(&places).enumerate() {
        node(&mut out, i, item, *p);
    }
    out.push_str("</svg>\n");
    out
}
