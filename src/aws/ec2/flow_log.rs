//! The VPC's flow log: every accepted and rejected connection of the VPC's
//! network interfaces, delivered to the stack's logs bucket.
//!
//! A flow log has no update call (EC2 offers CreateFlowLogs and
//! DeleteFlowLogs only): every setting replaces it, tags excepted. Its
//! settings are all given to CreateFlowLogs, so its tags, the settings hash
//! among them, may go with the create.

use aws_sdk_ec2::types::{DestinationOptionsRequest, FlowLog, FlowLogsResourceType, LogDestinationType, ResourceType, TrafficType};

use super::{Query, created, live, prop_str, tag_spec, tags_of};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound, sdk_error};
use crate::graph::{Kind, Props, Value};
use crate::plan::LiveResource;

fn described(f: &FlowLog) -> Props {
    let mut p = Props::new();
    p.insert("resource_id".into(), Value::str(f.resource_id().unwrap_or_default()));
    if let Some(t) = f.traffic_type() {
        p.insert("traffic_type".into(), Value::str(t.as_str()));
    }
    if let Some(t) = f.log_destination_type() {
        p.insert("log_destination_type".into(), Value::str(t.as_str()));
    }
    p.insert("log_destination".into(), Value::str(f.log_destination().unwrap_or_default()));
    if let Some(seconds) = f.max_aggregation_interval() {
        p.insert("max_aggregation_interval".into(), Value::Int(i64::from(seconds)));
    }
    p
}

/// One DescribeFlowLogs with the stack's tag filter: it returns every setting.
pub async fn discover(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let out = aws
        .ec2
        .describe_flow_logs()
        .filter(q.filter.clone())
        .send()
        .await
        .op("ec2:DescribeFlowLogs")?;
    Ok(out
        .flow_logs()
        .iter()
        .filter_map(|f| live(q, Kind::FlowLog, f.flow_log_id()?, tags_of(f.tags()), &[], Some(described(f))))
        .collect())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let interval = p.get("max_aggregation_interval").and_then(Value::as_int).unwrap_or(600);
    let out = aws
        .ec2
        .create_flow_logs()
        .resource_type(FlowLogsResourceType::Vpc)
        .resource_ids(prop_str(p, "resource_id"))
        .traffic_type(TrafficType::from(prop_str(p, "traffic_type")))
        .log_destination_type(LogDestinationType::from(prop_str(p, "log_destination_type")))
        .log_destination(prop_str(p, "log_destination"))
        .max_aggregation_interval(i32::try_from(interval).unwrap_or(600))
        .destination_options(DestinationOptionsRequest::builder().file_format("plain-text".into()).build())
        .tag_specifications(tag_spec(ResourceType::VpcFlowLog, &req.tags))
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
    let out = match aws.ec2.delete_flow_logs().flow_log_ids(&current.physical_id).send().await {
        Ok(out) => out,
        Err(e) if NotFound::FLOW_LOG.matches(&e) => return Ok(()),
        Err(e) => return Err(sdk_error("ec2:DeleteFlowLogs", e)),
    };
    // Like its create, DeleteFlowLogs reports a refusal inside a 200 answer.
    match out.unsuccessful().first().and_then(|u| u.error()) {
        None => Ok(()),
        Some(e) if e.code() == Some("InvalidFlowLogId.NotFound") => Ok(()),
        Some(e) => Err(ProviderError::new(
            "ec2:DeleteFlowLogs",
            e.code().unwrap_or("Unsuccessful"),
            e.message().unwrap_or("the flow log was not deleted"),
        )),
    }
}
