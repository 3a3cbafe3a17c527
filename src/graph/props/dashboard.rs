//! The stack's CloudWatch dashboard: its widgets.

use super::MetricLine;

crate::typed_props! {
    /// A dashboard as the stack wants it, and as its body reads back.
    pub struct DashboardProps for Dashboard {
        /// One time-series widget each, two per row, in this order.
        pub widgets: Vec<Widget>,
    }
}

crate::typed_props! {
    /// A time-series widget: its title, the region its metrics are in, and the
    /// lines it draws.
    pub struct Widget {
        pub title: String,
        pub region: String,
        pub metrics: Vec<MetricLine>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Props, Value};
    use crate::props;

    fn dashboard() -> DashboardProps {
        DashboardProps {
            widgets: vec![Widget {
                title: "Queues: oldest message (s)".into(),
                region: "us-east-1".into(),
                metrics: vec![MetricLine {
                    namespace: "AWS/SQS".into(),
                    metric_name: "ApproximateAgeOfOldestMessage".into(),
                    dimensions: props! { "QueueName" => "shop-orders" },
                    stat: "Maximum".into(),
                }],
            }],
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(DashboardProps::try_from(&Props::from(dashboard())), Ok(dashboard()));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(dashboard());
        props.insert("widgets".into(), Value::List(vec![Value::Map(props! { "title" => "x" })]));
        let e = DashboardProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_cloudwatch_dashboard props: `region` is missing");
        props.insert("widgets".into(), Value::str("none"));
        let e = DashboardProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_cloudwatch_dashboard props: `widgets` is not a list of maps");
    }
}
