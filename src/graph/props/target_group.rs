//! The settings of the target group the load balancer forwards to.

use crate::graph::value::Value;

crate::typed_props! {
    /// A target group as the stack wants it, and as AWS reports it.
    pub struct TargetGroupProps for TargetGroup {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

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
