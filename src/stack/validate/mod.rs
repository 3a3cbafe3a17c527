//! Semantic checks of a typed stack: everything AWS would refuse, and everything
//! inconsistent, found before any AWS call. Every check adds to one list, so a
//! file's problems are reported together.
//!
//! `validate` runs one `Checker` method per section of the stack file; the
//! methods live in this module's files by area, the shared helpers here.

mod backup;
mod compute;
mod data;
mod edge;
mod monitoring;
mod network;
mod storage;
mod top_level;

use std::collections::HashMap;

use super::diagnostic::Diagnostic;
use super::model::*;
use super::pos::{Pos, Span};
use super::rules::RuleResult;

pub fn validate(stack: &Stack) -> Vec<Diagnostic> {
    let mut c = Checker {
        out: Vec::new(),
        stack,
        name_ok: super::rules::stack_name(&stack.stack).is_ok(),
    };
    c.top_level();
    c.network();
    c.waf();
    c.cdn();
    c.load_balancer();
    c.kubernetes();
    c.database();
    c.cache();
    c.backup();
    c.queues();
    c.buckets();
    c.registries();
    c.monitoring();
    c.repositories();
    c.out
}

struct Checker<'a> {
    out: Vec<Diagnostic>,
    stack: &'a Stack,
    /// Whether the stack name is valid; if not, its one error is reported and
    /// derived names are built from a stand-in (see `name`).
    name_ok: bool,
}

impl Checker<'_> {
    fn error(&mut self, span: Span, key: impl Into<String>, msg: impl Into<String>, help: impl Into<String>) {
        self.out.push(Diagnostic::error(span, key, msg).help(help));
    }

    fn warn(&mut self, span: Span, key: impl Into<String>, msg: impl Into<String>, help: impl Into<String>) {
        self.out.push(Diagnostic::warning(span, key, msg).help(help));
    }

    /// Reports `value` unless it is one of `allowed`, the values AWS takes
    /// there: "`x` is not <what>", "use one of a, b, c".
    fn one_of(&mut self, value: &Pos<String>, span: Span, key: impl Into<String>, allowed: &[&str], what: &str) {
        if !allowed.contains(&value.as_str()) {
            self.error(
                span,
                key,
                format!("`{}` is not {what}", value.value),
                format!("use one of {}", allowed.join(", ")),
            );
        }
    }

    /// Reports a naming rule failure of a derived AWS name.
    fn rule(&mut self, span: Span, key: &str, what: &str, name: &str, result: RuleResult, help: &str) {
        if let Err(why) = result {
            let name = super::names::abbreviate(name);
            self.error(span, key, format!("{what} `{name}` {why}"), help.to_string());
        }
    }

    /// The stack name derived AWS names start with; a stand-in when the stack
    /// name itself is invalid, so its error is reported once, not once per
    /// derived name (and a 1 MB name is not copied into each of them).
    fn name(&self) -> &str {
        if self.name_ok {
            &self.stack.stack
        } else {
            super::names::STAND_IN_STACK
        }
    }

    fn region(&self) -> &str {
        &self.stack.region
    }

    /// The number of AZs the network spans (0 without a network).
    fn az_count(&self) -> u32 {
        self.stack.network.as_ref().map_or(0, |n| n.az_count())
    }

    fn bucket_exists(&self, name: &str) -> bool {
        self.stack.buckets.iter().any(|b| *b.name == name)
    }

    /// Components that live in the VPC need a `network` section with enough AZs.
    fn needs_network<T>(&mut self, section: &Option<Pos<T>>, key: &str, min_azs: u32, why: &str) {
        let Some(section) = section else { return };
        match &self.stack.network {
            None => self.error(
                section.span,
                key,
                format!("`{key}` runs inside a VPC, but the stack has no `network` section"),
                "add `network:` with a `cidr` and `availability_zones: 2`",
            ),
            Some(n) if n.az_count() < min_azs => self.error(
                n.availability_zones.span.or(n.span),
                "network.availability_zones",
                format!(
                    "{why} needs subnets in at least {min_azs} availability zones, the network has {}",
                    n.az_count()
                ),
                format!("set `availability_zones: {min_azs}` or more"),
            ),
            Some(_) => {}
        }
    }

    /// Each item's `name` given once in the list `section` (the error names
    /// `section[i].name` of the second).
    fn names_once<'n, T>(&mut self, section: &str, items: &'n [T], name: impl Fn(&'n T) -> &'n Pos<String>, what: &str) {
        let named = items
            .iter()
            .enumerate()
            .map(|(i, item)| (name(item), format!("{section}[{i}].name")));
        self.duplicates(named, what);
    }

    fn duplicates<'n>(&mut self, items: impl Iterator<Item = (&'n Pos<String>, String)>, what: &str) {
        let mut seen: HashMap<String, Span> = HashMap::new();
        for (name, key) in items {
            if let Some(first) = seen.get(name.as_str()) {
                self.error(
                    name.span,
                    key,
                    format!("{what} `{}` is defined twice (first at {first})", name.value),
                    format!("give each {what} its own name"),
                );
            } else {
                seen.insert(name.value.clone(), name.span);
            }
        }
    }
}
