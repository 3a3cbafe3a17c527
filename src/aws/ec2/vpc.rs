//! The VPC and its subnets.

use aws_sdk_ec2::types::{AttributeBooleanValue, ResourceType, VpcAttributeName};

use super::default_acl::{self, RESTRICT_ACL};
use super::default_group::{self, RESTRICT};
use super::{DEPENDENCY_WAIT, Query, created, live, prop_str, tag_spec, tags_of};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound, sdk_error};
use crate::aws::retry;
use crate::aws::tags;
use crate::graph::{Kind, Props, Value};
use crate::plan::{AttrChange, LiveResource};

fn restricts(p: &Props) -> bool {
    p.get(RESTRICT).and_then(Value::as_bool).unwrap_or(false)
}

fn restricts_acl(p: &Props) -> bool {
    p.get(RESTRICT_ACL).and_then(Value::as_bool).unwrap_or(false)
}

pub async fn discover_vpcs(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let out = aws
        .ec2
        .describe_vpcs()
        .filters(q.filter.clone())
        .send()
        .await
        .op("ec2:DescribeVpcs")?;
    // The DNS settings need one DescribeVpcAttribute each: left to the hash tag.
    Ok(out
        .vpcs()
        .iter()
        .filter_map(|v| live(q, Kind::Vpc, v.vpc_id()?, tags_of(v.tags()), &[], None))
        .collect())
}

pub async fn read_vpc(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let id = &current.physical_id;
    let out = aws.ec2.describe_vpcs().vpc_ids(id).send().await.op("ec2:DescribeVpcs")?;
    let mut props = Props::new();
    if let Some(cidr) = out.vpcs().first().and_then(|v| v.cidr_block()) {
        props.insert("cidr_block".into(), Value::str(cidr));
    }
    let hostnames = aws
        .ec2
        .describe_vpc_attribute()
        .vpc_id(id)
        .attribute(VpcAttributeName::EnableDnsHostnames)
        .send()
        .await
        .op("ec2:DescribeVpcAttribute")?;
    props.insert(
        "enable_dns_hostnames".into(),
        Value::Bool(hostnames.enable_dns_hostnames().and_then(|a| a.value()).unwrap_or(false)),
    );
    let support = aws
        .ec2
        .describe_vpc_attribute()
        .vpc_id(id)
        .attribute(VpcAttributeName::EnableDnsSupport)
        .send()
        .await
        .op("ec2:DescribeVpcAttribute")?;
    props.insert(
        "enable_dns_support".into(),
        Value::Bool(support.enable_dns_support().and_then(|a| a.value()).unwrap_or(true)),
    );
    props.insert(RESTRICT.into(), Value::Bool(default_group::is_empty(aws, id).await?));
    let cidr = prop_str(&props, "cidr_block").to_string();
    props.insert(RESTRICT_ACL.into(), Value::Bool(default_acl::is_restricted(aws, id, &cidr).await?));
    Ok(props)
}

async fn set_dns(aws: &Aws, vpc: &str, props: &Props) -> Result<(), ProviderError> {
    let flag = |k: &str| {
        AttributeBooleanValue::builder()
            .value(props.get(k).and_then(Value::as_bool).unwrap_or(true))
            .build()
    };
    // One attribute per call, as the API requires.
    aws.ec2
        .modify_vpc_attribute()
        .vpc_id(vpc)
        .enable_dns_support(flag("enable_dns_support"))
        .send()
        .await
        .op("ec2:ModifyVpcAttribute")?;
    aws.ec2
        .modify_vpc_attribute()
        .vpc_id(vpc)
        .enable_dns_hostnames(flag("enable_dns_hostnames"))
        .send()
        .await
        .op("ec2:ModifyVpcAttribute")?;
    Ok(())
}

pub async fn create_vpc(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let out = aws
        .ec2
        .create_vpc()
        .cidr_block(prop_str(p, "cidr_block"))
        .tag_specifications(tag_spec(ResourceType::Vpc, &tags::without_hash(&req.tags)))
        .send()
        .await
        .op("ec2:CreateVpc")?;
    let id = out.vpc().and_then(|v| v.vpc_id()).unwrap_or_default().to_string();
    set_dns(aws, &id, p).await?;
    // A new VPC's default group has AWS's default rules.
    if restricts(p) {
        default_group::set(aws, &id, true).await?;
    }
    // And its default network ACL lets everything in.
    if restricts_acl(p) {
        default_acl::set(aws, &id, prop_str(p, "cidr_block"), true).await?;
    }
    super::tag_hash(aws, &id, req).await?;
    Ok(created(req, &id, &[]))
}

