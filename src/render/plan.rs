//! Plans as text (Terraform-like) and as JSON.

use std::fmt::Write;

use super::structured;
use crate::plan::{Action, AttrChange, Plan, ResourceChange};

pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn action(&self, action: Action, text: &str) -> String {
        let code = match action {
            Action::Create => "32",
            Action::Update => "33",
            Action::Replace => "35",
            Action::Delete => "31",
            Action::NoOp => "0",
        };
        self.paint(code, text)
    }
}

pub fn headline(r: &ResourceChange) -> String {
    match r.action {
        Action::Create => format!("# {} will be created", r.id),
        Action::Update => format!("# {} will be updated in place", r.id),
        Action::Replace => {
            let forced: Vec<&str> = r.changes.iter().filter(|c| c.forces_replacement).map(|c| c.attr.as_str()).collect();
            format!(
                "# {} must be replaced ({} cannot change in place: deleted, then created)",
                r.id,
                forced.join(", ")
            )
        }
        Action::Delete => format!("# {} will be destroyed", r.id),
        Action::NoOp => String::new(),
    }
}

/// The lines of one attribute in a resource's block: short values on one line
/// (`~ attr = old -> new`), nested ones as a structured diff, a change AWS makes
/// in steps as its steps (`"1.29" -> "1.30" -> "1.31"`).
pub fn attribute_lines(kind: crate::graph::Kind, action: Action, c: &AttrChange, width: usize) -> Vec<structured::Line> {
    if let (Some(old), false) = (&c.old, c.steps.is_empty()) {
        let steps: Vec<String> = c.steps.iter().map(ToString::to_string).collect();
        return vec![structured::Line {
            sym: structured::Sym::Change,
            depth: 0,
            text: format!("{:width$} = {old} -> {}", c.attr, steps.join(" -> ")),
        }];
    }
    structured::attribute(
        &c.attr,
        width,
        c.old.as_ref(),
        c.new.as_ref(),
        action == Action::Create,
        kind.spec().is_set(&c.attr),
    )
}

/// What the first line of an attribute says besides its value.
pub fn note(kind: crate::graph::Kind, c: &AttrChange) -> String {
    if !c.steps.is_empty() {
        format!(" # {}", crate::plan::upgrades::steps_note(kind, &c.attr))
    } else if c.ignored {
        " # ignored: set at creation only".to_string()
    } else if c.forces_replacement {
        " # forces replacement".to_string()
    } else {
        String::new()
    }
}

fn paint_line(line: &structured::Line, style: &Style) -> String {
    let code = match line.sym {
        structured::Sym::Add => "32",
        structured::Sym::Remove => "31",
        structured::Sym::Change => "33",
        structured::Sym::Keep => "0",
    };
    let symbol = style.paint(code, &line.sym.char().to_string());
    format!("      {}{symbol} {}", "    ".repeat(line.depth), line.text)
}

/// The whole plan as a person reads it.
pub fn render(plan: &Plan, style: &Style) -> String {
    let mut out = String::new();
    header(plan, &mut out);
    conflicts(plan, style, &mut out);
    drift(plan, style, &mut out);
    let changing: Vec<&ResourceChange> = plan
        .resources
        .iter()
        .filter(|r| r.action != Action::NoOp || r.changes.iter().any(|c| c.ignored))
        .collect();
    if !changing.is_empty() {
        let _ = writeln!(out, "\nstackctl will perform the following actions:");
    }
    for r in changing {
        resource(r, style, &mut out);
    }
    footer(plan, &mut out);
    out
}

fn header(plan: &Plan, out: &mut String) {
    let account = plan.account_id.as_deref().map(|a| format!(", account {a}")).unwrap_or_default();
    let _ = writeln!(out, "Stack {} ({}{account})", plan.stack, plan.region);
    let _ = writeln!(
        out,
        "{}",
        if plan.refreshed {
            "Read every setting from AWS (--refresh)."
        } else {
            "Read resources and tags in batch; settings were read only where the stackctl:hash tag did not match\n(use --refresh to read all and find drift)."
        }
    );
}

fn conflicts(plan: &Plan, style: &Style, out: &mut String) {
    if plan.conflicts.is_empty() {
        return;
    }
    let title = "Conflicts: these names are taken by resources this stack does not own (never adopted silently):";
    let _ = writeln!(out, "\n{}", style.paint("31;1", title));
    for c in &plan.conflicts {
        let _ = writeln!(out, "  ! {} {} \"{}\": {}", c.id, c.kind, c.name, c.reason);
        if let Some(command) = c.import_command() {
            let _ = writeln!(out, "      adopt it: {command}");
        }
    }
    let _ = writeln!(
        out,
        "  Adopt them (`stackctl import --all-conflicts` adopts every one with a command), delete or rename them,\n  or change the names in the stack file; apply refuses until then."
    );
    untaggable(plan, out);
}

/// The stack's resources of kinds AWS cannot tag, and how each is the
/// stack's: never a conflict, never imported.
pub(crate) fn untaggable(plan: &Plan, out: &mut String) {
    let notes: Vec<(&ResourceChange, String)> = plan
        .resources
        .iter()
        .filter_map(|r| Some((r, crate::plan::import::adoption_note(r.kind)?)))
        .collect();
    if notes.is_empty() {
        return;
    }
    let _ = writeln!(out, "  AWS cannot tag these; they are adopted without import:");
    for (r, note) in notes {
        let _ = writeln!(out, "    {} {} \"{}\": {note}", r.id, r.kind, r.name);
    }
}

