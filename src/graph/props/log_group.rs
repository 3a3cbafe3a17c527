//! A CloudWatch Logs group's settings.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};

/// A log group as the stack wants it, and as AWS reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct LogGroupProps {
    /// Days CloudWatch Logs keeps events (a value it accepts: 1, 3, 5, 7, ...);
    /// none: for ever, AWS's default (what a group made elsewhere may have).
    pub retention_days: Option<u32>,
    /// The KMS key encrypting new events: a reference in the graph, an ARN
    /// once resolved or read back; none for CloudWatch Logs' own encryption.
    pub kms_key_id: Option<Value>,
    /// The region, when not the stack's (a CloudFront web ACL logs in us-east-1).
    pub region: Option<String>,
}

impl From<LogGroupProps> for Props {
    fn from(g: LogGroupProps) -> Props {
        let mut p = Props::new();
        if let Some(days) = g.retention_days {
            p.insert("retention_days".into(), Value::from(days));
        }
        if let Some(key) = g.kms_key_id {
            p.insert("kms_key_id".into(), key);
        }
        if let Some(region) = g.region {
            p.insert("region".into(), Value::str(region));
        }
        p
    }
}

impl TryFrom<&Props> for LogGroupProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<LogGroupProps, PropsError> {
        let r = Reader::new(Kind::LogGroup, p);
        Ok(LogGroupProps {
            retention_days: r.optional_u32("retention_days")?,
            kms_key_id: r.optional("kms_key_id"),
            region: r.optional_str("region")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
