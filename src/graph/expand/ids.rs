//! Logical ids of the nodes expansion creates: the `stackctl:id` tag values.
//! Changing one renames a live resource's identity, so they are stable API.

use crate::graph::NodeId;

pub fn vpc() -> NodeId {
    NodeId::new("network/vpc")
}
pub fn internet_gateway() -> NodeId {
    NodeId::new("network/internet-gateway")
}
pub fn public_subnet(az: char) -> NodeId {
    NodeId::new(format!("network/subnet/public-{az}"))
}
pub fn private_subnet(az: char) -> NodeId {
    NodeId::new(format!("network/subnet/private-{az}"))
}
pub fn nat_eip(az: char) -> NodeId {
    NodeId::new(format!("network/eip/nat-{az}"))
}
pub fn nat_gateway(az: char) -> NodeId {
    NodeId::new(format!("network/nat-gateway/{az}"))
}
pub fn public_route_table() -> NodeId {
    NodeId::new("network/route-table/public")
}
pub fn private_route_table(az: Option<char>) -> NodeId {
    match az {
        Some(az) => NodeId::new(format!("network/route-table/private-{az}")),
        None => NodeId::new("network/route-table/private"),
    }
}
pub fn security_group(name: &str) -> NodeId {
    NodeId::new(format!("network/security-group/{name}"))
}
pub fn role(name: &str) -> NodeId {
    NodeId::new(format!("iam/role/{name}"))
}
pub fn eks_secrets_key() -> NodeId {
    NodeId::new("kubernetes/secrets-key")
}
pub fn eks_cluster() -> NodeId {
    NodeId::new("kubernetes/cluster")
}
pub fn launch_template(group: &str) -> NodeId {
    NodeId::new(format!("kubernetes/launch-template/{group}"))
}
pub fn node_group(group: &str) -> NodeId {
    NodeId::new(format!("kubernetes/node-group/{group}"))
}
/// The load balancer's target group attached to a node group's Auto Scaling group.
pub fn target_group_attachment(group: &str) -> NodeId {
    NodeId::new(format!("kubernetes/target-group-attachment/{group}"))
}
pub fn db_subnet_group() -> NodeId {
    NodeId::new("database/subnet-group")
}
/// One per family: a major upgrade creates the new family's group before the
/// instances move to it. (Stacks applied before had `database/parameter-group`,
/// kept while its family stays: see `plan::adopt`.)
pub fn db_parameter_group(family: &str) -> NodeId {
    NodeId::new(format!("database/parameter-group/{family}"))
}
pub fn db_primary() -> NodeId {
    NodeId::new("database/primary")
}
pub fn db_replica(n: u32) -> NodeId {
    NodeId::new(format!("database/replica-{n}"))
}
pub fn cache_subnet_group() -> NodeId {
    NodeId::new("cache/subnet-group")
}
/// A Redis user: `app` (the application's) or `default` (switched off).
pub fn cache_user(role: &str) -> NodeId {
    NodeId::new(format!("cache/user/{role}"))
}
pub fn cache_user_group() -> NodeId {
    NodeId::new("cache/user-group")
}
pub fn cache_group() -> NodeId {
    NodeId::new("cache/replication-group")
}
pub fn alb() -> NodeId {
    NodeId::new("edge/load-balancer")
}
pub fn target_group() -> NodeId {
    NodeId::new("edge/target-group")
}
pub fn listener(protocol: &str) -> NodeId {
    NodeId::new(format!("edge/listener/{protocol}"))
}
pub fn web_acl(scope: &str) -> NodeId {
    NodeId::new(format!("edge/web-acl/{scope}"))
}
pub fn web_acl_association() -> NodeId {
    NodeId::new("edge/web-acl-association/alb")
}
pub fn origin_access_control() -> NodeId {
    NodeId::new("edge/origin-access-control")
}
pub fn distribution() -> NodeId {
    NodeId::new("edge/distribution")
}
pub fn queue(name: &str) -> NodeId {
    NodeId::new(format!("queues/{name}"))
}
pub fn dead_letter_queue(name: &str) -> NodeId {
    NodeId::new(format!("queues/{name}/dead-letter"))
}
pub fn bucket(name: &str) -> NodeId {
    NodeId::new(format!("buckets/{name}"))
}
pub fn registry(name: &str) -> NodeId {
    NodeId::new(format!("registries/{name}"))
}
pub fn log_group(name: &str) -> NodeId {
    NodeId::new(format!("monitoring/log-group/{name}"))
}
/// The key encrypting the stack's log groups and its trail.
pub fn logs_key() -> NodeId {
    NodeId::new("monitoring/logs-key")
}
pub fn alarm_topic_key() -> NodeId {
    NodeId::new("monitoring/alarm-topic-key")
}
pub fn alarm_topic() -> NodeId {
    NodeId::new("monitoring/alarm-topic")
}
pub fn alarm(name: &str) -> NodeId {
    NodeId::new(format!("monitoring/alarm/{name}"))
}
pub fn dashboard() -> NodeId {
    NodeId::new("monitoring/dashboard")
}
pub fn flow_log() -> NodeId {
    NodeId::new("network/flow-log")
}
/// The key encrypting the stack's buckets (all but the logs bucket).
pub fn buckets_key() -> NodeId {
    NodeId::new("buckets/key")
}
pub fn backup_key() -> NodeId {
    NodeId::new("backup/key")
}
pub fn backup_vault() -> NodeId {
    NodeId::new("backup/vault")
}
pub fn backup_plan() -> NodeId {
    NodeId::new("backup/plan")
}
pub fn backup_selection() -> NodeId {
    NodeId::new("backup/selection/databases")
}
pub fn trail() -> NodeId {
    NodeId::new("monitoring/trail")
}
pub fn repository(name: &str) -> NodeId {
    NodeId::new(format!("repositories/{name}"))
}
