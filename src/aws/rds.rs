//! RDS: the subnet group, the parameter group, the primary instance and its
//! read replicas. One DescribeDBInstances returns every instance with its tags
//! and settings; the groups are one of each per stack. Instances take minutes
//! to become available: replicas wait for their source (a `ready` edge), and
//! deletes wait until AWS no longer has the instance, so replicas are gone
//! before the primary's delete starts.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_rds::types::{ApplyMethod, DbInstance, DbParameterGroup, DbSubnetGroup, Parameter, Tag};

use super::error::{AwsResultExt, code_of, sdk_error};
use super::tagging::Tagged;
use super::tags::{self, Tags};
use super::{Aws, retry};
use crate::apply::{DeleteOptions, Progress, ProviderError, Request};
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// How often readiness and deletion waits ask; the overall bound is the
/// scheduler's `--timeout`.
const POLL: Duration = Duration::from_secs(10);

/// Whether the primary's delete takes a final snapshot. Not an AWS setting:
/// expand sets it as a tag, so that `destroy` (which has only the live resource)
/// knows it, and `read` gives `final_snapshot` back from it.
pub const FINAL_SNAPSHOT_TAG: &str = "stackctl:final-snapshot";

// ---------------------------------------------------------------- helpers

fn p_str<'a>(p: &'a Props, k: &str) -> &'a str {
    p.get(k).and_then(Value::as_str).unwrap_or_default()
}
fn p_int(p: &Props, k: &str) -> i64 {
    p.get(k).and_then(Value::as_int).unwrap_or_default()
}
fn p_bool(p: &Props, k: &str) -> bool {
    p.get(k).and_then(Value::as_bool).unwrap_or_default()
}
fn p_strs(p: &Props, k: &str) -> Vec<String> {
    p.get(k)
        .map(|v| v.as_list().iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}
fn list(v: Vec<String>) -> Value {
    Value::List(v.into_iter().map(Value::Str).collect())
}
fn changed(changes: &[AttrChange], keys: &[&str]) -> bool {
    changes.iter().any(|c| keys.contains(&c.attr.as_str()))
}
fn rds_tags(t: &Tags) -> Vec<Tag> {
    t.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()
}
fn tags_of(t: &[Tag]) -> Tags {
    t.iter()
        .map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string()))
        .collect()
}
fn conflict(n: &Node, what: &str) -> Conflict {
    Conflict {
        id: n.id.clone(),
        kind: n.kind,
        name: n.name.clone(),
        reason: format!("{what} with this name exists without this stack's tags"),
    }
}

fn live(id: NodeId, kind: Kind, name: &str, attrs: &[(&str, Value)], tags: Tags, props: Option<Props>) -> LiveResource {
    LiveResource {
        id,
        kind,
        name: name.to_string(),
        physical_id: name.to_string(),
        attrs: attrs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        props,
        tags,
    }
}

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

/// Whether RDS refused an immediate change because the parameter is static
/// ("cannot use immediate apply method for static parameter").
fn needs_reboot(e: &ProviderError) -> bool {
    e.code == "InvalidParameterCombination" && e.message.to_ascii_lowercase().contains("static parameter")
}

/// The major version: `16` of `16.4`, `8.0` of `8.0.39` (MySQL's majors have two parts).
fn major_version(engine: &str, version: &str) -> String {
    let parts: Vec<&str> = version.split('.').collect();
    let n = if engine.starts_with("mysql") || engine.starts_with("mariadb") {
        2
    } else {
        1
    };
    parts.iter().take(n).copied().collect::<Vec<_>>().join(".")
}

async fn sync_tags(aws: &Aws, arn: &str, current: &Tags, desired: &Tags) -> Result<(), ProviderError> {
    let removed = tags::removed_keys(current, desired);
    if !removed.is_empty() {
        aws.rds
            .remove_tags_from_resource()
            .resource_name(arn)
            .set_tag_keys(Some(removed))
            .send()
            .await
            .op("rds:RemoveTagsFromResource")?;
    }
    aws.rds
        .add_tags_to_resource()
        .resource_name(arn)
        .set_tags(Some(rds_tags(desired)))
        .send()
        .await
        .op("rds:AddTagsToResource")?;
    Ok(())
}

