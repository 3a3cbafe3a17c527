//! The VPC's flow log.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};
use crate::props;

/// A flow log as the stack wants it, and as AWS reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowLogProps {
    /// The VPC logged: a reference in the graph, its id once resolved.
    pub resource_id: Value,
    /// `ALL`, `ACCEPT` or `REJECT`.
    pub traffic_type: String,
    /// `s3` (the stack's logs bucket).
    pub log_destination_type: String,
    /// The bucket and folder, as an ARN (`arn:aws:s3:::bucket/folder/`).
    pub log_destination: String,
    /// 60 or 600 seconds.
    pub max_aggregation_interval: u32,
}

impl From<FlowLogProps> for Props {
    fn from(f: FlowLogProps) -> Props {
        props! {
            "resource_id" => f.resource_id,
            "traffic_type" => f.traffic_type,
            "log_destination_type" => f.log_destination_type,
            "log_destination" => f.log_destination,
            "max_aggregation_interval" => f.max_aggregation_interval,
        }
    }
}

impl TryFrom<&Props> for FlowLogProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<FlowLogProps, PropsError> {
        let r = Reader::new(Kind::FlowLog, p);
        Ok(FlowLogProps {
            resource_id: r.value("resource_id")?,
            traffic_type: r.string("traffic_type")?,
            log_destination_type: r.string("log_destination_type")?,
            log_destination: r.string("log_destination")?,
            max_aggregation_interval: r.u32("max_aggregation_interval")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let flow_log = FlowLogProps {
            resource_id: Value::str("vpc-0abc"),
            traffic_type: "ALL".into(),
            log_destination_type: "s3".into(),
            log_destination: "arn:aws:s3:::shop-logs-us-east-1-123456789012/vpc-flow-logs/".into(),
            max_aggregation_interval: 600,
        };
        assert_eq!(FlowLogProps::try_from(&Props::from(flow_log.clone())), Ok(flow_log));
        let e = FlowLogProps::try_from(&Props::new()).unwrap_err();
        assert_eq!(e.to_string(), "aws_flow_log props: `resource_id` is missing");
    }
}
