//! The VPC's flow log.

use crate::graph::value::Value;

crate::typed_props! {
    /// A flow log as the stack wants it, and as AWS reports it.
    pub struct FlowLogProps for FlowLog {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

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
