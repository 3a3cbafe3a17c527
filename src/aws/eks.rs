//! EKS: the secrets encryption key (KMS), the node launch templates (EC2), the
//! cluster and its managed node groups. Clusters take about ten minutes to
//! become ACTIVE and node groups are refused before that: both have readiness
//! waits, and deletes wait until AWS no longer has the resource, so that the
//! cluster delete after its node groups, and the subnets after the cluster, work.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::time::Duration;

use aws_sdk_ec2::types::{
    LaunchTemplateBlockDeviceMappingRequest, LaunchTemplateEbsBlockDeviceRequest, LaunchTemplateHttpTokensState,
    LaunchTemplateInstanceMetadataEndpointState, LaunchTemplateInstanceMetadataOptionsRequest, RequestLaunchTemplateData, ResourceType,
    ResponseLaunchTemplateData, VolumeType,
};
use aws_sdk_eks::types::{
    Cluster, ClusterStatus, EncryptionConfig, LaunchTemplateSpecification, LogSetup, LogType, Logging, Nodegroup, NodegroupScalingConfig,
    NodegroupStatus, Provider, UpdateLabelsPayload, UpdateStatus, VpcConfigRequest,
};

use super::error::{AwsResultExt, code_of, sdk_error};
use super::tagging::Tagged;
use super::tags::{self, Tags};
use super::{Aws, ec2, retry};
use crate::apply::{DeleteOptions, Progress, ProviderError, Request};
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// How often readiness and deletion waits ask; the overall bound is the
/// scheduler's `--timeout`.
const POLL: Duration = Duration::from_secs(10);
/// How long a create retries a role that IAM has not yet propagated.
const ROLE_WAIT: Duration = Duration::from_secs(120);
/// EKS's device name of the root volume of the Amazon Linux node AMIs.
const ROOT_DEVICE: &str = "/dev/xvda";
/// The log types EKS knows; enabling a subset disables the rest.
const LOG_TYPES: &[&str] = &["api", "audit", "authenticator", "controllerManager", "scheduler"];

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
fn list(v: &[String]) -> Value {
    Value::List(v.iter().map(Value::str).collect())
}
fn attrs(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}
fn hash_tags(t: Option<&HashMap<String, String>>) -> Tags {
    t.map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}
fn changed(changes: &[AttrChange], keys: &[&str]) -> bool {
    changes.iter().any(|c| keys.contains(&c.attr.as_str()))
}
fn conflict(n: &Node, what: &str) -> Conflict {
    Conflict {
        id: n.id.clone(),
        kind: n.kind,
        name: n.name.clone(),
        reason: format!("{what} with this name exists without this stack's tags"),
    }
}

/// The error EKS gives for a role IAM has not propagated yet ("Role ... cannot
/// be assumed", "... is not authorized to perform sts:AssumeRole").
fn role_not_ready(e: &ProviderError) -> bool {
    let m = e.message.to_ascii_lowercase();
    e.code == "InvalidParameterException" && m.contains("role") && (m.contains("assum") || m.contains("not authorized"))
}

/// Calls `f` until it succeeds or fails otherwise than with a role not yet
/// assumable, within `ROLE_WAIT`.
async fn retry_role<T, F, Fut>(mut f: F) -> Result<T, ProviderError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ProviderError>>,
{
    let started = tokio::time::Instant::now();
    let mut wait = Duration::from_secs(2);
    loop {
        match f().await {
            Err(e) if role_not_ready(&e) && started.elapsed() + wait < ROLE_WAIT => {
                tracing::info!("{}: role not assumable yet ({}); retrying in {:?}", e.operation, e.message, wait);
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(16));
            }
            other => return other,
        }
    }
}

// ---------------------------------------------------------------- service

pub async fn discover(aws: &Aws, _: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let (keys, templates, clusters) = tokio::try_join!(discover_keys(aws), discover_templates(aws), discover_clusters(aws, desired))?;
    let mut conflicts = clusters.1;
    conflicts.extend(template_conflicts(aws, desired, &templates).await?);
    let mut found = keys;
    found.extend(templates);
    found.extend(clusters.0);
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    match live.kind {
        Kind::KmsKey => read_key(aws, &live.physical_id).await,
        Kind::LaunchTemplate => read_template(aws, &live.physical_id).await,
        Kind::EksCluster => Ok(cluster_props(&describe_cluster(aws, &live.physical_id).await?)),
        Kind::EksNodeGroup => {
            let (cluster, group) = split_group_id(&live.physical_id);
            Ok(nodegroup_props(&describe_nodegroup(aws, cluster, group).await?))
        }
        other => Err(super::unsupported(other)),
    }
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    match req.node.kind {
        Kind::KmsKey => create_key(aws, req).await,
        Kind::LaunchTemplate => create_template(aws, req).await,
        Kind::EksCluster => create_cluster(aws, req).await,
        Kind::EksNodeGroup => create_nodegroup(aws, req).await,
        other => Err(super::unsupported(other)),
    }
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let mut updated = match req.node.kind {
        Kind::KmsKey => update_key(aws, req, live, changes).await?,
        Kind::LaunchTemplate => update_template(aws, req, live, changes).await?,
        Kind::EksCluster => update_cluster(aws, req, live, changes).await?,
        Kind::EksNodeGroup => update_nodegroup(aws, req, live, changes).await?,
        other => return Err(super::unsupported(other)),
    };
    updated.props = Some(req.node.props.clone());
    updated.tags = req.tags.clone();
    Ok(updated)
}

pub async fn delete(aws: &Aws, live: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    match live.kind {
        Kind::KmsKey => delete_key(aws, live).await,
        Kind::LaunchTemplate => delete_template(aws, live).await,
        Kind::EksCluster => delete_cluster(aws, live).await,
        Kind::EksNodeGroup => delete_nodegroup(aws, live).await,
        other => Err(super::unsupported(other)),
    }
}

