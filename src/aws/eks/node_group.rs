//! The cluster's managed node groups.

use std::collections::HashMap;

use aws_sdk_eks::types::{LaunchTemplateSpecification, Nodegroup, NodegroupScalingConfig, NodegroupStatus, UpdateLabelsPayload};

use super::{POLL, changed, retry_role, strs, wait_update, with_desired};
use crate::apply::{Progress, ProviderError, Request};
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::retry::{self, Readiness};
use crate::aws::tagging::Tagged;
use crate::aws::tags::{self, Tags};
use crate::aws::{Aws, resource};
use crate::graph::props::EksNodeGroupProps;
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// `<cluster>/<nodegroup>`: node group names are unique within a cluster.
fn group_id(cluster: &str, group: &str) -> String {
    format!("{cluster}/{group}")
}

pub fn split_group_id(id: &str) -> (&str, &str) {
    id.split_once('/').unwrap_or((id, ""))
}

pub fn nodegroup_props(g: &Nodegroup) -> Props {
    let scaling = g.scaling_config();
    let size = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok()).unwrap_or_default();
    Props::from(EksNodeGroupProps {
        cluster_name: Value::str(g.cluster_name().unwrap_or_default()),
        node_role_arn: Value::str(g.node_role().unwrap_or_default()),
        subnet_ids: g.subnets().iter().map(Value::str).collect(),
        instance_types: g.instance_types().to_vec(),
        min_size: size(scaling.and_then(|s| s.min_size())),
        desired_size: size(scaling.and_then(|s| s.desired_size())),
        max_size: size(scaling.and_then(|s| s.max_size())),
        labels: g
            .labels()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
        launch_template_id: g.launch_template().and_then(|t| t.id()).map(Value::str),
    })
}

pub(super) fn nodegroup_live(id: NodeId, g: &Nodegroup, tags: Tags, props: Option<Props>) -> LiveResource {
    let (cluster, name) = (g.cluster_name().unwrap_or_default(), g.nodegroup_name().unwrap_or_default());
    let attrs = [
        ("name", Value::str(name)),
        ("arn", Value::str(g.nodegroup_arn().unwrap_or_default())),
        // Known once the group is ACTIVE: EKS creates and names it.
        ("autoscaling_group", Value::str(autoscaling_group(g))),
    ];
    LiveResource::new(id, Kind::EksNodeGroup, name, &group_id(cluster, name), &attrs, tags, props)
}

/// The Auto Scaling group EKS made for the node group (one per group).
fn autoscaling_group(g: &Nodegroup) -> &str {
    g.resources()
        .and_then(|r| r.auto_scaling_groups().first())
        .and_then(|a| a.name())
        .unwrap_or_default()
}

pub(super) async fn find_nodegroup(aws: &Aws, cluster: &str, group: &str) -> Result<Option<Nodegroup>, ProviderError> {
    let asked = aws
        .eks
        .describe_nodegroup()
        .cluster_name(cluster)
        .nodegroup_name(group)
        .send()
        .await;
    let out = asked.if_exists("eks:DescribeNodegroup", NotFound::EKS)?;
    Ok(out.and_then(|o| o.nodegroup().cloned()))
}

pub async fn describe_nodegroup(aws: &Aws, cluster: &str, group: &str) -> Result<Nodegroup, ProviderError> {
    find_nodegroup(aws, cluster, group).await?.ok_or_else(|| {
        ProviderError::new(
            "eks:DescribeNodegroup",
            "ResourceNotFoundException",
            format!("no node group {group} in cluster {cluster}"),
        )
    })
}

/// The names of the node groups of `cluster` that the Tagging API lists with
/// the stack's tags (`nodegroup/CLUSTER/NAME/UUID`), and the desired ones it
/// does not; DescribeNodegroup then tells which exist.
fn nodegroup_names(cluster: &str, tagged: &[Tagged], desired: &[&Node]) -> Vec<String> {
    let prefix = format!("nodegroup/{cluster}/");
    let listed = tagged.iter().filter(|t| t.is("eks", &[&prefix])).filter_map(|t| {
        let rest = t.arn.split_once(&prefix)?.1;
        rest.split('/').next().map(str::to_string)
    });
    with_desired(listed.collect(), desired, Kind::EksNodeGroup)
}