fn drift(plan: &Plan, style: &Style, out: &mut String) {
    let drifted: Vec<&ResourceChange> = plan.drifted().collect();
    if drifted.is_empty() {
        return;
    }
    let title = "Drift: changed outside stackctl since the last apply (apply sets them back):";
    let _ = writeln!(out, "\n{}", style.paint("33;1", title));
    for r in &drifted {
        let attrs: Vec<&str> = r.changes.iter().map(|c| c.attr.as_str()).collect();
        let _ = writeln!(out, "  ~ {} ({})", r.id, attrs.join(", "));
    }
}

/// One resource's block: its headline, then each attribute's lines.
pub(crate) fn resource(r: &ResourceChange, style: &Style, out: &mut String) {
    let _ = writeln!(out, "\n  {}", headline(r));
    let symbol = style.action(r.action, &format!("{:>3}", r.action.symbol()));
    if r.action == Action::Delete {
        let _ = writeln!(out, "{symbol} {} \"{}\"", r.kind, r.name);
        return;
    }
    if let Some(how) = crate::plan::import::adopted_without_import(r) {
        let _ = writeln!(
            out,
            "{}",
            style.paint("2", &format!("  # adopted without import (AWS cannot tag it): {how}"))
        );
    }
    let _ = writeln!(out, "{symbol} {} \"{}\" {{", r.kind, r.name);
    let width = r.changes.iter().map(|c| c.attr.len()).max().unwrap_or(0);
    for c in &r.changes {
        let note = style.paint(if c.forces_replacement && !c.ignored { "35" } else { "2" }, &note(r.kind, c));
        for (i, line) in attribute_lines(r.kind, r.action, c, width).iter().enumerate() {
            let note = if i == 0 { note.as_str() } else { "" };
            let _ = writeln!(out, "{}{note}", paint_line(line, style));
        }
    }
    let _ = writeln!(out, "    }}");
}

fn footer(plan: &Plan, out: &mut String) {
    if !plan.unmanaged.is_empty() {
        let mut kinds: Vec<String> = plan.unmanaged.iter().map(|(_, k)| k.to_string()).collect();
        kinds.sort();
        kinds.dedup();
        let _ = writeln!(
            out,
            "\nNot managed by this version of stackctl, left out of this plan: {} resources ({}).",
            plan.unmanaged.len(),
            kinds.join(", ")
        );
    }
    let s = plan.summary();
    if plan.has_changes() {
        let _ = writeln!(out, "\nPlan: {} to add, {} to change, {} to destroy.", s.add, s.change, s.destroy);
    } else {
        let _ = writeln!(out, "\nNo changes. The stack matches the stack file.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Kind, NodeId, Value};
    use crate::plan::AttrChange;

    fn change(id: &str, kind: Kind, action: Action, changes: Vec<AttrChange>) -> ResourceChange {
        let name = format!("shop-{}", id.rsplit('/').next().unwrap());
        ResourceChange::new(NodeId::new(id), kind, name, action, changes)
    }

    fn attr(name: &str, old: Option<Value>, new: Option<Value>, forces: bool) -> AttrChange {
        AttrChange {
            forces_replacement: forces,
            ..AttrChange::plain(name, old, new)
        }
    }

    /// A cluster upgraded two minor versions, one step each.
    fn cluster_upgrade() -> ResourceChange {
        let version = AttrChange {
            steps: vec!["1.30".into(), "1.31".into()],
            ..attr("version", Some("1.29".into()), Some("1.31".into()), false)
        };
        change("kubernetes/cluster", Kind::EksCluster, Action::Update, vec![version])
    }

    #[test]
    fn renders_every_action() {
        let vpc = NodeId::new("network/vpc");
        let plan = Plan {
            stack: "shop".into(),
            region: "us-east-1".into(),
            account_id: Some("123456789012".into()),
            resources: vec![
                change(
                    "queues/orders",
                    Kind::Queue,
                    Action::Create,
                    vec![
                        attr("fifo", None, Some(false.into()), false),
                        attr("vpc", None, Some(Value::reference(&vpc, "id")), false),
                    ],
                ),
                change(
                    "queues/jobs",
                    Kind::Queue,
                    Action::Update,
                    vec![attr("visibility_timeout_s", Some(30u32.into()), Some(60u32.into()), false)],
                ),
                change(
                    "queues/fifo",
                    Kind::Queue,
                    Action::Replace,
                    vec![attr("fifo", Some(false.into()), Some(true.into()), true)],
                ),
                cluster_upgrade(),
                change("queues/old", Kind::Queue, Action::Delete, vec![]),
                change("queues/same", Kind::Queue, Action::NoOp, vec![]),
            ],
            conflicts: vec![],
            unmanaged: vec![(vpc.clone(), Kind::Vpc)],
            refreshed: false,
        };
        insta::assert_snapshot!(render(&plan, &Style { color: false }));
    }

    #[test]
    fn a_multi_minor_cluster_upgrade_lists_its_steps_in_json() {
        let plan = Plan::of("shop", "us-east-1", vec![cluster_upgrade()]);
        let doc = serde_json::to_value(super::super::plan_json::document(&plan)).unwrap();
        insta::assert_json_snapshot!(doc["resources"][0]["changes"]);
    }
}
