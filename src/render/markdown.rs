//! The plan as a pull-request comment (`plan --markdown FILE`): the counts, what
//! is destroyed or replaced called out first, a table of every change, drift
//! and conflicts in their own sections, each resource's attributes in a
//! collapsible block, all under GitHub's comment limit.

use std::fmt::Write;

use super::plan::{attribute_lines, headline, note};
use super::structured;
use crate::plan::{Action, Plan, ResourceChange};

/// GitHub refuses a comment body over 65,536 characters; the details are cut
/// before that, with a note saying how to see all of it.
pub const COMMENT_LIMIT: usize = 65_536;

/// Room kept for the truncation note and the closing lines.
const RESERVE: usize = 1_024;

/// The order reviewers read changes in: what loses data first.
fn rank(action: Action) -> u8 {
    match action {
        Action::Delete => 0,
        Action::Replace => 1,
        Action::Update => 2,
        Action::Create => 3,
        Action::NoOp => 4,
    }
}

fn action_word(action: Action) -> &'static str {
    match action {
        Action::Create => "create",
        Action::Update => "update",
        Action::Replace => "**replace**",
        Action::Delete => "**destroy**",
        Action::NoOp => "no-op",
    }
}

/// A table cell: no line breaks, pipes escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A code fence longer than any run of backticks in `body`.
fn fence(body: &str) -> String {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

fn changing(plan: &Plan) -> Vec<&ResourceChange> {
    let mut rs: Vec<&ResourceChange> = plan.resources.iter().filter(|r| r.action != Action::NoOp).collect();
    // Stable: within an action, the plan's own (apply) order.
    rs.sort_by_key(|r| rank(r.action));
    rs
}

fn heading(plan: &Plan, out: &mut String) {
    let account = plan.account_id.as_deref().map(|a| format!(", account {a}")).unwrap_or_default();
    let _ = writeln!(out, "### stackctl plan: `{}` ({}{account})\n", plan.stack, plan.region);
    let s = plan.summary();
    if plan.has_changes() {
        let _ = writeln!(
            out,
            "**Plan: {} to add, {} to change, {} to destroy.**\n",
            s.add, s.change, s.destroy
        );
    } else {
        let _ = writeln!(out, "**No changes.** The stack matches the stack file.\n");
    }
}

fn warnings(plan: &Plan, rs: &[&ResourceChange], out: &mut String) {
    let losing: Vec<&&ResourceChange> = rs.iter().filter(|r| matches!(r.action, Action::Delete | Action::Replace)).collect();
    if losing.is_empty() && plan.conflicts.is_empty() {
        return;
    }
    let _ = writeln!(out, "> [!WARNING]");
    for r in losing {
        let _ = writeln!(
            out,
            "> {}  ",
            cell(
                &headline(r)
                    .trim_start_matches("# ")
                    .replace(&r.id.to_string(), &format!("`{}`", r.id))
            )
        );
    }
    if !plan.conflicts.is_empty() {
        let _ = writeln!(
            out,
            "> {} name(s) are taken by resources this stack does not own: apply refuses until they are resolved (see Conflicts).",
            plan.conflicts.len()
        );
    }
    out.push('\n');
}

/// The table of changes, cut at `budget` characters of the comment (a plan of
/// thousands of resources still leaves room for the details of the first).
fn table(rs: &[&ResourceChange], budget: usize, out: &mut String) {
    if rs.is_empty() {
        return;
    }
    let _ = writeln!(out, "| action | resource | type | AWS name |");
    let _ = writeln!(out, "|---|---|---|---|");
    for (shown, r) in rs.iter().enumerate() {
        if out.len() > budget {
            let _ = writeln!(out, "\n_...and {} more; run `stackctl plan` to see all of them._", rs.len() - shown);
            break;
        }
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}` | {} |",
            action_word(r.action),
            cell(&r.id.to_string()),
            r.kind,
            cell(&r.name)
        );
    }
    out.push('\n');
}

fn conflicts_and_drift(plan: &Plan, out: &mut String) {
    if !plan.conflicts.is_empty() {
        let _ = writeln!(out, "#### Conflicts\n");
        let _ = writeln!(
            out,
            "These names are taken by resources this stack does not own (never adopted silently):\n"
        );
        for c in &plan.conflicts {
            let _ = writeln!(out, "- `{}` `{}` \"{}\": {}", c.id, c.kind, cell(&c.name), cell(&c.reason));
            if let Some(command) = c.import_command() {
                let _ = writeln!(out, "  adopt it: `{}`", cell(&command));
            }
        }
        out.push('\n');
    }
    let drifted: Vec<&ResourceChange> = plan.drifted().collect();
    if !drifted.is_empty() {
        let _ = writeln!(out, "#### Drift\n");
        let _ = writeln!(out, "Changed outside stackctl since the last apply (apply sets them back):\n");
        for r in drifted {
            let attrs: Vec<String> = r.changes.iter().map(|c| format!("`{}`", c.attr)).collect();
            let _ = writeln!(out, "- `{}`: {}", r.id, attrs.join(", "));
        }
        out.push('\n');
    }
}

/// One resource's attributes, collapsed.
fn details(r: &ResourceChange) -> String {
    let width = r.changes.iter().map(|c| c.attr.len()).max().unwrap_or(0);
    let mut body = String::new();
    if r.action == Action::Delete {
        let _ = writeln!(body, "- {} \"{}\"", r.kind, r.name);
    } else {
        let _ = writeln!(body, "{} {} \"{}\" {{", r.action.symbol(), r.kind, r.name);
        for c in &r.changes {
            // `diff` highlighting colours a line by its first character.
            for (i, line) in attribute_lines(r.kind, r.action, c, width).iter().enumerate() {
                let note = if i == 0 { note(r.kind, c) } else { String::new() };
                let _ = writeln!(body, "{}{note}", structured::diff_block(line));
            }
        }
        let _ = writeln!(body, "  }}");
    }
    let fence = fence(&body);
    format!(
        "<details><summary><code>{}</code>: {}</summary>\n\n{fence}diff\n{body}{fence}\n\n</details>\n\n",
        r.id,
        action_word(r.action).trim_matches('*')
    )
}

/// The comment body, at most `limit` characters.
pub fn render(plan: &Plan, limit: usize) -> String {
    let rs = changing(plan);
    let mut out = String::new();
    heading(plan, &mut out);
    warnings(plan, &rs, &mut out);
    table(&rs, limit / 2, &mut out);
    conflicts_and_drift(plan, &mut out);
    if !rs.is_empty() {
        let _ = writeln!(out, "#### Details\n");
    }
    let budget = limit.saturating_sub(RESERVE);
    for (shown, r) in rs.iter().enumerate() {
        let block = details(r);
        if out.len() + block.len() > budget {
            let _ = writeln!(
                out,
                "_The details of {} more resource(s) are left out to stay under GitHub's {limit}-character comment limit; run `stackctl plan` to see all of them._\n",
                rs.len() - shown
            );
            break;
        }
        out.push_str(&block);
    }
    let _ = writeln!(out, "<sub>stackctl {}</sub>", env!("CARGO_PKG_VERSION"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Kind, NodeId, Value};
    use crate::plan::{AttrChange, Conflict};

    fn attr(name: &str, old: Option<Value>, new: Option<Value>, forces: bool) -> AttrChange {
        AttrChange {
            forces_replacement: forces,
            ..AttrChange::plain(name, old, new)
        }
    }

    fn change(id: &str, action: Action, changes: Vec<AttrChange>) -> ResourceChange {
        let name = format!("shop-{}", id.rsplit('/').next().unwrap());
        ResourceChange::new(NodeId::new(id), Kind::Queue, name, action, changes)
    }

    fn plan(resources: Vec<ResourceChange>) -> Plan {
        Plan {
            account_id: Some("123456789012".into()),
            refreshed: true,
            ..Plan::of("shop", "us-east-1", resources)
        }
    }

    #[test]
    fn destroys_and_replacements_come_first() {
        let mut drifted = change(
            "queues/jobs",
            Action::Update,
            vec![attr("visibility_timeout_s", Some(30u32.into()), Some(60u32.into()), false)],
        );
        drifted.drift = true;
        let mut p = plan(vec![
            change("queues/new", Action::Create, vec![attr("fifo", None, Some(false.into()), false)]),
            drifted,
            change(
                "queues/fifo",
                Action::Replace,
                vec![attr("fifo", Some(false.into()), Some(true.into()), true)],
            ),
            change("queues/old", Action::Delete, vec![]),
            change("queues/same", Action::NoOp, vec![]),
        ]);
        p.conflicts.push(Conflict {
            id: NodeId::new("queues/taken"),
            kind: Kind::Queue,
            name: "shop-taken".into(),
            reason: "exists without the stack's ownership tags".into(),
            aws_id: Some("https://sqs.us-east-1.amazonaws.com/123456789012/shop-taken".into()),
        });
        insta::assert_snapshot!(render(&p, COMMENT_LIMIT));
    }

    #[test]
    fn no_changes_is_one_line() {
        let p = plan(vec![change("queues/same", Action::NoOp, vec![])]);
        insta::assert_snapshot!(render(&p, COMMENT_LIMIT));
    }

    #[test]
    fn a_huge_plan_stays_under_the_comment_limit() {
        let big = Value::str("x".repeat(5_000));
        let resources = (0..100)
            .map(|i| {
                change(
                    &format!("queues/q{i}"),
                    Action::Create,
                    vec![attr("policy", None, Some(big.clone()), false)],
                )
            })
            .collect();
        let text = render(&plan(resources), COMMENT_LIMIT);
        assert!(text.len() <= COMMENT_LIMIT, "{} characters", text.len());
        assert!(text.contains("left out to stay under GitHub's 65536-character comment limit"));
        // The table still lists every resource.
        assert_eq!(text.matches("| create | `queues/q").count(), 100);
    }

    #[test]
    fn fences_outgrow_backticks_in_values() {
        assert_eq!(fence("a ``` b"), "````");
        assert_eq!(fence("plain"), "```");
    }
}
