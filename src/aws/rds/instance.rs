//! DB instances: the primary and its read replicas, which RDS describes alike
//! (a replica is an instance with a source).

use aws_sdk_rds::operation::modify_db_instance::builders::ModifyDBInstanceFluentBuilder;
use aws_sdk_rds::types::DbInstance;

use super::parameters;
use super::version::{major_version, satisfies};
use super::{FINAL_SNAPSHOT_TAG, POLL, list, p_bool, p_int, p_str, p_strs, rds_tags, tags_of};
use crate::apply::{DeleteOptions, Progress, ProviderError, Request};
use crate::aws::call_log;
use crate::aws::classify::Listing;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::service::Discovered;
use crate::aws::tags::Tags;
use crate::aws::{Aws, retry};
use crate::graph::{Kind, Node, NodeId, Props, Value};
use crate::plan::{AttrChange, LiveResource};

/// The identifier of the primary's final snapshot: `<name>-final-<unix time>`,
/// a valid RDS identifier whenever `name` is one (letter first, no double or
/// trailing hyphen, at most 255 characters).
fn final_snapshot_id(name: &str, unix: u64) -> String {
    format!("{}-final-{unix}", name.trim_end_matches('-'))
}

/// Whether the stack asked for a final snapshot (the default).
fn wants_final_snapshot(tags: &Tags) -> bool {
    tags.get(FINAL_SNAPSHOT_TAG).map(String::as_str) != Some("false")
}

pub fn not_found(id: &str) -> ProviderError {
    ProviderError::new("rds:DescribeDBInstances", "DBInstanceNotFound", format!("no DB instance {id}"))
}

fn is_replica(db: &DbInstance) -> bool {
    db.read_replica_source_db_instance_identifier().is_some()
}

/// The CA the stack names; none leaves RDS's default for new instances.
fn ca_of(p: &Props) -> Option<String> {
    Some(p_str(p, "ca_certificate_identifier").to_string()).filter(|ca| !ca.is_empty())
}

/// An instance's settings in the normal form of the desired properties of its
/// kind (a primary's or a replica's).
pub fn instance_props(db: &DbInstance) -> Props {
    let tags = tags_of(db.tag_list());
    let mut p = Props::new();
    let mut s = |k: &str, v: Option<&str>| {
        if let Some(v) = v {
            p.insert(k.into(), Value::str(v));
        }
    };
    s("instance_class", db.db_instance_class());
    s(
        "db_parameter_group_name",
        db.db_parameter_groups().first().and_then(|g| g.db_parameter_group_name()),
    );
    let sgs: Vec<String> = db
        .vpc_security_groups()
        .iter()
        .filter_map(|g| g.vpc_security_group_id().map(str::to_string))
        .collect();
    p.insert("vpc_security_group_ids".into(), list(sgs));
    p.insert("storage_encrypted".into(), Value::Bool(db.storage_encrypted().unwrap_or(false)));
    p.insert("publicly_accessible".into(), Value::Bool(db.publicly_accessible().unwrap_or(false)));
    p.insert(
        "auto_minor_version_upgrade".into(),
        Value::Bool(db.auto_minor_version_upgrade().unwrap_or(false)),
    );
    p.insert("deletion_protection".into(), Value::Bool(db.deletion_protection().unwrap_or(false)));
    p.insert(
        "iam_database_authentication".into(),
        Value::Bool(db.iam_database_authentication_enabled().unwrap_or(false)),
    );
    p.insert(
        "cloudwatch_logs_exports".into(),
        list(db.enabled_cloudwatch_logs_exports().to_vec()),
    );
    if let Some(ca) = db.ca_certificate_identifier() {
        p.insert("ca_certificate_identifier".into(), Value::str(ca));
    }
    if let Some(source) = db.read_replica_source_db_instance_identifier() {
        // Same-region sources are named by identifier; other regions by ARN.
        p.insert("source_db_instance_identifier".into(), Value::str(source));
        return p;
    }
    let mut s = |k: &str, v: Option<&str>| {
        if let Some(v) = v {
            p.insert(k.into(), Value::str(v));
        }
    };
    s("engine", db.engine());
    s("engine_version", db.engine_version());
    s("storage_type", db.storage_type());
    s("master_username", db.master_username());
    s("db_subnet_group_name", db.db_subnet_group().and_then(|g| g.db_subnet_group_name()));
    let mut i = |k: &str, v: Option<i32>| {
        if let Some(v) = v {
            p.insert(k.into(), Value::Int(v.into()));
        }
    };
    i("allocated_storage", db.allocated_storage());
    i("backup_retention_period", db.backup_retention_period());
    let mut b = |k: &str, v: Option<bool>| {
        p.insert(k.into(), Value::Bool(v.unwrap_or(false)));
    };
    b("multi_az", db.multi_az());
    b("copy_tags_to_snapshot", db.copy_tags_to_snapshot());
    b("manage_master_user_password", Some(db.master_user_secret().is_some()));
    b("final_snapshot", Some(wants_final_snapshot(&tags)));
    p
}

