//! The data stores in the VPC: `database` (RDS) and `cache` (Redis).

use super::Checker;
use crate::stack::model::{Cache, CacheAuth, Database, Engine};
use crate::stack::pos::Pos;
use crate::stack::{names, rules};

/// Master user names RDS keeps for itself.
const RESERVED_DB_USERS: &[&str] = &["rdsadmin", "rdsrepladmin", "rds_superuser"];

impl Checker<'_> {
    pub(super) fn database(&mut self) {
        self.needs_network(&self.stack.database, "database", 2, "an RDS subnet group");
        let Some(db) = &self.stack.database else { return };
        let stack = self.name().to_string();
        let version_ok = !db.engine_version.is_empty() && db.engine_version.split('.').all(|p| p.parse::<u32>().is_ok());
        if !version_ok {
            self.error(
                db.engine_version.span,
                "database.engine_version",
                format!("`{}` is not an engine version", db.engine_version.value),
                "write a quoted version such as \"16.4\"",
            );
        }
        if !db.instance_class.starts_with("db.") || db.instance_class.split('.').count() != 3 {
            self.error(
                db.instance_class.span,
                "database.instance_class",
                format!("`{}` is not an RDS instance class", db.instance_class.value),
                "write a class such as `db.r6g.large`",
            );
        }
        self.db_storage_and_backups(db);
        self.db_master_username(db);
        let mut ids = vec![names::db_primary(&stack)];
        ids.extend((1..=*db.read_replicas).map(|n| names::db_replica(&stack, n)));
        for id in ids {
            self.rule(
                db.span,
                "database",
                "DB instance identifier",
                &id,
                rules::rds_identifier(&id),
                "shorten the stack name",
            );
        }
        if !*db.deletion_protection {
            self.warn(
                db.deletion_protection.span,
                "database.deletion_protection",
                "deletion protection is off: a destroy deletes the database",
                "leave deletion_protection at its default, true, for a database with data",
            );
        }
        self.db_log_exports(db);
        self.db_ca(db);
        if !*db.final_snapshot {
            self.warn(
                db.final_snapshot.span,
                "database.final_snapshot",
                "no final snapshot: deleting the database loses its data",
                "leave final_snapshot at its default, true",
            );
        }
    }

    /// Storage, backup retention and read replicas within what RDS allows.
    fn db_storage_and_backups(&mut self, db: &Pos<Database>) {
        if !(20..=65536).contains(&*db.storage_gb) {
            self.error(
                db.storage_gb.span.or(db.span),
                "database.storage_gb",
                format!("{} GiB is outside what RDS allocates (20 to 65536)", *db.storage_gb),
                "use at least 20",
            );
        }
        if *db.backup_retention_days > 35 {
            self.error(
                db.backup_retention_days.span,
                "database.backup_retention_days",
                format!("{} days is more than RDS keeps (35)", *db.backup_retention_days),
                "use 1 to 35",
            );
        }
        if *db.read_replicas > 15 {
            self.error(
                db.read_replicas.span,
                "database.read_replicas",
                format!("{} read replicas; RDS allows 15", *db.read_replicas),
                "use at most 15",
            );
        }
        if *db.read_replicas > 0 && *db.backup_retention_days == 0 {
            self.error(
                db.backup_retention_days.span.or(db.read_replicas.span),
                "database.backup_retention_days",
                "read replicas need automated backups on the primary, but backup_retention_days is 0",
                "set backup_retention_days to 1 or more, or read_replicas to 0",
            );
        }
    }

    /// A master user name RDS accepts.
    fn db_master_username(&mut self, db: &Pos<Database>) {
        let user = &db.master_username;
        let user_ok = (1..=16).contains(&user.len())
            && user.starts_with(|c: char| c.is_ascii_alphabetic())
            && user.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !RESERVED_DB_USERS.contains(&user.as_str());
        if !user_ok {
            self.error(
                user.span.or(db.span),
                "database.master_username",
                format!("`{}` is not a master user name RDS accepts", user.value),
                "1 to 16 letters, digits or `_`, starting with a letter, not one RDS reserves (rdsadmin)",
            );
        }
    }

    /// The log types RDS exports for the engine (CreateDBInstance,
    /// EnableCloudwatchLogsExports; RDS user guide, "Publishing database logs").
    fn db_log_exports(&mut self, db: &crate::stack::model::Database) {
        let known: &[&str] = match *db.engine {
            Engine::Postgres => &["postgresql", "upgrade", "iam-db-auth-error"],
            Engine::Mysql => &["audit", "error", "general", "slowquery", "iam-db-auth-error"],
        };
        let what = format!("a log {} exports to CloudWatch Logs", db.engine.as_str());
        for (i, log) in db.log_exports.iter().flatten().enumerate() {
            self.one_of(log, log.span, format!("database.log_exports[{i}]"), known, &what);
        }
    }

    /// The certificate authorities RDS offers (RDS user guide, "Certificate
    /// authorities"); `rds-ca-2019` expired in August 2024.
    fn db_ca(&mut self, db: &crate::stack::model::Database) {
        const OFFERED: &[&str] = &["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"];
        if !OFFERED.contains(&db.ca_certificate.as_str()) {
            self.error(
                db.ca_certificate.span,
                "database.ca_certificate",
                format!("`{}` is not a certificate authority RDS offers", db.ca_certificate.value),
                format!("use one of {} (rsa2048 is what clients support most widely)", OFFERED.join(", ")),
            );
        }
    }

    pub(super) fn cache(&mut self) {
        self.needs_network(&self.stack.cache, "cache", 1, "a cache subnet group");
        let Some(c) = &self.stack.cache else { return };
        if !c.node_type.starts_with("cache.") || c.node_type.split('.').count() != 3 {
            self.error(
                c.node_type.span,
                "cache.node_type",
                format!("`{}` is not an ElastiCache node type", c.node_type.value),
                "write a type such as `cache.r6g.large`",
            );
        }
        let version_ok = !c.engine_version.is_empty() && c.engine_version.split('.').all(|p| p.parse::<u32>().is_ok());
        if !version_ok {
            self.error(
                c.engine_version.span.or(c.span),
                "cache.engine_version",
                format!("`{}` is not a Redis engine version", c.engine_version.value),
                "write a quoted version such as \"7.1\"",
            );
        }
        if *c.replicas > 5 {
            self.error(
                c.replicas.span,
                "cache.replicas",
                format!("{} replicas; a Redis shard has at most 5", *c.replicas),
                "use 0 to 5",
            );
        }
        if *c.replicas > 0 && self.stack.network.is_some() && self.az_count() < 2 {
            self.error(
                c.replicas.span,
                "cache.replicas",
                "automatic failover with replicas needs at least 2 availability zones",
                "set `network.availability_zones: 2`, or `replicas: 0`",
            );
        }
        let id = names::cache_group(self.name());
        self.rule(
            c.span,
            "cache",
            "replication group id",
            &id,
            rules::elasticache_group(&id),
            "shorten the stack name",
        );
        if *c.snapshot_retention_days > 35 {
            self.error(
                c.snapshot_retention_days.span,
                "cache.snapshot_retention_days",
                format!("{} days is more than ElastiCache keeps (35)", *c.snapshot_retention_days),
                "use 7 to 35",
            );
        } else if *c.snapshot_retention_days == 0 {
            self.warn(
                c.snapshot_retention_days.span,
                "cache.snapshot_retention_days",
                "Redis has no automatic snapshots: a lost cluster loses its data",
                "leave snapshot_retention_days at its default, 7",
            );
        }
        if !*c.encryption_at_rest {
            self.warn(
                c.encryption_at_rest.span,
                "cache.encryption_at_rest",
                "Redis data is stored unencrypted",
                "leave encryption_at_rest at its default, true",
            );
        }
        self.cache_auth(c);
        if !*c.encryption_in_transit {
            self.warn(
                c.encryption_in_transit.span,
                "cache.encryption_in_transit",
                "Redis traffic is not encrypted",
                "leave encryption_in_transit at its default, true",
            );
        }
    }

    /// IAM authentication needs Redis 7 or later and TLS (ElastiCache user
    /// guide, "Authenticating with IAM", Limitations).
    fn cache_auth(&mut self, c: &Pos<Cache>) {
        if *c.auth != CacheAuth::Iam {
            return;
        }
        let major = c.engine_version.split('.').next().and_then(|m| m.parse::<u32>().ok());
        if major.is_some_and(|m| m < 7) {
            self.error(
                c.auth.span.or(c.engine_version.span).or(c.span),
                "cache.auth",
                format!(
                    "IAM authentication needs Redis 7 or later, the cache runs Redis {}",
                    c.engine_version.value
                ),
                "write `engine_version: \"7.1\"`, or `auth: none` to run Redis without AUTH",
            );
        }
        if !*c.encryption_in_transit {
            self.error(
                c.auth.span.or(c.encryption_in_transit.span).or(c.span),
                "cache.auth",
                "IAM authentication needs encryption in transit (TLS), which is off",
                "remove `encryption_in_transit: false`, or write `auth: none` to run Redis without AUTH",
            );
        }
    }
}
