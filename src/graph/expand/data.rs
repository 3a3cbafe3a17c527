//! The data tier: the RDS primary and its read replicas, and the Redis
//! replication group, each in the private subnets behind its security group.

use super::network::NetworkIds;
use super::{Builder, Spec, ids};
use crate::graph::props::{DbInstanceProps, DbParameterGroupProps, DbReplicaProps, DbSettings, DbSubnetGroupProps};
use crate::graph::{Kind, NodeId, Props, Value};
use crate::props;
use crate::stack::model::{Database, Engine};
use crate::stack::names;

/// The parameter group family of an engine version: `postgres16`, `mysql8.0`.
fn parameter_family(engine: Engine, version: &str) -> String {
    let mut parts = version.split('.');
    let major = parts.next().unwrap_or_default();
    match engine {
        Engine::Postgres => format!("postgres{major}"),
        Engine::Mysql => format!("mysql{major}.{}", parts.next().unwrap_or("0")),
    }
}

pub fn database(b: &mut Builder, net: Option<&NetworkIds>) {
    let (Some(db), Some(net)) = (b.stack.database.as_ref(), net) else {
        return;
    };
    let stack = b.name().to_string();
    let subnet_group = b.add(Spec::new(
        ids::db_subnet_group(),
        Kind::DbSubnetGroup,
        names::db_primary(&stack),
        Props::from(DbSubnetGroupProps {
            description: format!("Private subnets of stack {stack}"),
            subnet_ids: net.private_subnets.iter().map(|s| Value::reference(s, "id")).collect(),
        }),
    ));
    // Clients must use TLS: the engine's own switch for it.
    let force_ssl = match *db.engine {
        Engine::Postgres => ("rds.force_ssl", "1"),
        Engine::Mysql => ("require_secure_transport", "ON"),
    };
    let family = parameter_family(*db.engine, &db.engine_version);
    let params = b.add(Spec::new(
        ids::db_parameter_group(&family),
        Kind::DbParameterGroup,
        names::db_parameter_group(&stack, &family),
        Props::from(DbParameterGroupProps {
            family: family.clone(),
            description: format!("Parameters of stack {stack}"),
            parameters: [(force_ssl.0.to_string(), force_ssl.1.to_string())].into(),
        }),
    ));
    instances(b, db, net, &subnet_group, &params);
}

/// The primary and its read replicas.
fn instances(b: &mut Builder, db: &Database, net: &NetworkIds, subnet_group: &NodeId, params: &NodeId) {
    let stack = b.name().to_string();
    // What the primary and its replicas share.
    let settings = DbSettings {
        instance_class: db.instance_class.value.clone(),
        // A replica of an encrypted primary is encrypted.
        storage_encrypted: true,
        publicly_accessible: false,
        vpc_security_group_ids: net.database_sg.iter().map(|s| Value::reference(s, "id")).collect(),
        db_parameter_group_name: Value::reference(params, "name"),
        auto_minor_version_upgrade: true,
        deletion_protection: *db.deletion_protection,
        iam_database_authentication: *db.iam_authentication,
        cloudwatch_logs_exports: db.log_exports(),
        ca_certificate_identifier: Some(db.ca_certificate.value.clone()),
    };
    // `final_snapshot` is no setting of AWS's: a tag carries it to `destroy`,
    // which has only the live instance, and back into the compared settings.
    let final_snapshot = if *db.final_snapshot { "true" } else { "false" };
    let primary = b.add(
        Spec::new(
            ids::db_primary(),
            Kind::DbInstance,
            names::db_primary(&stack),
            Props::from(DbInstanceProps {
                settings: settings.clone(),
                engine: db.engine.as_str().to_string(),
                engine_version: db.engine_version.value.clone(),
                allocated_storage: *db.storage_gb,
                storage_type: "gp3".into(),
                multi_az: *db.multi_az,
                backup_retention_period: *db.backup_retention_days,
                final_snapshot: *db.final_snapshot,
                master_username: db.master_username.value.clone(),
                // RDS generates the password and keeps it in Secrets Manager: it is
                // never in the stack file, the plan or the logs.
                manage_master_user_password: true,
                db_subnet_group_name: Value::reference(subnet_group, "name"),
                copy_tags_to_snapshot: true,
            }),
        )
        .tag("stackctl:final-snapshot", final_snapshot),
    );
    for n in 1..=*db.read_replicas {
        b.add(
            Spec::new(
                ids::db_replica(n),
                Kind::DbReplica,
                names::db_replica(&stack, n),
                Props::from(DbReplicaProps {
                    settings: settings.clone(),
                    source_db_instance_identifier: Value::reference(&primary, "identifier"),
                }),
            )
            // RDS refuses a replica until its source is available.
            .ready(&primary),
        );
    }
}

pub fn cache(b: &mut Builder, net: Option<&NetworkIds>) {
    let (Some(c), Some(net)) = (b.stack.cache.as_ref(), net) else {
        return;
    };
    let stack = b.name().to_string();
    let subnet_group = b.add(Spec::new(
        ids::cache_subnet_group(),
        Kind::CacheSubnetGroup,
        names::cache_group(&stack),
        props! {
            "description" => format!("Private subnets of stack {stack}"),
            "subnet_ids" => net.private_subnets.iter().map(|s| Value::reference(s, "id")).collect::<Vec<_>>(),
        },
    ));
    let failover = *c.replicas > 0;
    b.add(Spec::new(
        ids::cache_group(),
        Kind::CacheReplicationGroup,
        names::cache_group(&stack),
        props! {
            "description" => format!("Redis of stack {stack}"),
            "engine" => "redis",
            "engine_version" => c.engine_version.value.clone(),
            "node_type" => c.node_type.value.clone(),
            "replicas_per_node_group" => *c.replicas,
            "automatic_failover" => failover,
            "multi_az" => failover,
            "at_rest_encryption" => *c.encryption_at_rest,
            "transit_encryption" => *c.encryption_in_transit,
            "port" => 6379u32,
            "snapshot_retention_limit" => *c.snapshot_retention_days,
            // Security patches of the engine, in the maintenance window.
            "auto_minor_version_upgrade" => true,
            "subnet_group_name" => Value::reference(&subnet_group, "name"),
            "security_group_ids" => net.cache_sg.iter().map(|s| Value::reference(s, "id")).collect::<Vec<_>>(),
        },
    ));
}