/// The live engine version in the stack's terms: a version AWS moved forward
/// within the major version the stack names satisfies it (see `version`), so
/// it reads as the stack's own and the plan proposes no downgrade.
pub fn in_desired_terms(live: &mut Props, desired: Option<&Props>) {
    let Some(desired) = desired else { return };
    let (engine, pinned) = (p_str(desired, "engine"), p_str(desired, "engine_version"));
    let actual = p_str(live, "engine_version").to_string();
    if !pinned.is_empty() && actual != pinned && satisfies(engine, pinned, &actual) {
        live.insert("engine_version".into(), Value::str(pinned));
    }
}

fn instance_attrs(db: &DbInstance) -> Vec<(&'static str, Value)> {
    let id = db.db_instance_identifier().unwrap_or_default();
    let mut a = vec![
        ("identifier", Value::str(id)),
        ("arn", Value::str(db.db_instance_arn().unwrap_or_default())),
    ];
    if let Some(e) = db.endpoint() {
        if let Some(addr) = e.address() {
            a.push(("endpoint", Value::str(addr)));
        }
        if let Some(port) = e.port() {
            a.push(("port", Value::Int(port.into())));
        }
    }
    a
}

pub(super) fn instance_live(id: NodeId, db: &DbInstance, tags: Tags, props: Option<Props>) -> LiveResource {
    let kind = if is_replica(db) { Kind::DbReplica } else { Kind::DbInstance };
    LiveResource::named(
        id,
        kind,
        db.db_instance_identifier().unwrap_or_default(),
        &instance_attrs(db),
        tags,
        props,
    )
}

pub async fn find_instance(aws: &Aws, id: &str) -> Result<Option<DbInstance>, ProviderError> {
    let asked = aws.rds.describe_db_instances().db_instance_identifier(id).send().await;
    let out = asked.if_exists("rds:DescribeDBInstances", NotFound::DB_INSTANCE)?;
    Ok(out.and_then(|o| o.db_instances().first().cloned()))
}

/// One DescribeDBInstances for all: it returns each instance's tags and settings.
pub async fn discover_instances(aws: &Aws, desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let listing = Listing::new(aws, desired, &[Kind::DbInstance, Kind::DbReplica], "a DB instance");
    let page = |marker| async move {
        let page = aws.rds.describe_db_instances().set_marker(marker).send().await;
        let page = page.op("rds:DescribeDBInstances")?;
        Ok((page.db_instances().to_vec(), page.marker().map(str::to_string)))
    };
    let tags = |db: &DbInstance| std::future::ready(Ok(tags_of(db.tag_list())));
    listing
        .classify(page, DbInstance::db_instance_identifier, tags, |id, db, tags| {
            let mut props = instance_props(db);
            let wanted = desired.iter().find(|n| n.id == id);
            in_desired_terms(&mut props, wanted.map(|n| &n.props));
            instance_live(id, db, tags, Some(props))
        })
        .await
}

