//! Typed properties of a kind: the struct `expand` builds and the provider
//! reads, converted to and from the property map that diff, the settings
//! hash, plan files and rendering work on. A renamed or missing setting is a
//! compile error on the way in and a typed [`PropsError`] on the way out,
//! never a silent `""`, `0` or `false` sent to AWS.
//!
//! Every kind has its struct here, one file per kind (nested blocks beside
//! it), most declared through `typed_props!` (`typed.rs`); the kind's spec
//! names it (`KindSpec::props`), and the provider and the Terraform export
//! read it.

mod access_logs;
mod alarm;
mod attachments;
mod backup_plan;
mod backup_selection;
mod backup_vault;
mod bucket;
mod cache_replication_group;
mod cache_subnet_group;
mod cache_user;
mod cache_user_group;
mod codecommit_repository;
mod dashboard;
mod db_instance;
mod db_parameter_group;
mod db_subnet_group;
mod distribution;
mod ecr_repository;
mod eks_cluster;
mod eks_node_group;
mod elastic_ip;
mod flow_log;
mod iam_role;
mod internet_gateway;
mod kms_key;
mod launch_template;
mod listener;
mod load_balancer;
mod log_group;
mod metric;
mod nat_gateway;
mod origin_access_control;
mod queue;
mod route_table;
mod security_group;
mod subnet;
mod target_group;
mod topic;
mod trail;
mod typed;
mod vpc;
mod web_acl;

use thiserror::Error;

pub use access_logs::AccessLogs;
pub use alarm::{AlarmProps, MetricQuery, QuerySource};
pub use attachments::{TargetGroupAttachmentProps, WebAclAssociationProps};
pub use backup_plan::BackupPlanProps;
pub use backup_selection::BackupSelectionProps;
pub use backup_vault::BackupVaultProps;
pub use bucket::BucketProps;
pub use cache_replication_group::CacheReplicationGroupProps;
pub use cache_subnet_group::CacheSubnetGroupProps;
pub use cache_user::CacheUserProps;
pub use cache_user_group::CacheUserGroupProps;
pub use codecommit_repository::CodeCommitRepositoryProps;
pub use dashboard::{DashboardProps, Widget};
pub use db_instance::{DbInstanceProps, DbReplicaProps, DbSettings};
pub use db_parameter_group::DbParameterGroupProps;
pub use db_subnet_group::DbSubnetGroupProps;
pub use distribution::{CacheBehavior, DistributionProps, Origin, OriginAccess};
pub use ecr_repository::EcrRepositoryProps;
pub use eks_cluster::EksClusterProps;
pub use eks_node_group::EksNodeGroupProps;
pub use elastic_ip::ElasticIpProps;
pub use flow_log::FlowLogProps;
pub use iam_role::IamRoleProps;
pub use internet_gateway::InternetGatewayProps;
pub use kms_key::KmsKeyProps;
pub use launch_template::LaunchTemplateProps;
pub use listener::{ListenerAction, ListenerProps};
pub use load_balancer::LoadBalancerProps;
pub use log_group::LogGroupProps;
pub use metric::MetricLine;
pub use nat_gateway::NatGatewayProps;
pub use origin_access_control::OriginAccessControlProps;
pub use queue::{QueueProps, Redrive};
pub use route_table::{Route, RouteTableProps};
pub use security_group::{Rule, RuleSource, SecurityGroupProps};
pub use subnet::SubnetProps;
pub use target_group::TargetGroupProps;
pub use topic::TopicProps;
pub use trail::TrailProps;
pub use typed::{Field, ListItem, MapProps, PropValue};
pub use vpc::VpcProps;
pub use web_acl::{WafLogging, WafRule, WafStatement, WebAclProps};

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
#[derive(Debug)]
pub struct Reader<'a> {
    kind: Kind,
    props: &'a Props,
}

impl<'a> Reader<'a> {
    pub fn new(kind: Kind, props: &'a Props) -> Self {
        Reader { kind, props }
    }