pub async fn update_vpc(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    if changes.iter().any(|c| c.attr.starts_with("enable_dns")) {
        set_dns(aws, &current.physical_id, &req.node.props).await?;
    }
    if changes.iter().any(|c| c.attr == RESTRICT) {
        default_group::set(aws, &current.physical_id, restricts(&req.node.props)).await?;
    }
    if changes.iter().any(|c| c.attr == RESTRICT_ACL) {
        let p = &req.node.props;
        default_acl::set(aws, &current.physical_id, prop_str(p, "cidr_block"), restricts_acl(p)).await?;
    }
    Ok(())
}

pub async fn delete_vpc(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    retry::until_not(&["DependencyViolation"], DEPENDENCY_WAIT, || async {
        match aws.ec2.delete_vpc().vpc_id(&current.physical_id).send().await {
            Ok(_) => Ok(()),
            Err(e) if NotFound::VPC.matches(&e) => Ok(()),
            Err(e) => Err(sdk_error("ec2:DeleteVpc", e)),
        }
    })
    .await
}

pub async fn discover_subnets(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let out = aws
        .ec2
        .describe_subnets()
        .filters(q.filter.clone())
        .send()
        .await
        .op("ec2:DescribeSubnets")?;
    Ok(out
        .subnets()
        .iter()
        .filter_map(|s| {
            let mut props = Props::new();
            props.insert("vpc_id".into(), Value::str(s.vpc_id()?));
            props.insert("cidr_block".into(), Value::str(s.cidr_block()?));
            props.insert("availability_zone".into(), Value::str(s.availability_zone()?));
            props.insert(
                "map_public_ip_on_launch".into(),
                Value::Bool(s.map_public_ip_on_launch().unwrap_or(false)),
            );
            live(q, Kind::Subnet, s.subnet_id()?, tags_of(s.tags()), &[], Some(props))
        })
        .collect())
}

pub async fn create_subnet(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let public_ip = p.get("map_public_ip_on_launch").and_then(Value::as_bool) == Some(true);
    let out = aws
        .ec2
        .create_subnet()
        .vpc_id(prop_str(p, "vpc_id"))
        .cidr_block(prop_str(p, "cidr_block"))
        .availability_zone(prop_str(p, "availability_zone"))
        // The hash in the create call only if it is the only call.
        .tag_specifications(tag_spec(
            ResourceType::Subnet,
            &if public_ip {
                tags::without_hash(&req.tags)
            } else {
                req.tags.clone()
            },
        ))
        .send()
        .await
        .op("ec2:CreateSubnet")?;
    let id = out.subnet().and_then(|s| s.subnet_id()).unwrap_or_default().to_string();
    if public_ip {
        set_public_ip(aws, &id, true).await?;
        super::tag_hash(aws, &id, req).await?;
    }
    Ok(created(req, &id, &[]))
}

async fn set_public_ip(aws: &Aws, subnet: &str, on: bool) -> Result<(), ProviderError> {
    let v = AttributeBooleanValue::builder().value(on).build();
    aws.ec2
        .modify_subnet_attribute()
        .subnet_id(subnet)
        .map_public_ip_on_launch(v)
        .send()
        .await
        .op("ec2:ModifySubnetAttribute")?;
    Ok(())
}

pub async fn update_subnet(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    if changes.iter().any(|c| c.attr == "map_public_ip_on_launch") {
        set_public_ip(
            aws,
            &current.physical_id,
            req.node
                .props
                .get("map_public_ip_on_launch")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        )
        .await?;
    }
    Ok(())
}

pub async fn delete_subnet(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    retry::until_not(&["DependencyViolation"], DEPENDENCY_WAIT, || async {
        match aws.ec2.delete_subnet().subnet_id(&current.physical_id).send().await {
            Ok(_) => Ok(()),
            Err(e) if NotFound::SUBNET.matches(&e) => Ok(()),
            Err(e) => Err(sdk_error("ec2:DeleteSubnet", e)),
        }
    })
    .await
}
