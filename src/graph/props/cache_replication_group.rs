//! A Redis replication group's settings (cluster mode off: one shard).

use crate::graph::value::Value;

crate::typed_props! {
    /// A replication group as the stack wants it, and as AWS reports it. The
    /// optional settings are always in the stack's; AWS reports them through a
    /// member cluster or the primary endpoint, which a read may not have.
    pub struct CacheReplicationGroupProps for CacheReplicationGroup {
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
        pub user_group_ids unless empty: Vec<Value>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::props::error_after;
    use crate::graph::value::Props;

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
