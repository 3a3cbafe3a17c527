//! A CloudWatch metric as alarms query it and dashboard widgets draw it.

use super::{PropsError, Reader};
use crate::graph::value::{Props, Value};

/// One metric with the statistic to take of it.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricLine {
    pub namespace: String,
    pub metric_name: String,
    /// Dimension name to value: a reference in the graph (the ALB's ARN
    /// suffix, a queue's name), a string once resolved or read back.
    pub dimensions: Props,
    /// `Sum`, `Average`, `Maximum`, `p99`...
    pub stat: String,
}

impl MetricLine {
    /// Writes its four keys into `p`, beside the others of an alarm query.
    pub(super) fn insert(self, p: &mut Props) {
        p.insert("namespace".into(), Value::str(self.namespace));
        p.insert("metric_name".into(), Value::str(self.metric_name));
        p.insert("dimensions".into(), Value::Map(self.dimensions));
        p.insert("stat".into(), Value::str(self.stat));
    }

    pub(super) fn read(r: &Reader<'_>) -> Result<MetricLine, PropsError> {
        let dimensions = match r.map("dimensions")? {
            Some(d) => d.props.clone(),
            None => return Err(r.error("dimensions", "is missing")),
        };
        Ok(MetricLine {
            namespace: r.string("namespace")?,
            metric_name: r.string("metric_name")?,
            dimensions,
            stat: r.string("stat")?,
        })
    }
}

impl From<MetricLine> for Value {
    fn from(m: MetricLine) -> Value {
        let mut p = Props::new();
        m.insert(&mut p);
        Value::Map(p)
    }
}
