//! A node group's launch template.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};
use crate::props;

/// A launch template's default version as the stack wants it, and as AWS
/// reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchTemplateProps {
    /// IMDSv2: `required`.
    pub metadata_http_tokens: String,
    /// Hops an IMDS answer may travel (2: pods reach it through one more).
    pub metadata_hop_limit: u32,
    pub root_volume_gb: u32,
    pub root_volume_encrypted: bool,
    /// The nodes' security groups: references in the graph, ids once resolved.
    pub security_group_ids: Vec<Value>,
}

impl From<LaunchTemplateProps> for Props {
    fn from(t: LaunchTemplateProps) -> Props {
        props! {
            "metadata_http_tokens" => t.metadata_http_tokens,
            "metadata_hop_limit" => t.metadata_hop_limit,
            "root_volume_gb" => t.root_volume_gb,
            "root_volume_encrypted" => t.root_volume_encrypted,
            "security_group_ids" => t.security_group_ids,
        }
    }
}

impl TryFrom<&Props> for LaunchTemplateProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<LaunchTemplateProps, PropsError> {
        let r = Reader::new(Kind::LaunchTemplate, p);
        Ok(LaunchTemplateProps {
            metadata_http_tokens: r.string("metadata_http_tokens")?,
            metadata_hop_limit: r.u32("metadata_hop_limit")?,
            root_volume_gb: r.u32("root_volume_gb")?,
            root_volume_encrypted: r.bool("root_volume_encrypted")?,
            security_group_ids: r.values("security_group_ids")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let template = LaunchTemplateProps {
            metadata_http_tokens: "required".into(),
            metadata_hop_limit: 2,
            root_volume_gb: 50,
            root_volume_encrypted: true,
            security_group_ids: vec![Value::str("sg-1")],
        };
        assert_eq!(LaunchTemplateProps::try_from(&Props::from(template.clone())), Ok(template.clone()));
        let mut props = Props::from(template);
        props.insert("metadata_hop_limit".into(), Value::Int(-1));
        let e = LaunchTemplateProps::try_from(&props).unwrap_err();
        assert_eq!(
            e.to_string(),
            "aws_launch_template props: `metadata_hop_limit` is not a whole number from 0 to 4294967295"
        );
        props.remove("metadata_http_tokens");
        let e = LaunchTemplateProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_launch_template props: `metadata_http_tokens` is missing");
    }
}
