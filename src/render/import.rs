//! What `stackctl import` will do, as text: the tags it adds to each resource,
//! and the plan that follows for it.

use std::fmt::Write;

use super::plan::{Style, resource};
use crate::aws::adopt::Adoptee;
use crate::plan::{Action, ResourceChange};

pub fn render(adoptees: &[Adoptee], hash_only: &[ResourceChange], style: &Style) -> String {
    let mut out = String::new();
    if !adoptees.is_empty() {
        let _ = writeln!(
            out,
            "stackctl import will add this stack's ownership tags to {} resource(s); nothing else is changed:",
            adoptees.len()
        );
    }
    for a in adoptees {
        let tags: Vec<String> = a.tags.iter().map(|(k, v)| format!("{k} = \"{v}\"")).collect();
        let _ = writeln!(
            out,
            "\n  {} {} \"{}\" ({})",
            a.live.id, a.live.kind, a.live.name, a.live.physical_id
        );
        let _ = writeln!(out, "    + tags: {}", tags.join(", "));
        if a.then.action == Action::NoOp || only_hash(&a.then) {
            let _ = writeln!(
                out,
                "    then: its settings match the stack file; apply has nothing to change on it"
            );
        } else {
            let _ = writeln!(out, "    then `stackctl apply` would change (the next plan shows it):");
            let mut block = String::new();
            resource(&a.then, style, &mut block);
            for line in block.lines().filter(|l| !l.trim().is_empty()) {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    if !hash_only.is_empty() {
        let ids: Vec<String> = hash_only.iter().map(|r| r.id.to_string()).collect();
        let _ = writeln!(
            out,
            "\n{} resource(s) of the stack already match the stack file but carry no settings hash (made by another tool);\nimport records it (the stackctl:hash tag), as apply would: {}",
            hash_only.len(),
            ids.join(", ")
        );
    }
    out
}

/// A change that only (re)writes the settings hash: the settings match.
pub fn only_hash(r: &ResourceChange) -> bool {
    !r.changes.is_empty() && r.changes.iter().all(|c| c.attr == format!("tags.{}", crate::graph::tag::HASH))
}

/// With `--all-conflicts`: the conflicts it cannot import (no import command:
/// another stack's resource, another account's bucket), each with why.
pub fn not_importable(conflicts: &[&crate::plan::Conflict]) -> String {
    let mut out = String::new();
    if conflicts.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\n{} conflict(s) cannot be imported; each says what to do:", conflicts.len());
    for c in conflicts {
        let _ = writeln!(out, "  ! {} {} \"{}\": {}", c.id, c.kind, c.name, c.reason);
    }
    out
}

/// With `--all-conflicts`: the stack's resources AWS cannot tag, which import
/// leaves alone, and how each is the stack's.
pub fn untaggable(plan: &crate::plan::Plan, out: &mut String) {
    let mut notes = String::new();
    super::plan::untaggable(plan, &mut notes);
    if !notes.is_empty() {
        let _ = write!(out, "\n{}", notes.replacen("  AWS cannot tag these", "AWS cannot tag these", 1));
    }
}
