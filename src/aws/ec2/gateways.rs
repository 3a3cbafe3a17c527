//! The internet gateway, Elastic IPs and NAT gateways.

use std::time::Duration;

use aws_sdk_ec2::types::{ConnectivityType, DomainType, Filter, NatGatewayState, ResourceType};

use super::{DEPENDENCY_WAIT, Query, created, live, prop_str, tag_spec, tags_of};
use crate::apply::{Progress, ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound, sdk_error};
use crate::aws::{call_log, retry, tags};
use crate::graph::{Kind, Props, Value};
use crate::plan::LiveResource;

pub async fn discover_internet_gateways(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let out = aws
        .ec2
        .describe_internet_gateways()
        .filters(q.filter.clone())
        .send()
        .await
        .op("ec2:DescribeInternetGateways")?;
    Ok(out
        .internet_gateways()
        .iter()
        .filter_map(|g| {
            let mut props = Props::new();
            // Unattached (an apply stopped between create and attach): no VPC.
            if let Some(vpc) = g.attachments().first().and_then(|a| a.vpc_id()) {
                props.insert("vpc_id".into(), Value::str(vpc));
            }
            live(
                q,
                Kind::InternetGateway,
                g.internet_gateway_id()?,
                tags_of(g.tags()),
                &[],
                Some(props),
            )
        })
        .collect())
}

pub async fn create_internet_gateway(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let out = aws
        .ec2
        .create_internet_gateway()
        .tag_specifications(tag_spec(ResourceType::InternetGateway, &tags::without_hash(&req.tags)))
        .send()
        .await
        .op("ec2:CreateInternetGateway")?;
    let id = out
        .internet_gateway()
        .and_then(|g| g.internet_gateway_id())
        .unwrap_or_default()
        .to_string();
    aws.ec2
        .attach_internet_gateway()
        .internet_gateway_id(&id)
        .vpc_id(prop_str(&req.node.props, "vpc_id"))
        .send()
        .await
        .op("ec2:AttachInternetGateway")?;
    super::tag_hash(aws, &id, req).await?;
    Ok(created(req, &id, &[]))
}

/// Attaches the gateway to the desired VPC (after detaching it from another).
pub async fn update_internet_gateway(aws: &Aws, req: &Request, current: &LiveResource) -> Result<(), ProviderError> {
    let want = prop_str(&req.node.props, "vpc_id");
    let have = match &current.props {
        // No settings read: the stackctl:hash tag vouched for them.
        None => want,
        // Unattached: an apply stopped between create and attach.
        Some(p) => p.get("vpc_id").and_then(Value::as_str).unwrap_or_default(),
    };
    if want != have {
        if !have.is_empty() {
            aws.ec2
                .detach_internet_gateway()
                .internet_gateway_id(&current.physical_id)
                .vpc_id(have)
                .send()
                .await
                .op("ec2:DetachInternetGateway")?;
        }
        aws.ec2
            .attach_internet_gateway()
            .internet_gateway_id(&current.physical_id)
            .vpc_id(want)
            .send()
            .await
            .op("ec2:AttachInternetGateway")?;
    }
    Ok(())
}

pub async fn delete_internet_gateway(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let id = &current.physical_id;
    let out = match aws.ec2.describe_internet_gateways().internet_gateway_ids(id).send().await {
        Ok(o) => o,
        Err(e) if NotFound::INTERNET_GATEWAY.matches(&e) => return Ok(()),
        Err(e) => return Err(sdk_error("ec2:DescribeInternetGateways", e)),
    };
    for vpc in out
        .internet_gateways()
        .iter()
        .flat_map(|g| g.attachments())
        .filter_map(|a| a.vpc_id())
    {
        // Detaching fails while NAT gateways' public addresses are mapped.
        retry::until_not(&["DependencyViolation"], DEPENDENCY_WAIT, || async {
            aws.ec2
                .detach_internet_gateway()
                .internet_gateway_id(id)
                .vpc_id(vpc)
                .send()
                .await
                .op("ec2:DetachInternetGateway")
                .map(|_| ())
        })
        .await?;
    }
    aws.ec2
        .delete_internet_gateway()
        .internet_gateway_id(id)
        .send()
        .await
        .op("ec2:DeleteInternetGateway")?;
    Ok(())
}

pub async fn discover_addresses(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let out = aws
        .ec2
        .describe_addresses()
        .filters(q.filter.clone())
        .send()
        .await
        .op("ec2:DescribeAddresses")?;
    Ok(out
        .addresses()
        .iter()
        .filter_map(|a| {
            let mut props = Props::new();
            props.insert("domain".into(), Value::str(a.domain().map_or("vpc", |d| d.as_str())));
            let attrs = [
                ("allocation_id", Value::str(a.allocation_id()?)),
                ("public_ip", Value::str(a.public_ip().unwrap_or_default())),
            ];
            live(q, Kind::ElasticIp, a.allocation_id()?, tags_of(a.tags()), &attrs, Some(props))
        })
        .collect())
}