async fn tags_for(aws: &Aws, arn: &str) -> Result<Tags, ProviderError> {
    let out = aws
        .rds
        .list_tags_for_resource()
        .resource_name(arn)
        .send()
        .await
        .op("rds:ListTagsForResource")?;
    Ok(tags_of(out.tag_list()))
}

// ---------------------------------------------------------------- service

pub async fn discover(aws: &Aws, _: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let (a, b, c) = tokio::try_join!(
        discover_instances(aws, desired),
        discover_subnet_groups(aws, desired),
        discover_parameter_groups(aws, desired)
    )?;
    let mut found = a.0;
    let mut conflicts = a.1;
    for (f, c) in [b, c] {
        found.extend(f);
        conflicts.extend(c);
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    match current.kind {
        Kind::DbInstance | Kind::DbReplica => {
            let db = find_instance(aws, &current.physical_id)
                .await?
                .ok_or_else(|| not_found(&current.physical_id))?;
            Ok(instance_props(&db))
        }
        Kind::DbSubnetGroup => {
            let out = aws
                .rds
                .describe_db_subnet_groups()
                .db_subnet_group_name(&current.physical_id)
                .send()
                .await
                .op("rds:DescribeDBSubnetGroups")?;
            Ok(out.db_subnet_groups().first().map(subnet_group_props).unwrap_or_default())
        }
        Kind::DbParameterGroup => {
            let out = aws
                .rds
                .describe_db_parameter_groups()
                .db_parameter_group_name(&current.physical_id)
                .send()
                .await
                .op("rds:DescribeDBParameterGroups")?;
            match out.db_parameter_groups().first() {
                Some(g) => parameter_group_props(aws, g).await,
                None => Ok(Props::new()),
            }
        }
        other => Err(super::unsupported(other)),
    }
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    match req.node.kind {
        Kind::DbSubnetGroup => create_subnet_group(aws, req).await,
        Kind::DbParameterGroup => create_parameter_group(aws, req).await,
        Kind::DbInstance => create_instance(aws, req).await,
        Kind::DbReplica => create_replica(aws, req).await,
        other => Err(super::unsupported(other)),
    }
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    match req.node.kind {
        Kind::DbSubnetGroup => {
            if changed(changes, &["description", "subnet_ids"]) {
                aws.rds
                    .modify_db_subnet_group()
                    .db_subnet_group_name(&current.physical_id)
                    .db_subnet_group_description(p_str(p, "description"))
                    .set_subnet_ids(Some(p_strs(p, "subnet_ids")))
                    .send()
                    .await
                    .op("rds:ModifyDBSubnetGroup")?;
            }
        }
        Kind::DbParameterGroup => {
            if changed(changes, &["parameters"]) {
                set_parameters(aws, &current.physical_id, p).await?;
                reset_removed_parameters(aws, &current.physical_id, current.props.as_ref(), p).await?;
            }
        }
        Kind::DbInstance | Kind::DbReplica => modify_instance(aws, req, current, changes).await?,
        other => return Err(super::unsupported(other)),
    }
    let arn = current.attrs.get("arn").and_then(Value::as_str).unwrap_or_default().to_string();
    if current.tags != req.tags {
        sync_tags(aws, &arn, &current.tags, &req.tags).await?;
    }
    let mut updated = current.clone();
    updated.props = Some(p.clone());
    updated.tags = req.tags.clone();
    Ok(updated)
}

pub async fn delete(aws: &Aws, current: &LiveResource, options: DeleteOptions) -> Result<(), ProviderError> {
    match current.kind {
        Kind::DbInstance | Kind::DbReplica => delete_instance(aws, current, options).await,
        Kind::DbSubnetGroup => match aws
            .rds
            .delete_db_subnet_group()
            .db_subnet_group_name(&current.physical_id)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if code_of(&e) == Some("DBSubnetGroupNotFoundFault") => Ok(()),
            Err(e) => Err(sdk_error("rds:DeleteDBSubnetGroup", e)),
        },
        Kind::DbParameterGroup => match aws
            .rds
            .delete_db_parameter_group()
            .db_parameter_group_name(&current.physical_id)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if code_of(&e) == Some("DBParameterGroupNotFound") => Ok(()),
            Err(e) => Err(sdk_error("rds:DeleteDBParameterGroup", e)),
        },
        other => Err(super::unsupported(other)),
    }
}

