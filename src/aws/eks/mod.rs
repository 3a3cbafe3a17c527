//! EKS: the secrets encryption key (KMS), the node launch templates (EC2), the
//! cluster and its managed node groups. Clusters take about ten minutes to
//! become ACTIVE and node groups are refused before that: both have readiness
//! waits, and deletes wait until AWS no longer has the resource, so that the
//! cluster delete after its node groups, and the subnets after the cluster, work.

mod adopt;
mod cluster;
mod kms_buckets;
mod kms_key;
mod kms_logs;
mod launch_template;
mod node_group;
mod upgrade;

use std::future::Future;
use std::time::Duration;

use aws_sdk_eks::types::UpdateStatus;

use super::Aws;
use super::error::AwsResultExt;
use super::props::{changed, strs};
use super::retry;
use super::service::Discovered;
use super::tagging::Tagged;
use crate::apply::ProviderError;
use crate::graph::{Kind, Node};

/// How often readiness and deletion waits ask; the overall bound is the
/// scheduler's `--timeout`.
const POLL: Duration = Duration::from_secs(10);
/// How long a create retries a role that IAM has not yet propagated.
const ROLE_WAIT: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------- helpers

/// The names to describe for discovery: `listed` (the Tagging API's, with the
/// stack's tags), then those of the desired nodes of `kind` it lacks (created
/// moments ago, not created yet, or held by someone else).
fn with_desired(mut listed: Vec<String>, desired: &[&Node], kind: Kind) -> Vec<String> {
    for n in desired.iter().filter(|n| n.kind == kind) {
        if !listed.contains(&n.name) {
            listed.push(n.name.clone());
        }
    }
    listed
}

/// The error EKS gives for a role IAM has not propagated yet ("Role ... cannot
/// be assumed", "... is not authorized to perform sts:AssumeRole").
fn role_not_ready(e: &ProviderError) -> bool {
    let m = e.message.to_ascii_lowercase();
    e.code == "InvalidParameterException" && m.contains("role") && (m.contains("assum") || m.contains("not authorized"))
}

/// Calls `f` until it succeeds or fails otherwise than with a role not yet
/// assumable, within `ROLE_WAIT`.
async fn retry_role<T, F, Fut>(f: F) -> Result<T, ProviderError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ProviderError>>,
{
    let transient = |e: &ProviderError| role_not_ready(e).then(|| format!("role not assumable yet ({})", e.message));
    retry::while_transient(transient, ROLE_WAIT, Duration::from_secs(16), f).await
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
    if update_finished(cluster, update)?.is_some() {
        return Ok(());
    }
    retry::poll(POLL, || async {
        let out = aws
            .eks
            .describe_update()
            .name(cluster)
            .update_id(update_id)
            .set_nodegroup_name(nodegroup.map(str::to_string))
            .send()
            .await
            .op("eks:DescribeUpdate")?;
        out.update().map_or(Ok(Some(())), |u| update_finished(cluster, u))
    })
    .await
}

/// `Some` once an update has succeeded, an error naming AWS's reasons once it
/// has failed, `None` while it runs.
fn update_finished(cluster: &str, update: &aws_sdk_eks::types::Update) -> Result<Option<()>, ProviderError> {
    match update.status() {
        Some(UpdateStatus::Successful) | None => Ok(Some(())),
        Some(UpdateStatus::Failed | UpdateStatus::Cancelled) => {
            let why: Vec<String> = update
                .errors()
                .iter()
                .filter_map(|e| e.error_message().map(str::to_string))
                .collect();
            Err(ProviderError::new(
                "eks:DescribeUpdate",
                "UpdateFailed",
                format!("update {} of {cluster} failed: {}", update.id().unwrap_or_default(), why.join("; ")),
            ))
        }
        _ => Ok(None),
    }
}

crate::tag_api! {
    /// A cluster's or node group's tags come with its Describe.
    mod eks_tags for aws_sdk_eks::Client {
        tag "eks:TagResource" = tag_resource.resource_arn.set_tags;
        untag "eks:UntagResource" = untag_resource.resource_arn.set_tag_keys;
    }
}

// ---------------------------------------------------------------- service

/// The keys, launch templates and clusters (with their node groups) at once.
async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let q = super::ec2::Query::stack(aws);
    let (keys, templates, clusters) = tokio::try_join!(
        kms_key::discover_keys(aws, tagged, desired),
        launch_template::discover_templates(aws, &q),
        cluster::discover_clusters(aws, tagged, desired)
    )?;
    let mut conflicts = clusters.1;
    conflicts.extend(keys.1);
    conflicts.extend(launch_template::template_conflicts(aws, desired, &templates).await?);
    let mut found = keys.0;
    found.extend(templates);
    found.extend(clusters.0);
    Ok((found, conflicts))
}

crate::service!(
    Eks: [kms_key::KmsKeys, launch_template::LaunchTemplates, cluster::EksClusters, node_group::EksNodeGroups],
    discover = discover,
    adopt = (adopt::find, adopt::add_tags),
);

#[cfg(test)]
mod tests {
    use super::*;

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
}