pub async fn create_instance(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let out = aws
        .rds
        .create_db_instance()
        .db_instance_identifier(&req.node.name)
        .engine(p_str(p, "engine"))
        .engine_version(p_str(p, "engine_version"))
        .db_instance_class(p_str(p, "instance_class"))
        .allocated_storage(p_int(p, "allocated_storage") as i32)
        .storage_type(p_str(p, "storage_type"))
        .storage_encrypted(p_bool(p, "storage_encrypted"))
        .multi_az(p_bool(p, "multi_az"))
        .backup_retention_period(p_int(p, "backup_retention_period") as i32)
        .deletion_protection(p_bool(p, "deletion_protection"))
        .master_username(p_str(p, "master_username"))
        // RDS generates the password and keeps it in Secrets Manager.
        .manage_master_user_password(p_bool(p, "manage_master_user_password"))
        .publicly_accessible(p_bool(p, "publicly_accessible"))
        .db_subnet_group_name(p_str(p, "db_subnet_group_name"))
        .db_parameter_group_name(p_str(p, "db_parameter_group_name"))
        .set_vpc_security_group_ids(Some(p_strs(p, "vpc_security_group_ids")))
        .copy_tags_to_snapshot(p_bool(p, "copy_tags_to_snapshot"))
        .auto_minor_version_upgrade(p_bool(p, "auto_minor_version_upgrade"))
        .enable_iam_database_authentication(p_bool(p, "iam_database_authentication"))
        .set_enable_cloudwatch_logs_exports(Some(p_strs(p, "cloudwatch_logs_exports")))
        .set_ca_certificate_identifier(ca_of(p))
        .set_tags(Some(rds_tags(&req.tags)))
        .send()
        .await
        .op("rds:CreateDBInstance")?;
    let db = out
        .db_instance()
        .cloned()
        .unwrap_or_else(|| DbInstance::builder().db_instance_identifier(&req.node.name).build());
    let mut l = instance_live(req.node.id.clone(), &db, req.tags.clone(), Some(p.clone()));
    l.kind = Kind::DbInstance;
    Ok(l)
}

/// RDS refuses a replica of a source without automated backups; say so before
/// asking.
async fn check_source_backups(aws: &Aws, source: &str) -> Result<(), ProviderError> {
    let db = find_instance(aws, source).await?.ok_or_else(|| not_found(source))?;
    if db.backup_retention_period().unwrap_or(0) == 0 {
        return Err(ProviderError::new(
            "rds:CreateDBInstanceReadReplica",
            "InvalidDBInstanceState",
            format!(
                "source {source} has no automated backups (backup retention 0): a read replica needs them; set `backup_retention_days` to 1 or more"
            ),
        ));
    }
    Ok(())
}

pub async fn create_replica(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let source = p_str(p, "source_db_instance_identifier");
    check_source_backups(aws, source).await?;
    let out = aws
        .rds
        .create_db_instance_read_replica()
        .db_instance_identifier(&req.node.name)
        .source_db_instance_identifier(source)
        .db_instance_class(p_str(p, "instance_class"))
        .publicly_accessible(p_bool(p, "publicly_accessible"))
        .set_vpc_security_group_ids(Some(p_strs(p, "vpc_security_group_ids")))
        // No DBParameterGroupName: RDS refuses it for a same-region PostgreSQL,
        // MySQL or MariaDB replica (InvalidParameterCombination), which inherits
        // its source's group instead; `settle_replica_group` sets the stack's
        // group afterwards if the inherited one differs.
        .auto_minor_version_upgrade(p_bool(p, "auto_minor_version_upgrade"))
        // A replica can be promoted to a primary: it is protected as one.
        .deletion_protection(p_bool(p, "deletion_protection"))
        .enable_iam_database_authentication(p_bool(p, "iam_database_authentication"))
        .set_enable_cloudwatch_logs_exports(Some(p_strs(p, "cloudwatch_logs_exports")))
        .set_ca_certificate_identifier(ca_of(p))
        .set_tags(Some(rds_tags(&req.tags)))
        .send()
        .await
        .op("rds:CreateDBInstanceReadReplica")?;
    let db = out
        .db_instance()
        .cloned()
        .unwrap_or_else(|| DbInstance::builder().db_instance_identifier(&req.node.name).build());
    let mut l = instance_live(req.node.id.clone(), &db, req.tags.clone(), Some(p.clone()));
    l.kind = Kind::DbReplica;
    parameters::settle_replica_group(aws, &l, &db, p_str(p, "db_parameter_group_name")).await?;
    Ok(l)
}