/// The node groups of one of the stack's clusters; an untagged one with the
/// name of one of ours is a conflict (a create would be refused).
pub async fn discover_nodegroups(
    aws: &Aws,
    cluster: &str,
    tagged: &[Tagged],
    desired: &[&Node],
) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let groups = nodegroup_names(cluster, tagged, desired);
    let (mut found, mut conflicts) = (Vec::new(), Vec::new());
    for name in groups {
        let Some(g) = find_nodegroup(aws, cluster, &name).await? else {
            continue;
        };
        let tags = tags::from_map(g.tags());
        match tags.get(tag::ID).filter(|_| tags::owned_by(&tags, &aws.stack)) {
            Some(id) => found.push(nodegroup_live(NodeId::new(id.clone()), &g, tags.clone(), Some(nodegroup_props(&g)))),
            None if !tags.contains_key(tag::STACK) => conflicts.extend(
                desired
                    .iter()
                    .filter(|n| n.kind == Kind::EksNodeGroup && n.name == name)
                    .map(|n| Conflict::name_held(n, "a node group", &group_id(cluster, &name), &tags, &aws.stack)),
            ),
            None => {}
        }
    }
    Ok((found, conflicts))
}

fn scaling(min: u32, desired: u32, max: u32) -> NodegroupScalingConfig {
    NodegroupScalingConfig::builder()
        .min_size(min as i32)
        .desired_size(desired as i32)
        .max_size(max as i32)
        .build()
}

