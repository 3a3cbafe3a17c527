//! The VPC and what lives in it: subnets, gateways, route tables, security groups, the flow log.

use super::compute::depends_on;
use super::context::{Ctx, ident};
use super::hcl::{Block, Body, Expr};
use crate::graph::network_acl::{ANYWHERE, restricted_inbound};
use crate::graph::{Node, Value};

pub fn vpc(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new()
        .attr("cidr_block", c.prop(n, "cidr_block"))
        .attr("enable_dns_hostnames", c.prop(n, "enable_dns_hostnames"))
        .attr("enable_dns_support", c.prop(n, "enable_dns_support"))
        .attr("tags", c.tags(n));
    let name = ident(n.id.as_str());
    let mut blocks = vec![Block::resource("aws_vpc", &name, body)];
    // Adopting the VPC's default group with no rule blocks removes its rules,
    // as stackctl revokes them.
    if n.props.get("restrict_default_security_group").and_then(Value::as_bool) == Some(true) {
        let default = Body::new().attr("vpc_id", Expr::raw(format!("aws_vpc.{name}.id")));
        blocks.push(Block::resource("aws_default_security_group", &name, default));
    }
    if n.props.get("restrict_default_network_acl").and_then(Value::as_bool) == Some(true) {
        let cidr = n.props.get("cidr_block").and_then(Value::as_str).unwrap_or_default();
        blocks.push(default_network_acl(&name, cidr));
    }
    blocks
}

/// The VPC's own range by reference, so that a changed `cidr_block` follows.
fn cidr_expr(vpc: &str, vpc_cidr: &str, cidr: &str) -> Expr {
    if cidr == vpc_cidr {
        Expr::raw(format!("aws_vpc.{vpc}.cidr_block"))
    } else {
        Expr::string(cidr)
    }
}

/// The VPC's default network ACL with stackctl's narrowed inbound rules and
/// AWS's outbound one; the subnets stay associated with it, implicitly.
fn default_network_acl(vpc: &str, cidr: &str) -> Block {
    let mut body = Body::new().attr("default_network_acl_id", Expr::raw(format!("aws_vpc.{vpc}.default_network_acl_id")));
    for r in restricted_inbound(cidr) {
        let (from, to) = r.ports.unwrap_or((0, 0));
        let mut rule = Body::new()
            .attr("rule_no", Expr::int(r.number.into()))
            .attr("protocol", Expr::string(r.protocol))
            .attr("action", Expr::string(if r.deny { "deny" } else { "allow" }))
            .attr("cidr_block", cidr_expr(vpc, cidr, &r.cidr))
            .attr("from_port", Expr::int(from.into()))
            .attr("to_port", Expr::int(to.into()));
        if let Some((icmp_type, icmp_code)) = r.icmp {
            rule = rule
                .attr("icmp_type", Expr::int(icmp_type.into()))
                .attr("icmp_code", Expr::int(icmp_code.into()));
        }
        body = body.child("ingress", rule);
    }
    let egress = Body::new()
        .attr("rule_no", Expr::int(100))
        .attr("protocol", Expr::string("-1"))
        .attr("action", Expr::string("allow"))
        .attr("cidr_block", Expr::string(ANYWHERE))
        .attr("from_port", Expr::int(0))
        .attr("to_port", Expr::int(0));
    body = body
        .child("egress", egress)
        .child("lifecycle", Body::new().attr("ignore_changes", Expr::raw("[subnet_ids]")));
    Block::resource("aws_default_network_acl", vpc, body)
}

pub fn internet_gateway(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new().attr("vpc_id", c.prop(n, "vpc_id")).attr("tags", c.tags(n));
    vec![Block::resource("aws_internet_gateway", &ident(n.id.as_str()), body)]
}

/// The VPC's flow log into the logs bucket, after the bucket's policy lets
/// the delivery service write.
pub fn flow_log(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new()
        .attr("vpc_id", c.prop(n, "resource_id"))
        .attr("traffic_type", c.prop(n, "traffic_type"))
        .attr("log_destination_type", c.prop(n, "log_destination_type"))
        .attr("log_destination", c.prop(n, "log_destination"))
        .attr("max_aggregation_interval", c.prop(n, "max_aggregation_interval"))
        .attr("tags", c.tags(n))
        .attr_opt("depends_on", depends_on(c, n, Vec::new()));
    vec![Block::resource("aws_flow_log", &ident(n.id.as_str()), body)]
}

pub fn subnet(c: &Ctx, n: &Node) -> Vec<Block> {
    let zone = n.props.get("availability_zone").and_then(Value::as_str).unwrap_or_default();
    let zone = match c.zones.iter().position(|z| z == zone) {
        Some(i) => Expr::raw(format!("var.availability_zones[{i}]")),
        None => c.string(zone),
    };
    let body = Body::new()
        .attr("vpc_id", c.prop(n, "vpc_id"))
        .attr("cidr_block", c.prop(n, "cidr_block"))
        .attr("availability_zone", zone)
        .attr("map_public_ip_on_launch", c.prop(n, "map_public_ip_on_launch"))
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_subnet", &ident(n.id.as_str()), body)]
}

