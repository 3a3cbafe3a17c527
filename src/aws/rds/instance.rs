//! DB instances: the primary and its read replicas, which RDS describes alike
//! (a replica is an instance with a source).

use aws_sdk_rds::operation::modify_db_instance::builders::ModifyDBInstanceFluentBuilder as Modify;
use aws_sdk_rds::types::DbInstance;

use super::parameters;
use super::version::{major_version, satisfies};
use super::{FINAL_SNAPSHOT_TAG, POLL, strs};
use crate::apply::{DeleteOptions, Progress, ProviderError, Request};
use crate::aws::Aws;
use crate::aws::classify::Listing;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::resource::from_request;
use crate::aws::retry::{self, Readiness};
use crate::aws::service::Discovered;
use crate::aws::tagging::Tagged;
use crate::aws::tags::{self, Tags};
use crate::graph::props::{DbInstanceProps, DbReplicaProps, DbSettings};
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
fn ca_of(s: &DbSettings) -> Option<String> {
    s.ca_certificate_identifier.clone().filter(|ca| !ca.is_empty())
}

/// What a primary and a replica share, as AWS describes it.
fn described_settings(db: &DbInstance) -> DbSettings {
    let group = db.db_parameter_groups().first().and_then(|g| g.db_parameter_group_name());
    DbSettings {
        instance_class: db.db_instance_class().unwrap_or_default().to_string(),
        storage_encrypted: db.storage_encrypted().unwrap_or(false),
        publicly_accessible: db.publicly_accessible().unwrap_or(false),
        vpc_security_group_ids: db
            .vpc_security_groups()
            .iter()
            .filter_map(|g| g.vpc_security_group_id())
            .map(Value::str)
            .collect(),
        db_parameter_group_name: Value::str(group.unwrap_or_default()),
        auto_minor_version_upgrade: db.auto_minor_version_upgrade().unwrap_or(false),
        deletion_protection: db.deletion_protection().unwrap_or(false),
        iam_database_authentication: db.iam_database_authentication_enabled().unwrap_or(false),
        cloudwatch_logs_exports: db.enabled_cloudwatch_logs_exports().to_vec(),
        ca_certificate_identifier: db.ca_certificate_identifier().map(str::to_string),
    }
}

/// A primary as AWS describes it (the final snapshot from its tag).
fn described_primary(db: &DbInstance, settings: DbSettings) -> DbInstanceProps {
    DbInstanceProps {
        settings,
        engine: db.engine().unwrap_or_default().to_string(),
        engine_version: db.engine_version().unwrap_or_default().to_string(),
        allocated_storage: db.allocated_storage().and_then(|g| u32::try_from(g).ok()).unwrap_or_default(),
        storage_type: db.storage_type().unwrap_or_default().to_string(),
        multi_az: db.multi_az().unwrap_or(false),
        backup_retention_period: db.backup_retention_period().and_then(|d| u32::try_from(d).ok()).unwrap_or_default(),
        final_snapshot: wants_final_snapshot(&tags::from_sdk(db.tag_list())),
        master_username: db.master_username().unwrap_or_default().to_string(),
        manage_master_user_password: db.master_user_secret().is_some(),
        db_subnet_group_name: Value::str(db.db_subnet_group().and_then(|g| g.db_subnet_group_name()).unwrap_or_default()),
        copy_tags_to_snapshot: db.copy_tags_to_snapshot().unwrap_or(false),
    }
}

/// An instance's settings in the normal form of the desired properties of its
/// kind (a primary's or a replica's), in the terms of `desired` (the stack's
/// props of it, when known) where they allow more than one reading.
pub fn instance_props(db: &DbInstance, desired: Option<&Props>) -> Props {
    let settings = described_settings(db);
    if let Some(source) = db.read_replica_source_db_instance_identifier() {
        return Props::from(DbReplicaProps {
            settings,
            // Same-region sources are named by identifier; other regions by ARN.
            source_db_instance_identifier: Value::str(source),
        });
    }
    let mut primary = described_primary(db, settings);
    in_desired_terms(&mut primary, desired);
    Props::from(primary)
}

