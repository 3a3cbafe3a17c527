//! Logical ids of the nodes expansion creates: the `stackctl:id` tag values.
//! Changing one renames a live resource's identity, so they are stable API.

use crate::graph::NodeId;

/// Declares the id constructors: each a fixed path, or one with its
/// arguments put in.
macro_rules! ids {
    ($( $(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) = $path:literal; )*) => {$(
        $(#[$doc])*
        pub fn $name($($arg: $ty),*) -> NodeId {
            NodeId::new(format!($path))
        }
    )*};
}

ids! {
    fn vpc() = "network/vpc";
    fn internet_gateway() = "network/internet-gateway";
    fn public_subnet(az: char) = "network/subnet/public-{az}";
    fn private_subnet(az: char) = "network/subnet/private-{az}";
    fn nat_eip(az: char) = "network/eip/nat-{az}";
    fn nat_gateway(az: char) = "network/nat-gateway/{az}";
    fn public_route_table() = "network/route-table/public";
    fn security_group(name: &str) = "network/security-group/{name}";
    fn role(name: &str) = "iam/role/{name}";
    fn eks_secrets_key() = "kubernetes/secrets-key";
    fn eks_cluster() = "kubernetes/cluster";
    fn launch_template(group: &str) = "kubernetes/launch-template/{group}";
    fn node_group(group: &str) = "kubernetes/node-group/{group}";
    /// The load balancer's target group attached to a node group's Auto Scaling group.
    fn target_group_attachment(group: &str) = "kubernetes/target-group-attachment/{group}";
    fn db_subnet_group() = "database/subnet-group";
    /// One per family: a major upgrade creates the new family's group before the
    /// instances move to it. (Stacks applied before had `database/parameter-group`,
    /// kept while its family stays: see `plan::adopt`.)
    fn db_parameter_group(family: &str) = "database/parameter-group/{family}";
    fn db_primary() = "database/primary";
    fn db_replica(n: u32) = "database/replica-{n}";
    fn cache_subnet_group() = "cache/subnet-group";
    /// A Redis user: `app` (the application's) or `default` (switched off).
    fn cache_user(role: &str) = "cache/user/{role}";
    fn cache_user_group() = "cache/user-group";
    fn cache_group() = "cache/replication-group";
    fn alb() = "edge/load-balancer";
    fn target_group() = "edge/target-group";
    fn listener(protocol: &str) = "edge/listener/{protocol}";
    fn web_acl(scope: &str) = "edge/web-acl/{scope}";
    fn web_acl_association() = "edge/web-acl-association/alb";
    fn origin_access_control() = "edge/origin-access-control";
    fn distribution() = "edge/distribution";
    fn queue(name: &str) = "queues/{name}";
    fn dead_letter_queue(name: &str) = "queues/{name}/dead-letter";
    fn bucket(name: &str) = "buckets/{name}";
    fn registry(name: &str) = "registries/{name}";
    fn log_group(name: &str) = "monitoring/log-group/{name}";
    /// The key encrypting the stack's log groups and its trail.
    fn logs_key() = "monitoring/logs-key";
    fn alarm_topic_key() = "monitoring/alarm-topic-key";
    fn alarm_topic() = "monitoring/alarm-topic";
    fn alarm(name: &str) = "monitoring/alarm/{name}";
    fn dashboard() = "monitoring/dashboard";
    fn flow_log() = "network/flow-log";
    /// The key encrypting the stack's buckets (all but the logs bucket).
    fn buckets_key() = "buckets/key";
    fn backup_key() = "backup/key";
    fn backup_vault() = "backup/vault";
    fn backup_plan() = "backup/plan";
    fn backup_selection() = "backup/selection/databases";
    fn trail() = "monitoring/trail";
    fn repository(name: &str) = "repositories/{name}";
}

/// The private subnets' table: one per zone (`Some`), or one they share.
pub fn private_route_table(az: Option<char>) -> NodeId {
    match az {
        Some(az) => NodeId::new(format!("network/route-table/private-{az}")),
        None => NodeId::new("network/route-table/private"),
    }
}
