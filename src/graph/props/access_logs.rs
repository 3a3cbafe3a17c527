//! Access logs into a bucket under a prefix: the load balancer's and a
//! bucket's server access logs, written under the same two keys.

use super::{Field, PropsError, Reader};
use crate::graph::value::{Props, Value};

/// The bucket and key prefix access logs go to.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessLogs {
    /// The bucket's name: a reference in the graph (ELB checks the bucket's
    /// policy as logs are turned on), a string once resolved or read back.
    pub bucket: Value,
    pub prefix: String,
}

/// Spread over `access_logs_bucket` and `access_logs_prefix`, whatever the
/// field's name; none without `access_logs_bucket`.
impl Field for Option<AccessLogs> {
    fn read_field(r: &Reader<'_>, _: &str) -> Result<Self, PropsError> {
        match r.optional("access_logs_bucket") {
            Some(bucket) => Ok(Some(AccessLogs {
                bucket,
                prefix: r.string("access_logs_prefix")?,
            })),
            None => Ok(None),
        }
    }

    fn write_field(self, _: &str, p: &mut Props) {
        if let Some(logs) = self {
            p.insert("access_logs_bucket".into(), logs.bucket);
            p.insert("access_logs_prefix".into(), Value::str(logs.prefix));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Kind;

    #[test]
    fn access_logs_are_spread_over_their_two_keys() {
        let logs = Some(AccessLogs {
            bucket: Value::str("shop-logs"),
            prefix: "alb".into(),
        });
        let mut p = Props::new();
        logs.clone().write_field("access_logs", &mut p);
        assert_eq!(p.keys().collect::<Vec<_>>(), ["access_logs_bucket", "access_logs_prefix"]);
        let r = Reader::new(Kind::LoadBalancer, &p);
        assert_eq!(Option::<AccessLogs>::read_field(&r, "access_logs"), Ok(logs));
        let mut none = Props::new();
        None::<AccessLogs>.write_field("access_logs", &mut none);
        assert!(none.is_empty(), "no logs, no keys");
        assert_eq!(
            Option::<AccessLogs>::read_field(&Reader::new(Kind::LoadBalancer, &none), "access_logs"),
            Ok(None)
        );
        p.remove("access_logs_prefix");
        let e = Option::<AccessLogs>::read_field(&Reader::new(Kind::LoadBalancer, &p), "access_logs").unwrap_err();
        assert_eq!(e.to_string(), "aws_lb props: `access_logs_prefix` is missing");
    }
}
