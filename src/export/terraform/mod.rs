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

use context::Ctx;
use hcl::Block;

use crate::graph::{Kind, Node, ResourceGraph};
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

/// The Terraform resources of one node (a bucket is six of them).
fn resources(c: &Ctx, n: &Node) -> Vec<Block> {
    let map: fn(&Ctx, &Node) -> Vec<Block> = match n.kind {
        Kind::Vpc => network::vpc,
        Kind::Subnet => network::subnet,
        Kind::InternetGateway => network::internet_gateway,
        Kind::ElasticIp => network::elastic_ip,
        Kind::NatGateway => network::nat_gateway,
        Kind::RouteTable => network::route_table,
        Kind::SecurityGroup => network::security_group,
        Kind::IamRole => compute::iam_role,
        Kind::KmsKey => compute::kms_key,
        Kind::LaunchTemplate => compute::launch_template,
        Kind::EksCluster => compute::eks_cluster,
        Kind::EksNodeGroup => compute::eks_node_group,
        Kind::TargetGroupAttachment => compute::target_group_attachment,
        Kind::DbSubnetGroup => data::db_subnet_group,
        Kind::DbParameterGroup => data::db_parameter_group,
        Kind::DbInstance => data::db_instance,
        Kind::DbReplica => data::db_replica,
        Kind::CacheSubnetGroup => data::cache_subnet_group,
        Kind::CacheUser => data::cache_user,
        Kind::CacheUserGroup => data::cache_user_group,
        Kind::CacheReplicationGroup => data::cache_replication_group,
        Kind::LoadBalancer => edge::load_balancer,
        Kind::TargetGroup => edge::target_group,
        Kind::Listener => edge::listener,
        Kind::WebAcl => edge::web_acl,
        Kind::WebAclAssociation => edge::web_acl_association,
        Kind::OriginAccessControl => edge::origin_access_control,
        Kind::Distribution => edge::distribution,
        Kind::Queue => storage::queue,
        Kind::Bucket => storage::bucket,
        Kind::EcrRepository => storage::ecr_repository,
        Kind::CodeCommitRepository => storage::codecommit_repository,
        Kind::LogGroup => ops::log_group,
        Kind::Alarm => ops::alarm,
        Kind::Dashboard => ops::dashboard,
        Kind::Trail => ops::trail,
        Kind::FlowLog => network::flow_log,
        Kind::Topic => ops::topic,
        Kind::BackupVault => backup::vault,
        Kind::BackupPlan => backup::plan,
        Kind::BackupSelection => backup::selection,
    };
    map(c, n)
}

#[cfg(test)]
mod tests;
