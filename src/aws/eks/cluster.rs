//! The EKS cluster: its endpoint access, control plane logs and secrets
//! encryption.

use aws_sdk_eks::types::{
    AuthenticationMode, Cluster, ClusterStatus, CreateAccessConfigRequest, EncryptionConfig, LogSetup, LogType, Logging, Provider,
    UpdateAccessConfigRequest, VpcConfigRequest,
};

use super::node_group::discover_nodegroups;
use super::upgrade;
use super::{POLL, changed, retry_role, strs, wait_update, with_desired};
use crate::apply::{Progress, ProviderError, Request};
use crate::aws::classify::{Listing, Owner};
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::retry::{self, Readiness};
use crate::aws::tagging::Tagged;
use crate::aws::tags::{self, Tags};
use crate::aws::{Aws, resource};
use crate::graph::props::EksClusterProps;
use crate::graph::{Kind, Node, NodeId, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// The log types EKS knows; enabling a subset disables the rest.
const LOG_TYPES: &[&str] = &["api", "audit", "authenticator", "controllerManager", "scheduler"];

/// A cluster's settings in the normal form of the desired properties.
pub fn cluster_props(c: &Cluster) -> Props {
    let vpc = c.resources_vpc_config();
    let public = vpc.is_some_and(|v| v.endpoint_public_access());
    let secrets_key = c
        .encryption_config()
        .iter()
        .find(|e| e.resources().iter().any(|r| r == "secrets"))
        .and_then(|e| e.provider())
        .and_then(|p| p.key_arn());
    Props::from(EksClusterProps {
        version: c.version().unwrap_or_default().to_string(),
        role_arn: Value::str(c.role_arn().unwrap_or_default()),
        // A cluster created without accessConfig authenticates through aws-auth.
        authentication_mode: c
            .access_config()
            .and_then(|a| a.authentication_mode())
            .map_or("CONFIG_MAP", |m| m.as_str())
            .to_string(),
        subnet_ids: vpc.map(|v| v.subnet_ids().iter().map(Value::str).collect()).unwrap_or_default(),
        security_group_ids: vpc
            .map(|v| v.security_group_ids().iter().map(Value::str).collect())
            .unwrap_or_default(),
        endpoint_private_access: vpc.is_some_and(|v| v.endpoint_private_access()),
        endpoint_public_access: public,
        public_access_cidrs: public_cidrs(public, vpc.map(|v| v.public_access_cidrs()).unwrap_or_default()),
        enabled_log_types: enabled_log_types(c.logging().map(|l| l.cluster_logging()).unwrap_or_default()),
        secrets_kms_key_arn: secrets_key.map(Value::str),
    })
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

fn endpoint_access(c: &EksClusterProps, with_ids: bool) -> VpcConfigRequest {
    let public = c.endpoint_public_access;
    let mut b = VpcConfigRequest::builder()
        .endpoint_private_access(c.endpoint_private_access)
        .endpoint_public_access(public);
    if public && !c.public_access_cidrs.is_empty() {
        b = b.set_public_access_cidrs(Some(c.public_access_cidrs.clone()));
    }
    if with_ids {
        b = b
            .set_subnet_ids(Some(strs(&c.subnet_ids)))
            .set_security_group_ids(Some(strs(&c.security_group_ids)));
    }
    b.build()
}

/// The authentication modes a cluster goes through, one per UpdateClusterConfig:
/// EKS moves CONFIG_MAP -> API_AND_CONFIG_MAP -> API only, never back
/// (https://docs.aws.amazon.com/eks/latest/userguide/setting-up-access-entries.html).
fn auth_mode_steps(from: &str, to: &str) -> Vec<&'static str> {
    const ORDER: [&str; 3] = ["CONFIG_MAP", "API_AND_CONFIG_MAP", "API"];
    let at = |m: &str| ORDER.iter().position(|o| *o == m);
    match (at(from), at(to)) {
        (Some(f), Some(t)) if t > f => ORDER[f + 1..=t].to_vec(),
        // Going back is refused by EKS; send the desired mode and let it say so.
        (_, Some(t)) => vec![ORDER[t]],
        _ => vec![],
    }
}

pub(super) fn cluster_live(id: NodeId, c: &Cluster, tags: Tags, props: Option<Props>) -> LiveResource {
    let name = c.name().unwrap_or_default();
    let attrs = [
        ("name", Value::str(name)),
        ("arn", Value::str(c.arn().unwrap_or_default())),
        ("endpoint", Value::str(c.endpoint().unwrap_or_default())),
    ];
    LiveResource::named(id, Kind::EksCluster, name, &attrs, tags, props)
}

pub async fn describe_cluster(aws: &Aws, name: &str) -> Result<Cluster, ProviderError> {
    let out = aws.eks.describe_cluster().name(name).send().await.op("eks:DescribeCluster")?;
    out.cluster()
        .cloned()
        .ok_or_else(|| ProviderError::new("eks:DescribeCluster", "EmptyResponse", format!("no cluster {name}")))
}

/// The cluster, or `None` once AWS no longer has it.
pub(super) async fn find_cluster(aws: &Aws, name: &str) -> Result<Option<Cluster>, ProviderError> {
    let asked = aws.eks.describe_cluster().name(name).send().await;
    let out = asked.if_exists("eks:DescribeCluster", NotFound::EKS)?;
    Ok(out.and_then(|o| o.cluster().cloned()))
}

/// The names of the stack's clusters: those the Tagging API lists with the
/// stack's tags, and the desired ones it does not (created moments ago, not
/// created yet, or held by someone else). DescribeCluster then tells which
/// exist, so a listed cluster deleted moments ago is not reported.
fn cluster_names(tagged: &[Tagged], desired: &[&Node]) -> Vec<String> {
    let listed = tagged
        .iter()
        .filter(|t| t.is("eks", &["cluster/"]))
        .filter_map(|t| t.arn.rsplit_once("cluster/").map(|(_, n)| n.to_string()));
    with_desired(listed.collect(), desired, Kind::EksCluster)
}

/// DescribeCluster (tags inline) for the names of the stack, and the node
/// groups of each cluster found.
pub async fn discover_clusters(
    aws: &Aws,
    tagged: &[Tagged],
    desired: &[&Node],
) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let listing = Listing::new(aws, desired, &[Kind::EksCluster], "an EKS cluster");
    let (mut found, mut conflicts) = (Vec::new(), Vec::new());
    for name in cluster_names(tagged, desired) {
        let Some(c) = find_cluster(aws, &name).await? else { continue };
        let tags = tags::from_map(c.tags());
        match listing.owner(&name, &tags) {
            Owner::Ours(id) => {
                found.push(cluster_live(id, &c, tags, Some(cluster_props(&c))));
                let (groups, taken) = discover_nodegroups(aws, &name, tagged, desired).await?;
                found.extend(groups);
                conflicts.extend(taken);
            }
            Owner::Held(conflict) => conflicts.push(conflict),
            Owner::Other => {}
        }
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    Ok(cluster_props(&describe_cluster(aws, &live.physical_id).await?))
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = EksClusterProps::try_from(&req.node.props)?;
    let key_arn = p.secrets_kms_key_arn.as_ref().and_then(Value::as_str).unwrap_or_default();
    let encryption = EncryptionConfig::builder()
        .resources("secrets")
        .provider(Provider::builder().key_arn(key_arn).build())
        .build();
    let tags = tags::to_map(&req.tags);
    let out = retry_role(|| async {
        aws.eks
            .create_cluster()
            .name(&req.node.name)
            .client_request_token(crate::aws::create::token(&aws.stack, req))
            .version(&p.version)
            .role_arn(p.role_arn.as_str().unwrap_or_default())
            .resources_vpc_config(endpoint_access(&p, true))
            .logging(logging(&p.enabled_log_types))
            .encryption_config(encryption.clone())
            .access_config(
                CreateAccessConfigRequest::builder()
                    .authentication_mode(AuthenticationMode::from(p.authentication_mode.as_str()))
                    // Whoever applies the stack can use the cluster from the start.
                    .bootstrap_cluster_creator_admin_permissions(true)
                    .build(),
            )
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
    let (id, tags, props) = resource::from_request(req);
    Ok(cluster_live(id, &c, tags, props))
}

/// Polls until the cluster is ACTIVE; its endpoint is known from then on.
pub async fn wait_ready(aws: &Aws, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    let name = &live.physical_id;
    let readiness = |c: &Cluster| match c.status() {
        Some(ClusterStatus::Active) => Readiness::Ready,
        Some(ClusterStatus::Failed | ClusterStatus::Deleting) => Readiness::Failed(ProviderError::new(
            "eks:DescribeCluster",
            "ClusterNotActive",
            format!("cluster {name} is {} instead of becoming ACTIVE", status_of(c)),
        )),
        _ => Readiness::Going(format!("cluster {}", status_of(c))),
    };
    let what = format!("eks:cluster/{name}");
    let c = retry::until_ready(POLL, &what, || describe_cluster(aws, name), status_of, readiness, progress).await?;
    Ok(cluster_live(live.id.clone(), &c, live.tags.clone(), live.props.clone()))
}

/// The status a wait records.
fn status_of(c: &Cluster) -> &str {
    c.status().map_or("unknown", |s| s.as_str())
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let (name, p) = (&live.physical_id, EksClusterProps::try_from(&req.node.props)?);
    let was = live.props.as_ref().and_then(|lp| EksClusterProps::try_from(lp).ok());
    if changed(changes, &["version"]) {
        let from = was.as_ref().map_or("", |w| w.version.as_str());
        upgrade::upgrade_cluster(aws, name, from, &p.version).await?;
    }
    // EKS takes one kind of configuration change per UpdateClusterConfig call.
    if changed(changes, &["authentication_mode"]) {
        let from = was.as_ref().map_or("CONFIG_MAP", |w| w.authentication_mode.as_str());
        for mode in auth_mode_steps(from, &p.authentication_mode) {
            let out = aws
                .eks
                .update_cluster_config()
                .name(name)
                .access_config(
                    UpdateAccessConfigRequest::builder()
                        .authentication_mode(AuthenticationMode::from(mode))
                        .build(),
                )
                .send()
                .await
                .op("eks:UpdateClusterConfig")?;
            wait_update(aws, name, None, out.update()).await?;
        }
    }
    if changed(changes, &["enabled_log_types"]) {
        let out = aws
            .eks
            .update_cluster_config()
            .name(name)
            .logging(logging(&p.enabled_log_types))
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
            .resources_vpc_config(endpoint_access(&p, false))
            .send()
            .await
            .op("eks:UpdateClusterConfig")?;
        wait_update(aws, name, None, out.update()).await?;
    }
    super::eks_tags::sync_changed(&aws.eks, resource::arn(live), &live.tags, &req.tags).await?;
    Ok(resource::updated(live, req))
}

/// Deletes the cluster and waits until AWS no longer has it: its network
/// interfaces, and with them the subnets and security groups, go after that.
pub async fn delete(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let asked = aws.eks.delete_cluster().name(&live.physical_id).send().await;
    if asked.if_exists("eks:DeleteCluster", NotFound::EKS)?.is_none() {
        return Ok(());
    }
    retry::poll(POLL, || async {
        Ok(find_cluster(aws, &live.physical_id).await?.is_none().then_some(()))
    })
    .await
}

// Found by `Eks`'s discovery, with its node groups.
crate::resource!(EksClusters for EksCluster: read, create, update, delete, wait);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authentication_modes_move_one_step_at_a_time() {
        assert_eq!(auth_mode_steps("CONFIG_MAP", "API"), vec!["API_AND_CONFIG_MAP", "API"]);
        assert_eq!(auth_mode_steps("API_AND_CONFIG_MAP", "API"), vec!["API"]);
        assert_eq!(auth_mode_steps("API", "CONFIG_MAP"), vec!["CONFIG_MAP"]);
    }

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
}
