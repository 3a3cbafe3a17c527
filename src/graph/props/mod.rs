//! Typed properties of a kind: the struct `expand` builds and the provider
//! reads, converted to and from the property map that diff, the settings
//! hash, plan files and rendering work on. A renamed or missing setting is a
//! compile error on the way in and a typed [`PropsError`] on the way out,
//! never a silent `""`, `0` or `false` sent to AWS.
//!
//! Kinds move here one at a time (issue 9): the queue, the log group, the ECR
//! repository, the alarm topic, the trail, the flow log, the origin access
//! control, the WAF association and the target group attachment so far.

mod attachments;
mod ecr_repository;
mod flow_log;
mod log_group;
mod origin_access_control;
mod queue;
mod topic;
mod trail;

use thiserror::Error;

pub use attachments::{TargetGroupAttachmentProps, WebAclAssociationProps};
pub use ecr_repository::EcrRepositoryProps;
pub use flow_log::FlowLogProps;
pub use log_group::LogGroupProps;
pub use origin_access_control::OriginAccessControlProps;
pub use queue::{QueueProps, Redrive};
pub use topic::TopicProps;
pub use trail::TrailProps;

use super::node::Kind;
use super::value::{Props, Value};

/// A property map that does not hold what its kind's typed props need.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{kind} props: `{key}` {problem}")]
pub struct PropsError {
    pub kind: Kind,
    pub key: String,
    pub problem: &'static str,
}

/// Reads typed values out of one kind's property map, naming the key and the
/// kind in every error.
pub(crate) struct Reader<'a> {
    kind: Kind,
    props: &'a Props,
}

impl<'a> Reader<'a> {
    pub fn new(kind: Kind, props: &'a Props) -> Self {
        Reader { kind, props }
    }

    fn error(&self, key: &str, problem: &'static str) -> PropsError {
        PropsError {
            kind: self.kind,
            key: key.to_string(),
            problem,
        }
    }

    pub fn bool(&self, key: &str) -> Result<bool, PropsError> {
        match self.props.get(key) {
            Some(v) => v.as_bool().ok_or_else(|| self.error(key, "is not a boolean")),
            None => Err(self.error(key, "is missing")),
        }
    }

    pub fn u32(&self, key: &str) -> Result<u32, PropsError> {
        match self.props.get(key) {
            Some(v) => v
                .as_int()
                .and_then(|i| u32::try_from(i).ok())
                .ok_or_else(|| self.error(key, "is not a whole number from 0 to 4294967295")),
            None => Err(self.error(key, "is missing")),
        }
    }

    pub fn optional_u32(&self, key: &str) -> Result<Option<u32>, PropsError> {
        match self.props.get(key) {
            None => Ok(None),
            Some(_) => self.u32(key).map(Some),
        }
    }

    /// A list of strings; a missing list is empty.
    pub fn strings(&self, key: &str) -> Result<Vec<String>, PropsError> {
        match self.props.get(key) {
            None => Ok(Vec::new()),
            Some(Value::List(items)) => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| self.error(key, "is not a list of strings"))
                })
                .collect(),
            Some(_) => Err(self.error(key, "is not a list of strings")),
        }
    }

    pub fn map(&self, key: &str) -> Result<Option<Reader<'a>>, PropsError> {
        match self.props.get(key) {
            None => Ok(None),
            Some(Value::Map(m)) => Ok(Some(Reader::new(self.kind, m))),
            Some(_) => Err(self.error(key, "is not a map")),
        }
    }

    /// An optional value kept as it is (a reference or its resolved string).
    pub fn optional(&self, key: &str) -> Option<Value> {
        self.props.get(key).cloned()
    }

    pub fn string(&self, key: &str) -> Result<String, PropsError> {
        self.optional_str(key)?.ok_or_else(|| self.error(key, "is missing"))
    }

    pub fn optional_str(&self, key: &str) -> Result<Option<String>, PropsError> {
        match self.props.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .map(|s| Some(s.to_string()))
                .ok_or_else(|| self.error(key, "is not a string")),
        }
    }

    /// A value kept as it is: a reference before apply resolves it, its
    /// string after.
    pub fn value(&self, key: &str) -> Result<Value, PropsError> {
        self.props.get(key).cloned().ok_or_else(|| self.error(key, "is missing"))
    }
}
