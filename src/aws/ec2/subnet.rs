//! The subnets of the VPC.

use aws_sdk_ec2::types::{AttributeBooleanValue, ResourceType, Subnet};

use super::{Query, created, delete_when_unused, found, live, tag_spec};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::props::changed;
use crate::aws::tags::{self, from_sdk};
use crate::graph::props::SubnetProps;
use crate::graph::{Kind, Props, Value};
use crate::plan::{AttrChange, LiveResource};

/// The subnet's settings, if AWS reports them all.
fn described(s: &Subnet) -> Option<Props> {
    let subnet = SubnetProps {
        vpc_id: Value::str(s.vpc_id()?),
        cidr_block: s.cidr_block()?.to_string(),
        availability_zone: s.availability_zone()?.to_string(),
        map_public_ip_on_launch: s.map_public_ip_on_launch().unwrap_or(false),
    };
    Some(subnet.into())
}

pub async fn describe(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let asked = aws.ec2.describe_subnets().filters(q.filter.clone()).send().await;
    let out = asked.op("ec2:DescribeSubnets")?;
    Ok(found(out.subnets(), |s| {
        live(q, Kind::Subnet, s.subnet_id()?, from_sdk(s.tags()), &[], Some(described(s)?))
    }))
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let subnet = SubnetProps::try_from(&req.node.props)?;
    let public_ip = subnet.map_public_ip_on_launch;
    let out = aws
        .ec2
        .create_subnet()
        .vpc_id(subnet.vpc_id.as_str().unwrap_or_default())
        .cidr_block(&subnet.cidr_block)
        .availability_zone(&subnet.availability_zone)
        // The hash in the create call only if it is the only call.
        .tag_specifications(tag_spec(
            ResourceType::Subnet,
            &if public_ip {
                tags::without_hash(&req.tags)
            } else {
                req.tags.clone()
            },
        )?)
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

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    if changed(changes, &["map_public_ip_on_launch"]) {
        let subnet = SubnetProps::try_from(&req.node.props)?;
        set_public_ip(aws, &current.physical_id, subnet.map_public_ip_on_launch).await?;
    }
    Ok(())
}

pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    delete_when_unused(|| async {
        let asked = aws.ec2.delete_subnet().subnet_id(&current.physical_id).send().await;
        asked.ok_if_gone("ec2:DeleteSubnet", NotFound::SUBNET)
    })
    .await
}

super::network!(Subnets for Subnet, "subnet-id": create, settings, delete);
