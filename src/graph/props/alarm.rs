//! A CloudWatch metric alarm's settings.

use super::{MapProps, MetricLine, PropsError, Reader};
use crate::graph::value::{Props, Value};
use crate::props;

crate::typed_props! {
    /// An alarm as the stack wants it, and as AWS reports it.
    pub struct AlarmProps for Alarm {
        pub description: String,
        /// `GreaterThanThreshold`.
        pub comparison_operator: String,
        pub threshold: f64,
        pub evaluation_periods: u32,
        /// How many of the evaluation periods must breach (M of N); AWS reports
        /// none when it was not set.
        pub datapoints_to_alarm: Option<u32>,
        /// `notBreaching`, `missing`...
        pub treat_missing_data: String,
        /// The metric queries: the one that returns data decides.
        pub metrics: Vec<MetricQuery>,
        /// Topic ARNs notified on ALARM and on OK: references to the stack's
        /// topic, or ARNs the stack lists.
        pub alarm_actions: Vec<Value>,
        pub ok_actions: Vec<Value>,
    }
}

crate::typed_props! {
    /// One query of an alarm (`MetricDataQuery`).
    pub struct MetricQuery {
        pub source as ..: QuerySource,
        /// The name metric math refers to it by.
        pub id: String,
        /// Whether this query is the alarm's time series.
        pub return_data: bool,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum QuerySource {
    /// Metric math over the other queries (`100 * errors / requests`).
    Expression(String),
    /// A metric's statistic over `period` seconds.
    Metric { line: MetricLine, period: u32 },
}

/// The source is chosen by its keys: an `expression`, or a metric's four
/// keys beside the query's own.
impl From<QuerySource> for Props {
    fn from(s: QuerySource) -> Props {
        match s {
            QuerySource::Expression(e) => props! { "expression" => e },
            QuerySource::Metric { line, period } => {
                let mut p = Props::from(line);
                p.insert("period".into(), Value::from(period));
                p
            }
        }
    }
}

impl MapProps for QuerySource {
    fn read_map(r: &Reader<'_>) -> Result<QuerySource, PropsError> {
        Ok(match r.optional_str("expression")? {
            Some(e) => QuerySource::Expression(e),
            None => QuerySource::Metric {
                line: MetricLine::read_map(r)?,
                period: r.u32("period")?,
            },
        })
    }
}

#[cfg(test)]
impl AlarmProps {
    /// The ALB 5xx alarm: a count and metric math over it, a fixture for
    /// the tests that build AWS requests.
    pub fn example() -> AlarmProps {
        let errors = MetricQuery {
            id: "errors".into(),
            return_data: false,
            source: QuerySource::Metric {
                line: MetricLine {
                    namespace: "AWS/ApplicationELB".into(),
                    metric_name: "HTTPCode_ELB_5XX_Count".into(),
                    dimensions: crate::props! { "LoadBalancer" => "app/shop-alb/1" },
                    stat: "Sum".into(),
                },
                period: 60,
            },
        };
        let percent = MetricQuery {
            id: "percent".into(),
            return_data: true,
            source: QuerySource::Expression("100 * errors / requests".into()),
        };
        AlarmProps {
            description: "ALB 5xx responses above 1% of requests".into(),
            comparison_operator: "GreaterThanThreshold".into(),
            threshold: 1.0,
            evaluation_periods: 3,
            datapoints_to_alarm: Some(2),
            treat_missing_data: "notBreaching".into(),
            metrics: vec![errors, percent],
            alarm_actions: vec![Value::str("arn:aws:sns:us-east-1:1:shop-alarms")],
            ok_actions: vec![Value::str("arn:aws:sns:us-east-1:1:shop-alarms")],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::props::error_after;

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(AlarmProps::try_from(&Props::from(AlarmProps::example())), Ok(AlarmProps::example()));
        let unset = AlarmProps {
            datapoints_to_alarm: None,
            ..AlarmProps::example()
        };
        assert_eq!(AlarmProps::try_from(&Props::from(unset.clone())), Ok(unset));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let e = error_after(AlarmProps::example(), |props| {
            props.remove("treat_missing_data");
        });
        assert_eq!(e, "aws_cloudwatch_metric_alarm props: `treat_missing_data` is missing");
        let mut props = Props::from(AlarmProps::example());
        props.insert(
            "metrics".into(),
            Value::List(vec![Value::Map(props! { "id" => "x", "return_data" => true })]),
        );
        let e = AlarmProps::try_from(&props).unwrap_err();
        // A query without an expression is a metric: its keys come first.
        assert_eq!(e.to_string(), "aws_cloudwatch_metric_alarm props: `namespace` is missing");
        let e = error_after(AlarmProps::example(), |props| {
            props.insert("threshold".into(), Value::str("1"));
        });
        assert_eq!(e, "aws_cloudwatch_metric_alarm props: `threshold` is not a number");
    }
}
