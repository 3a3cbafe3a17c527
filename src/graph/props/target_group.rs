//! The settings of the target group the load balancer forwards to.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};
use crate::props;

/// A target group as the stack wants it, and as AWS reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetGroupProps {
    /// The VPC's id: a reference in the graph, a string once resolved.
    pub vpc_id: Value,
    pub port: u32,
    /// `HTTP`.
    pub protocol: String,
    /// `instance`.
    pub target_type: String,
    pub health_check_path: String,
    /// The HTTP codes a healthy target answers (`200-399`).
    pub health_check_matcher: String,
}

impl From<TargetGroupProps> for Props {
    fn from(t: TargetGroupProps) -> Props {
        props! {
            "vpc_id" => t.vpc_id,
            "port" => t.port,
            "protocol" => t.protocol,
            "target_type" => t.target_type,
            "health_check_path" => t.health_check_path,
            "health_check_matcher" => t.health_check_matcher,
        }
    }
}

impl TryFrom<&Props> for TargetGroupProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<TargetGroupProps, PropsError> {
        let r = Reader::new(Kind::TargetGroup, p);
        Ok(TargetGroupProps {
            vpc_id: r.value("vpc_id")?,
            port: r.u32("port")?,
            protocol: r.string("protocol")?,
            target_type: r.string("target_type")?,
            health_check_path: r.string("health_check_path")?,
            health_check_matcher: r.string("health_check_matcher")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> TargetGroupProps {
        TargetGroupProps {
            vpc_id: Value::str("vpc-1"),
            port: 8080,
            protocol: "HTTP".into(),
            target_type: "instance".into(),
            health_check_path: "/healthz".into(),
            health_check_matcher: "200-399".into(),
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(TargetGroupProps::try_from(&Props::from(group())), Ok(group()));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(group());
        props.remove("health_check_path");
        let e = TargetGroupProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_lb_target_group props: `health_check_path` is missing");
        props.insert("port".into(), Value::str("8080"));
        let e = TargetGroupProps::try_from(&props).unwrap_err();
        assert_eq!(
            e.to_string(),
            "aws_lb_target_group props: `port` is not a whole number from 0 to 4294967295"
        );
    }
}
