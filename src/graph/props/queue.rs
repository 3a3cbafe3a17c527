//! An SQS queue's settings.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};
use crate::props;

/// A queue as the stack wants it, and as AWS reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueProps {
    /// FIFO or standard: fixed at creation (the name ends `.fifo`).
    pub fifo: bool,
    pub visibility_timeout_s: u32,
    pub message_retention_s: u32,
    /// Encryption at rest with SQS-owned keys.
    pub sqs_managed_sse: bool,
    /// Where messages go after too many receives.
    pub redrive_policy: Option<Redrive>,
}

/// A queue's dead-letter queue and how many receives send a message there.
#[derive(Debug, Clone, PartialEq)]
pub struct Redrive {
    /// The dead-letter queue's ARN: a reference in the graph, a string once
    /// apply resolved it or AWS reported it.
    pub dead_letter_target_arn: Value,
    pub max_receive_count: u32,
}

impl From<QueueProps> for Props {
    fn from(q: QueueProps) -> Props {
        let mut p = props! {
            "fifo" => q.fifo,
            "visibility_timeout_s" => q.visibility_timeout_s,
            "message_retention_s" => q.message_retention_s,
            "sqs_managed_sse" => q.sqs_managed_sse,
        };
        if let Some(r) = q.redrive_policy {
            p.insert(
                "redrive_policy".into(),
                Value::Map(props! {
                    "dead_letter_target_arn" => r.dead_letter_target_arn,
                    "max_receive_count" => r.max_receive_count,
                }),
            );
        }
        p
    }
}

impl TryFrom<&Props> for QueueProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<QueueProps, PropsError> {
        let r = Reader::new(Kind::Queue, p);
        let redrive_policy = match r.map("redrive_policy")? {
            Some(m) => Some(Redrive {
                dead_letter_target_arn: m.value("dead_letter_target_arn")?,
                max_receive_count: m.u32("max_receive_count")?,
            }),
            None => None,
        };
        Ok(QueueProps {
            fifo: r.bool("fifo")?,
            visibility_timeout_s: r.u32("visibility_timeout_s")?,
            message_retention_s: r.u32("message_retention_s")?,
            sqs_managed_sse: r.bool("sqs_managed_sse")?,
            redrive_policy,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