pub async fn wait_ready(aws: &Aws, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    match live.kind {
        Kind::EksCluster => wait_cluster_active(aws, live, progress).await,
        Kind::EksNodeGroup => wait_nodegroup_active(aws, live, progress).await,
        _ => Ok(live.clone()),
    }
}

crate::service!(Eks, [KmsKey, LaunchTemplate, EksCluster, EksNodeGroup], wait = wait_ready);

// ---------------------------------------------------------------- KMS key

fn kms_tags(t: &Tags) -> Result<Vec<aws_sdk_kms::types::Tag>, ProviderError> {
    t.iter()
        .map(|(k, v)| {
            aws_sdk_kms::types::Tag::builder()
                .tag_key(k)
                .tag_value(v)
                .build()
                .map_err(|e| ProviderError::new("kms", "InvalidRequest", e.to_string()))
        })
        .collect()
}

fn alias_name(name: &str) -> String {
    format!("alias/{name}")
}

fn key_live(id: NodeId, name: &str, key_id: &str, arn: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    LiveResource {
        id,
        kind: Kind::KmsKey,
        name: name.to_string(),
        physical_id: key_id.to_string(),
        attrs: attrs(&[("id", Value::str(key_id)), ("arn", Value::str(arn))]),
        props,
        tags,
    }
}

/// Whether a key still counts: one pending deletion (or deleted) is gone.
fn key_is_live(state: Option<&str>) -> bool {
    !matches!(state, Some("PendingDeletion" | "PendingReplicaDeletion") | None)
}

async fn key_tags(aws: &Aws, key_id: &str) -> Result<Option<Tags>, ProviderError> {
    match aws.kms.list_resource_tags().key_id(key_id).send().await {
        Ok(out) => Ok(Some(
            out.tags()
                .iter()
                .map(|t| (t.tag_key().to_string(), t.tag_value().to_string()))
                .collect(),
        )),
        // Keys of other accounts' grants or AWS-managed keys: not ours.
        Err(e) if matches!(code_of(&e), Some("AccessDeniedException" | "NotFoundException")) => Ok(None),
        Err(e) => Err(sdk_error("kms:ListResourceTags", e)),
    }
}

/// Keys are few per account and KMS has no tag filter: ListKeys, then the tags
/// of each, then DescribeKey and the rotation status of ours.
async fn discover_keys(aws: &Aws) -> Result<Vec<LiveResource>, ProviderError> {
    let mut ids = Vec::new();
    let mut marker = None;
    loop {
        let page = aws.kms.list_keys().set_marker(marker).send().await.op("kms:ListKeys")?;
        ids.extend(page.keys().iter().filter_map(|k| k.key_id().map(str::to_string)));
        marker = page.next_marker().filter(|_| page.truncated()).map(str::to_string);
        if marker.is_none() {
            break;
        }
    }
    let aliases = list_aliases(aws).await?;
    let mut found = Vec::new();
    for key_id in ids {
        let Some(tags) = key_tags(aws, &key_id).await? else { continue };
        let Some(id) = tags.get(tag::ID).filter(|_| tags::owned_by(&tags, &aws.stack)).cloned() else {
            continue;
        };
        let meta = aws.kms.describe_key().key_id(&key_id).send().await.op("kms:DescribeKey")?;
        let Some(meta) = meta.key_metadata() else { continue };
        if !key_is_live(meta.key_state().map(|s| s.as_str())) {
            continue;
        }
        let props = read_key(aws, &key_id).await?;
        let name = aliases
            .get(&key_id)
            .map(|a| a.trim_start_matches("alias/").to_string())
            .unwrap_or_else(|| key_id.clone());
        found.push(key_live(
            NodeId::new(id),
            &name,
            &key_id,
            meta.arn().unwrap_or_default(),
            tags,
            Some(props),
        ));
    }
    Ok(found)
}

/// Alias names by target key id.
async fn list_aliases(aws: &Aws) -> Result<HashMap<String, String>, ProviderError> {
    let mut out = HashMap::new();
    let mut marker = None;
    loop {
        let page = aws.kms.list_aliases().set_marker(marker).send().await.op("kms:ListAliases")?;
        for a in page.aliases() {
            if let (Some(name), Some(target)) = (a.alias_name(), a.target_key_id()) {
                out.insert(target.to_string(), name.to_string());
            }
        }
        marker = page.next_marker().filter(|_| page.truncated()).map(str::to_string);
        if marker.is_none() {
            break;
        }
    }
    Ok(out)
}

async fn read_key(aws: &Aws, key_id: &str) -> Result<Props, ProviderError> {
    let meta = aws.kms.describe_key().key_id(key_id).send().await.op("kms:DescribeKey")?;
    let rotation = aws
        .kms
        .get_key_rotation_status()
        .key_id(key_id)
        .send()
        .await
        .op("kms:GetKeyRotationStatus")?;
    let mut p = Props::new();
    p.insert(
        "description".into(),
        Value::str(meta.key_metadata().and_then(|m| m.description()).unwrap_or_default()),
    );
    p.insert("enable_key_rotation".into(), Value::Bool(rotation.key_rotation_enabled()));
    Ok(p)
}

async fn set_rotation(aws: &Aws, key_id: &str, on: bool) -> Result<(), ProviderError> {
    if on {
        aws.kms
            .enable_key_rotation()
            .key_id(key_id)
            .send()
            .await
            .op("kms:EnableKeyRotation")?;
    } else {
        aws.kms
            .disable_key_rotation()
            .key_id(key_id)
            .send()
            .await
            .op("kms:DisableKeyRotation")?;
    }
    Ok(())
}

