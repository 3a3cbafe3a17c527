//! The database (primary, replicas, their groups) and the Redis cache.

use super::context::Ctx;
use super::hcl::{Block, Body, Expr};
use crate::graph::props::{
    CacheReplicationGroupProps, CacheSubnetGroupProps, CacheUserGroupProps, CacheUserProps, DbInstanceProps, DbParameterGroupProps,
    DbReplicaProps, DbSettings, DbSubnetGroupProps,
};
use crate::graph::{Node, Value};

pub fn db_subnet_group(c: &Ctx, n: &Node, p: DbSubnetGroupProps) -> Vec<Block> {
    vec![subnet_group(c, n, &p.description, &p.subnet_ids)]
}

pub fn cache_subnet_group(c: &Ctx, n: &Node, p: CacheSubnetGroupProps) -> Vec<Block> {
    vec![subnet_group(c, n, &p.description, &p.subnet_ids)]
}

/// A database's or a cache's subnet group: the same three settings.
fn subnet_group(c: &Ctx, n: &Node, description: &str, subnet_ids: &[Value]) -> Block {
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("description", c.value(description))
        .attr("subnet_ids", c.value(subnet_ids));
    c.tagged(n, body)
}

pub fn db_parameter_group(c: &Ctx, n: &Node, p: DbParameterGroupProps) -> Vec<Block> {
    let mut body = Body::new()
        .attr("name", c.name(n))
        .attr("family", c.value(&p.family))
        .attr("description", c.value(&p.description));
    for (name, value) in &p.parameters {
        // Static parameters such as rds.force_ssl apply at the next reboot.
        let p = Body::new()
            .attr("name", Expr::string(name))
            .attr("value", c.value(value))
            .attr("apply_method", Expr::string("pending-reboot"));
        body = body.child("parameter", p);
    }
    vec![c.tagged(n, body)]
}

/// The primary: password in Secrets Manager, encrypted, private, protected,
/// a final snapshot unless the stack says otherwise.
pub fn db_instance(c: &Ctx, n: &Node, p: DbInstanceProps) -> Vec<Block> {
    let s = &p.settings;
    let body = Body::new()
        .attr("identifier", c.name(n))
        .attr("engine", c.value(&p.engine))
        .attr("engine_version", c.value(&p.engine_version))
        .attr("instance_class", c.value(&s.instance_class))
        .attr("allocated_storage", c.value(&p.allocated_storage))
        .attr("storage_type", c.value(&p.storage_type))
        .attr("storage_encrypted", c.value(&s.storage_encrypted))
        .attr("multi_az", c.value(&p.multi_az))
        .attr("publicly_accessible", c.value(&s.publicly_accessible))
        .attr("db_subnet_group_name", c.value(&p.db_subnet_group_name))
        .attr("parameter_group_name", c.value(&s.db_parameter_group_name))
        .attr("vpc_security_group_ids", c.value(&s.vpc_security_group_ids))
        .attr("username", c.value(&p.master_username))
        .attr("manage_master_user_password", c.value(&p.manage_master_user_password))
        .attr("backup_retention_period", c.value(&p.backup_retention_period))
        .attr("copy_tags_to_snapshot", c.value(&p.copy_tags_to_snapshot));
    let body = db_upkeep(c, body, s)
        .attr("skip_final_snapshot", Expr::bool(!p.final_snapshot))
        .attr_opt(
            "final_snapshot_identifier",
            p.final_snapshot.then(|| c.string_plain(&format!("{}-final", n.name))),
        );
    vec![c.tagged(n, body)]
}

/// A read replica: an `aws_db_instance` with `replicate_source_db`.
pub fn db_replica(c: &Ctx, n: &Node, p: DbReplicaProps) -> Vec<Block> {
    let s = &p.settings;
    let body = Body::new()
        .attr("identifier", c.name(n))
        .attr("replicate_source_db", c.value(&p.source_db_instance_identifier))
        .attr("instance_class", c.value(&s.instance_class))
        .attr("storage_encrypted", c.value(&s.storage_encrypted))
        .attr("publicly_accessible", c.value(&s.publicly_accessible))
        .attr("parameter_group_name", c.value(&s.db_parameter_group_name))
        .attr("vpc_security_group_ids", c.value(&s.vpc_security_group_ids));
    let body = db_upkeep(c, body, s).attr("skip_final_snapshot", Expr::bool(true));
    vec![c.tagged(n, body)]
}

/// What a primary and its replicas both end with: upgrades, protection,
/// IAM authentication, exported logs, the CA.
fn db_upkeep(c: &Ctx, body: Body, s: &DbSettings) -> Body {
    body.attr("auto_minor_version_upgrade", c.value(&s.auto_minor_version_upgrade))
        .attr("deletion_protection", c.value(&s.deletion_protection))
        .attr("iam_database_authentication_enabled", c.value(&s.iam_database_authentication))
        .attr("enabled_cloudwatch_logs_exports", c.value(&s.cloudwatch_logs_exports))
        .attr_opt("ca_cert_identifier", c.opt(&s.ca_certificate_identifier))
}

/// Redis with one primary and `replicas` replicas (cluster mode off),
/// encrypted at rest and in transit.
pub fn cache_replication_group(c: &Ctx, n: &Node, p: CacheReplicationGroupProps) -> Vec<Block> {
    let user_groups = (!p.user_group_ids.is_empty()).then(|| c.value(&p.user_group_ids));
    let body = Body::new()
        .attr("replication_group_id", c.name(n))
        .attr("description", c.value(&p.description))
        .attr("engine", c.value(&p.engine))
        .attr_opt("engine_version", c.opt(&p.engine_version))
        .attr_opt("node_type", c.opt(&p.node_type))
        .attr_opt("port", c.opt(&p.port))
        .attr("num_cache_clusters", c.value(&(p.replicas_per_node_group + 1)))
        .attr("automatic_failover_enabled", c.value(&p.automatic_failover))
        .attr("multi_az_enabled", c.value(&p.multi_az))
        .attr("at_rest_encryption_enabled", c.value(&p.at_rest_encryption))
        .attr("transit_encryption_enabled", c.value(&p.transit_encryption))
        .attr_opt("subnet_group_name", c.opt(&p.subnet_group_name))
        .attr_opt("security_group_ids", c.opt(&p.security_group_ids))
        .attr("snapshot_retention_limit", c.value(&p.snapshot_retention_limit))
        .attr("auto_minor_version_upgrade", c.value(&p.auto_minor_version_upgrade))
        .attr_opt("user_group_ids", user_groups);
    vec![c.tagged(n, body)]
}

/// A Redis user: IAM authentication or none (a user switched off), never a
/// password.
pub fn cache_user(c: &Ctx, n: &Node, p: CacheUserProps) -> Vec<Block> {
    let body = Body::new()
        .attr("user_id", c.name(n))
        .attr("user_name", c.value(&p.user_name))
        .attr("engine", c.value(&p.engine))
        .attr("access_string", c.value(&p.access_string))
        .child("authentication_mode", Body::new().attr("type", c.value(&p.authentication_type)));
    vec![c.tagged(n, body)]
}

/// The users a replication group admits.
pub fn cache_user_group(c: &Ctx, n: &Node, p: CacheUserGroupProps) -> Vec<Block> {
    let body = Body::new()
        .attr("user_group_id", c.name(n))
        .attr("engine", c.value(&p.engine))
        .attr("user_ids", c.value(&p.user_ids));
    vec![c.tagged(n, body)]
}