/// Polls until the instance is `available`; its endpoint is known from then on.
pub async fn wait_available(aws: &Aws, current: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    let db = wait_available_instance(aws, &current.physical_id, progress).await?;
    let mut l = current.clone();
    l.attrs = instance_attrs(&db).into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    Ok(l)
}

/// Polls until the instance `id` is `available` and answers it as described then.
pub async fn wait_available_instance(aws: &Aws, id: &str, progress: Progress<'_>) -> Result<DbInstance, ProviderError> {
    retry::poll(POLL, || async {
        let db = find_instance(aws, id).await?.ok_or_else(|| not_found(id))?;
        call_log::observed(&format!("rds:db/{id}"), db.db_instance_status().unwrap_or("unknown"));
        match db.db_instance_status().unwrap_or("unknown") {
            "available" => Ok(Some(db)),
            s @ ("failed" | "incompatible-parameters" | "incompatible-restore" | "incompatible-network" | "storage-full" | "deleting") => {
                Err(ProviderError::new(
                    "rds:DescribeDBInstances",
                    "DBInstanceNotAvailable",
                    format!("DB instance {id} is {s} instead of becoming available"),
                ))
            }
            s => {
                progress(format!("instance {s}"));
                Ok(None)
            }
        }
    })
    .await
}

pub async fn modify_instance(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    let p = &req.node.props;
    let settings: Vec<&str> = changes
        .iter()
        .map(|c| c.attr.as_str())
        .filter(|a| !a.starts_with("tags") && *a != "final_snapshot")
        .collect();
    if settings.is_empty() {
        return Ok(());
    }
    let has = |k: &str| settings.contains(&k);
    let mut call = aws
        .rds
        .modify_db_instance()
        .db_instance_identifier(&current.physical_id)
        // The stack file is the change request: no waiting for a maintenance window.
        .apply_immediately(true);
    if has("instance_class") {
        call = call.db_instance_class(p_str(p, "instance_class"));
    }
    if has("vpc_security_group_ids") {
        call = call.set_vpc_security_group_ids(Some(p_strs(p, "vpc_security_group_ids")));
    }
    if has("db_parameter_group_name") {
        call = call.db_parameter_group_name(p_str(p, "db_parameter_group_name"));
    }
    if has("auto_minor_version_upgrade") {
        call = call.auto_minor_version_upgrade(p_bool(p, "auto_minor_version_upgrade"));
    }
    if has("publicly_accessible") {
        call = call.publicly_accessible(p_bool(p, "publicly_accessible"));
    }
    if has("engine_version") {
        call = engine_upgrade(call, current, p);
    }
    if has("allocated_storage") {
        call = call.allocated_storage(p_int(p, "allocated_storage") as i32);
    }
    if has("storage_type") {
        call = call.storage_type(p_str(p, "storage_type"));
    }
    if has("multi_az") {
        call = call.multi_az(p_bool(p, "multi_az"));
    }
    if has("backup_retention_period") {
        call = call.backup_retention_period(p_int(p, "backup_retention_period") as i32);
    }
    if has("deletion_protection") {
        call = call.deletion_protection(p_bool(p, "deletion_protection"));
    }
    if has("copy_tags_to_snapshot") {
        call = call.copy_tags_to_snapshot(p_bool(p, "copy_tags_to_snapshot"));
    }
    if has("iam_database_authentication") {
        call = call.enable_iam_database_authentication(p_bool(p, "iam_database_authentication"));
    }
    if has("cloudwatch_logs_exports") {
        call = call.cloudwatch_logs_export_configuration(logs_export_change(current, p));
    }
    if has("ca_certificate_identifier") {
        // A new CA means a new server certificate: RDS restarts the instance.
        call = call.set_ca_certificate_identifier(ca_of(p));
    }
    if has("manage_master_user_password") {
        call = call.manage_master_user_password(p_bool(p, "manage_master_user_password"));
    }
    call.send().await.op("rds:ModifyDBInstance")?;
    let db = wait_available_instance(aws, &current.physical_id, &|_| {}).await?;
    parameters::reboot_if_pending(aws, &db).await?;
    Ok(())
}

