//! The stack's CloudTrail trail.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};
use crate::props;

/// A trail as the stack wants it, and as AWS reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrailProps {
    /// The bucket receiving the log files (its policy lets this trail write).
    pub s3_bucket_name: String,
    pub is_multi_region_trail: bool,
    pub include_global_service_events: bool,
    /// Digest files that prove the log files were not changed.
    pub enable_log_file_validation: bool,
    /// The KMS key encrypting the log files: a reference in the graph, an ARN
    /// once resolved or read back; none for S3's own encryption.
    pub kms_key_id: Option<Value>,
}

impl From<TrailProps> for Props {
    fn from(t: TrailProps) -> Props {
        let mut p = props! {
            "s3_bucket_name" => t.s3_bucket_name,
            "is_multi_region_trail" => t.is_multi_region_trail,
            "include_global_service_events" => t.include_global_service_events,
            "enable_log_file_validation" => t.enable_log_file_validation,
        };
        if let Some(key) = t.kms_key_id {
            p.insert("kms_key_id".into(), key);
        }
        p
    }
}

impl TryFrom<&Props> for TrailProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<TrailProps, PropsError> {
        let r = Reader::new(Kind::Trail, p);
        Ok(TrailProps {
            s3_bucket_name: r.string("s3_bucket_name")?,
            is_multi_region_trail: r.bool("is_multi_region_trail")?,
            include_global_service_events: r.bool("include_global_service_events")?,
            enable_log_file_validation: r.bool("enable_log_file_validation")?,
            kms_key_id: r.optional("kms_key_id"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let trail = TrailProps {
            s3_bucket_name: "shop-logs-us-east-1-123456789012".into(),
            is_multi_region_trail: true,
            include_global_service_events: true,
            enable_log_file_validation: true,
            kms_key_id: Some(Value::str("arn:aws:kms:us-east-1:123456789012:key/k")),
        };
        assert_eq!(TrailProps::try_from(&Props::from(trail.clone())), Ok(trail));
        let e = TrailProps::try_from(&Props::new()).unwrap_err();
        assert_eq!(e.to_string(), "aws_cloudtrail props: `s3_bucket_name` is missing");
    }
}
