//! Kubernetes version upgrades and node rolls, the way EKS allows them
//! (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html): the
//! control plane moves one minor version per UpdateClusterVersion, and EKS
//! refuses the next step while a managed node group is behind the cluster, so
//! every node group follows (UpdateNodegroupVersion) before the next step. A
//! new launch template version rolls the node groups that use the template.

use aws_sdk_eks::types::{LaunchTemplateSpecification, Nodegroup};

use super::wait_update;
use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::classify::every_page;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::plan::upgrades::version_steps;

/// The cluster's managed node groups as EKS describes them (all of them: EKS
/// refuses an upgrade while any group lags, ours or not).
async fn cluster_nodegroups(aws: &Aws, cluster: &str) -> Result<Vec<Nodegroup>, ProviderError> {
    // A cluster already gone has none.
    let names = every_page(|token| async move {
        let asked = aws.eks.list_nodegroups().cluster_name(cluster).set_next_token(token).send().await;
        Ok(match asked.if_exists("eks:ListNodegroups", NotFound::EKS)? {
            Some(page) => (page.nodegroups().to_vec(), page.next_token().map(str::to_string)),
            None => (vec![], None),
        })
    })
    .await?;
    let mut groups = Vec::new();
    for name in names {
        let out = aws
            .eks
            .describe_nodegroup()
            .cluster_name(cluster)
            .nodegroup_name(&name)
            .send()
            .await
            .op("eks:DescribeNodegroup")?;
        groups.extend(out.nodegroup().cloned());
    }
    Ok(groups)
}

/// Moves every node group that is behind to the cluster's `version`.
async fn node_groups_follow(aws: &Aws, cluster: &str, version: &str) -> Result<(), ProviderError> {
    for g in cluster_nodegroups(aws, cluster).await? {
        let name = g.nodegroup_name().unwrap_or_default();
        if g.version() == Some(version) {
            continue;
        }
        let out = aws
            .eks
            .update_nodegroup_version()
            .cluster_name(cluster)
            .nodegroup_name(name)
            .version(version)
            .send()
            .await
            .op("eks:UpdateNodegroupVersion")?;
        wait_update(aws, cluster, Some(name), out.update()).await?;
    }
    Ok(())
}

/// Upgrades the cluster from `from` to `to` one minor version at a time, its
/// node groups following each step.
pub async fn upgrade_cluster(aws: &Aws, cluster: &str, from: &str, to: &str) -> Result<(), ProviderError> {
    let steps = version_steps(from, to).map_err(|m| ProviderError::new("eks:UpdateClusterVersion", "UnsupportedVersionChange", m))?;
    let mut current = from.to_string();
    for next in steps {
        node_groups_follow(aws, cluster, &current).await?;
        let out = aws
            .eks
            .update_cluster_version()
            .name(cluster)
            .version(&next)
            .send()
            .await
            .op("eks:UpdateClusterVersion")?;
        wait_update(aws, cluster, None, out.update()).await?;
        current = next;
    }
    node_groups_follow(aws, cluster, &current).await
}

/// Rolls the cluster's node groups that launch from `template_id` to its
/// `version` (EKS records a number, so a new default alone changes no node).
pub async fn roll_node_groups(aws: &Aws, cluster: &str, template_id: &str, version: i64) -> Result<(), ProviderError> {
    let version = version.to_string();
    for g in cluster_nodegroups(aws, cluster).await? {
        let Some(t) = g.launch_template().filter(|t| t.id() == Some(template_id)) else {
            continue;
        };
        if t.version() == Some(version.as_str()) {
            continue;
        }
        let name = g.nodegroup_name().unwrap_or_default();
        let out = aws
            .eks
            .update_nodegroup_version()
            .cluster_name(cluster)
            .nodegroup_name(name)
            .launch_template(LaunchTemplateSpecification::builder().id(template_id).version(&version).build())
            .send()
            .await
            .op("eks:UpdateNodegroupVersion")?;
        wait_update(aws, cluster, Some(name), out.update()).await?;
    }
    Ok(())
}