/// The live engine version in the stack's terms: a version AWS moved forward
/// within the major version the stack names satisfies it (see `version`), so
/// it reads as the stack's own and the plan proposes no downgrade.
fn in_desired_terms(live: &mut DbInstanceProps, desired: Option<&Props>) {
    let Some(desired) = desired.and_then(|p| DbInstanceProps::try_from(p).ok()) else {
        return;
    };
    let pinned = desired.engine_version;
    if !pinned.is_empty() && live.engine_version != pinned && satisfies(&desired.engine, &pinned, &live.engine_version) {
        live.engine_version = pinned;
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

/// One DescribeDBInstances for all, primaries and replicas: it returns each
/// instance's tags and settings (the Tagging API's listing is not needed).
pub async fn discover_instances(aws: &Aws, _: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let listing = Listing::new(aws, desired, &[Kind::DbInstance, Kind::DbReplica], "a DB instance");
    let page = |marker| async move {
        let page = aws.rds.describe_db_instances().set_marker(marker).send().await;
        let page = page.op("rds:DescribeDBInstances")?;
        Ok((page.db_instances().to_vec(), page.marker().map(str::to_string)))
    };
    let tags = |db: &DbInstance| std::future::ready(Ok(tags::from_sdk(db.tag_list())));
    listing
        .classify(page, DbInstance::db_instance_identifier, tags, |id, db, tags| {
            let wanted = desired.iter().find(|n| n.id == id);
            let props = instance_props(db, wanted.map(|n| &n.props));
            instance_live(id, db, tags, Some(props))
        })
        .await
}

/// The settings a primary and a replica are created with alike, on either
/// create call's builder (the SDK gives the two no common trait).
macro_rules! shared_settings {
    ($call:expr, $s:expr, $tags:expr) => {
        $call
            .db_instance_class(&$s.instance_class)
            .publicly_accessible($s.publicly_accessible)
            .set_vpc_security_group_ids(Some(strs(&$s.vpc_security_group_ids)))
            .auto_minor_version_upgrade($s.auto_minor_version_upgrade)
            // A replica can be promoted to a primary: it is protected as one.
            .deletion_protection($s.deletion_protection)
            .enable_iam_database_authentication($s.iam_database_authentication)
            .set_enable_cloudwatch_logs_exports(Some($s.cloudwatch_logs_exports.clone()))
            .set_ca_certificate_identifier(ca_of($s))
            .set_tags(Some(tags::to_sdk($tags)?))
    };
}

/// The instance a create call answered (as far as it did), and its live
/// resource of `kind` with the desired props.
fn created(req: &Request, answered: Option<&DbInstance>, kind: Kind) -> (DbInstance, LiveResource) {
    let db = answered
        .cloned()
        .unwrap_or_else(|| DbInstance::builder().db_instance_identifier(&req.node.name).build());
    let (id, tags, props) = from_request(req);
    let mut l = instance_live(id, &db, tags, props);
    l.kind = kind;
    (db, l)
}

/// An instance's settings, in the terms discovery used (a minor version AWS
/// moved forward reads as the stack's), so `plan --refresh` proposes no
/// downgrade either.
pub async fn read_instance(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let db = find_instance(aws, &current.physical_id)
        .await?
        .ok_or_else(|| not_found(&current.physical_id))?;
    Ok(instance_props(&db, current.props.as_ref()))
}

pub async fn create_instance(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let d = DbInstanceProps::try_from(&req.node.props)?;
    let s = &d.settings;
    let call = aws
        .rds
        .create_db_instance()
        .db_instance_identifier(&req.node.name)
        .engine(&d.engine)
        .engine_version(&d.engine_version)
        .allocated_storage(d.allocated_storage as i32)
        .storage_type(&d.storage_type)
        .storage_encrypted(s.storage_encrypted)
        .multi_az(d.multi_az)
        .backup_retention_period(d.backup_retention_period as i32)
        .master_username(&d.master_username)
        // RDS generates the password and keeps it in Secrets Manager.
        .manage_master_user_password(d.manage_master_user_password)
        .db_subnet_group_name(d.db_subnet_group_name.as_str().unwrap_or_default())
        .db_parameter_group_name(s.db_parameter_group_name.as_str().unwrap_or_default())
        .copy_tags_to_snapshot(d.copy_tags_to_snapshot);
    let out = shared_settings!(call, s, &req.tags).send().await.op("rds:CreateDBInstance")?;
    Ok(created(req, out.db_instance(), Kind::DbInstance).1)
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
    let d = DbReplicaProps::try_from(&req.node.props)?;
    let source = d.source_db_instance_identifier.as_str().unwrap_or_default();
    check_source_backups(aws, source).await?;
    // No DBParameterGroupName: RDS refuses it for a same-region PostgreSQL,
    // MySQL or MariaDB replica (InvalidParameterCombination), which inherits
    // its source's group instead; `settle_replica_group` sets the stack's
    // group afterwards if the inherited one differs.
    let call = aws
        .rds
        .create_db_instance_read_replica()
        .db_instance_identifier(&req.node.name)
        .source_db_instance_identifier(source);
    let out = shared_settings!(call, &d.settings, &req.tags)
        .send()
        .await
        .op("rds:CreateDBInstanceReadReplica")?;
    let (db, l) = created(req, out.db_instance(), Kind::DbReplica);
    let group = d.settings.db_parameter_group_name.as_str().unwrap_or_default();
    parameters::settle_replica_group(aws, &l, &db, group).await?;
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
    let readiness = |db: &DbInstance| match status(db) {
        "available" => Readiness::Ready,
        s @ ("failed" | "incompatible-parameters" | "incompatible-restore" | "incompatible-network" | "storage-full" | "deleting") => {
            Readiness::Failed(ProviderError::new(
                "rds:DescribeDBInstances",
                "DBInstanceNotAvailable",
                format!("DB instance {id} is {s} instead of becoming available"),
            ))
        }
        s => Readiness::Going(format!("instance {s}")),
    };
    let find = || async { find_instance(aws, id).await?.ok_or_else(|| not_found(id)) };
    retry::until_ready(POLL, &format!("rds:db/{id}"), find, status, readiness, progress).await
}

/// The status waits record and read.
fn status(db: &DbInstance) -> &str {
    db.db_instance_status().unwrap_or("unknown")
}

pub async fn modify_instance(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    let settings: Vec<&str> = changes
        .iter()
        .map(|c| c.attr.as_str())
        .filter(|a| !a.starts_with("tags") && *a != "final_snapshot")
        .collect();
    if settings.is_empty() {
        return Ok(());
    }
    let has = |k: &str| settings.contains(&k);
    let call = aws
        .rds
        .modify_db_instance()
        .db_instance_identifier(&current.physical_id)
        // The stack file is the change request: no waiting for a maintenance window.
        .apply_immediately(true);
    let mut call = modify_shared(call, &DbSettings::of(req.node.kind, &req.node.props)?, current, &has);
    if req.node.kind == Kind::DbInstance {
        call = modify_primary(call, &DbInstanceProps::try_from(&req.node.props)?, current, &has);
    }
    call.send().await.op("rds:ModifyDBInstance")?;
    let db = wait_available_instance(aws, &current.physical_id, &|_| {}).await?;
    parameters::reboot_if_pending(aws, &db).await?;
    Ok(())
}

/// The changed settings a primary and a replica share.
fn modify_shared(mut call: Modify, s: &DbSettings, current: &LiveResource, has: &dyn Fn(&str) -> bool) -> Modify {
    if has("instance_class") {
        call = call.db_instance_class(&s.instance_class);
    }
    if has("vpc_security_group_ids") {
        call = call.set_vpc_security_group_ids(Some(strs(&s.vpc_security_group_ids)));
    }
    if has("db_parameter_group_name") {
        call = call.db_parameter_group_name(s.db_parameter_group_name.as_str().unwrap_or_default());
    }
    if has("auto_minor_version_upgrade") {
        call = call.auto_minor_version_upgrade(s.auto_minor_version_upgrade);
    }
    if has("publicly_accessible") {
        call = call.publicly_accessible(s.publicly_accessible);
    }
    if has("deletion_protection") {
        call = call.deletion_protection(s.deletion_protection);
    }
    if has("iam_database_authentication") {
        call = call.enable_iam_database_authentication(s.iam_database_authentication);
    }
    if has("cloudwatch_logs_exports") {
        call = call.cloudwatch_logs_export_configuration(logs_export_change(current, &s.cloudwatch_logs_exports));
    }
    if has("ca_certificate_identifier") {
        // A new CA means a new server certificate: RDS restarts the instance.
        call = call.set_ca_certificate_identifier(ca_of(s));
    }
    call
}

/// The changed settings only a primary has.
fn modify_primary(mut call: Modify, d: &DbInstanceProps, current: &LiveResource, has: &dyn Fn(&str) -> bool) -> Modify {
    if has("engine_version") {
        call = engine_upgrade(call, current, d);
    }
    if has("allocated_storage") {
        call = call.allocated_storage(d.allocated_storage as i32);
    }
    if has("storage_type") {
        call = call.storage_type(&d.storage_type);
    }
    if has("multi_az") {
        call = call.multi_az(d.multi_az);
    }
    if has("backup_retention_period") {
        call = call.backup_retention_period(d.backup_retention_period as i32);
    }
    if has("copy_tags_to_snapshot") {
        call = call.copy_tags_to_snapshot(d.copy_tags_to_snapshot);
    }
    if has("manage_master_user_password") {
        call = call.manage_master_user_password(d.manage_master_user_password);
    }
    call
}

/// The new engine version, allowing a major upgrade when it is one.
fn engine_upgrade(call: Modify, current: &LiveResource, d: &DbInstanceProps) -> Modify {
    let old = current
        .props
        .as_ref()
        .and_then(|o| DbInstanceProps::try_from(o).ok())
        .map(|o| o.engine_version)
        .unwrap_or_default();
    let new = &d.engine_version;
    call.engine_version(new)
        .allow_major_version_upgrade(major_version(&d.engine, &old) != major_version(&d.engine, new))
}

/// ModifyDBInstance takes the log types to turn on and off, not the new list.
fn logs_export_change(current: &LiveResource, want: &[String]) -> aws_sdk_rds::types::CloudwatchLogsExportConfiguration {
    let have = current
        .props
        .as_ref()
        .and_then(|o| DbSettings::of(current.kind, o).ok())
        .map(|o| o.cloudwatch_logs_exports)
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
    match status(&db) {
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
    if !replica && wants_final_snapshot(&tags::from_sdk(db.tag_list())) {
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
    let what = format!("rds:db/{id}");
    retry::until_gone(POLL, &what, || find_instance(aws, id), status).await
}

// Primaries; their discovery finds the replicas too (one DescribeDBInstances).
crate::resource!(
    DbInstances for DbInstance:
    discover = discover_instances, read = read_instance, create = create_instance, settings = modify_instance,
    delete_with = delete_instance, wait = wait_available
);
// Read replicas, found with the primaries (`DbInstances`).
crate::resource!(
    DbReplicas for DbReplica:
    read = read_instance, create = create_replica, settings = modify_instance, delete_with = delete_instance,
    wait = wait_available
);

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
        let p = instance_props(&db(true), None);
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
        let p = instance_props(&db(false), None);
        assert_eq!(p.get("deletion_protection"), Some(&Value::Bool(true)));
        assert_eq!(p.get("final_snapshot"), Some(&Value::Bool(false)));
        assert_eq!(p.get("allocated_storage"), Some(&Value::Int(20)));
        assert_eq!(p.get("manage_master_user_password"), Some(&Value::Bool(false)));
        assert!(!p.contains_key("source_db_instance_identifier"));
    }
}
