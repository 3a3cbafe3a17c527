//! The VPC's flow log: every accepted and rejected connection of the VPC's
//! network interfaces, delivered to the stack's logs bucket.
//!
//! A flow log has no update call (EC2 offers CreateFlowLogs and
//! DeleteFlowLogs only): every setting replaces it, tags excepted. Its
//! settings are all given to CreateFlowLogs, so its tags, the settings hash
//! among them, may go with the create.

use aws_sdk_ec2::types::{DestinationOptionsRequest, FlowLog, FlowLogsResourceType, LogDestinationType, ResourceType, TrafficType};

use super::{Query, created, found, live, tag_spec};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::tags::from_sdk;
use crate::graph::props::FlowLogProps;
use crate::graph::{Kind, Props, Value};
use crate::plan::LiveResource;

fn described(f: &FlowLog) -> Props {
    FlowLogProps {
        resource_id: Value::str(f.resource_id().unwrap_or_default()),
        traffic_type: f.traffic_type().map_or("", |t| t.as_str()).to_string(),
        log_destination_type: f.log_destination_type().map_or("", |t| t.as_str()).to_string(),
        log_destination: f.log_destination().unwrap_or_default().to_string(),
        max_aggregation_interval: f.max_aggregation_interval().and_then(|s| u32::try_from(s).ok()).unwrap_or_default(),
    }
    .into()
}

/// One DescribeFlowLogs with the stack's tag filter: it returns every setting.
pub async fn describe(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let asked = aws.ec2.describe_flow_logs().filter(q.filter.clone()).send().await;
    let out = asked.op("ec2:DescribeFlowLogs")?;
    Ok(found(out.flow_logs(), |f| {
        live(q, Kind::FlowLog, f.flow_log_id()?, from_sdk(f.tags()), &[], Some(described(f)))
    }))
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let flow_log = FlowLogProps::try_from(&req.node.props)?;
    let out = aws
        .ec2
        .create_flow_logs()
        .resource_type(FlowLogsResourceType::Vpc)
        .resource_ids(flow_log.resource_id.as_str().unwrap_or_default())
        .traffic_type(TrafficType::from(flow_log.traffic_type.as_str()))
        .log_destination_type(LogDestinationType::from(flow_log.log_destination_type.as_str()))
        .log_destination(&flow_log.log_destination)
        .max_aggregation_interval(i32::try_from(flow_log.max_aggregation_interval).unwrap_or(600))
        .destination_options(DestinationOptionsRequest::builder().file_format("plain-text".into()).build())
        .tag_specifications(tag_spec(ResourceType::VpcFlowLog, &req.tags)?)
        .client_token(crate::aws::create::token(&aws.stack, req))
        .send()
        .await
        .op("ec2:CreateFlowLogs")?;
    // CreateFlowLogs answers 200 with a list of resources it could not log
    // (a bucket that does not exist or does not let the delivery service
    // write): that is a failure, not a flow log.
    if let Some(refused) = out.unsuccessful().first() {
        let error = refused.error();
        return Err(ProviderError::new(
            "ec2:CreateFlowLogs",
            error.and_then(|e| e.code()).unwrap_or("Unsuccessful"),
            error.and_then(|e| e.message()).unwrap_or("the flow log was not created"),
        ));
    }
    let id = out
        .flow_log_ids()
        .first()
        .cloned()
        .ok_or_else(|| ProviderError::new("ec2:CreateFlowLogs", "EmptyResponse", "no flow log id in the answer"))?;
    Ok(created(req, &id, &[]))
}

pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let asked = aws.ec2.delete_flow_logs().flow_log_ids(&current.physical_id).send().await;
    let Some(out) = asked.if_exists("ec2:DeleteFlowLogs", NotFound::FLOW_LOG)? else {
        return Ok(());
    };
    // Like its create, DeleteFlowLogs reports a refusal inside a 200 answer.
    match out.unsuccessful().first().and_then(|u| u.error()) {
        None => Ok(()),
        Some(e) if NotFound::FLOW_LOG.is(e.code()) => Ok(()),
        Some(e) => Err(ProviderError::new(
            "ec2:DeleteFlowLogs",
            e.code().unwrap_or("Unsuccessful"),
            e.message().unwrap_or("the flow log was not deleted"),
        )),
    }
}

super::network!(FlowLogs for FlowLog, "flow-log-id": create, delete);
