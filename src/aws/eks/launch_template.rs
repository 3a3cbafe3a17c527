//! The node groups' launch templates (EC2): instance metadata options, the
//! root volume and the security groups of the nodes.

use aws_sdk_ec2::types::{
    LaunchTemplateBlockDeviceMappingRequest, LaunchTemplateEbsBlockDeviceRequest, LaunchTemplateHttpTokensState,
    LaunchTemplateInstanceMetadataEndpointState, LaunchTemplateInstanceMetadataOptionsRequest, RequestLaunchTemplateData, ResourceType,
    ResponseLaunchTemplateData, VolumeType,
};

use super::{strs, upgrade};
use crate::apply::{ProviderError, Request};
use crate::aws::ec2::{self, Query};
use crate::aws::error::{AwsResultExt, NotFound, code_of, sdk_error};
use crate::aws::tags;
use crate::aws::{Aws, resource};
use crate::graph::props::LaunchTemplateProps;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};
use crate::stack::names;

/// EKS's device name of the root volume of the Amazon Linux node AMIs.
const ROOT_DEVICE: &str = "/dev/xvda";

fn template_data(t: &LaunchTemplateProps) -> RequestLaunchTemplateData {
    let metadata = LaunchTemplateInstanceMetadataOptionsRequest::builder()
        .http_endpoint(LaunchTemplateInstanceMetadataEndpointState::Enabled)
        .http_tokens(LaunchTemplateHttpTokensState::from(t.metadata_http_tokens.as_str()))
        .http_put_response_hop_limit(t.metadata_hop_limit as i32)
        .build();
    let root = LaunchTemplateBlockDeviceMappingRequest::builder()
        .device_name(ROOT_DEVICE)
        .ebs(
            LaunchTemplateEbsBlockDeviceRequest::builder()
                .volume_size(t.root_volume_gb as i32)
                .volume_type(VolumeType::Gp3)
                .encrypted(t.root_volume_encrypted)
                .delete_on_termination(true)
                .build(),
        )
        .build();
    RequestLaunchTemplateData::builder()
        .metadata_options(metadata)
        .block_device_mappings(root)
        .set_security_group_ids(Some(strs(&t.security_group_ids)))
        .build()
}

/// A template version's settings in the normal form of the desired properties
/// (what the version does not set reads as its type's default).
fn template_props(d: &ResponseLaunchTemplateData) -> LaunchTemplateProps {
    let metadata = d.metadata_options();
    let root = d
        .block_device_mappings()
        .iter()
        .find(|b| b.device_name() == Some(ROOT_DEVICE))
        .and_then(|b| b.ebs());
    let whole = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok()).unwrap_or_default();
    LaunchTemplateProps {
        metadata_http_tokens: metadata
            .and_then(|m| m.http_tokens())
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        metadata_hop_limit: whole(metadata.and_then(|m| m.http_put_response_hop_limit())),
        root_volume_gb: whole(root.and_then(|e| e.volume_size())),
        root_volume_encrypted: root.and_then(|e| e.encrypted()).unwrap_or(false),
        security_group_ids: d.security_group_ids().iter().map(Value::str).collect(),
    }
}

pub async fn discover_templates(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let out = aws
        .ec2
        .describe_launch_templates()
        .filters(q.filter.clone())
        .send()
        .await
        .op("ec2:DescribeLaunchTemplates")?;
    let mut found = Vec::new();
    for t in out.launch_templates() {
        let Some(id) = t.launch_template_id() else { continue };
        let mut tags = tags::from_sdk(t.tags());
        tags.entry("Name".into())
            .or_insert_with(|| t.launch_template_name().unwrap_or_default().to_string());
        if let Some(l) = ec2::live(
            q,
            Kind::LaunchTemplate,
            id,
            tags,
            &template_attrs(t.default_version_number()),
            // CreateLaunchTemplate sets the data and the stackctl:hash tag in one
            // call, and an update tags the new hash after the new default version:
            // the hash stands for the settings, read only when it does not match.
            None,
        ) {
            found.push(l);
        }
    }
    Ok(found)
}

/// Launch template names are unique per region: a desired template that the tag
/// filter did not find may still exist without our tags. One call per such
/// template, and only until it is created.
pub async fn template_conflicts(aws: &Aws, desired: &[&Node], found: &[LiveResource]) -> Result<Vec<Conflict>, ProviderError> {
    let mut conflicts = Vec::new();
    for n in desired
        .iter()
        .filter(|n| n.kind == Kind::LaunchTemplate && !found.iter().any(|f| f.id == n.id))
    {
        match aws.ec2.describe_launch_templates().launch_template_names(&n.name).send().await {
            Ok(out) if !out.launch_templates().is_empty() => {
                let t = &out.launch_templates()[0];
                let tags = tags::from_sdk(t.tags());
                let aws_id = t.launch_template_id().unwrap_or_default();
                conflicts.push(Conflict::name_held(n, "a launch template", aws_id, &tags, &aws.stack))
            }
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

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    let id = &live.physical_id;
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
        .map(|d| Props::from(template_props(d)))
        .unwrap_or_default())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let template = LaunchTemplateProps::try_from(&req.node.props)?;
    let out = aws
        .ec2
        .create_launch_template()
        .launch_template_name(&req.node.name)
        .client_token(crate::aws::create::token(&aws.stack, req))
        .launch_template_data(template_data(&template))
        .tag_specifications(ec2::tag_spec(ResourceType::LaunchTemplate, &req.tags)?)
        .send()
        .await
        .op("ec2:CreateLaunchTemplate")?;
    let t = out.launch_template();
    let id = t.and_then(|t| t.launch_template_id()).unwrap_or_default();
    Ok(ec2::created(req, id, &template_attrs(t.and_then(|t| t.default_version_number()))))
}

/// A new version with the desired settings, made the default one.
pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let id = &live.physical_id;
    let mut updated = live.clone();
    if changes.iter().any(|c| !c.attr.starts_with("tags")) {
        let template = LaunchTemplateProps::try_from(&req.node.props)?;
        let out = aws
            .ec2
            .create_launch_template_version()
            .launch_template_id(id)
            .launch_template_data(template_data(&template))
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
        // The nodes run the version their node group names: roll them to it.
        upgrade::roll_node_groups(aws, &names::eks_cluster(&aws.stack), id, version).await?;
    }
    ec2::sync_tags(aws, id, &live.tags, &req.tags).await?;
    Ok(resource::updated(&updated, req))
}

pub async fn delete(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let asked = aws.ec2.delete_launch_template().launch_template_id(&live.physical_id).send().await;
    asked.ok_if_gone("ec2:DeleteLaunchTemplate", NotFound::LAUNCH_TEMPLATE)
}

// Found by `Eks`'s discovery, in one DescribeLaunchTemplates.
crate::resource!(LaunchTemplates for LaunchTemplate: read, create, update, delete);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn launch_template_settings_read_back_in_normal_form() {
        let p = LaunchTemplateProps {
            metadata_http_tokens: "required".into(),
            metadata_hop_limit: 2,
            root_volume_gb: 50,
            root_volume_encrypted: true,
            security_group_ids: vec![Value::str("sg-1")],
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
}
