//! A CloudWatch Logs group's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// A log group as the stack wants it, and as AWS reports it.
    pub struct LogGroupProps for LogGroup {
        /// Days CloudWatch Logs keeps events (a value it accepts: 1, 3, 5, 7, ...);
        /// none: for ever, AWS's default (what a group made elsewhere may have).
        pub retention_days: Option<u32>,
        /// The KMS key encrypting new events: a reference in the graph, an ARN
        /// once resolved or read back; none for CloudWatch Logs' own encryption.
        pub kms_key_id: Option<Value>,
        /// The region, when not the stack's (a CloudFront web ACL logs in us-east-1).
        pub region: Option<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

    #[test]
    fn props_round_trip_through_the_property_map() {
        for group in [
            LogGroupProps {
                retention_days: Some(365),
                kms_key_id: Some(Value::str("arn:aws:kms:us-east-1:123456789012:key/k")),
                region: None,
            },
            LogGroupProps {
                retention_days: Some(30),
                kms_key_id: None,
                region: Some("us-east-1".into()),
            },
        ] {
            assert_eq!(LogGroupProps::try_from(&Props::from(group.clone())), Ok(group));
        }
        let mut mistyped = Props::new();
        mistyped.insert("retention_days".into(), Value::str("a year"));
        let e = LogGroupProps::try_from(&mistyped).unwrap_err();
        assert_eq!(
            e.to_string(),
            "aws_cloudwatch_log_group props: `retention_days` is not a whole number from 0 to 4294967295"
        );
    }
}
