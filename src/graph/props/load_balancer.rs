//! The application load balancer's settings.

use super::AccessLogs;
use crate::graph::value::Value;

crate::typed_props! {
    /// A load balancer as the stack wants it, and as AWS reports it.
    pub struct LoadBalancerProps for LoadBalancer {
        /// `application`. Set by the stack; an answer without it (an emulator's,
        /// for a load balancer made elsewhere) leaves it out, and the diff with it.
        pub lb_type as "type": Option<String>,
        /// `internet-facing`; absent in an answer as the type.
        pub scheme: Option<String>,
        /// Subnet ids: references in the graph, strings once resolved.
        pub subnet_ids: Vec<Value>,
        pub security_group_ids: Vec<Value>,
        /// The `routing.http.drop_invalid_header_fields.enabled` attribute.
        pub drop_invalid_header_fields: bool,
        pub deletion_protection: bool,
        /// Where access logs go; none when they are off.
        pub access_logs: Option<AccessLogs>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

    fn alb() -> LoadBalancerProps {
        LoadBalancerProps {
            lb_type: Some("application".into()),
            scheme: Some("internet-facing".into()),
            subnet_ids: vec![Value::str("subnet-1"), Value::str("subnet-2")],
            security_group_ids: vec![Value::str("sg-1")],
            drop_invalid_header_fields: true,
            deletion_protection: false,
            access_logs: Some(AccessLogs {
                bucket: Value::str("shop-logs"),
                prefix: "alb".into(),
            }),
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(LoadBalancerProps::try_from(&Props::from(alb())), Ok(alb()));
        let no_logs = LoadBalancerProps {
            access_logs: None,
            scheme: None,
            ..alb()
        };
        let props = Props::from(no_logs.clone());
        assert!(!props.contains_key("access_logs_prefix") && !props.contains_key("scheme"));
        assert_eq!(LoadBalancerProps::try_from(&props), Ok(no_logs));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(alb());
        props.remove("access_logs_prefix");
        let e = LoadBalancerProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_lb props: `access_logs_prefix` is missing");
        let mut props = Props::from(alb());
        props.insert("deletion_protection".into(), Value::str("yes"));
        let e = LoadBalancerProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_lb props: `deletion_protection` is not a boolean");
    }
}
