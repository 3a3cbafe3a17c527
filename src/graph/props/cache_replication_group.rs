//! A Redis replication group's settings (cluster mode off: one shard).

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};
use crate::props;

/// A replication group as the stack wants it, and as AWS reports it. The
/// optional settings are always in the stack's; AWS reports them through a
/// member cluster or the primary endpoint, which a read may not have.
#[derive(Debug, Clone, PartialEq)]
pub struct CacheReplicationGroupProps {
    pub description: String,
    pub engine: String,
    /// `major.minor` for Redis 6 and later, as the stack file writes it.
    pub engine_version: Option<String>,
    pub node_type: Option<String>,
    /// Replicas of the primary in the one shard.
    pub replicas_per_node_group: u32,
    pub automatic_failover: bool,
    pub multi_az: bool,
    /// Fixed at creation.
    pub at_rest_encryption: bool,
    /// Fixed at creation.
    pub transit_encryption: bool,
    pub port: Option<u32>,
    /// Days of automatic snapshots kept (0: none).
    pub snapshot_retention_limit: u32,
    pub auto_minor_version_upgrade: bool,
    /// The cache subnet group's name: a reference in the graph.
    pub subnet_group_name: Option<Value>,
    /// References in the graph, ids once resolved or read.
    pub security_group_ids: Option<Vec<Value>>,
    /// The user groups (RBAC) whose users may connect: references in the
    /// graph, ids once resolved or read; none: Redis without AUTH. Absent
    /// from the property map when empty, as for a group made before users.
    pub user_group_ids: Vec<Value>,
}

impl From<CacheReplicationGroupProps> for Props {
    fn from(g: CacheReplicationGroupProps) -> Props {
        let mut p = props! {
            "description" => g.description,
            "engine" => g.engine,
            "replicas_per_node_group" => g.replicas_per_node_group,
            "automatic_failover" => g.automatic_failover,
            "multi_az" => g.multi_az,
            "at_rest_encryption" => g.at_rest_encryption,
            "transit_encryption" => g.transit_encryption,
            "snapshot_retention_limit" => g.snapshot_retention_limit,
            "auto_minor_version_upgrade" => g.auto_minor_version_upgrade,
        };
        let optional = [
            ("engine_version", g.engine_version.map(Value::Str)),
            ("node_type", g.node_type.map(Value::Str)),
            ("port", g.port.map(Value::from)),
            ("subnet_group_name", g.subnet_group_name),
            ("security_group_ids", g.security_group_ids.map(Value::List)),
        ];
        p.extend(optional.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))));
        if !g.user_group_ids.is_empty() {
            p.insert("user_group_ids".into(), Value::List(g.user_group_ids));
        }
        p
    }
}

impl TryFrom<&Props> for CacheReplicationGroupProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<CacheReplicationGroupProps, PropsError> {
        let r = Reader::new(Kind::CacheReplicationGroup, p);
        let security_group_ids = match r.optional("security_group_ids") {
            Some(_) => Some(r.values("security_group_ids")?),
            None => None,
        };
        Ok(CacheReplicationGroupProps {
            description: r.string("description")?,
            engine: r.string("engine")?,
            engine_version: r.optional_str("engine_version")?,
            node_type: r.optional_str("node_type")?,
            replicas_per_node_group: r.u32("replicas_per_node_group")?,
            automatic_failover: r.bool("automatic_failover")?,
            multi_az: r.bool("multi_az")?,
            at_rest_encryption: r.bool("at_rest_encryption")?,
            transit_encryption: r.bool("transit_encryption")?,
            port: r.optional_u32("port")?,
            snapshot_retention_limit: r.u32("snapshot_retention_limit")?,
            auto_minor_version_upgrade: r.bool("auto_minor_version_upgrade")?,
            subnet_group_name: r.optional("subnet_group_name"),
            security_group_ids,
            user_group_ids: r.values("user_group_ids")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::props::error_after;

    fn group() -> CacheReplicationGroupProps {
        CacheReplicationGroupProps {
            description: "Redis of stack shop".into(),
            engine: "redis".into(),
            engine_version: Some("7.1".into()),
            node_type: Some("cache.r6g.large".into()),
            replicas_per_node_group: 1,
            automatic_failover: true,
            multi_az: true,
            at_rest_encryption: true,
            transit_encryption: true,
            port: Some(6379),
            snapshot_retention_limit: 7,
            auto_minor_version_upgrade: true,
            subnet_group_name: Some(Value::str("shop-cache")),
            security_group_ids: Some(vec![Value::str("sg-1")]),
            user_group_ids: vec![Value::str("shop-cache-users")],
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        let props = Props::from(group());
        assert_eq!(CacheReplicationGroupProps::try_from(&props), Ok(group()));
        let partial = CacheReplicationGroupProps {
            engine_version: None,
            port: None,
            subnet_group_name: None,
            security_group_ids: None,
            user_group_ids: vec![],
            ..group()
        };
        let props = Props::from(partial.clone());
        assert!(!props.contains_key("security_group_ids") && !props.contains_key("port"));
        assert!(!props.contains_key("user_group_ids"));
        assert_eq!(CacheReplicationGroupProps::try_from(&props), Ok(partial));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let e = error_after(group(), |props| {
            props.remove("replicas_per_node_group");
        });
        assert_eq!(e, "aws_elasticache_replication_group props: `replicas_per_node_group` is missing");
        let e = error_after(group(), |props| {
            props.insert("transit_encryption".into(), Value::str("yes"));
        });
        assert_eq!(e, "aws_elasticache_replication_group props: `transit_encryption` is not a boolean");
    }
}
