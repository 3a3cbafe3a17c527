//! The internet gateway, attached to the VPC.

use aws_sdk_ec2::types::{InternetGateway, ResourceType};

use super::{Query, created, delete_when_unused, found, live, tag_spec};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::tags::{self, from_sdk};
use crate::graph::props::InternetGatewayProps;
use crate::graph::{Kind, Value};
use crate::plan::{AttrChange, LiveResource};

fn described(g: &InternetGateway) -> InternetGatewayProps {
    InternetGatewayProps {
        // Unattached (an apply stopped between create and attach): no VPC.
        vpc_id: g.attachments().first().and_then(|a| a.vpc_id()).map(Value::str),
    }
}

/// The VPC's id, as resolved; empty where there is none.
fn vpc_of(g: &InternetGatewayProps) -> &str {
    g.vpc_id.as_ref().and_then(Value::as_str).unwrap_or_default()
}

pub async fn describe(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let asked = aws.ec2.describe_internet_gateways().filters(q.filter.clone()).send().await;
    let out = asked.op("ec2:DescribeInternetGateways")?;
    Ok(found(out.internet_gateways(), |g| {
        let (id, props) = (g.internet_gateway_id()?, described(g).into());
        live(q, Kind::InternetGateway, id, from_sdk(g.tags()), &[], Some(props))
    }))
}

async fn attach(aws: &Aws, id: &str, vpc: &str) -> Result<(), ProviderError> {
    aws.ec2
        .attach_internet_gateway()
        .internet_gateway_id(id)
        .vpc_id(vpc)
        .send()
        .await
        .op("ec2:AttachInternetGateway")?;
    Ok(())
}

async fn detach(aws: &Aws, id: &str, vpc: &str) -> Result<(), ProviderError> {
    aws.ec2
        .detach_internet_gateway()
        .internet_gateway_id(id)
        .vpc_id(vpc)
        .send()
        .await
        .op("ec2:DetachInternetGateway")?;
    Ok(())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let gateway = InternetGatewayProps::try_from(&req.node.props)?;
    let out = aws
        .ec2
        .create_internet_gateway()
        .tag_specifications(tag_spec(ResourceType::InternetGateway, &tags::without_hash(&req.tags))?)
        .send()
        .await
        .op("ec2:CreateInternetGateway")?;
    let id = out
        .internet_gateway()
        .and_then(|g| g.internet_gateway_id())
        .unwrap_or_default()
        .to_string();
    attach(aws, &id, vpc_of(&gateway)).await?;
    super::tag_hash(aws, &id, req).await?;
    Ok(created(req, &id, &[]))
}

/// Attaches the gateway to the desired VPC (after detaching it from another).
pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, _: &[AttrChange]) -> Result<(), ProviderError> {
    let desired = InternetGatewayProps::try_from(&req.node.props)?;
    let live = current.props.as_ref().map(InternetGatewayProps::try_from).transpose()?;
    let want = vpc_of(&desired);
    let have = match &live {
        // No settings read: the stackctl:hash tag vouched for them.
        None => want,
        // Unattached: an apply stopped between create and attach.
        Some(g) => vpc_of(g),
    };
    if want != have {
        if !have.is_empty() {
            detach(aws, &current.physical_id, have).await?;
        }
        attach(aws, &current.physical_id, want).await?;
    }
    Ok(())
}

pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let id = &current.physical_id;
    let asked = aws.ec2.describe_internet_gateways().internet_gateway_ids(id).send().await;
    let Some(out) = asked.if_exists("ec2:DescribeInternetGateways", NotFound::INTERNET_GATEWAY)? else {
        return Ok(());
    };
    for vpc in out
        .internet_gateways()
        .iter()
        .flat_map(|g| g.attachments())
        .filter_map(|a| a.vpc_id())
    {
        // Detaching fails while NAT gateways' public addresses are mapped.
        delete_when_unused(|| detach(aws, id, vpc)).await?;
    }
    aws.ec2
        .delete_internet_gateway()
        .internet_gateway_id(id)
        .send()
        .await
        .op("ec2:DeleteInternetGateway")?;
    Ok(())
}

super::network!(InternetGateways for InternetGateway, "internet-gateway-id": create, settings, delete);
