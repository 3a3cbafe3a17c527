//! A load balancer listener's settings and its default action.

use super::{MapProps, PropsError, Reader};
use crate::graph::value::{Props, Value};
use crate::props;

crate::typed_props! {
    /// A listener as the stack wants it, and as AWS reports it.
    pub struct ListenerProps for Listener {
        /// The load balancer's ARN: a reference in the graph, a string once
        /// resolved or read back.
        pub load_balancer_arn: Value,
        pub port: u32,
        /// `HTTP` or `HTTPS`.
        pub protocol: String,
        /// HTTPS only: the ACM certificate.
        pub certificate_arn: Option<String>,
        /// HTTPS only: the TLS policy.
        pub ssl_policy: Option<String>,
        /// Always set by the stack; absent in what AWS reports only for a
        /// listener without actions.
        pub default_action: Option<ListenerAction>,
    }
}

/// What a listener does with a request, by its `type` key.
#[derive(Debug, Clone, PartialEq)]
pub enum ListenerAction {
    /// `forward` to the target group.
    Forward { target_group_arn: Value },
    /// `redirect`, as port 80 does to HTTPS (`port` is a string in ELB's API).
    Redirect {
        protocol: String,
        port: String,
        status_code: String,
    },
    /// Another type AWS reports (a listener changed outside stackctl), kept
    /// with the target group it names, if any, so the plan shows the drift.
    Other { action_type: String, target_group_arn: Value },
}

impl From<ListenerAction> for Props {
    fn from(a: ListenerAction) -> Props {
        match a {
            ListenerAction::Forward { target_group_arn } => {
                props! { "type" => "forward", "target_group_arn" => target_group_arn }
            }
            ListenerAction::Redirect {
                protocol,
                port,
                status_code,
            } => props! { "type" => "redirect", "protocol" => protocol, "port" => port, "status_code" => status_code },
            ListenerAction::Other {
                action_type,
                target_group_arn,
            } => props! { "type" => action_type, "target_group_arn" => target_group_arn },
        }
    }
}

impl MapProps for ListenerAction {
    fn read_map(r: &Reader<'_>) -> Result<ListenerAction, PropsError> {
        Ok(match r.string("type")?.as_str() {
            "forward" => ListenerAction::Forward {
                target_group_arn: r.value("target_group_arn")?,
            },
            "redirect" => ListenerAction::Redirect {
                protocol: r.string("protocol")?,
                port: r.string("port")?,
                status_code: r.string("status_code")?,
            },
            other => ListenerAction::Other {
                action_type: other.to_string(),
                target_group_arn: r.value("target_group_arn")?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::props::error_after;

    fn https() -> ListenerProps {
        ListenerProps {
            load_balancer_arn: Value::str("arn:lb"),
            port: 443,
            protocol: "HTTPS".into(),
            certificate_arn: Some("arn:cert".into()),
            ssl_policy: Some("ELBSecurityPolicy-TLS13-1-2-2021-06".into()),
            default_action: Some(ListenerAction::Forward {
                target_group_arn: Value::str("arn:tg"),
            }),
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(ListenerProps::try_from(&Props::from(https())), Ok(https()));
        let http = ListenerProps {
            port: 80,
            protocol: "HTTP".into(),
            certificate_arn: None,
            ssl_policy: None,
            default_action: Some(ListenerAction::Redirect {
                protocol: "HTTPS".into(),
                port: "443".into(),
                status_code: "HTTP_301".into(),
            }),
            ..https()
        };
        assert_eq!(ListenerProps::try_from(&Props::from(http.clone())), Ok(http));
        let other = ListenerProps {
            default_action: Some(ListenerAction::Other {
                action_type: "fixed-response".into(),
                target_group_arn: Value::str(""),
            }),
            ..https()
        };
        assert_eq!(ListenerProps::try_from(&Props::from(other.clone())), Ok(other));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let e = error_after(https(), |props| {
            props.insert("default_action".into(), Value::Map(props! { "type" => "redirect" }));
        });
        assert_eq!(e, "aws_lb_listener props: `protocol` is missing");
        let e = error_after(https(), |props| {
            props.insert("certificate_arn".into(), Value::Int(1));
        });
        assert_eq!(e, "aws_lb_listener props: `certificate_arn` is not a string");
    }
}