    /// An error naming `key` of this reader's kind.
    pub fn error(&self, key: &str, problem: &'static str) -> PropsError {
        PropsError {
            kind: self.kind,
            key: key.to_string(),
            problem,
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.props.contains_key(key)
    }

    /// A reader of a map nested in this one, for the same kind.
    pub fn nested(&self, props: &'a Props) -> Reader<'a> {
        Reader::new(self.kind, props)
    }

    /// The value under `key` as `convert` reads it; `problem` says what it
    /// is not when `convert` cannot.
    fn required<T>(&self, key: &str, problem: &'static str, convert: impl FnOnce(&Value) -> Option<T>) -> Result<T, PropsError> {
        match self.props.get(key) {
            Some(v) => convert(v).ok_or_else(|| self.error(key, problem)),
            None => Err(self.error(key, "is missing")),
        }
    }

    pub fn bool(&self, key: &str) -> Result<bool, PropsError> {
        self.required(key, "is not a boolean", Value::as_bool)
    }

    pub fn u32(&self, key: &str) -> Result<u32, PropsError> {
        self.required(key, "is not a whole number from 0 to 4294967295", |v| {
            v.as_int().and_then(|i| u32::try_from(i).ok())
        })
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
        self.required(key, "is not a string", |v| v.as_str().map(str::to_string))
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
        self.required(key, "is missing", |v| Some(v.clone()))
    }

    pub fn optional_bool(&self, key: &str) -> Result<Option<bool>, PropsError> {
        match self.props.get(key) {
            None => Ok(None),
            Some(_) => self.bool(key).map(Some),
        }
    }

    pub fn i64(&self, key: &str) -> Result<i64, PropsError> {
        self.required(key, "is not a whole number", Value::as_int)
    }

    /// A number: a float, or a whole number read as one.
    pub fn f64(&self, key: &str) -> Result<f64, PropsError> {
        self.required(key, "is not a number", |v| match v {
            Value::Float(f) => Some(*f),
            Value::Int(i) => Some(*i as f64),
            _ => None,
        })
    }

    /// A list of values kept as they are (references or strings); a missing
    /// list is empty.
    pub fn values(&self, key: &str) -> Result<Vec<Value>, PropsError> {
        match self.props.get(key) {
            None => Ok(Vec::new()),
            Some(Value::List(items)) => Ok(items.clone()),
            Some(_) => Err(self.error(key, "is not a list")),
        }
    }

    /// A list of maps, each read by its own reader; a missing list is empty.
    pub fn maps(&self, key: &str) -> Result<Vec<Reader<'a>>, PropsError> {
        match self.props.get(key) {
            None => Ok(Vec::new()),
            Some(Value::List(items)) => items
                .iter()
                .map(|v| match v {
                    Value::Map(m) => Ok(Reader::new(self.kind, m)),
                    _ => Err(self.error(key, "is not a list of maps")),
                })
                .collect(),
            Some(_) => Err(self.error(key, "is not a list of maps")),
        }
    }

    /// A map of strings (tags, parameters); a missing map is empty.
    pub fn string_map(&self, key: &str) -> Result<std::collections::BTreeMap<String, String>, PropsError> {
        match self.props.get(key) {
            None => Ok(Default::default()),
            Some(Value::Map(m)) => m
                .iter()
                .map(|(k, v)| {
                    v.as_str()
                        .map(|s| (k.clone(), s.to_string()))
                        .ok_or_else(|| self.error(key, "is not a map of strings"))
                })
                .collect(),
            Some(_) => Err(self.error(key, "is not a map of strings")),
        }
    }
}

/// What reading `example`'s property map back says once `edit` has broken it:
/// the tests' check that an error names the kind and the key.
#[cfg(test)]
pub(crate) fn error_after<T>(example: T, edit: impl FnOnce(&mut Props)) -> String
where
    T: Into<Props> + for<'a> TryFrom<&'a Props, Error = PropsError> + std::fmt::Debug,
{
    let mut props = example.into();
    edit(&mut props);
    T::try_from(&props).expect_err("a broken map is an error").to_string()
}

#[cfg(test)]
mod reader_tests {
    use super::*;
    use crate::props;

    #[test]
    fn readers_name_the_key_and_what_it_should_be() {
        let p = props! {
            "count" => 3i64,
            "ratio" => 0.5,
            "tags" => Value::Map(props! { "team" => "web" }),
            "rules" => Value::List(vec![Value::Map(props! { "port" => 443i64 })]),
        };
        let r = Reader::new(Kind::Alarm, &p);
        assert_eq!(r.i64("count"), Ok(3));
        assert_eq!(r.f64("count"), Ok(3.0));
        assert_eq!(r.f64("ratio"), Ok(0.5));
        assert_eq!(r.optional_bool("absent"), Ok(None));
        assert_eq!(r.values("absent"), Ok(vec![]));
        assert_eq!(r.string_map("tags").unwrap()["team"], "web");
        assert_eq!(r.maps("rules").unwrap()[0].u32("port"), Ok(443));
        let e = r.maps("tags").unwrap_err();
        assert_eq!(e.to_string(), "aws_cloudwatch_metric_alarm props: `tags` is not a list of maps");
        assert_eq!(r.i64("ratio").unwrap_err().problem, "is not a whole number");
    }
}
