//! AWS Backup: the vault, the plan and its rule, the selection of the
//! databases (the key and the role are exported as every key and role are).

use super::context::Ctx;
use super::hcl::{Block, Body, Expr};
use crate::graph::Node;
use crate::graph::props::{BackupPlanProps, BackupSelectionProps, BackupVaultProps};

/// The vault and the plan are named after the stack itself.
fn stack_named(c: &Ctx, n: &Node) -> Expr {
    if n.name == c.stack { Expr::raw("var.stack") } else { c.name(n) }
}

pub fn vault(c: &Ctx, n: &Node, p: BackupVaultProps) -> Vec<Block> {
    let body = Body::new()
        .attr("name", stack_named(c, n))
        .attr("kms_key_arn", c.value(&p.encryption_key_arn));
    vec![c.tagged(n, body)]
}

pub fn plan(c: &Ctx, n: &Node, p: BackupPlanProps) -> Vec<Block> {
    let lifecycle = Body::new()
        .attr_opt("delete_after", c.opt(&p.retention_days))
        .attr_opt("cold_storage_after", c.opt(&p.cold_storage_after_days));
    let rule = Body::new()
        .attr("rule_name", c.value(&p.rule_name))
        .attr("target_vault_name", c.value(&p.target_vault_name))
        .attr("schedule", c.value(&p.schedule))
        .child("lifecycle", lifecycle);
    let body = Body::new().attr("name", stack_named(c, n)).child("rule", rule);
    vec![c.tagged(n, body)]
}

/// A selection has no tags: stackctl finds it by its name in the plan.
pub fn selection(c: &Ctx, n: &Node, p: BackupSelectionProps) -> Vec<Block> {
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("plan_id", c.value(&p.backup_plan_id))
        .attr("iam_role_arn", c.value(&p.iam_role_arn))
        .attr("resources", c.value(&p.resource_arns));
    vec![c.resource(n, body)]
}
