//! An SQS queue's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// A queue as the stack wants it, and as AWS reports it.
    pub struct QueueProps for Queue {
        /// FIFO or standard: fixed at creation (the name ends `.fifo`).
        pub fifo: bool,
        pub visibility_timeout_s: u32,
        pub message_retention_s: u32,
        /// Encryption at rest with SQS-owned keys.
        pub sqs_managed_sse: bool,
        /// Where messages go after too many receives.
        pub redrive_policy: Option<Redrive>,
    }
}

crate::typed_props! {
    /// A queue's dead-letter queue and how many receives send a message there.
    pub struct Redrive for Queue {
        /// The dead-letter queue's ARN: a reference in the graph, a string once
        /// apply resolved it or AWS reported it.
        pub dead_letter_target_arn: Value,
        pub max_receive_count: u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

    fn queue() -> QueueProps {
        QueueProps {
            fifo: false,
            visibility_timeout_s: 30,
            message_retention_s: 345_600,
            sqs_managed_sse: true,
            redrive_policy: Some(Redrive {
                dead_letter_target_arn: Value::str("arn:aws:sqs:us-east-1:123456789012:shop-jobs-dlq"),
                max_receive_count: 5,
            }),
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        let props = Props::from(queue());
        assert_eq!(QueueProps::try_from(&props), Ok(queue()));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(queue());
        props.remove("visibility_timeout_s");
        let e = QueueProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_sqs_queue props: `visibility_timeout_s` is missing");
        let mut props = Props::from(queue());
        props.insert("fifo".into(), Value::str("no"));
        let e = QueueProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_sqs_queue props: `fifo` is not a boolean");
    }
}