async fn create_key(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let out = aws
        .kms
        .create_key()
        .description(p_str(p, "description"))
        .set_tags(Some(kms_tags(&req.tags)?))
        .send()
        .await
        .op("kms:CreateKey")?;
    let meta = out
        .key_metadata()
        .ok_or_else(|| ProviderError::new("kms:CreateKey", "EmptyResponse", "CreateKey returned no key"))?;
    let key_id = meta.key_id().to_string();
    set_rotation(aws, &key_id, p_bool(p, "enable_key_rotation")).await?;
    // The alias is the key's readable name in the console; the key is found by
    // its tags, so a missing alias never loses it.
    aws.kms
        .create_alias()
        .alias_name(alias_name(&req.node.name))
        .target_key_id(&key_id)
        .send()
        .await
        .op("kms:CreateAlias")?;
    Ok(key_live(
        req.node.id.clone(),
        &req.node.name,
        &key_id,
        meta.arn().unwrap_or_default(),
        req.tags.clone(),
        Some(p.clone()),
    ))
}

async fn update_key(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let (key_id, p) = (&live.physical_id, &req.node.props);
    if changed(changes, &["description"]) {
        aws.kms
            .update_key_description()
            .key_id(key_id)
            .description(p_str(p, "description"))
            .send()
            .await
            .op("kms:UpdateKeyDescription")?;
    }
    if changed(changes, &["enable_key_rotation"]) {
        set_rotation(aws, key_id, p_bool(p, "enable_key_rotation")).await?;
    }
    // The hash tag changes with every settings change, so compare the tags themselves.
    if live.tags != req.tags {
        let removed = tags::removed_keys(&live.tags, &req.tags);
        if !removed.is_empty() {
            aws.kms
                .untag_resource()
                .key_id(key_id)
                .set_tag_keys(Some(removed))
                .send()
                .await
                .op("kms:UntagResource")?;
        }
        aws.kms
            .tag_resource()
            .key_id(key_id)
            .set_tags(Some(kms_tags(&req.tags)?))
            .send()
            .await
            .op("kms:TagResource")?;
    }
    Ok(live.clone())
}

/// Schedules the deletion (7 days, the minimum); a key pending deletion is gone
/// for stackctl. The alias goes first so that a new key can take the name.
async fn delete_key(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    match aws.kms.delete_alias().alias_name(alias_name(&live.name)).send().await {
        Ok(_) => {}
        Err(e) if code_of(&e) == Some("NotFoundException") => {}
        Err(e) => return Err(sdk_error("kms:DeleteAlias", e)),
    }
    match aws
        .kms
        .schedule_key_deletion()
        .key_id(&live.physical_id)
        .pending_window_in_days(7)
        .send()
        .await
    {
        Ok(_) => Ok(()),
        // Already pending deletion, or gone.
        Err(e) if matches!(code_of(&e), Some("NotFoundException" | "KMSInvalidStateException")) => Ok(()),
        Err(e) => Err(sdk_error("kms:ScheduleKeyDeletion", e)),
    }
}

// ---------------------------------------------------------------- launch template

fn template_data(p: &Props) -> RequestLaunchTemplateData {
    let metadata = LaunchTemplateInstanceMetadataOptionsRequest::builder()
        .http_endpoint(LaunchTemplateInstanceMetadataEndpointState::Enabled)
        .http_tokens(LaunchTemplateHttpTokensState::from(p_str(p, "metadata_http_tokens")))
        .http_put_response_hop_limit(p_int(p, "metadata_hop_limit") as i32)
        .build();
    let root = LaunchTemplateBlockDeviceMappingRequest::builder()
        .device_name(ROOT_DEVICE)
        .ebs(
            LaunchTemplateEbsBlockDeviceRequest::builder()
                .volume_size(p_int(p, "root_volume_gb") as i32)
                .volume_type(VolumeType::Gp3)
                .encrypted(p_bool(p, "root_volume_encrypted"))
                .delete_on_termination(true)
                .build(),
        )
        .build();
    RequestLaunchTemplateData::builder()
        .metadata_options(metadata)
        .block_device_mappings(root)
        .set_security_group_ids(Some(p_strs(p, "security_group_ids")))
        .build()
}

/// A template version's settings in the normal form of the desired properties.
fn template_props(d: &ResponseLaunchTemplateData) -> Props {
    let mut p = Props::new();
    if let Some(m) = d.metadata_options() {
        if let Some(t) = m.http_tokens() {
            p.insert("metadata_http_tokens".into(), Value::str(t.as_str()));
        }
        if let Some(h) = m.http_put_response_hop_limit() {
            p.insert("metadata_hop_limit".into(), Value::Int(h.into()));
        }
    }
    let root = d
        .block_device_mappings()
        .iter()
        .find(|b| b.device_name() == Some(ROOT_DEVICE))
        .and_then(|b| b.ebs());
    if let Some(ebs) = root {
        if let Some(size) = ebs.volume_size() {
            p.insert("root_volume_gb".into(), Value::Int(size.into()));
        }
        p.insert("root_volume_encrypted".into(), Value::Bool(ebs.encrypted().unwrap_or(false)));
    }
    p.insert("security_group_ids".into(), list(d.security_group_ids()));
    p
}

async fn discover_templates(aws: &Aws) -> Result<Vec<LiveResource>, ProviderError> {
    let out = aws
        .ec2
        .describe_launch_templates()
        .filters(ec2::stack_filter(aws))
        .send()
        .await
        .op("ec2:DescribeLaunchTemplates")?;
    let mut found = Vec::new();
    for t in out.launch_templates() {
        let Some(id) = t.launch_template_id() else { continue };
        // Templates are one per node group: reading each default version is cheap.
        let props = read_template(aws, id).await?;
        let mut tags = ec2::tags_of(t.tags());
        tags.entry("Name".into())
            .or_insert_with(|| t.launch_template_name().unwrap_or_default().to_string());
        if let Some(l) = ec2::live(
            Kind::LaunchTemplate,
            id,
            tags,
            &template_attrs(t.default_version_number()),
            Some(props),
        ) {
            found.push(l);
        }
    }
    Ok(found)
}

