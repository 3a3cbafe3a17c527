//! The VPC, with the DNS settings and the default security group and network
//! ACL AWS creates with it.

use aws_sdk_ec2::types::{AttributeBooleanValue, ResourceType, VpcAttributeName};

use super::{Query, created, default_acl, default_group, delete_when_unused, found, live, tag_spec};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::props::changed;
use crate::aws::tags::{self, from_sdk};
use crate::graph::props::VpcProps;
use crate::graph::{Kind, Props};
use crate::plan::{AttrChange, LiveResource};

pub async fn describe(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let asked = aws.ec2.describe_vpcs().filters(q.filter.clone()).send().await;
    let out = asked.op("ec2:DescribeVpcs")?;
    // The DNS settings need one DescribeVpcAttribute each: left to the hash tag.
    Ok(found(out.vpcs(), |v| {
        live(q, Kind::Vpc, v.vpc_id()?, from_sdk(v.tags()), &[], None)
    }))
}

async fn dns_attribute(aws: &Aws, id: &str, attribute: VpcAttributeName) -> Result<Option<bool>, ProviderError> {
    let out = aws
        .ec2
        .describe_vpc_attribute()
        .vpc_id(id)
        .attribute(attribute.clone())
        .send()
        .await
        .op("ec2:DescribeVpcAttribute")?;
    let flag = match attribute {
        VpcAttributeName::EnableDnsHostnames => out.enable_dns_hostnames(),
        _ => out.enable_dns_support(),
    };
    Ok(flag.and_then(|a| a.value()))
}

/// A VPC's settings: its DNS attributes, default security group and default
/// network ACL take calls of their own (DescribeVpcs does not tell them).
pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let settings = settings(aws, &current.physical_id).await;
    settings.map_err(|e| if NotFound::VPC.is(Some(&e.code)) { super::gone(current) } else { e })
}

async fn settings(aws: &Aws, id: &str) -> Result<Props, ProviderError> {
    let out = aws.ec2.describe_vpcs().vpc_ids(id).send().await.op("ec2:DescribeVpcs")?;
    let cidr_block = out.vpcs().first().and_then(|v| v.cidr_block()).unwrap_or_default().to_string();
    let enable_dns_hostnames = dns_attribute(aws, id, VpcAttributeName::EnableDnsHostnames).await?.unwrap_or(false);
    let enable_dns_support = dns_attribute(aws, id, VpcAttributeName::EnableDnsSupport).await?.unwrap_or(true);
    let restrict_default_security_group = default_group::is_empty(aws, id).await?;
    let restrict_default_network_acl = default_acl::is_restricted(aws, id, &cidr_block).await?;
    Ok(VpcProps {
        cidr_block,
        enable_dns_hostnames,
        enable_dns_support,
        restrict_default_security_group,
        restrict_default_network_acl,
    }
    .into())
}

async fn set_dns(aws: &Aws, id: &str, vpc: &VpcProps) -> Result<(), ProviderError> {
    let flag = |on: bool| AttributeBooleanValue::builder().value(on).build();
    // One attribute per call, as the API requires.
    aws.ec2
        .modify_vpc_attribute()
        .vpc_id(id)
        .enable_dns_support(flag(vpc.enable_dns_support))
        .send()
        .await
        .op("ec2:ModifyVpcAttribute")?;
    aws.ec2
        .modify_vpc_attribute()
        .vpc_id(id)
        .enable_dns_hostnames(flag(vpc.enable_dns_hostnames))
        .send()
        .await
        .op("ec2:ModifyVpcAttribute")?;
    Ok(())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let vpc = VpcProps::try_from(&req.node.props)?;
    let out = aws
        .ec2
        .create_vpc()
        .cidr_block(&vpc.cidr_block)
        .tag_specifications(tag_spec(ResourceType::Vpc, &tags::without_hash(&req.tags))?)
        .send()
        .await
        .op("ec2:CreateVpc")?;
    let id = out.vpc().and_then(|v| v.vpc_id()).unwrap_or_default().to_string();
    set_dns(aws, &id, &vpc).await?;
    // A new VPC's default group has AWS's default rules.
    if vpc.restrict_default_security_group {
        default_group::set(aws, &id, true).await?;
    }
    // And its default network ACL lets everything in.
    if vpc.restrict_default_network_acl {
        default_acl::set(aws, &id, &vpc.cidr_block, true).await?;
    }
    super::tag_hash(aws, &id, req).await?;
    Ok(created(req, &id, &[]))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    let (id, vpc) = (&current.physical_id, VpcProps::try_from(&req.node.props)?);
    if changes.iter().any(|c| c.attr.starts_with("enable_dns")) {
        set_dns(aws, id, &vpc).await?;
    }
    if changed(changes, &["restrict_default_security_group"]) {
        default_group::set(aws, id, vpc.restrict_default_security_group).await?;
    }
    if changed(changes, &["restrict_default_network_acl"]) {
        default_acl::set(aws, id, &vpc.cidr_block, vpc.restrict_default_network_acl).await?;
    }
    Ok(())
}

pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    delete_when_unused(|| async {
        let asked = aws.ec2.delete_vpc().vpc_id(&current.physical_id).send().await;
        asked.ok_if_gone("ec2:DeleteVpc", NotFound::VPC)
    })
    .await
}

super::network!(Vpcs for Vpc, "vpc-id": read, create, settings, delete);