fn labels_of(g: &EksNodeGroupProps) -> HashMap<String, String> {
    g.labels.clone().into_iter().collect()
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

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    let (cluster, group) = split_group_id(&live.physical_id);
    Ok(nodegroup_props(&describe_nodegroup(aws, cluster, group).await?))
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = EksNodeGroupProps::try_from(&req.node.props)?;
    let cluster = p.cluster_name.as_str().unwrap_or_default();
    let template_id = p.launch_template_id.as_ref().and_then(Value::as_str).unwrap_or_default();
    let template = LaunchTemplateSpecification::builder()
        .id(template_id)
        .version(template_version(aws, template_id).await?)
        .build();
    let tags = tags::to_map(&req.tags);
    let out = retry_role(|| async {
        aws.eks
            .create_nodegroup()
            .cluster_name(cluster)
            .nodegroup_name(&req.node.name)
            .client_request_token(crate::aws::create::token(&aws.stack, req))
            .node_role(p.node_role_arn.as_str().unwrap_or_default())
            .set_subnets(Some(strs(&p.subnet_ids)))
            .set_instance_types(Some(p.instance_types.clone()))
            .scaling_config(scaling(p.min_size, p.desired_size, p.max_size))
            .set_labels(Some(labels_of(&p)))
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
    let (id, tags, props) = resource::from_request(req);
    Ok(nodegroup_live(id, &g, tags, props))
}

pub async fn wait_ready(aws: &Aws, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    let (cluster, group) = split_group_id(&live.physical_id);
    let readiness = |g: &Nodegroup| match g.status() {
        Some(NodegroupStatus::Active) => Readiness::Ready,
        Some(NodegroupStatus::CreateFailed | NodegroupStatus::Degraded | NodegroupStatus::DeleteFailed | NodegroupStatus::Deleting) => {
            let issues: Vec<String> = g
                .health()
                .map(|h| h.issues().iter().filter_map(|i| i.message().map(str::to_string)).collect())
                .unwrap_or_default();
            Readiness::Failed(ProviderError::new(
                "eks:DescribeNodegroup",
                "NodegroupNotActive",
                format!("node group {group} is {}: {}", status_of(g), issues.join("; ")),
            ))
        }
        _ => Readiness::Going(format!("node group {}", status_of(g))),
    };
    let what = format!("eks:nodegroup/{cluster}/{group}");
    let find = || describe_nodegroup(aws, cluster, group);
    let g = retry::until_ready(POLL, &what, find, status_of, readiness, progress).await?;
    // Read again: the Auto Scaling group is known from now on.
    Ok(nodegroup_live(live.id.clone(), &g, live.tags.clone(), live.props.clone()))
}

/// The status a wait records.
fn status_of(g: &Nodegroup) -> &str {
    g.status().map_or("unknown", |s| s.as_str())
}

/// The desired size to send: the live one when `desired_size` is left to the
/// cluster autoscaler, kept within the new bounds either way.
fn desired_size_to_send(g: &EksNodeGroupProps, ignore_desired: bool, live_desired: Option<u32>) -> u32 {
    let (min, max) = (g.min_size, g.max_size);
    let want = if ignore_desired {
        live_desired.unwrap_or(g.desired_size)
    } else {
        g.desired_size
    };
    want.clamp(min, max.max(min))
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let (cluster, group) = split_group_id(&live.physical_id);
    let p = EksNodeGroupProps::try_from(&req.node.props)?;
    let scaling_changed = changed(changes, &["min_size", "max_size", "desired_size"]);
    let labels_changed = changed(changes, &["labels"]);
    if scaling_changed || labels_changed {
        let current = describe_nodegroup(aws, cluster, group).await?;
        let mut call = aws.eks.update_nodegroup_config().cluster_name(cluster).nodegroup_name(group);
        if scaling_changed {
            let ignore = req.node.ignore_changes.iter().any(|a| a == "desired_size");
            let live_desired = current.scaling_config().and_then(|s| s.desired_size());
            let desired = desired_size_to_send(&p, ignore, live_desired.and_then(|d| u32::try_from(d).ok()));
            call = call.scaling_config(scaling(p.min_size, desired, p.max_size));
        }
        if labels_changed {
            let want = labels_of(&p);
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
        wait_ready(aws, live, &|_| {}).await?;
    }
    let arn = resource::arn(live).to_string();
    super::eks_tags::sync_changed(&aws.eks, &arn, &live.tags, &req.tags).await?;
    Ok(resource::updated(live, req))
}

/// Deletes the node group and waits until it is gone: the cluster cannot be
/// deleted while it has node groups.
pub async fn delete(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let (cluster, group) = split_group_id(&live.physical_id);
    let asked = aws.eks.delete_nodegroup().cluster_name(cluster).nodegroup_name(group).send().await;
    if asked.if_exists("eks:DeleteNodegroup", NotFound::EKS)?.is_none() {
        return Ok(());
    }
    let what = format!("eks:nodegroup/{cluster}/{group}");
    let find = || find_nodegroup(aws, cluster, group);
    retry::until_gone(POLL, &what, find, status_of).await
}

// Found with their cluster (`Eks`'s discovery).
crate::resource!(EksNodeGroups for EksNodeGroup: read, create, update, delete, wait);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignored_desired_size_keeps_the_live_one_within_bounds() {
        let p = EksNodeGroupProps {
            cluster_name: Value::str("s-eks"),
            node_role_arn: Value::str("arn:aws:iam::1:role/s-eks-nodes"),
            subnet_ids: vec![],
            instance_types: vec![],
            min_size: 2,
            desired_size: 3,
            max_size: 6,
            labels: Default::default(),
            launch_template_id: None,
        };
        assert_eq!(desired_size_to_send(&p, false, Some(5)), 3);
        assert_eq!(desired_size_to_send(&p, true, Some(5)), 5);
        assert_eq!(desired_size_to_send(&p, true, Some(9)), 6);
        assert_eq!(desired_size_to_send(&p, true, None), 3);
    }

    #[test]
    fn node_group_ids_split_into_cluster_and_group() {
        assert_eq!(split_group_id(&group_id("s-eks", "general")), ("s-eks", "general"));
    }
}