/// Launch template names are unique per region: a desired template that the tag
/// filter did not find may still exist without our tags. One call per such
/// template, and only until it is created.
async fn template_conflicts(aws: &Aws, desired: &[&Node], found: &[LiveResource]) -> Result<Vec<Conflict>, ProviderError> {
    let mut conflicts = Vec::new();
    for n in desired
        .iter()
        .filter(|n| n.kind == Kind::LaunchTemplate && !found.iter().any(|f| f.id == n.id))
    {
        match aws.ec2.describe_launch_templates().launch_template_names(&n.name).send().await {
            Ok(out) if !out.launch_templates().is_empty() => conflicts.push(conflict(n, "a launch template")),
            Ok(_) => {}
            Err(e) if code_of(&e).is_some_and(|c| c.starts_with("InvalidLaunchTemplateName.")) => {}
            Err(e) => return Err(sdk_error("ec2:DescribeLaunchTemplates", e)),
        }
    }
    Ok(conflicts)
}

fn template_attrs(version: Option<i64>) -> Vec<(&'static str, Value)> {
    version.map(|v| vec![("default_version", Value::Int(v))]).unwrap_or_default()
}

async fn read_template(aws: &Aws, id: &str) -> Result<Props, ProviderError> {
    let out = aws
        .ec2
        .describe_launch_template_versions()
        .launch_template_id(id)
        .versions("$Default")
        .send()
        .await
        .op("ec2:DescribeLaunchTemplateVersions")?;
    Ok(out
        .launch_template_versions()
        .first()
        .and_then(|v| v.launch_template_data())
        .map(template_props)
        .unwrap_or_default())
}

async fn create_template(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let out = aws
        .ec2
        .create_launch_template()
        .launch_template_name(&req.node.name)
        .launch_template_data(template_data(&req.node.props))
        .tag_specifications(ec2::tag_spec(ResourceType::LaunchTemplate, &req.tags))
        .send()
        .await
        .op("ec2:CreateLaunchTemplate")?;
    let t = out.launch_template();
    let id = t.and_then(|t| t.launch_template_id()).unwrap_or_default();
    Ok(ec2::created(req, id, &template_attrs(t.and_then(|t| t.default_version_number()))))
}

/// A new version with the desired settings, made the default one.
async fn update_template(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let id = &live.physical_id;
    let mut updated = live.clone();
    if changes.iter().any(|c| !c.attr.starts_with("tags")) {
        let out = aws
            .ec2
            .create_launch_template_version()
            .launch_template_id(id)
            .launch_template_data(template_data(&req.node.props))
            .send()
            .await
            .op("ec2:CreateLaunchTemplateVersion")?;
        let version = out.launch_template_version().and_then(|v| v.version_number()).unwrap_or_default();
        aws.ec2
            .modify_launch_template()
            .launch_template_id(id)
            .default_version(version.to_string())
            .send()
            .await
            .op("ec2:ModifyLaunchTemplate")?;
        updated.attrs.insert("default_version".into(), Value::Int(version));
    }
    ec2::sync_tags(aws, id, &live.tags, &req.tags).await?;
    Ok(updated)
}

async fn delete_template(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    match aws.ec2.delete_launch_template().launch_template_id(&live.physical_id).send().await {
        Ok(_) => Ok(()),
        Err(e)
            if matches!(
                code_of(&e),
                Some("InvalidLaunchTemplateId.NotFound" | "InvalidLaunchTemplateId.Malformed")
            ) =>
        {
            Ok(())
        }
        Err(e) => Err(sdk_error("ec2:DeleteLaunchTemplate", e)),
    }
}

// ---------------------------------------------------------------- cluster

/// A cluster's settings in the normal form of the desired properties.
fn cluster_props(c: &Cluster) -> Props {
    let mut p = Props::new();
    p.insert("version".into(), Value::str(c.version().unwrap_or_default()));
    p.insert("role_arn".into(), Value::str(c.role_arn().unwrap_or_default()));
    if let Some(v) = c.resources_vpc_config() {
        p.insert("subnet_ids".into(), list(v.subnet_ids()));
        p.insert("security_group_ids".into(), list(v.security_group_ids()));
        p.insert("endpoint_private_access".into(), Value::Bool(v.endpoint_private_access()));
        p.insert("endpoint_public_access".into(), Value::Bool(v.endpoint_public_access()));
        p.insert(
            "public_access_cidrs".into(),
            list(&public_cidrs(v.endpoint_public_access(), v.public_access_cidrs())),
        );
    }
    p.insert(
        "enabled_log_types".into(),
        list(&enabled_log_types(c.logging().map(|l| l.cluster_logging()).unwrap_or_default())),
    );
    if let Some(arn) = c
        .encryption_config()
        .iter()
        .find(|e| e.resources().iter().any(|r| r == "secrets"))
        .and_then(|e| e.provider())
        .and_then(|p| p.key_arn())
    {
        p.insert("secrets_kms_key_arn".into(), Value::str(arn));
    }
    p
}

/// AWS reports `0.0.0.0/0` for a cluster whose endpoint is private only; the
/// CIDRs mean nothing then, and the stack file says none.
fn public_cidrs(public: bool, cidrs: &[String]) -> Vec<String> {
    if public { cidrs.to_vec() } else { vec![] }
}

/// The log types of the enabled log setups, sorted.
fn enabled_log_types(setups: &[LogSetup]) -> Vec<String> {
    let mut types: Vec<String> = setups
        .iter()
        .filter(|s| s.enabled() == Some(true))
        .flat_map(|s| s.types().iter().map(|t| t.as_str().to_string()))
        .collect();
    types.sort();
    types.dedup();
    types
}

