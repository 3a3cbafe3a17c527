//! The graph as Graphviz dot, Mermaid, or JSON.

use std::fmt::Write;

use super::{ResourceGraph, Strength};

fn strength_word(s: Strength) -> &'static str {
    match s {
        Strength::Exists => "exists",
        Strength::Ready => "ready",
    }
}

/// Graphviz: edges point from a resource to what it needs; `ready` edges are bold.
pub fn to_dot(g: &ResourceGraph) -> String {
    let mut out = String::from("digraph stack {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n");
    for n in g.nodes() {
        let _ = writeln!(out, "  \"{}\" [label=\"{}\\n{}\"];", n.id, n.id, n.kind);
    }
    for n in g.nodes() {
        for e in &n.deps {
            let style = match e.strength {
                Strength::Exists => "dashed",
                Strength::Ready => "bold",
            };
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [style={style}, label=\"{}\"];",
                n.id,
                e.to,
                strength_word(e.strength)
            );
        }
    }
    out.push_str("}\n");
    out
}

/// Mermaid flowchart; node keys are indices since ids contain `/`.
pub fn to_mermaid(g: &ResourceGraph) -> String {
    let mut out = String::from("flowchart LR\n");
    let key = |id: &super::NodeId| g.nodes().iter().position(|n| &n.id == id).unwrap_or(0);
    for (i, n) in g.nodes().iter().enumerate() {
        let _ = writeln!(out, "  n{i}[\"{}<br/><small>{}</small>\"]", n.id, n.kind);
    }
    for (i, n) in g.nodes().iter().enumerate() {
        for e in &n.deps {
            let arrow = match e.strength {
                Strength::Exists => "-.->",
                Strength::Ready => "==>",
            };
            let _ = writeln!(out, "  n{i} {arrow}|{}| n{}", strength_word(e.strength), key(&e.to));
        }
    }
    out
}

/// JSON: `{"nodes": [{id, kind, name, properties, tags}], "edges": [{from, to, strength}]}`.
pub fn to_json(g: &ResourceGraph) -> serde_json::Value {
    let nodes: Vec<serde_json::Value> = g
        .nodes()
        .iter()
        .map(|n| {
            serde_json::json!({
                "id": n.id,
                "kind": n.kind,
                "type": n.kind.type_name(),
                "name": n.name,
                "properties": n.props,
                "tags": n.tags,
            })
        })
        .collect();
    let edges: Vec<serde_json::Value> = g
        .nodes()
        .iter()
        .flat_map(|n| {
            n.deps
                .iter()
                .map(move |e| serde_json::json!({ "from": n.id, "to": e.to, "strength": e.strength }))
        })
        .collect();
    serde_json::json!({ "nodes": nodes, "edges": edges })
}
