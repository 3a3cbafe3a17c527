//! AWS Backup: the vault, the plan and its rule, the selection of the
//! databases (the key and the role are exported as every key and role are).

use super::context::{Ctx, ident};
use super::hcl::{Block, Body, Expr};
use crate::graph::Node;

/// The vault and the plan are named after the stack itself.
fn stack_named(c: &Ctx, n: &Node) -> Expr {
    if n.name == c.stack { Expr::raw("var.stack") } else { c.name(n) }
}

pub fn vault(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new()
        .attr("name", stack_named(c, n))
        .attr("kms_key_arn", c.prop(n, "encryption_key_arn"))
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_backup_vault", &ident(n.id.as_str()), body)]
}

pub fn plan(c: &Ctx, n: &Node) -> Vec<Block> {
    let mut lifecycle = Body::new().attr("delete_after", c.prop(n, "retention_days"));
    if let Some(cold) = c.prop_opt(n, "cold_storage_after_days") {
        lifecycle = lifecycle.attr("cold_storage_after", cold);
    }
    let rule = Body::new()
        .attr("rule_name", c.prop(n, "rule_name"))
        .attr("target_vault_name", c.prop(n, "target_vault_name"))
        .attr("schedule", c.prop(n, "schedule"))
        .child("lifecycle", lifecycle);
    let body = Body::new()
        .attr("name", stack_named(c, n))
        .child("rule", rule)
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_backup_plan", &ident(n.id.as_str()), body)]
}

/// A selection has no tags: stackctl finds it by its name in the plan.
pub fn selection(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("plan_id", c.prop(n, "backup_plan_id"))
        .attr("iam_role_arn", c.prop(n, "iam_role_arn"))
        .attr("resources", c.prop(n, "resource_arns"));
    vec![Block::resource("aws_backup_selection", &ident(n.id.as_str()), body)]
}
