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
