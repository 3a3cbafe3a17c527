//! Elastic IPs: the NAT gateways' public addresses.

use std::time::Duration;

use aws_sdk_ec2::types::{Address, DomainType, ResourceType};

use super::{Query, created, found, live, tag_spec};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::retry;
use crate::aws::tags::from_sdk;
use crate::graph::props::ElasticIpProps;
use crate::graph::{Kind, Value};
use crate::plan::LiveResource;

fn described(a: &Address) -> ElasticIpProps {
    ElasticIpProps {
        domain: a.domain().map_or("vpc", |d| d.as_str()).to_string(),
    }
}

pub async fn describe(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let asked = aws.ec2.describe_addresses().filters(q.filter.clone()).send().await;
    let out = asked.op("ec2:DescribeAddresses")?;
    Ok(found(out.addresses(), |a| {
        let attrs = [
            ("allocation_id", Value::str(a.allocation_id()?)),
            ("public_ip", Value::str(a.public_ip().unwrap_or_default())),
        ];
        let props = described(a).into();
        live(q, Kind::ElasticIp, a.allocation_id()?, from_sdk(a.tags()), &attrs, Some(props))
    }))
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let address = ElasticIpProps::try_from(&req.node.props)?;
    let out = aws
        .ec2
        .allocate_address()
        .domain(DomainType::from(address.domain.as_str()))
        .tag_specifications(tag_spec(ResourceType::ElasticIp, &req.tags)?)
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

pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    // Still associated for a moment after its NAT gateway is deleted.
    retry::until_not(&["InvalidIPAddress.InUse", "AuthFailure"], Duration::from_secs(300), || async {
        let asked = aws.ec2.release_address().allocation_id(&current.physical_id).send().await;
        asked.ok_if_gone("ec2:ReleaseAddress", NotFound::ELASTIC_IP)
    })
    .await
}

super::network!(ElasticIps for ElasticIp, "allocation-id": create, delete);