/// The new engine version, allowing a major upgrade when it is one.
fn engine_upgrade(call: ModifyDBInstanceFluentBuilder, current: &LiveResource, p: &Props) -> ModifyDBInstanceFluentBuilder {
    let engine = p_str(p, "engine");
    let old = current
        .props
        .as_ref()
        .map(|o| p_str(o, "engine_version").to_string())
        .unwrap_or_default();
    let new = p_str(p, "engine_version");
    call.engine_version(new)
        .allow_major_version_upgrade(major_version(engine, &old) != major_version(engine, new))
}

/// ModifyDBInstance takes the log types to turn on and off, not the new list.
fn logs_export_change(current: &LiveResource, desired: &Props) -> aws_sdk_rds::types::CloudwatchLogsExportConfiguration {
    let want = p_strs(desired, "cloudwatch_logs_exports");
    let have = current
        .props
        .as_ref()
        .map(|o| p_strs(o, "cloudwatch_logs_exports"))
        .unwrap_or_default();
    aws_sdk_rds::types::CloudwatchLogsExportConfiguration::builder()
        .set_enable_log_types(Some(want.iter().filter(|l| !have.contains(l)).cloned().collect()))
        .set_disable_log_types(Some(have.iter().filter(|l| !want.contains(l)).cloned().collect()))
        .build()
}

/// Deletes the instance and waits until AWS no longer has it. The primary's
/// deletion protection is turned off only with `--delete-protected`; it takes a
/// final snapshot unless the stack said `final_snapshot: false`; a replica never
/// does (AWS refuses a final snapshot identifier for a replica).
/// States an instance passes through on its own, in which RDS refuses
/// DeleteDBInstance (`InvalidDBInstanceState`): a destroy right after an apply
/// (`--no-wait`, or one that was interrupted) waits until it settles.
const SETTLING: &[&str] = &[
    "creating",
    "modifying",
    "backing-up",
    "rebooting",
    "upgrading",
    "starting",
    "renaming",
    "resetting-master-credentials",
    "configuring-enhanced-monitoring",
    "configuring-iam-database-auth",
    "configuring-log-exports",
];

pub async fn delete_instance(aws: &Aws, current: &LiveResource, options: DeleteOptions) -> Result<(), ProviderError> {
    let id = &current.physical_id;
    let Some(mut db) = find_instance(aws, id).await? else {
        return Ok(());
    };
    match db.db_instance_status().unwrap_or("unknown") {
        // An interrupted destroy already asked: a second delete is refused.
        "deleting" => return wait_deleted(aws, id).await,
        s if SETTLING.contains(&s) => {
            tracing::info!("{}: {id} is {s}; RDS deletes it only once it settles, waiting", current.id);
            db = wait_available_instance(aws, id, &|_| {}).await?;
        }
        _ => {}
    }
    if db.deletion_protection() == Some(true) {
        if !options.delete_protected {
            return Err(ProviderError::new(
                "rds:DeleteDBInstance",
                "DeletionProtection",
                format!(
                    "deletion protection is on for {} ({id}); pass --delete-protected to turn it off and delete",
                    current.id
                ),
            ));
        }
        aws.rds
            .modify_db_instance()
            .db_instance_identifier(id)
            .deletion_protection(false)
            .apply_immediately(true)
            .send()
            .await
            .op("rds:ModifyDBInstance")?;
        // The instance is `modifying` for a while, and RDS refuses to delete it
        // until it is available again (InvalidDBInstanceState).
        wait_available_instance(aws, id, &|_| {}).await?;
    }
    let mut call = aws.rds.delete_db_instance().db_instance_identifier(id);
    let replica = current.kind == Kind::DbReplica || is_replica(&db);
    if !replica && wants_final_snapshot(&tags_of(db.tag_list())) {
        let unix = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        call = call.final_db_snapshot_identifier(final_snapshot_id(id, unix));
    } else {
        call = call.skip_final_snapshot(true);
    }
    if call
        .send()
        .await
        .if_exists("rds:DeleteDBInstance", NotFound::DB_INSTANCE)?
        .is_none()
    {
        return Ok(());
    }
    wait_deleted(aws, id).await
}

