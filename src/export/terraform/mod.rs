//! `stackctl export terraform`: the expanded resource graph as a Terraform
//! configuration for the hashicorp/aws provider 5.x. Pure: every function
//! returns text; the command writes the files.
//!
//! One file per component, resources named after the logical ids, references
//! as Terraform references, the stack name, region, zones and tags as
//! variables, and the ownership tags stackctl reads, so that stackctl finds
//! what Terraform made (`stackctl plan` sees it as its own).

mod backup;
mod compute;
mod context;
mod data;
mod edge;
pub mod hcl;
mod network;
mod ops;
mod settings;
mod storage;

use context::{Ctx, typed};
use hcl::Block;

use crate::graph::props::PropsError;
use crate::graph::{Kind, Node, Props, ResourceGraph};
use crate::stack::Stack;

/// The files of the component files, in the order they are written.
pub const COMPONENTS: &[&str] = &[
    "network",
    "edge",
    "kubernetes",
    "database",
    "cache",
    "backup",
    "storage",
    "monitoring",
];

/// The configuration as `(file name, content)`: the component files that have
/// resources, then `terraform.tf`, `variables.tf` and `outputs.tf`.
pub fn export(stack: &Stack, graph: &ResourceGraph) -> Vec<(String, String)> {
    let tags = stack.tags.keys().cloned().collect();
    let c = Ctx::new(graph, &stack.stack.value, &stack.region.value, tags);
    let mut files = Vec::new();
    for component in COMPONENTS {
        let mut blocks = match *component {
            "network" => network::prefix_lists(&c),
            "edge" => edge::cloudfront_policies(&c),
            _ => Vec::new(),
        };
        for n in graph.nodes().iter().filter(|n| component_of(n) == *component) {
            blocks.extend(resources(&c, n));
        }
        if blocks.iter().any(Block::is_resource) {
            let header = format!("{} of stack `{}`.\n", title(component), c.stack);
            files.push((format!("{component}.tf"), with_header(&header, &hcl::file(&blocks))));
        }
    }
    files.push(("terraform.tf".into(), settings::terraform(&c)));
    files.push(("variables.tf".into(), settings::variables(&c, stack)));
    files.push(("outputs.tf".into(), settings::outputs(&c)));
    files
}

fn with_header(header: &str, text: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str(&format!("# {line}\n"));
    }
    out.push_str("# Written by `stackctl export terraform`.\n\n");
    out.push_str(text);
    out
}

fn title(component: &str) -> String {
    let mut t = component.to_string();
    t[..1].make_ascii_uppercase();
    t
}

/// The component file a node goes to, from its logical id.
fn component_of(n: &Node) -> &'static str {
    let first = n.id.as_str().split('/').next().unwrap_or_default();
    if n.id == crate::graph::expand::ids::role("backup") {
        return "backup";
    }
    match first {
        "network" => "network",
        "edge" => "edge",
        "kubernetes" | "iam" => "kubernetes",
        "database" => "database",
        "cache" => "cache",
        "backup" => "backup",
        "monitoring" => "monitoring",
        _ => "storage",
    }
}

/// The Terraform resources of one node (a bucket is six of them), from its
/// kind's typed properties.
fn resources(c: &Ctx, n: &Node) -> Vec<Block> {
    match n.kind {
        Kind::Vpc => write(c, n, network::vpc),
        Kind::Subnet => write(c, n, network::subnet),
        Kind::InternetGateway => write(c, n, network::internet_gateway),
        Kind::ElasticIp => write(c, n, network::elastic_ip),
        Kind::NatGateway => write(c, n, network::nat_gateway),
        Kind::RouteTable => write(c, n, network::route_table),
        Kind::SecurityGroup => write(c, n, network::security_group),
        Kind::IamRole => write(c, n, compute::iam_role),
        Kind::KmsKey => write(c, n, compute::kms_key),
        Kind::LaunchTemplate => write(c, n, compute::launch_template),
        Kind::EksCluster => write(c, n, compute::eks_cluster),
        Kind::EksNodeGroup => write(c, n, compute::eks_node_group),
        Kind::TargetGroupAttachment => write(c, n, compute::target_group_attachment),
        Kind::DbSubnetGroup => write(c, n, data::db_subnet_group),
        Kind::DbParameterGroup => write(c, n, data::db_parameter_group),
        Kind::DbInstance => write(c, n, data::db_instance),
        Kind::DbReplica => write(c, n, data::db_replica),
        Kind::CacheSubnetGroup => write(c, n, data::cache_subnet_group),
        Kind::CacheUser => write(c, n, data::cache_user),
        Kind::CacheUserGroup => write(c, n, data::cache_user_group),
        Kind::CacheReplicationGroup => write(c, n, data::cache_replication_group),
        Kind::LoadBalancer => write(c, n, edge::load_balancer),
        Kind::TargetGroup => write(c, n, edge::target_group),
        Kind::Listener => write(c, n, edge::listener),
        Kind::WebAcl => write(c, n, edge::web_acl),
        Kind::WebAclAssociation => write(c, n, edge::web_acl_association),
        Kind::OriginAccessControl => write(c, n, edge::origin_access_control),
        Kind::Distribution => write(c, n, edge::distribution),
        Kind::Queue => write(c, n, storage::queue),
        Kind::Bucket => write(c, n, storage::bucket),
        Kind::EcrRepository => write(c, n, storage::ecr_repository),
        Kind::CodeCommitRepository => write(c, n, storage::codecommit_repository),
        Kind::LogGroup => write(c, n, ops::log_group),
        Kind::Alarm => write(c, n, ops::alarm),
        Kind::Dashboard => write(c, n, ops::dashboard),
        Kind::Trail => write(c, n, ops::trail),
        Kind::FlowLog => write(c, n, network::flow_log),
        Kind::Topic => write(c, n, ops::topic),
        Kind::BackupVault => write(c, n, backup::vault),
        Kind::BackupPlan => write(c, n, backup::plan),
        Kind::BackupSelection => write(c, n, backup::selection),
    }
}

/// Calls a kind's writer with the node's typed properties ([`typed`]): a
/// writer's signature names the struct it maps.
fn write<P>(c: &Ctx, n: &Node, writer: fn(&Ctx, &Node, P) -> Vec<Block>) -> Vec<Block>
where
    P: for<'p> TryFrom<&'p Props, Error = PropsError>,
{
    writer(c, n, typed(n))
}

#[cfg(test)]
mod tests;