pub fn elastic_ip(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new().attr("domain", c.prop(n, "domain")).attr("tags", c.tags(n));
    vec![Block::resource("aws_eip", &ident(n.id.as_str()), body)]
}

pub fn nat_gateway(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new()
        .attr("allocation_id", c.prop(n, "allocation_id"))
        .attr("subnet_id", c.prop(n, "subnet_id"))
        .attr("connectivity_type", c.prop(n, "connectivity_type"))
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_nat_gateway", &ident(n.id.as_str()), body)]
}

/// The route table, and one association per subnet (AWS cannot tag those:
/// stackctl reads them through the table).
pub fn route_table(c: &Ctx, n: &Node) -> Vec<Block> {
    let name = ident(n.id.as_str());
    let mut body = Body::new().attr("vpc_id", c.prop(n, "vpc_id"));
    for route in n.props.get("routes").map(Value::as_list).unwrap_or_default() {
        let Some(r) = route.as_map() else { continue };
        let mut rb = Body::new();
        for (key, value) in r {
            let attr = if key == "destination" { "cidr_block" } else { key.as_str() };
            rb = rb.attr(attr, c.value(value));
        }
        body = body.child("route", rb);
    }
    let mut blocks = vec![Block::resource("aws_route_table", &name, body.attr("tags", c.tags(n)))];
    for subnet in n.props.get("subnet_ids").map(Value::as_list).unwrap_or_default() {
        let Value::Ref { reference } = subnet else { continue };
        let short = reference.node.as_str().rsplit('/').next().unwrap_or_default();
        let assoc = Body::new()
            .attr("route_table_id", Expr::raw(format!("aws_route_table.{name}.id")))
            .attr("subnet_id", c.reference(reference));
        blocks.push(Block::resource(
            "aws_route_table_association",
            &format!("{name}_{}", ident(short)),
            assoc,
        ));
    }
    blocks
}

/// A security group with its rules inline, as stackctl keeps them.
pub fn security_group(c: &Ctx, n: &Node) -> Vec<Block> {
    let mut body = Body::new()
        .attr("name", c.name(n))
        .attr("description", c.prop(n, "description"))
        .attr("vpc_id", c.prop(n, "vpc_id"));
    for direction in ["ingress", "egress"] {
        for rule in n.props.get(direction).map(Value::as_list).unwrap_or_default() {
            if let Some(r) = rule.as_map() {
                body = body.child(direction, sg_rule(c, r));
            }
        }
    }
    vec![Block::resource(
        "aws_security_group",
        &ident(n.id.as_str()),
        body.attr("tags", c.tags(n)),
    )]
}

fn sg_rule(c: &Ctx, r: &std::collections::BTreeMap<String, Value>) -> Body {
    let get = |k: &str| r.get(k).map(|v| c.value(v)).unwrap_or(Expr::int(0));
    let body = Body::new()
        .attr("from_port", get("from_port"))
        .attr("to_port", get("to_port"))
        .attr("protocol", get("protocol"));
    match r.get("source") {
        Some(Value::Str(s)) if s == "self" => body.attr("self", Expr::bool(true)),
        Some(Value::Str(cidr)) if cidr.contains(':') => body.attr("ipv6_cidr_blocks", Expr::List(vec![c.string(cidr)])),
        Some(Value::Str(cidr)) => body.attr("cidr_blocks", Expr::List(vec![c.string(cidr)])),
        Some(Value::Map(m)) if m.contains_key("prefix_list") => {
            let name = m["prefix_list"].as_str().unwrap_or_default();
            body.attr(
                "prefix_list_ids",
                Expr::List(vec![Expr::raw(format!(
                    "data.aws_ec2_managed_prefix_list.{}.id",
                    prefix_list_ident(name)
                ))]),
            )
        }
        Some(other) => body.attr("security_groups", Expr::List(vec![c.value(other)])),
        None => body,
    }
}

/// `com.amazonaws.global.cloudfront.origin-facing` -> `cloudfront_origin_facing`.
pub fn prefix_list_ident(name: &str) -> String {
    ident(name.trim_start_matches("com.amazonaws.").trim_start_matches("global."))
}

/// The managed prefix lists the security groups name, looked up by name.
pub fn prefix_lists(c: &Ctx) -> Vec<Block> {
    let mut names: Vec<String> = Vec::new();
    for n in c.graph.nodes() {
        for direction in ["ingress", "egress"] {
            for rule in n.props.get(direction).map(Value::as_list).unwrap_or_default() {
                if let Some(name) = rule
                    .as_map()
                    .and_then(|r| r.get("source"))
                    .and_then(Value::as_map)
                    .and_then(|m| m.get("prefix_list"))
                    .and_then(Value::as_str)
                    && !names.iter().any(|k| k == name)
                {
                    names.push(name.to_string());
                }
            }
        }
    }
    names
        .iter()
        .map(|name| {
            Block::new(
                "data",
                &["aws_ec2_managed_prefix_list", &prefix_list_ident(name)],
                Body::new().attr("name", Expr::string(name)),
            )
        })
        .collect()
}
