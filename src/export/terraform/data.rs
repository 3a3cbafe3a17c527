//! The database (primary, replicas, their groups) and the Redis cache.

use super::context::{Ctx, ident};
use super::hcl::{Block, Body, Expr};
use crate::graph::{Node, Value};

pub fn db_subnet_group(c: &Ctx, n: &Node) -> Vec<Block> {
    vec![subnet_group("aws_db_subnet_group", c, n)]
}

pub fn cache_subnet_group(c: &Ctx, n: &Node) -> Vec<Block> {
    vec![subnet_group("aws_elasticache_subnet_group", c, n)]
}

fn subnet_group(tf_type: &str, c: &Ctx, n: &Node) -> Block {
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("description", c.prop(n, "description"))
        .attr("subnet_ids", c.prop(n, "subnet_ids"))
        .attr("tags", c.tags(n));
    Block::resource(tf_type, &ident(n.id.as_str()), body)
}

pub fn db_parameter_group(c: &Ctx, n: &Node) -> Vec<Block> {
    let mut body = Body::new()
        .attr("name", c.name(n))
        .attr("family", c.prop(n, "family"))
        .attr("description", c.prop(n, "description"));
    for (name, value) in n.props.get("parameters").and_then(Value::as_map).into_iter().flatten() {
        // Static parameters such as rds.force_ssl apply at the next reboot.
        let p = Body::new()
            .attr("name", Expr::string(name))
            .attr("value", c.value(value))
            .attr("apply_method", Expr::string("pending-reboot"));
        body = body.child("parameter", p);
    }
    vec![Block::resource(
        "aws_db_parameter_group",
        &ident(n.id.as_str()),
        body.attr("tags", c.tags(n)),
    )]
}

/// The primary: password in Secrets Manager, encrypted, private, protected,
/// a final snapshot unless the stack says otherwise.
pub fn db_instance(c: &Ctx, n: &Node) -> Vec<Block> {
    let final_snapshot = n.props.get("final_snapshot").and_then(Value::as_bool).unwrap_or(true);
    let body = Body::new()
        .attr("identifier", c.name(n))
        .attr("engine", c.prop(n, "engine"))
        .attr("engine_version", c.prop(n, "engine_version"))
        .attr("instance_class", c.prop(n, "instance_class"))
        .attr("allocated_storage", c.prop(n, "allocated_storage"))
        .attr("storage_type", c.prop(n, "storage_type"))
        .attr("storage_encrypted", c.prop(n, "storage_encrypted"))
        .attr("multi_az", c.prop(n, "multi_az"))
        .attr("publicly_accessible", c.prop(n, "publicly_accessible"))
        .attr("db_subnet_group_name", c.prop(n, "db_subnet_group_name"))
        .attr("parameter_group_name", c.prop(n, "db_parameter_group_name"))
        .attr("vpc_security_group_ids", c.prop(n, "vpc_security_group_ids"))
        .attr("username", c.prop(n, "master_username"))
        .attr("manage_master_user_password", c.prop(n, "manage_master_user_password"))
        .attr("backup_retention_period", c.prop(n, "backup_retention_period"))
        .attr("copy_tags_to_snapshot", c.prop(n, "copy_tags_to_snapshot"))
        .attr("auto_minor_version_upgrade", c.prop(n, "auto_minor_version_upgrade"))
        .attr("deletion_protection", c.prop(n, "deletion_protection"))
        .attr_opt("iam_database_authentication_enabled", c.prop_opt(n, "iam_database_authentication"))
        .attr_opt("enabled_cloudwatch_logs_exports", c.prop_opt(n, "cloudwatch_logs_exports"))
        .attr_opt("ca_cert_identifier", c.prop_opt(n, "ca_certificate_identifier"))
        .attr("skip_final_snapshot", Expr::bool(!final_snapshot))
        .attr_opt(
            "final_snapshot_identifier",
            final_snapshot.then(|| c.string_plain(&format!("{}-final", n.name))),
        )
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_db_instance", &ident(n.id.as_str()), body)]
}

/// A read replica: an `aws_db_instance` with `replicate_source_db`.
pub fn db_replica(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new()
        .attr("identifier", c.name(n))
        .attr("replicate_source_db", c.prop(n, "source_db_instance_identifier"))
        .attr("instance_class", c.prop(n, "instance_class"))
        .attr("storage_encrypted", c.prop(n, "storage_encrypted"))
        .attr("publicly_accessible", c.prop(n, "publicly_accessible"))
        .attr("parameter_group_name", c.prop(n, "db_parameter_group_name"))
        .attr("vpc_security_group_ids", c.prop(n, "vpc_security_group_ids"))
        .attr("auto_minor_version_upgrade", c.prop(n, "auto_minor_version_upgrade"))
        .attr_opt("deletion_protection", c.prop_opt(n, "deletion_protection"))
        .attr_opt("iam_database_authentication_enabled", c.prop_opt(n, "iam_database_authentication"))
        .attr_opt("enabled_cloudwatch_logs_exports", c.prop_opt(n, "cloudwatch_logs_exports"))
        .attr_opt("ca_cert_identifier", c.prop_opt(n, "ca_certificate_identifier"))
        .attr("skip_final_snapshot", Expr::bool(true))
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_db_instance", &ident(n.id.as_str()), body)]
}

/// Redis with one primary and `replicas` replicas (cluster mode off),
/// encrypted at rest and in transit.
pub fn cache_replication_group(c: &Ctx, n: &Node) -> Vec<Block> {
    let replicas = n.props.get("replicas_per_node_group").and_then(Value::as_int).unwrap_or(0);
    let body = Body::new()
        .attr("replication_group_id", c.name(n))
        .attr("description", c.prop(n, "description"))
        .attr("engine", c.prop(n, "engine"))
        .attr("engine_version", c.prop(n, "engine_version"))
        .attr("node_type", c.prop(n, "node_type"))
        .attr("port", c.prop(n, "port"))
        .attr("num_cache_clusters", Expr::int(replicas + 1))
        .attr("automatic_failover_enabled", c.prop(n, "automatic_failover"))
        .attr("multi_az_enabled", c.prop(n, "multi_az"))
        .attr("at_rest_encryption_enabled", c.prop(n, "at_rest_encryption"))
        .attr("transit_encryption_enabled", c.prop(n, "transit_encryption"))
        .attr("subnet_group_name", c.prop(n, "subnet_group_name"))
        .attr("security_group_ids", c.prop(n, "security_group_ids"))
        .attr_opt("snapshot_retention_limit", c.prop_opt(n, "snapshot_retention_limit"))
        .attr_opt("auto_minor_version_upgrade", c.prop_opt(n, "auto_minor_version_upgrade"))
        .attr_opt("user_group_ids", c.prop_opt(n, "user_group_ids"))
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_elasticache_replication_group", &ident(n.id.as_str()), body)]
}

/// A Redis user: IAM authentication or none (a user switched off), never a
/// password.
pub fn cache_user(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new()
        .attr("user_id", c.name(n))
        .attr("user_name", c.prop(n, "user_name"))
        .attr("engine", c.prop(n, "engine"))
        .attr("access_string", c.prop(n, "access_string"))
        .child("authentication_mode", Body::new().attr("type", c.prop(n, "authentication_type")))
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_elasticache_user", &ident(n.id.as_str()), body)]
}

/// The users a replication group admits.
pub fn cache_user_group(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new()
        .attr("user_group_id", c.name(n))
        .attr("engine", c.prop(n, "engine"))
        .attr("user_ids", c.prop(n, "user_ids"))
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_elasticache_user_group", &ident(n.id.as_str()), body)]
}