pub async fn wait_ready(aws: &Aws, current: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    match current.kind {
        Kind::DbInstance | Kind::DbReplica => wait_available(aws, current, progress).await,
        _ => Ok(current.clone()),
    }
}

crate::service!(Rds, [DbSubnetGroup, DbParameterGroup, DbInstance, DbReplica], wait = wait_ready);

// ---------------------------------------------------------------- subnet group

fn subnet_group_props(g: &DbSubnetGroup) -> Props {
    let mut p = Props::new();
    p.insert(
        "description".into(),
        Value::str(g.db_subnet_group_description().unwrap_or_default()),
    );
    p.insert(
        "subnet_ids".into(),
        list(
            g.subnets()
                .iter()
                .filter_map(|s| s.subnet_identifier().map(str::to_string))
                .collect(),
        ),
    );
    p
}

async fn discover_subnet_groups(aws: &Aws, desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let prefix = format!("{}-", aws.stack);
    let mut found = Vec::new();
    let mut conflicts = Vec::new();
    let mut marker = None;
    loop {
        let page = aws
            .rds
            .describe_db_subnet_groups()
            .set_marker(marker)
            .send()
            .await
            .op("rds:DescribeDBSubnetGroups")?;
        for g in page.db_subnet_groups() {
            let name = g.db_subnet_group_name().unwrap_or_default();
            if !name.starts_with(&prefix) {
                continue;
            }
            let arn = g.db_subnet_group_arn().unwrap_or_default();
            let tags = tags_for(aws, arn).await?;
            match tags.get(tag::ID).filter(|_| tags::owned_by(&tags, &aws.stack)) {
                Some(id) => found.push(live(
                    NodeId::new(id.clone()),
                    Kind::DbSubnetGroup,
                    name,
                    &[("name", Value::str(name)), ("arn", Value::str(arn))],
                    tags.clone(),
                    Some(subnet_group_props(g)),
                )),
                None => {
                    if let Some(n) = desired.iter().find(|n| n.kind == Kind::DbSubnetGroup && n.name == name) {
                        conflicts.push(conflict(n, "a DB subnet group"));
                    }
                }
            }
        }
        marker = page.marker().map(str::to_string);
        if marker.is_none() {
            break;
        }
    }
    Ok((found, conflicts))
}

async fn create_subnet_group(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let out = aws
        .rds
        .create_db_subnet_group()
        .db_subnet_group_name(&req.node.name)
        .db_subnet_group_description(p_str(p, "description"))
        .set_subnet_ids(Some(p_strs(p, "subnet_ids")))
        .set_tags(Some(rds_tags(&req.tags)))
        .send()
        .await
        .op("rds:CreateDBSubnetGroup")?;
    let g = out.db_subnet_group();
    // RDS keeps subnet group names in lower case.
    let name = g.and_then(|g| g.db_subnet_group_name()).unwrap_or(&req.node.name);
    let arn = g.and_then(|g| g.db_subnet_group_arn()).unwrap_or_default();
    Ok(live(
        req.node.id.clone(),
        Kind::DbSubnetGroup,
        name,
        &[("name", Value::str(name)), ("arn", Value::str(arn))],
        req.tags.clone(),
        Some(p.clone()),
    ))
}

// ---------------------------------------------------------------- parameter group

