//! The data tier: the RDS primary and its read replicas, and the Redis
//! replication group, each in the private subnets behind its security group.

use super::network::NetworkIds;
use super::{Builder, Spec, id_refs, ids};
use crate::graph::props::{
    CacheReplicationGroupProps, CacheSubnetGroupProps, CacheUserGroupProps, CacheUserProps, DbInstanceProps, DbParameterGroupProps,
    DbReplicaProps, DbSettings, DbSubnetGroupProps,
};
use crate::graph::{Kind, NodeId, Props, Value};
use crate::stack::model::{CacheAuth, Database, Engine};
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
            subnet_ids: id_refs(&net.private_subnets),
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
        vpc_security_group_ids: id_refs(&net.database_sg),
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
        Props::from(CacheSubnetGroupProps {
            description: format!("Private subnets of stack {stack}"),
            subnet_ids: id_refs(&net.private_subnets),
        }),
    ));
    let user_group = match *c.auth {
        CacheAuth::Iam => Some(cache_users(b, &stack)),
        CacheAuth::None => None,
    };
    let failover = *c.replicas > 0;
    let group = CacheReplicationGroupProps {
        description: format!("Redis of stack {stack}"),
        engine: "redis".into(),
        engine_version: Some(c.engine_version.value.clone()),
        node_type: Some(c.node_type.value.clone()),
        replicas_per_node_group: *c.replicas,
        automatic_failover: failover,
        multi_az: failover,
        at_rest_encryption: *c.encryption_at_rest,
        transit_encryption: *c.encryption_in_transit,
        port: Some(6379),
        snapshot_retention_limit: *c.snapshot_retention_days,
        // Security patches of the engine, in the maintenance window.
        auto_minor_version_upgrade: true,
        subnet_group_name: Some(Value::reference(&subnet_group, "name")),
        security_group_ids: Some(id_refs(&net.cache_sg)),
        user_group_ids: id_refs(&user_group),
    };
    let mut spec = Spec::new(
        ids::cache_group(),
        Kind::CacheReplicationGroup,
        names::cache_group(&stack),
        Props::from(group),
    );
    // ElastiCache takes only an `active` user group.
    if let Some(g) = &user_group {
        spec = spec.ready(g);
    }
    b.add(spec);
}

/// What the application may do: every key and channel, every command but
/// the dangerous ones (FLUSHALL, KEYS, CONFIG, DEBUG...: Redis's `@dangerous`
/// category), which an application does not need and an intruder would.
const APP_ACCESS: &str = "on ~* &* +@all -@dangerous";
/// AWS's own `default` user may do everything without a password; every user
/// group needs a user named `default`, so the stack's is switched off.
const DEFAULT_ACCESS: &str = "off -@all";

/// The stack's Redis users and their group: the application's, which signs
/// in with an IAM token (no password exists), and a `default` that is off.
fn cache_users(b: &mut Builder, stack: &str) -> NodeId {
    let user = |user_name: &str, access: &str, auth: &str| {
        Props::from(CacheUserProps {
            user_name: user_name.to_string(),
            engine: "redis".into(),
            access_string: access.into(),
            authentication_type: auth.into(),
        })
    };
    let app_name = names::cache_app_user(stack);
    let app = b.add(Spec::new(
        ids::cache_user("app"),
        Kind::CacheUser,
        app_name.clone(),
        // IAM authentication wants the user's id and name equal.
        user(&app_name, APP_ACCESS, CacheUserProps::IAM),
    ));
    let default_name = names::cache_default_user(stack);
    let default = b.add(Spec::new(
        ids::cache_user("default"),
        Kind::CacheUser,
        default_name.clone(),
        user("default", DEFAULT_ACCESS, CacheUserProps::NO_PASSWORD),
    ));
    b.add(Spec::new(
        ids::cache_user_group(),
        Kind::CacheUserGroup,
        names::cache_user_group(stack),
        Props::from(CacheUserGroupProps {
            engine: "redis".into(),
            user_ids: vec![Value::reference(&app, "id"), Value::reference(&default, "id")],
        }),
    ))
}
