//! NAT gateways: the private subnets' way out, usable once `available`.

use std::time::Duration;

use aws_sdk_ec2::types::{ConnectivityType, Filter, NatGateway, NatGatewayState, ResourceType};

use super::{Query, created, live, tag_spec};
use crate::apply::{Progress, ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::retry::{self, Readiness};
use crate::aws::tags::from_sdk;
use crate::graph::props::NatGatewayProps;
use crate::graph::{Kind, Props, Value};
use crate::plan::LiveResource;

fn live_states() -> Filter {
    // Deleted NAT gateways stay visible for an hour: only these are live.
    Filter::builder()
        .name("state")
        .values("pending")
        .values("available")
        .values("failed")
        .build()
}

/// The gateway's settings, if AWS reports its subnet.
fn described(n: &NatGateway) -> Option<Props> {
    let nat = NatGatewayProps {
        subnet_id: Value::str(n.subnet_id()?),
        allocation_id: n.nat_gateway_addresses().first().and_then(|a| a.allocation_id()).map(Value::str),
        connectivity_type: n.connectivity_type().map_or("public", |c| c.as_str()).to_string(),
    };
    Some(nat.into())
}

pub async fn describe(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let asked = aws
        .ec2
        .describe_nat_gateways()
        .filter(q.filter.clone())
        .filter(live_states())
        .send()
        .await;
    let out = asked.op("ec2:DescribeNatGateways")?;
    Ok(out
        .nat_gateways()
        .iter()
        .filter(|n| n.state() != Some(&NatGatewayState::Failed))
        .filter_map(|n| {
            let props = described(n)?;
            live(q, Kind::NatGateway, n.nat_gateway_id()?, from_sdk(n.tags()), &[], Some(props))
        })
        .collect())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let nat = NatGatewayProps::try_from(&req.node.props)?;
    // The client token makes a retried create return the same gateway.
    let token = crate::aws::create::token(&aws.stack, req);
    let out = aws
        .ec2
        .create_nat_gateway()
        .subnet_id(nat.subnet_id.as_str().unwrap_or_default())
        .set_allocation_id(nat.allocation_id.as_ref().and_then(Value::as_str).map(str::to_string))
        .connectivity_type(ConnectivityType::from(nat.connectivity_type.as_str()))
        .client_token(token)
        .tag_specifications(tag_spec(ResourceType::Natgateway, &req.tags)?)
        .send()
        .await
        .op("ec2:CreateNatGateway")?;
    let id = out.nat_gateway().and_then(|n| n.nat_gateway_id()).unwrap_or_default().to_string();
    Ok(created(req, &id, &[]))
}

async fn state(aws: &Aws, id: &str) -> Result<Option<NatGatewayState>, ProviderError> {
    let out = aws
        .ec2
        .describe_nat_gateways()
        .nat_gateway_ids(id)
        .send()
        .await
        .op("ec2:DescribeNatGateways")?;
    Ok(out.nat_gateways().first().and_then(|n| n.state().cloned()))
}

pub async fn wait_available(aws: &Aws, current: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    let id = &current.physical_id;
    let readiness = |state: &Option<NatGatewayState>| match state {
        Some(NatGatewayState::Available) => Readiness::Ready,
        Some(NatGatewayState::Failed) | Some(NatGatewayState::Deleted) | None => Readiness::Failed(ProviderError::new(
            "ec2:DescribeNatGateways",
            "NatGatewayFailed",
            format!("NAT gateway {id} did not become available"),
        )),
        Some(state) => Readiness::Going(format!("NAT gateway {}", state.as_str())),
    };
    let what = format!("ec2:natgateway/{id}");
    retry::until_ready(Duration::from_secs(5), &what, || state(aws, id), status_of, readiness, progress).await?;
    Ok(current.clone())
}

/// The state a wait records: `none` once AWS no longer has it.
fn status_of(state: &Option<NatGatewayState>) -> &str {
    state.as_ref().map_or("none", |s| s.as_str())
}

/// Deletes the gateway and waits until it is gone: its Elastic IP and the
/// internet gateway can only go after that.
pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let asked = aws.ec2.delete_nat_gateway().nat_gateway_id(&current.physical_id).send().await;
    if asked.if_exists("ec2:DeleteNatGateway", NotFound::NAT_GATEWAY)?.is_none() {
        return Ok(());
    }
    retry::poll(Duration::from_secs(5), || async {
        Ok(match state(aws, &current.physical_id).await? {
            None | Some(NatGatewayState::Deleted) => Some(()),
            _ => None,
        })
    })
    .await
}

super::network!(NatGateways for NatGateway, "nat-gateway-id": create, delete, wait = wait_available);