/// Enables the desired types and disables every other one.
fn logging(enabled: &[String]) -> Logging {
    let disabled: Vec<LogType> = LOG_TYPES
        .iter()
        .filter(|t| !enabled.iter().any(|e| e == *t))
        .map(|t| LogType::from(*t))
        .collect();
    let mut setups = vec![];
    if !enabled.is_empty() {
        setups.push(
            LogSetup::builder()
                .set_types(Some(enabled.iter().map(|t| LogType::from(t.as_str())).collect()))
                .enabled(true)
                .build(),
        );
    }
    if !disabled.is_empty() {
        setups.push(LogSetup::builder().set_types(Some(disabled)).enabled(false).build());
    }
    Logging::builder().set_cluster_logging(Some(setups)).build()
}

fn endpoint_access(p: &Props, with_ids: bool) -> VpcConfigRequest {
    let public = p_bool(p, "endpoint_public_access");
    let cidrs = p_strs(p, "public_access_cidrs");
    let mut b = VpcConfigRequest::builder()
        .endpoint_private_access(p_bool(p, "endpoint_private_access"))
        .endpoint_public_access(public);
    if public && !cidrs.is_empty() {
        b = b.set_public_access_cidrs(Some(cidrs));
    }
    if with_ids {
        b = b
            .set_subnet_ids(Some(p_strs(p, "subnet_ids")))
            .set_security_group_ids(Some(p_strs(p, "security_group_ids")));
    }
    b.build()
}

fn cluster_live(id: NodeId, c: &Cluster, tags: Tags, props: Option<Props>) -> LiveResource {
    let name = c.name().unwrap_or_default();
    LiveResource {
        id,
        kind: Kind::EksCluster,
        name: name.to_string(),
        physical_id: name.to_string(),
        attrs: attrs(&[
            ("name", Value::str(name)),
            ("arn", Value::str(c.arn().unwrap_or_default())),
            ("endpoint", Value::str(c.endpoint().unwrap_or_default())),
        ]),
        props,
        tags,
    }
}

async fn describe_cluster(aws: &Aws, name: &str) -> Result<Cluster, ProviderError> {
    let out = aws.eks.describe_cluster().name(name).send().await.op("eks:DescribeCluster")?;
    out.cluster()
        .cloned()
        .ok_or_else(|| ProviderError::new("eks:DescribeCluster", "EmptyResponse", format!("no cluster {name}")))
}

/// The cluster, or `None` once AWS no longer has it.
async fn find_cluster(aws: &Aws, name: &str) -> Result<Option<Cluster>, ProviderError> {
    match aws.eks.describe_cluster().name(name).send().await {
        Ok(out) => Ok(out.cluster().cloned()),
        Err(e) if code_of(&e) == Some("ResourceNotFoundException") => Ok(None),
        Err(e) => Err(sdk_error("eks:DescribeCluster", e)),
    }
}

/// ListClusters, then DescribeCluster (tags inline) for the names of the stack,
/// and the node groups of each cluster found.
async fn discover_clusters(aws: &Aws, desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let prefix = format!("{}-", aws.stack);
    let mut names_found = Vec::new();
    let mut token = None;
    loop {
        let page = aws.eks.list_clusters().set_next_token(token).send().await.op("eks:ListClusters")?;
        names_found.extend(page.clusters().iter().filter(|n| n.starts_with(&prefix)).cloned());
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    let mut found = Vec::new();
    let mut conflicts = Vec::new();
    for name in names_found {
        let Some(c) = find_cluster(aws, &name).await? else { continue };
        let tags = hash_tags(c.tags());
        match tags.get(tag::ID).filter(|_| tags::owned_by(&tags, &aws.stack)) {
            Some(id) => {
                found.push(cluster_live(NodeId::new(id.clone()), &c, tags.clone(), Some(cluster_props(&c))));
                found.extend(discover_nodegroups(aws, &name).await?);
            }
            None => {
                if let Some(n) = desired.iter().find(|n| n.kind == Kind::EksCluster && n.name == name) {
                    conflicts.push(conflict(n, "an EKS cluster"));
                }
            }
        }
    }
    Ok((found, conflicts))
}

async fn create_cluster(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let encryption = EncryptionConfig::builder()
        .resources("secrets")
        .provider(Provider::builder().key_arn(p_str(p, "secrets_kms_key_arn")).build())
        .build();
    let tags: HashMap<String, String> = req.tags.clone().into_iter().collect();
    let out = retry_role(|| async {
        aws.eks
            .create_cluster()
            .name(&req.node.name)
            .version(p_str(p, "version"))
            .role_arn(p_str(p, "role_arn"))
            .resources_vpc_config(endpoint_access(p, true))
            .logging(logging(&p_strs(p, "enabled_log_types")))
            .encryption_config(encryption.clone())
            .set_tags(Some(tags.clone()))
            .send()
            .await
            .op("eks:CreateCluster")
    })
    .await?;
    let c = out
        .cluster()
        .cloned()
        .unwrap_or_else(|| Cluster::builder().name(&req.node.name).build());
    Ok(cluster_live(req.node.id.clone(), &c, req.tags.clone(), Some(p.clone())))
}

/// Polls until the cluster is ACTIVE; its endpoint is known from then on.
async fn wait_cluster_active(aws: &Aws, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    let c = retry::poll(POLL, || async {
        let c = describe_cluster(aws, &live.physical_id).await?;
        match c.status() {
            Some(ClusterStatus::Active) => Ok(Some(c)),
            Some(ClusterStatus::Failed | ClusterStatus::Deleting) => Err(ProviderError::new(
                "eks:DescribeCluster",
                "ClusterNotActive",
                format!(
                    "cluster {} is {} instead of becoming ACTIVE",
                    live.physical_id,
                    c.status().map_or("unknown", |s| s.as_str())
                ),
            )),
            s => {
                progress(format!("cluster {}", s.map_or("unknown", |s| s.as_str())));
                Ok(None)
            }
        }
    })
    .await?;
    Ok(cluster_live(live.id.clone(), &c, live.tags.clone(), live.props.clone()))
}

/// Waits for an update EKS accepted (moto answers `Successful` at once; AWS
/// says `InProgress` and DescribeUpdate tells when it is done).
async fn wait_update(
    aws: &Aws,
    cluster: &str,
    nodegroup: Option<&str>,
    update: Option<&aws_sdk_eks::types::Update>,
) -> Result<(), ProviderError> {
    let Some(update) = update else { return Ok(()) };
    let Some(update_id) = update.id() else { return Ok(()) };
    let mut status = update.status().cloned();
    loop {
        match status {
            Some(UpdateStatus::Successful) | None => return Ok(()),
            Some(UpdateStatus::Failed | UpdateStatus::Cancelled) => {
                let why: Vec<String> = update
                    .errors()
                    .iter()
                    .filter_map(|e| e.error_message().map(str::to_string))
                    .collect();
                return Err(ProviderError::new(
                    "eks:DescribeUpdate",
                    "UpdateFailed",
                    format!("update {update_id} of {cluster} failed: {}", why.join("; ")),
                ));
            }
            _ => {}
        }
        tokio::time::sleep(POLL).await;
        let out = aws
            .eks
            .describe_update()
            .name(cluster)
            .update_id(update_id)
            .set_nodegroup_name(nodegroup.map(str::to_string))
            .send()
            .await
            .op("eks:DescribeUpdate")?;
        status = out.update().and_then(|u| u.status().cloned());
    }
}

async fn update_cluster(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let (name, p) = (&live.physical_id, &req.node.props);
    if changed(changes, &["version"]) {
        let out = aws
            .eks
            .update_cluster_version()
            .name(name)
            .version(p_str(p, "version"))
            .send()
            .await
            .op("eks:UpdateClusterVersion")?;
        wait_update(aws, name, None, out.update()).await?;
    }
    // EKS takes one kind of configuration change per UpdateClusterConfig call.
    if changed(changes, &["enabled_log_types"]) {
        let out = aws
            .eks
            .update_cluster_config()
            .name(name)
            .logging(logging(&p_strs(p, "enabled_log_types")))
            .send()
            .await
            .op("eks:UpdateClusterConfig")?;
        wait_update(aws, name, None, out.update()).await?;
    }
    if changed(
        changes,
        &["endpoint_private_access", "endpoint_public_access", "public_access_cidrs"],
    ) {
        let out = aws
            .eks
            .update_cluster_config()
            .name(name)
            .resources_vpc_config(endpoint_access(p, false))
            .send()
            .await
            .op("eks:UpdateClusterConfig")?;
        wait_update(aws, name, None, out.update()).await?;
    }
    let arn = live.attrs.get("arn").and_then(Value::as_str).unwrap_or_default().to_string();
    sync_eks_tags(aws, &arn, &live.tags, &req.tags).await?;
    Ok(live.clone())
}

/// Makes the tags equal to `desired`; the hash tag changes with every settings
/// change, so this compares the tags themselves, not the plan's changes.
async fn sync_eks_tags(aws: &Aws, arn: &str, current: &Tags, desired: &Tags) -> Result<(), ProviderError> {
    if current == desired {
        return Ok(());
    }
    let removed = tags::removed_keys(current, desired);
    if !removed.is_empty() {
        aws.eks
            .untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(removed))
            .send()
            .await
            .op("eks:UntagResource")?;
    }
    aws.eks
        .tag_resource()
        .resource_arn(arn)
        .set_tags(Some(desired.clone().into_iter().collect()))
        .send()
        .await
        .op("eks:TagResource")?;
    Ok(())
}