/// Polls until RDS no longer lists the instance: its subnet group, parameter
/// group and (for a replica) its source can only go after that.
async fn wait_deleted(aws: &Aws, id: &str) -> Result<(), ProviderError> {
    retry::poll(POLL, || async {
        let db = find_instance(aws, id).await?;
        let status = db.as_ref().map_or(call_log::GONE, |d| d.db_instance_status().unwrap_or("unknown"));
        call_log::observed(&format!("rds:db/{id}"), status);
        Ok(db.is_none().then_some(()))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_rds::types::Tag;

    #[test]
    fn final_snapshot_ids_are_valid_identifiers() {
        assert_eq!(final_snapshot_id("shop-db", 1_700_000_000), "shop-db-final-1700000000");
        let id = final_snapshot_id("shop-db-", 5);
        assert!(!id.contains("--") && !id.ends_with('-'), "{id}");
    }

    #[test]
    fn final_snapshot_is_taken_unless_the_stack_says_no() {
        let mut t = Tags::new();
        assert!(wants_final_snapshot(&t));
        t.insert(FINAL_SNAPSHOT_TAG.into(), "true".into());
        assert!(wants_final_snapshot(&t));
        t.insert(FINAL_SNAPSHOT_TAG.into(), "false".into());
        assert!(!wants_final_snapshot(&t));
    }

    fn db(replica: bool) -> DbInstance {
        let mut b = DbInstance::builder()
            .db_instance_identifier("s-db")
            .db_instance_class("db.t3.micro")
            .storage_encrypted(true)
            .publicly_accessible(false)
            .auto_minor_version_upgrade(true)
            .vpc_security_groups(
                aws_sdk_rds::types::VpcSecurityGroupMembership::builder()
                    .vpc_security_group_id("sg-1")
                    .build(),
            )
            .db_parameter_groups(
                aws_sdk_rds::types::DbParameterGroupStatus::builder()
                    .db_parameter_group_name("s-db")
                    .build(),
            )
            .engine("postgres")
            .allocated_storage(20)
            .deletion_protection(true)
            .tag_list(Tag::builder().key(FINAL_SNAPSHOT_TAG).value("false").build());
        if replica {
            b = b.read_replica_source_db_instance_identifier("s-db");
        }
        b.build()
    }

    #[test]
    fn replicas_read_only_replica_settings() {
        let p = instance_props(&db(true));
        let keys: Vec<&str> = p.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            vec![
                "auto_minor_version_upgrade",
                "cloudwatch_logs_exports",
                "db_parameter_group_name",
                "deletion_protection",
                "iam_database_authentication",
                "instance_class",
                "publicly_accessible",
                "source_db_instance_identifier",
                "storage_encrypted",
                "vpc_security_group_ids"
            ]
        );
    }

    #[test]
    fn primaries_read_deletion_protection_and_final_snapshot_from_its_tag() {
        let p = instance_props(&db(false));
        assert_eq!(p.get("deletion_protection"), Some(&Value::Bool(true)));
        assert_eq!(p.get("final_snapshot"), Some(&Value::Bool(false)));
        assert_eq!(p.get("allocated_storage"), Some(&Value::Int(20)));
        assert_eq!(p.get("manage_master_user_password"), Some(&Value::Bool(false)));
        assert!(!p.contains_key("source_db_instance_identifier"));
    }
}
