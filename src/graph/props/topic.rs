//! The alarm topic's settings (SNS).

use crate::graph::value::Value;

crate::typed_props! {
    /// An SNS topic as the stack wants it, and as AWS reports it.
    pub struct TopicProps for Topic {
        /// The KMS key encrypting messages at rest: a reference in the graph, an
        /// ARN once resolved or read back.
        pub kms_master_key_id: Value,
        /// Email addresses subscribed (each confirms by email).
        pub subscriptions: Vec<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

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
