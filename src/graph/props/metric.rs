//! A CloudWatch metric as alarms query it and dashboard widgets draw it.

use crate::graph::value::Props;

crate::typed_props! {
    /// One metric with the statistic to take of it.
    pub struct MetricLine {
        pub namespace: String,
        pub metric_name: String,
        /// Dimension name to value: a reference in the graph (the ALB's ARN
        /// suffix, a queue's name), a string once resolved or read back.
        pub dimensions: Props,
        /// `Sum`, `Average`, `Maximum`, `p99`...
        pub stat: String,
    }
}