/// Deletes the cluster and waits until AWS no longer has it: its network
/// interfaces, and with them the subnets and security groups, go after that.
async fn delete_cluster(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    match aws.eks.delete_cluster().name(&live.physical_id).send().await {
        Ok(_) => {}
        Err(e) if code_of(&e) == Some("ResourceNotFoundException") => return Ok(()),
        Err(e) => return Err(sdk_error("eks:DeleteCluster", e)),
    }
    retry::poll(POLL, || async {
        Ok(find_cluster(aws, &live.physical_id).await?.is_none().then_some(()))
    })
    .await
}

// ---------------------------------------------------------------- node groups

/// `<cluster>/<nodegroup>`: node group names are unique within a cluster.
fn group_id(cluster: &str, group: &str) -> String {
    format!("{cluster}/{group}")
}

fn split_group_id(id: &str) -> (&str, &str) {
    id.split_once('/').unwrap_or((id, ""))
}

fn nodegroup_props(g: &Nodegroup) -> Props {
    let mut p = Props::new();
    p.insert("cluster_name".into(), Value::str(g.cluster_name().unwrap_or_default()));
    p.insert("node_role_arn".into(), Value::str(g.node_role().unwrap_or_default()));
    p.insert("subnet_ids".into(), list(g.subnets()));
    p.insert("instance_types".into(), list(g.instance_types()));
    if let Some(s) = g.scaling_config() {
        for (k, v) in [
            ("min_size", s.min_size()),
            ("desired_size", s.desired_size()),
            ("max_size", s.max_size()),
        ] {
            if let Some(v) = v {
                p.insert(k.into(), Value::Int(v.into()));
            }
        }
    }
    let labels: BTreeMap<String, Value> = g
        .labels()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), Value::str(v))).collect())
        .unwrap_or_default();
    p.insert("labels".into(), Value::Map(labels));
    if let Some(id) = g.launch_template().and_then(|t| t.id()) {
        p.insert("launch_template_id".into(), Value::str(id));
    }
    p
}

fn nodegroup_live(id: NodeId, g: &Nodegroup, tags: Tags, props: Option<Props>) -> LiveResource {
    let (cluster, name) = (g.cluster_name().unwrap_or_default(), g.nodegroup_name().unwrap_or_default());
    LiveResource {
        id,
        kind: Kind::EksNodeGroup,
        name: name.to_string(),
        physical_id: group_id(cluster, name),
        attrs: attrs(&[
            ("name", Value::str(name)),
            ("arn", Value::str(g.nodegroup_arn().unwrap_or_default())),
        ]),
        props,
        tags,
    }
}