pub async fn allocate_address(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let out = aws
        .ec2
        .allocate_address()
        .domain(DomainType::Vpc)
        .tag_specifications(tag_spec(ResourceType::ElasticIp, &req.tags))
        .send()
        .await
        .op("ec2:AllocateAddress")?;
    let id = out.allocation_id().unwrap_or_default().to_string();
    Ok(created(
        req,
        &id,
        &[
            ("allocation_id", Value::str(&id)),
            ("public_ip", Value::str(out.public_ip().unwrap_or_default())),
        ],
    ))
}

pub async fn release_address(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    // Still associated for a moment after its NAT gateway is deleted.
    retry::until_not(&["InvalidIPAddress.InUse", "AuthFailure"], Duration::from_secs(300), || async {
        match aws.ec2.release_address().allocation_id(&current.physical_id).send().await {
            Ok(_) => Ok(()),
            Err(e) if NotFound::ELASTIC_IP.matches(&e) => Ok(()),
            Err(e) => Err(sdk_error("ec2:ReleaseAddress", e)),
        }
    })
    .await
}

fn live_states() -> Filter {
    // Deleted NAT gateways stay visible for an hour: only these are live.
    Filter::builder()
        .name("state")
        .values("pending")
        .values("available")
        .values("failed")
        .build()
}

pub async fn discover_nat_gateways(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let out = aws
        .ec2
        .describe_nat_gateways()
        .filter(q.filter.clone())
        .filter(live_states())
        .send()
        .await
        .op("ec2:DescribeNatGateways")?;
    Ok(out
        .nat_gateways()
        .iter()
        .filter(|n| n.state() != Some(&NatGatewayState::Failed))
        .filter_map(|n| {
            let mut props = Props::new();
            props.insert("subnet_id".into(), Value::str(n.subnet_id()?));
            props.insert(
                "connectivity_type".into(),
                Value::str(n.connectivity_type().map_or("public", |c| c.as_str())),
            );
            if let Some(alloc) = n.nat_gateway_addresses().first().and_then(|a| a.allocation_id()) {
                props.insert("allocation_id".into(), Value::str(alloc));
            }
            live(q, Kind::NatGateway, n.nat_gateway_id()?, tags_of(n.tags()), &[], Some(props))
        })
        .collect())
}

pub async fn create_nat_gateway(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    // The client token makes a retried create return the same gateway.
    let token = crate::aws::create::token(&aws.stack, req);
    let out = aws
        .ec2
        .create_nat_gateway()
        .subnet_id(prop_str(p, "subnet_id"))
        .allocation_id(prop_str(p, "allocation_id"))
        .connectivity_type(ConnectivityType::from(prop_str(p, "connectivity_type")))
        .client_token(token)
        .tag_specifications(tag_spec(ResourceType::Natgateway, &req.tags))
        .send()
        .await
        .op("ec2:CreateNatGateway")?;
    let id = out.nat_gateway().and_then(|n| n.nat_gateway_id()).unwrap_or_default().to_string();
    Ok(created(req, &id, &[]))
}

async fn nat_state(aws: &Aws, id: &str) -> Result<Option<NatGatewayState>, ProviderError> {
    let out = aws
        .ec2
        .describe_nat_gateways()
        .nat_gateway_ids(id)
        .send()
        .await
        .op("ec2:DescribeNatGateways")?;
    Ok(out.nat_gateways().first().and_then(|n| n.state().cloned()))
}

pub async fn wait_nat_available(aws: &Aws, current: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    retry::poll(Duration::from_secs(5), || async {
        let state = nat_state(aws, &current.physical_id).await?;
        call_log::observed(
            &format!("ec2:natgateway/{}", current.physical_id),
            state.as_ref().map_or("none", |s| s.as_str()),
        );
        match state {
            Some(NatGatewayState::Available) => Ok(Some(current.clone())),
            Some(NatGatewayState::Failed) | Some(NatGatewayState::Deleted) | None => Err(ProviderError::new(
                "ec2:DescribeNatGateways",
                "NatGatewayFailed",
                format!("NAT gateway {} did not become available", current.physical_id),
            )),
            Some(state) => {
                progress(format!("NAT gateway {}", state.as_str()));
                Ok(None)
            }
        }
    })
    .await
}

/// Deletes the gateway and waits until it is gone: its Elastic IP and the
/// internet gateway can only go after that.
pub async fn delete_nat_gateway(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    match aws.ec2.delete_nat_gateway().nat_gateway_id(&current.physical_id).send().await {
        Ok(_) => {}
        Err(e) if NotFound::NAT_GATEWAY.matches(&e) => return Ok(()),
        Err(e) => return Err(sdk_error("ec2:DeleteNatGateway", e)),
    }
    retry::poll(Duration::from_secs(5), || async {
        Ok(match nat_state(aws, &current.physical_id).await? {
            None | Some(NatGatewayState::Deleted) => Some(()),
            _ => None,
        })
    })
    .await
}