/// The parameters set on the group (source `user`), as the desired map.
async fn parameter_group_props(aws: &Aws, g: &DbParameterGroup) -> Result<Props, ProviderError> {
    let name = g.db_parameter_group_name().unwrap_or_default();
    let mut params = BTreeMap::new();
    let mut marker = None;
    loop {
        let page = aws
            .rds
            .describe_db_parameters()
            .db_parameter_group_name(name)
            .source("user")
            .set_marker(marker)
            .send()
            .await
            .op("rds:DescribeDBParameters")?;
        for prm in page.parameters() {
            if let (Some(k), Some(v)) = (prm.parameter_name(), prm.parameter_value()) {
                params.insert(k.to_string(), Value::str(v));
            }
        }
        marker = page.marker().map(str::to_string);
        if marker.is_none() {
            break;
        }
    }
    let mut p = Props::new();
    p.insert("family".into(), Value::str(g.db_parameter_group_family().unwrap_or_default()));
    p.insert("description".into(), Value::str(g.description().unwrap_or_default()));
    p.insert("parameters".into(), Value::Map(params));
    Ok(p)
}

async fn discover_parameter_groups(aws: &Aws, desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let prefix = format!("{}-", aws.stack);
    let mut found = Vec::new();
    let mut conflicts = Vec::new();
    let mut marker = None;
    loop {
        let page = aws
            .rds
            .describe_db_parameter_groups()
            .set_marker(marker)
            .send()
            .await
            .op("rds:DescribeDBParameterGroups")?;
        for g in page.db_parameter_groups() {
            let name = g.db_parameter_group_name().unwrap_or_default();
            if !name.starts_with(&prefix) {
                continue;
            }
            let arn = g.db_parameter_group_arn().unwrap_or_default();
            let tags = tags_for(aws, arn).await?;
            match tags.get(tag::ID).filter(|_| tags::owned_by(&tags, &aws.stack)) {
                Some(id) => found.push(live(
                    NodeId::new(id.clone()),
                    Kind::DbParameterGroup,
                    name,
                    &[("name", Value::str(name)), ("arn", Value::str(arn))],
                    tags.clone(),
                    Some(parameter_group_props(aws, g).await?),
                )),
                None => {
                    if let Some(n) = desired.iter().find(|n| n.kind == Kind::DbParameterGroup && n.name == name) {
                        conflicts.push(conflict(n, "a DB parameter group"));
                    }
                }
            }
        }
        marker = page.marker().map(str::to_string);
        if marker.is_none() {
            break;
        }
    }
    Ok((found, conflicts))
}