async fn find_nodegroup(aws: &Aws, cluster: &str, group: &str) -> Result<Option<Nodegroup>, ProviderError> {
    match aws
        .eks
        .describe_nodegroup()
        .cluster_name(cluster)
        .nodegroup_name(group)
        .send()
        .await
    {
        Ok(out) => Ok(out.nodegroup().cloned()),
        Err(e) if code_of(&e) == Some("ResourceNotFoundException") => Ok(None),
        Err(e) => Err(sdk_error("eks:DescribeNodegroup", e)),
    }
}

async fn describe_nodegroup(aws: &Aws, cluster: &str, group: &str) -> Result<Nodegroup, ProviderError> {
    find_nodegroup(aws, cluster, group).await?.ok_or_else(|| {
        ProviderError::new(
            "eks:DescribeNodegroup",
            "ResourceNotFoundException",
            format!("no node group {group} in cluster {cluster}"),
        )
    })
}

async fn discover_nodegroups(aws: &Aws, cluster: &str) -> Result<Vec<LiveResource>, ProviderError> {
    let mut groups = Vec::new();
    let mut token = None;
    loop {
        let page = aws
            .eks
            .list_nodegroups()
            .cluster_name(cluster)
            .set_next_token(token)
            .send()
            .await
            .op("eks:ListNodegroups")?;
        groups.extend(page.nodegroups().iter().cloned());
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    let mut found = Vec::new();
    for name in groups {
        let Some(g) = find_nodegroup(aws, cluster, &name).await? else {
            continue;
        };
        let tags = hash_tags(g.tags());
        if let Some(id) = tags.get(tag::ID).filter(|_| tags::owned_by(&tags, &aws.stack)) {
            found.push(nodegroup_live(NodeId::new(id.clone()), &g, tags.clone(), Some(nodegroup_props(&g))));
        }
    }
    Ok(found)
}

fn scaling(min: i64, desired: i64, max: i64) -> NodegroupScalingConfig {
    NodegroupScalingConfig::builder()
        .min_size(min as i32)
        .desired_size(desired as i32)
        .max_size(max as i32)
        .build()
}

fn labels_of(p: &Props) -> HashMap<String, String> {
    p.get("labels")
        .and_then(Value::as_map)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The version node groups use: the template's default one, as a number (EKS
/// records the number, so a later default does not silently roll the nodes).
async fn template_version(aws: &Aws, id: &str) -> Result<String, ProviderError> {
    let out = aws
        .ec2
        .describe_launch_templates()
        .launch_template_ids(id)
        .send()
        .await
        .op("ec2:DescribeLaunchTemplates")?;
    Ok(out
        .launch_templates()
        .first()
        .and_then(|t| t.default_version_number())
        .unwrap_or(1)
        .to_string())
}

async fn create_nodegroup(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let cluster = p_str(p, "cluster_name");
    let template_id = p_str(p, "launch_template_id");
    let template = LaunchTemplateSpecification::builder()
        .id(template_id)
        .version(template_version(aws, template_id).await?)
        .build();
    let tags: HashMap<String, String> = req.tags.clone().into_iter().collect();
    let out = retry_role(|| async {
        aws.eks
            .create_nodegroup()
            .cluster_name(cluster)
            .nodegroup_name(&req.node.name)
            .node_role(p_str(p, "node_role_arn"))
            .set_subnets(Some(p_strs(p, "subnet_ids")))
            .set_instance_types(Some(p_strs(p, "instance_types")))
            .scaling_config(scaling(p_int(p, "min_size"), p_int(p, "desired_size"), p_int(p, "max_size")))
            .set_labels(Some(labels_of(p)))
            .launch_template(template.clone())
            .set_tags(Some(tags.clone()))
            .send()
            .await
            .op("eks:CreateNodegroup")
    })
    .await?;
    let g = out
        .nodegroup()
        .cloned()
        .unwrap_or_else(|| Nodegroup::builder().cluster_name(cluster).nodegroup_name(&req.node.name).build());
    Ok(nodegroup_live(req.node.id.clone(), &g, req.tags.clone(), Some(p.clone())))
}

async fn wait_nodegroup_active(aws: &Aws, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    let (cluster, group) = split_group_id(&live.physical_id);
    retry::poll(POLL, || async {
        let g = describe_nodegroup(aws, cluster, group).await?;
        match g.status() {
            Some(NodegroupStatus::Active) => Ok(Some(live.clone())),
            Some(NodegroupStatus::CreateFailed | NodegroupStatus::Degraded | NodegroupStatus::DeleteFailed | NodegroupStatus::Deleting) => {
                let issues: Vec<String> = g
                    .health()
                    .map(|h| h.issues().iter().filter_map(|i| i.message().map(str::to_string)).collect())
                    .unwrap_or_default();
                Err(ProviderError::new(
                    "eks:DescribeNodegroup",
                    "NodegroupNotActive",
                    format!(
                        "node group {group} is {}: {}",
                        g.status().map_or("unknown", |s| s.as_str()),
                        issues.join("; ")
                    ),
                ))
            }
            s => {
                progress(format!("node group {}", s.map_or("unknown", |s| s.as_str())));
                Ok(None)
            }
        }
    })
    .await
}

/// The desired size to send: the live one when `desired_size` is left to the
/// cluster autoscaler, kept within the new bounds either way.
fn desired_size_to_send(p: &Props, ignore_desired: bool, live_desired: Option<i64>) -> i64 {
    let (min, max) = (p_int(p, "min_size"), p_int(p, "max_size"));
    let want = if ignore_desired {
        live_desired.unwrap_or_else(|| p_int(p, "desired_size"))
    } else {
        p_int(p, "desired_size")
    };
    want.clamp(min, max.max(min))
}

async fn update_nodegroup(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let (cluster, group) = split_group_id(&live.physical_id);
    let p = &req.node.props;
    let scaling_changed = changed(changes, &["min_size", "max_size", "desired_size"]);
    let labels_changed = changed(changes, &["labels"]);
    if scaling_changed || labels_changed {
        let current = describe_nodegroup(aws, cluster, group).await?;
        let mut call = aws.eks.update_nodegroup_config().cluster_name(cluster).nodegroup_name(group);
        if scaling_changed {
            let ignore = req.node.ignore_changes.iter().any(|a| a == "desired_size");
            let live_desired = current.scaling_config().and_then(|s| s.desired_size()).map(i64::from);
            let desired = desired_size_to_send(p, ignore, live_desired);
            call = call.scaling_config(scaling(p_int(p, "min_size"), desired, p_int(p, "max_size")));
        }
        if labels_changed {
            let want = labels_of(p);
            let removed: Vec<String> = current
                .labels()
                .map(|m| m.keys().filter(|k| !want.contains_key(*k)).cloned().collect())
                .unwrap_or_default();
            call = call.labels(
                UpdateLabelsPayload::builder()
                    .set_add_or_update_labels(Some(want))
                    .set_remove_labels((!removed.is_empty()).then_some(removed))
                    .build(),
            );
        }
        let out = call.send().await.op("eks:UpdateNodegroupConfig")?;
        wait_update(aws, cluster, Some(group), out.update()).await?;
        wait_nodegroup_active(aws, live, &|_| {}).await?;
    }
    let arn = live.attrs.get("arn").and_then(Value::as_str).unwrap_or_default().to_string();
    sync_eks_tags(aws, &arn, &live.tags, &req.tags).await?;
    Ok(live.clone())
}

/// Deletes the node group and waits until it is gone: the cluster cannot be
/// deleted while it has node groups.
async fn delete_nodegroup(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let (cluster, group) = split_group_id(&live.physical_id);
    match aws.eks.delete_nodegroup().cluster_name(cluster).nodegroup_name(group).send().await {
        Ok(_) => {}
        Err(e) if code_of(&e) == Some("ResourceNotFoundException") => return Ok(()),
        Err(e) => return Err(sdk_error("eks:DeleteNodegroup", e)),
    }
    retry::poll(POLL, || async {
        Ok(find_nodegroup(aws, cluster, group).await?.is_none().then_some(()))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::props;

    #[test]
    fn private_only_endpoints_have_no_public_cidrs() {
        let all = vec!["0.0.0.0/0".to_string()];
        assert!(public_cidrs(false, &all).is_empty());
        assert_eq!(public_cidrs(true, &all), all);
    }

    #[test]
    fn enabled_log_types_are_the_enabled_setups_sorted() {
        let setups = logging(&["audit".into(), "api".into()]);
        assert_eq!(enabled_log_types(setups.cluster_logging()), vec!["api", "audit"]);
        // The others are sent as disabled, so that a type removed from the file is turned off.
        let off: Vec<&str> = setups
            .cluster_logging()
            .iter()
            .filter(|s| s.enabled() == Some(false))
            .flat_map(|s| s.types().iter().map(|t| t.as_str()))
            .collect();
        assert_eq!(off, vec!["authenticator", "controllerManager", "scheduler"]);
        assert!(enabled_log_types(logging(&[]).cluster_logging()).is_empty());
    }

    #[test]
    fn ignored_desired_size_keeps_the_live_one_within_bounds() {
        let p = props! { "min_size" => 2u32, "desired_size" => 3u32, "max_size" => 6u32 };
        assert_eq!(desired_size_to_send(&p, false, Some(5)), 3);
        assert_eq!(desired_size_to_send(&p, true, Some(5)), 5);
        assert_eq!(desired_size_to_send(&p, true, Some(9)), 6);
        assert_eq!(desired_size_to_send(&p, true, None), 3);
    }

    #[test]
    fn role_propagation_errors_are_told_apart() {
        let e = |code: &str, msg: &str| ProviderError::new("eks:CreateCluster", code, msg);
        assert!(role_not_ready(&e(
            "InvalidParameterException",
            "Role with arn: arn:aws:iam::1:role/x, could not be assumed because it does not exist or the trusted entity is not correct"
        )));
        assert!(!role_not_ready(&e(
            "InvalidParameterException",
            "Subnets specified must be in at least two different AZs"
        )));
        assert!(!role_not_ready(&e("AccessDeniedException", "role cannot be assumed")));
    }

    #[test]
    fn launch_template_settings_read_back_in_normal_form() {
        let p = props! {
            "metadata_http_tokens" => "required",
            "metadata_hop_limit" => 2u32,
            "root_volume_gb" => 50u32,
            "root_volume_encrypted" => true,
            "security_group_ids" => vec!["sg-1"],
        };
        let sent = template_data(&p);
        let m = sent.metadata_options().unwrap();
        let ebs = sent.block_device_mappings()[0].ebs().unwrap();
        let back = ResponseLaunchTemplateData::builder()
            .metadata_options(
                aws_sdk_ec2::types::LaunchTemplateInstanceMetadataOptions::builder()
                    .set_http_tokens(m.http_tokens().cloned())
                    .set_http_put_response_hop_limit(m.http_put_response_hop_limit())
                    .build(),
            )
            .block_device_mappings(
                aws_sdk_ec2::types::LaunchTemplateBlockDeviceMapping::builder()
                    .device_name(ROOT_DEVICE)
                    .ebs(
                        aws_sdk_ec2::types::LaunchTemplateEbsBlockDevice::builder()
                            .set_volume_size(ebs.volume_size())
                            .set_encrypted(ebs.encrypted())
                            .build(),
                    )
                    .build(),
            )
            .set_security_group_ids(Some(sent.security_group_ids().to_vec()))
            .build();
        assert_eq!(template_props(&back), p);
    }

    #[test]
    fn node_group_ids_split_into_cluster_and_group() {
        assert_eq!(split_group_id(&group_id("s-eks", "general")), ("s-eks", "general"));
    }
}
