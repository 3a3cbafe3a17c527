//! The page around the drawing: the summary on top, the legend, the side panel
//! with each resource's diff (hidden until its node is clicked), and the CSS and
//! JS inline so nothing is fetched.

use std::fmt::Write;

use super::structured::Sym;
use super::{Heading, Item, Page, action_class, escape};

const STYLE: &str = r#"
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1f2328; background: #f6f8fa; display: flex; flex-direction: column; height: 100vh; }
header { padding: 12px 20px; background: #fff; border-bottom: 1px solid #d0d7de; }
h1 { font-size: 20px; margin: 0 0 4px; }
.meta { color: #59636e; margin: 0 0 6px; }
.counts { display: flex; gap: 16px; margin: 0; padding: 0; list-style: none; font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin-top: 8px; color: #59636e; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.swatch { width: 14px; height: 14px; border-radius: 3px; border: 1px solid #57606a; display: inline-block; }
main { display: flex; flex: 1; min-height: 0; }
#canvas { flex: 1; overflow: auto; }
aside { width: 42%; max-width: 720px; overflow: auto; background: #fff; border-left: 1px solid #d0d7de; padding: 12px 16px; }
aside pre { font: 12px/1.45 ui-monospace, monospace; white-space: pre; margin: 0; }
.node { cursor: pointer; }
.node rect { stroke: #57606a; stroke-width: 1.2; }
.node:focus rect, .node.selected rect { stroke: #0969da; stroke-width: 3; }
.node text { font: 12px ui-monospace, monospace; fill: #1f2328; pointer-events: none; }
.node text.kind { fill: #59636e; font-size: 11px; }
.create rect, .swatch.create { fill: #dafbe1; background: #dafbe1; }
.update rect, .swatch.update { fill: #fff8c5; background: #fff8c5; }
.replace rect, .swatch.replace { fill: #fbefff; background: #fbefff; }
.delete rect, .swatch.delete { fill: #ffebe9; background: #ffebe9; }
.no-op rect, .swatch.no-op { fill: #f6f8fa; background: #f6f8fa; }
.resource rect, .swatch.resource { fill: #ddf4ff; background: #ddf4ff; }
.edge { fill: none; stroke: #8c959f; stroke-width: 1.3; }
.edge.exists { stroke-dasharray: 5 4; }
.edge.ready { stroke: #57606a; stroke-width: 1.8; }
.edge.lit { stroke: #0969da; }
marker path { fill: #8c959f; }
.l-add { color: #1a7f37; } .l-remove { color: #cf222e; } .l-change { color: #9a6700; }
"#;

const SCRIPT: &str = r#"
(function () {
  var nodes = document.querySelectorAll('#graph .node');
  var panel = document.getElementById('panel');
  function show(node) {
    nodes.forEach(function (n) { n.classList.remove('selected'); });
    node.classList.add('selected');
    panel.querySelectorAll('.diff').forEach(function (d) { d.hidden = true; });
    document.getElementById('diff-' + node.dataset.index).hidden = false;
    document.querySelectorAll('#graph .edge').forEach(function (e) {
      var lit = e.dataset.from === node.dataset.index || e.dataset.to === node.dataset.index;
      e.classList.toggle('lit', lit);
    });
  }
  function pick(n) { show(n); history.replaceState(null, '', '#' + encodeURIComponent(n.dataset.id)); }
  nodes.forEach(function (n) {
    n.addEventListener('click', function () { pick(n); });
    n.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { pick(n); } });
  });
  // `page.html#database/primary` opens with that resource's diff shown.
  var wanted = decodeURIComponent(location.hash.slice(1));
  nodes.forEach(function (n) { if (wanted && n.dataset.id === wanted) { show(n); } });
  var counts = {};
  nodes.forEach(function (n) { counts[n.dataset.action] = (counts[n.dataset.action] || 0) + 1; });
  var status = document.getElementById('status');
  status.dataset.nodes = String(nodes.length);
  status.dataset.ready = 'true';
  status.textContent = nodes.length + ' resources drawn: ' + Object.keys(counts).sort().map(function (k) { return counts[k] + ' ' + k; }).join(', ') + '. Click one for its diff.';
})();
"#;

fn summary(h: &Heading, out: &mut String) {
    let account = h.account.as_deref().map(|a| format!(", account {}", escape(a))).unwrap_or_default();
    let _ = writeln!(out, "<header>\n<h1>{}: <code>{}</code></h1>", h.title, escape(&h.stack));
    let _ = writeln!(out, "<p class=\"meta\">region {}{account}</p>", escape(&h.region));
    if let Some(s) = h.counts {
        let _ = writeln!(
            out,
            "<ul class=\"counts\" id=\"counts\" data-add=\"{0}\" data-change=\"{1}\" data-destroy=\"{2}\"><li>{0} to add</li><li>{1} to change</li><li>{2} to destroy</li></ul>",
            s.add, s.change, s.destroy
        );
    }
}

fn legend(h: &Heading, out: &mut String) {
    out.push_str("<div class=\"legend\">");
    let swatches: &[&str] = if h.counts.is_some() {
        &["create", "update", "replace", "delete", "no-op"]
    } else {
        &["resource"]
    };
    for s in swatches {
        let _ = write!(out, "<span><i class=\"swatch {s}\"></i>{s}</span>");
    }
    out.push_str(
        "<span><svg width=\"34\" height=\"10\"><line x1=\"0\" y1=\"5\" x2=\"34\" y2=\"5\" class=\"edge ready\"/></svg>ready: needs the parent ready (solid)</span>\
<span><svg width=\"34\" height=\"10\"><line x1=\"0\" y1=\"5\" x2=\"34\" y2=\"5\" class=\"edge exists\"/></svg>exists: needs only its id (dashed)</span>\
<span>arrows point to what a resource needs</span></div>\n",
    );
    out.push_str("<p class=\"meta\" id=\"status\">Click a resource for its diff.</p>\n</header>\n");
}

fn line_class(sym: Sym) -> &'static str {
    match sym {
        Sym::Add => "l-add",
        Sym::Remove => "l-remove",
        Sym::Change => "l-change",
        Sym::Keep => "l-keep",
    }
}

fn panel(items: &[Item], out: &mut String) {
    out.push_str("<aside id=\"panel\">\n<p class=\"diff\" id=\"diff-none\">Click a resource to see its diff.</p>\n");
    for (i, item) in items.iter().enumerate() {
        let _ = write!(
            out,
            "<section class=\"diff\" id=\"diff-{i}\" data-id=\"{}\" hidden><h2>{} <small>{}</small></h2><pre>",
            escape(&item.id),
            escape(&item.id),
            action_class(item.action)
        );
        for l in &item.lines {
            let _ = writeln!(out, "<span class=\"{}\">{}</span>", line_class(l.sym), escape(&l.text));
        }
        out.push_str("</pre></section>\n");
    }
    out.push_str("</aside>\n");
}

/// The whole page.
pub fn render(page: &Page) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        out,
        "<title>{}: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        page.heading.title,
        escape(&page.heading.stack)
    );
    summary(&page.heading, &mut out);
    legend(&page.heading, &mut out);
    out.push_str("<main>\n<div id=\"canvas\">\n");
    out.push_str(&super::svg::render(&page.items, &page.links));
    out.push_str("</div>\n");
    panel(&page.items, &mut out);
    let _ = writeln!(
        out,
        "</main>\n<script>{SCRIPT}</script>\n<!-- stackctl {} -->\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    out
}
