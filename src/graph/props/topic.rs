//! The alarm topic's settings (SNS).

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};
use crate::props;

/// An SNS topic as the stack wants it, and as AWS reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicProps {
    /// The KMS key encrypting messages at rest: a reference in the graph, an
    /// ARN once resolved or read back.
    pub kms_master_key_id: Value,
    /// Email addresses subscribed (each confirms by email).
    pub subscriptions: Vec<String>,
}

impl From<TopicProps> for Props {
    fn from(t: TopicProps) -> Props {
        props! {
            "kms_master_key_id" => t.kms_master_key_id,
            "subscriptions" => Value::from(t.subscriptions),
        }
    }
}

impl TryFrom<&Props> for TopicProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<TopicProps, PropsError> {
        let r = Reader::new(Kind::Topic, p);
        Ok(TopicProps {
            kms_master_key_id: r.value("kms_master_key_id")?,
            subscriptions: r.strings("subscriptions")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let topic = TopicProps {
            kms_master_key_id: Value::str("arn:aws:kms:us-east-1:123456789012:key/k"),
            subscriptions: vec!["ops@example.com".into()],
        };
        assert_eq!(TopicProps::try_from(&Props::from(topic.clone())), Ok(topic));
        let mut no_key = Props::from(TopicProps {
            kms_master_key_id: Value::str("k"),
            subscriptions: vec![],
        });
        no_key.remove("kms_master_key_id");
        let e = TopicProps::try_from(&no_key).unwrap_err();
        assert_eq!(e.to_string(), "aws_sns_topic props: `kms_master_key_id` is missing");
    }
}
