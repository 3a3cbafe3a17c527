//! `stackctl import` of the EKS service's kinds: the KMS key (by key id, ARN
//! or alias), the launch template (by id or name), the cluster (by name or
//! ARN) and its node groups (`cluster/group` or ARN), each found with the call
//! discovery uses and tagged with its service's TagResource (CreateTags for
//! the template).

use super::{cluster, kms_key, launch_template, node_group};
use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::adopt::{arn_resource, found, merged, name_in};
use crate::aws::ec2::{self, Query};
use crate::aws::error::{AwsResultExt, NotFound, code_of, sdk_error};
use crate::aws::resource;
use crate::aws::service::Lookup;
use crate::aws::tags::{self, Tags};
use crate::graph::{Kind, Node};
use crate::plan::LiveResource;

pub async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    match node.kind {
        Kind::KmsKey => find_key(aws, node, aws_id).await,
        Kind::LaunchTemplate => find_template(aws, node, aws_id).await,
        Kind::EksCluster => {
            let Some(c) = cluster::find_cluster(aws, &name_in(aws_id, &['/'])).await? else {
                return Ok(Lookup::Missing);
            };
            let props = cluster::cluster_props(&c);
            Ok(found(
                node,
                cluster::cluster_live(node.id.clone(), &c, tags::from_map(c.tags()), Some(props)),
            ))
        }
        Kind::EksNodeGroup => {
            // `arn:...:nodegroup/<cluster>/<group>/<uuid>` or `<cluster>/<group>`.
            let path = arn_resource(aws_id).trim_start_matches("nodegroup/");
            let (cluster_name, group) = node_group::split_group_id(path);
            let group = group.split('/').next().unwrap_or_default();
            let Some(g) = node_group::find_nodegroup(aws, cluster_name, group).await? else {
                return Ok(Lookup::Missing);
            };
            let props = node_group::nodegroup_props(&g);
            Ok(found(
                node,
                node_group::nodegroup_live(node.id.clone(), &g, tags::from_map(g.tags()), Some(props)),
            ))
        }
        _ => Ok(Lookup::Unsupported),
    }
}

/// A key is named by its alias: the one the stack gives it, if the key has it.
async fn find_key(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    let asked = aws.kms.describe_key().key_id(aws_id).send().await;
    let meta = asked
        .if_exists("kms:DescribeKey", NotFound::KMS)?
        .and_then(|out| out.key_metadata().cloned());
    let Some(meta) = meta.filter(|m| kms_key::key_is_live(m.key_state().map(|s| s.as_str()))) else {
        return Ok(Lookup::Missing);
    };
    let key_id = meta.key_id();
    let aliases = aws.kms.list_aliases().key_id(key_id).send().await.op("kms:ListAliases")?;
    let names: Vec<&str> = aliases.aliases().iter().filter_map(|a| a.alias_name()).collect();
    let wanted = kms_key::alias_name(&node.name);
    let name = match names.iter().find(|a| **a == wanted).or(names.first()) {
        Some(alias) => alias.trim_start_matches("alias/"),
        None => "",
    };
    let tags = kms_key::key_tags(aws, key_id).await?.unwrap_or_default();
    let arn = meta.arn().unwrap_or_default();
    Ok(found(node, kms_key::key_live(node.id.clone(), name, key_id, arn, tags, None)))
}

/// Templates are described by name (DescribeLaunchTemplates filters no id).
async fn find_template(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    let name = if aws_id.starts_with("lt-") {
        match aws.ec2.describe_launch_templates().launch_template_ids(aws_id).send().await {
            Ok(out) => out
                .launch_templates()
                .first()
                .and_then(|t| t.launch_template_name())
                .map(str::to_string),
            Err(e) if code_of(&e).is_some_and(|c| c.starts_with("InvalidLaunchTemplateId.")) => None,
            Err(e) => return Err(sdk_error("ec2:DescribeLaunchTemplates", e)),
        }
    } else {
        Some(aws_id.to_string())
    };
    let Some(name) = name else { return Ok(Lookup::Missing) };
    let q = Query::one("launch-template-name", &name, &node.id);
    Ok(match launch_template::discover_templates(aws, &q).await?.into_iter().next() {
        Some(live) => found(node, live),
        None => Lookup::Missing,
    })
}

pub async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    let arn = resource::arn(live);
    match live.kind {
        Kind::KmsKey => kms_key::kms_tags::tag(&aws.kms, &live.physical_id, tags).await,
        Kind::LaunchTemplate => ec2::sync_tags(aws, &live.physical_id, &live.tags, &merged(&live.tags, tags)).await,
        _ => super::eks_tags::sync_changed(&aws.eks, arn, &live.tags, &merged(&live.tags, tags)).await,
    }
}