/// Sets the desired parameters. Dynamic ones apply immediately; RDS refuses
/// that for a static one, which then applies at the next reboot
/// (`pending-reboot`). Asking per parameter keeps this to one call each, where
/// looking the types up would page through hundreds of engine defaults.
async fn set_parameters(aws: &Aws, name: &str, p: &Props) -> Result<(), ProviderError> {
    let Some(wanted) = p.get("parameters").and_then(Value::as_map) else {
        return Ok(());
    };
    for (k, v) in wanted {
        let value = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
        let mut method = ApplyMethod::Immediate;
        loop {
            let param = Parameter::builder()
                .parameter_name(k)
                .parameter_value(&value)
                .apply_method(method.clone())
                .build();
            let sent = aws
                .rds
                .modify_db_parameter_group()
                .db_parameter_group_name(name)
                .parameters(param)
                .send()
                .await
                .op("rds:ModifyDBParameterGroup");
            match sent {
                Ok(_) => break,
                Err(e) if method == ApplyMethod::Immediate && needs_reboot(&e) => method = ApplyMethod::PendingReboot,
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

/// Parameters the stack file no longer sets go back to the engine default.
async fn reset_removed_parameters(aws: &Aws, name: &str, live: Option<&Props>, desired: &Props) -> Result<(), ProviderError> {
    let keys = |p: Option<&Props>| -> Vec<String> {
        p.and_then(|p| p.get("parameters"))
            .and_then(Value::as_map)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let wanted = keys(Some(desired));
    let removed: Vec<Parameter> = keys(live)
        .into_iter()
        .filter(|k| !wanted.contains(k))
        .map(|k| {
            Parameter::builder()
                .parameter_name(k)
                .apply_method(ApplyMethod::PendingReboot)
                .build()
        })
        .collect();
    if !removed.is_empty() {
        aws.rds
            .reset_db_parameter_group()
            .db_parameter_group_name(name)
            .set_parameters(Some(removed))
            .send()
            .await
            .op("rds:ResetDBParameterGroup")?;
    }
    Ok(())
}

async fn create_parameter_group(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let out = aws
        .rds
        .create_db_parameter_group()
        .db_parameter_group_name(&req.node.name)
        .db_parameter_group_family(p_str(p, "family"))
        .description(p_str(p, "description"))
        .set_tags(Some(rds_tags(&req.tags)))
        .send()
        .await
        .op("rds:CreateDBParameterGroup")?;
    let g = out.db_parameter_group();
    let name = g.and_then(|g| g.db_parameter_group_name()).unwrap_or(&req.node.name).to_string();
    let arn = g.and_then(|g| g.db_parameter_group_arn()).unwrap_or_default().to_string();
    set_parameters(aws, &name, p).await?;
    Ok(live(
        req.node.id.clone(),
        Kind::DbParameterGroup,
        &name,
        &[("name", Value::str(&name)), ("arn", Value::str(arn))],
        req.tags.clone(),
        Some(p.clone()),
    ))
}

// ---------------------------------------------------------------- instances

fn not_found(id: &str) -> ProviderError {
    ProviderError::new("rds:DescribeDBInstances", "DBInstanceNotFound", format!("no DB instance {id}"))
}

fn is_replica(db: &DbInstance) -> bool {
    db.read_replica_source_db_instance_identifier().is_some()
}

/// An instance's settings in the normal form of the desired properties of its
/// kind (a primary's or a replica's).
fn instance_props(db: &DbInstance) -> Props {
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
    b("deletion_protection", db.deletion_protection());
    b("copy_tags_to_snapshot", db.copy_tags_to_snapshot());
    b("manage_master_user_password", Some(db.master_user_secret().is_some()));
    b("final_snapshot", Some(wants_final_snapshot(&tags)));
    p
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

fn instance_live(id: NodeId, db: &DbInstance, tags: Tags, props: Option<Props>) -> LiveResource {
    let kind = if is_replica(db) { Kind::DbReplica } else { Kind::DbInstance };
    live(
        id,
        kind,
        db.db_instance_identifier().unwrap_or_default(),
        &instance_attrs(db),
        tags,
        props,
    )
}

async fn find_instance(aws: &Aws, id: &str) -> Result<Option<DbInstance>, ProviderError> {
    match aws.rds.describe_db_instances().db_instance_identifier(id).send().await {
        Ok(out) => Ok(out.db_instances().first().cloned()),
        Err(e) if code_of(&e) == Some("DBInstanceNotFound") => Ok(None),
        Err(e) => Err(sdk_error("rds:DescribeDBInstances", e)),
    }
}

async fn discover_instances(aws: &Aws, desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let prefix = format!("{}-", aws.stack);
    let mut found = Vec::new();
    let mut conflicts = Vec::new();
    let mut marker = None;
    loop {
        let page = aws
            .rds
            .describe_db_instances()
            .set_marker(marker)
            .send()
            .await
            .op("rds:DescribeDBInstances")?;
        for db in page.db_instances() {
            let name = db.db_instance_identifier().unwrap_or_default();
            if !name.starts_with(&prefix) {
                continue;
            }
            let tags = tags_of(db.tag_list());
            match tags.get(tag::ID).filter(|_| tags::owned_by(&tags, &aws.stack)) {
                Some(id) => found.push(instance_live(NodeId::new(id.clone()), db, tags.clone(), Some(instance_props(db)))),
                None => {
                    if let Some(n) = desired
                        .iter()
                        .find(|n| matches!(n.kind, Kind::DbInstance | Kind::DbReplica) && n.name == name)
                    {
                        conflicts.push(conflict(n, "a DB instance"));
                    }
                }
            }
        }
        marker = page.marker().map(str::to_string);
        if marker.is_none() {
            break;
        }
    }
    Ok((found, conflicts))
}

async fn create_instance(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
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

async fn create_replica(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
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
        .db_parameter_group_name(p_str(p, "db_parameter_group_name"))
        .auto_minor_version_upgrade(p_bool(p, "auto_minor_version_upgrade"))
        // Replicas are not protected (AWS's default, said explicitly): the
        // primary's protection is what guards the data.
        .deletion_protection(false)
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
    Ok(l)
}

/// Polls until the instance is `available`; its endpoint is known from then on.
async fn wait_available(aws: &Aws, current: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    let db = retry::poll(POLL, || async {
        let db = find_instance(aws, &current.physical_id)
            .await?
            .ok_or_else(|| not_found(&current.physical_id))?;
        match db.db_instance_status().unwrap_or("unknown") {
            "available" => Ok(Some(db)),
            s @ ("failed" | "incompatible-parameters" | "incompatible-restore" | "incompatible-network" | "storage-full" | "deleting") => {
                Err(ProviderError::new(
                    "rds:DescribeDBInstances",
                    "DBInstanceNotAvailable",
                    format!("DB instance {} is {s} instead of becoming available", current.physical_id),
                ))
            }
            s => {
                progress(format!("instance {s}"));
                Ok(None)
            }
        }
    })
    .await?;
    let mut l = current.clone();
    l.attrs = instance_attrs(&db).into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    Ok(l)
}

async fn modify_instance(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
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
        let engine = p_str(p, "engine");
        let old = current
            .props
            .as_ref()
            .map(|o| p_str(o, "engine_version").to_string())
            .unwrap_or_default();
        let new = p_str(p, "engine_version");
        call = call
            .engine_version(new)
            .allow_major_version_upgrade(major_version(engine, &old) != major_version(engine, new));
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
    if has("manage_master_user_password") {
        call = call.manage_master_user_password(p_bool(p, "manage_master_user_password"));
    }
    call.send().await.op("rds:ModifyDBInstance")?;
    wait_available(aws, current, &|_| {}).await?;
    Ok(())
}

/// Deletes the instance and waits until AWS no longer has it. The primary's
/// deletion protection is turned off only with `--delete-protected`; it takes a
/// final snapshot unless the stack said `final_snapshot: false`; a replica never
/// does (AWS refuses a final snapshot identifier for a replica).
async fn delete_instance(aws: &Aws, current: &LiveResource, options: DeleteOptions) -> Result<(), ProviderError> {
    let id = &current.physical_id;
    let Some(db) = find_instance(aws, id).await? else { return Ok(()) };
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
    match call.send().await {
        Ok(_) => {}
        Err(e) if code_of(&e) == Some("DBInstanceNotFound") => return Ok(()),
        Err(e) => return Err(sdk_error("rds:DeleteDBInstance", e)),
    }
    retry::poll(POLL, || async { Ok(find_instance(aws, id).await?.is_none().then_some(())) }).await
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn static_parameters_are_told_by_the_refusal_of_an_immediate_change() {
        let e = |code: &str, msg: &str| ProviderError::new("rds:ModifyDBParameterGroup", code, msg);
        assert!(needs_reboot(&e(
            "InvalidParameterCombination",
            "cannot use immediate apply method for static parameter"
        )));
        assert!(!needs_reboot(&e(
            "InvalidParameterValue",
            "Could not find parameter with name: rds.force_sslx"
        )));
        assert!(!needs_reboot(&e("InvalidParameterCombination", "something else")));
    }

    #[test]
    fn major_versions_per_engine() {
        assert_eq!(major_version("postgres", "16.4"), "16");
        assert_eq!(major_version("mysql", "8.0.39"), "8.0");
        assert_ne!(major_version("postgres", "15.7"), major_version("postgres", "16.4"));
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
                "db_parameter_group_name",
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
