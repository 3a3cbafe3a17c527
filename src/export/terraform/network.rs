//! The VPC and what lives in it: subnets, gateways, route tables, security groups, the flow log.

use super::compute::tagged_after;
use super::context::{Ctx, ident, typed};
use super::hcl::{Block, Body, Expr};
use crate::graph::network_acl::{ANYWHERE, restricted_inbound};
use crate::graph::props::{
    ElasticIpProps, FlowLogProps, InternetGatewayProps, NatGatewayProps, RouteTableProps, Rule, RuleSource, SecurityGroupProps,
    SubnetProps, VpcProps,
};
use crate::graph::{Kind, Node, Value};

pub fn vpc(c: &Ctx, n: &Node, p: VpcProps) -> Vec<Block> {
    let body = Body::new()
        .attr("cidr_block", c.value(&p.cidr_block))
        .attr("enable_dns_hostnames", c.value(&p.enable_dns_hostnames))
        .attr("enable_dns_support", c.value(&p.enable_dns_support));
    let name = ident(n.id.as_str());
    let mut blocks = vec![c.tagged(n, body)];
    // Adopting the VPC's default group with no rule blocks removes its rules,
    // as stackctl revokes them.
    if p.restrict_default_security_group {
        let default = Body::new().attr("vpc_id", Expr::raw(format!("aws_vpc.{name}.id")));
        blocks.push(Block::resource("aws_default_security_group", &name, default));
    }
    if p.restrict_default_network_acl {
        blocks.push(default_network_acl(&name, &p.cidr_block));
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

pub fn internet_gateway(c: &Ctx, n: &Node, p: InternetGatewayProps) -> Vec<Block> {
    vec![c.tagged(n, Body::new().attr_opt("vpc_id", c.opt(&p.vpc_id)))]
}

/// The VPC's flow log into the logs bucket, after the bucket's policy lets
/// the delivery service write.
pub fn flow_log(c: &Ctx, n: &Node, p: FlowLogProps) -> Vec<Block> {
    let body = Body::new()
        .attr("vpc_id", c.value(&p.resource_id))
        .attr("traffic_type", c.value(&p.traffic_type))
        .attr("log_destination_type", c.value(&p.log_destination_type))
        .attr("log_destination", c.value(&p.log_destination))
        .attr("max_aggregation_interval", c.value(&p.max_aggregation_interval));
    vec![tagged_after(c, n, body, Vec::new())]
}

pub fn subnet(c: &Ctx, n: &Node, p: SubnetProps) -> Vec<Block> {
    let zone = match c.zones.iter().position(|z| *z == p.availability_zone) {
        Some(i) => Expr::raw(format!("var.availability_zones[{i}]")),
        None => c.value(&p.availability_zone),
    };
    let body = Body::new()
        .attr("vpc_id", c.value(&p.vpc_id))
        .attr("cidr_block", c.value(&p.cidr_block))
        .attr("availability_zone", zone)
        .attr("map_public_ip_on_launch", c.value(&p.map_public_ip_on_launch));
    vec![c.tagged(n, body)]
}

pub fn elastic_ip(c: &Ctx, n: &Node, p: ElasticIpProps) -> Vec<Block> {
    vec![c.tagged(n, Body::new().attr("domain", c.value(&p.domain)))]
}

pub fn nat_gateway(c: &Ctx, n: &Node, p: NatGatewayProps) -> Vec<Block> {
    let body = Body::new()
        .attr_opt("allocation_id", c.opt(&p.allocation_id))
        .attr("subnet_id", c.value(&p.subnet_id))
        .attr("connectivity_type", c.value(&p.connectivity_type));
    vec![c.tagged(n, body)]
}

/// The route table, and one association per subnet (AWS cannot tag those:
/// stackctl reads them through the table).
pub fn route_table(c: &Ctx, n: &Node, p: RouteTableProps) -> Vec<Block> {
    let name = ident(n.id.as_str());
    let mut body = Body::new().attr("vpc_id", c.value(&p.vpc_id));
    for r in &p.routes {
        let route = Body::new()
            .attr("cidr_block", c.value(&r.destination))
            .attr_opt("gateway_id", c.opt(&r.gateway_id))
            .attr_opt("nat_gateway_id", c.opt(&r.nat_gateway_id));
        body = body.child("route", route);
    }
    let mut blocks = vec![c.tagged(n, body)];
    for subnet in &p.subnet_ids {
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
pub fn security_group(c: &Ctx, n: &Node, p: SecurityGroupProps) -> Vec<Block> {
    let mut body = Body::new()
        .attr("name", c.name(n))
        .attr("description", c.value(&p.description))
        .attr("vpc_id", c.value(&p.vpc_id));
    for (direction, rules) in [("ingress", &p.ingress), ("egress", &p.egress)] {
        for rule in rules {
            body = body.child(direction, sg_rule(c, rule));
        }
    }
    vec![c.tagged(n, body)]
}

fn sg_rule(c: &Ctx, r: &Rule) -> Body {
    let body = Body::new()
        .attr("from_port", c.value(&r.from_port))
        .attr("to_port", c.value(&r.to_port))
        .attr("protocol", c.value(&r.protocol));
    match &r.source {
        RuleSource::Peer(Value::Str(s)) if s == "self" => body.attr("self", Expr::bool(true)),
        RuleSource::Peer(Value::Str(cidr)) if cidr.contains(':') => body.attr("ipv6_cidr_blocks", Expr::List(vec![c.string(cidr)])),
        RuleSource::Peer(Value::Str(cidr)) => body.attr("cidr_blocks", Expr::List(vec![c.string(cidr)])),
        RuleSource::PrefixList(name) => body.attr(
            "prefix_list_ids",
            Expr::List(vec![Expr::raw(format!(
                "data.aws_ec2_managed_prefix_list.{}.id",
                prefix_list_ident(name)
            ))]),
        ),
        RuleSource::Peer(group) => body.attr("security_groups", Expr::List(vec![c.value(group)])),
    }
}

/// `com.amazonaws.global.cloudfront.origin-facing` -> `cloudfront_origin_facing`.
pub fn prefix_list_ident(name: &str) -> String {
    ident(name.trim_start_matches("com.amazonaws.").trim_start_matches("global."))
}

/// The managed prefix lists the security groups name, looked up by name.
pub fn prefix_lists(c: &Ctx) -> Vec<Block> {
    let mut names: Vec<String> = Vec::new();
    for n in c.graph.nodes().iter().filter(|n| n.kind == Kind::SecurityGroup) {
        let p: SecurityGroupProps = typed(n);
        for rule in p.ingress.iter().chain(&p.egress) {
            if let RuleSource::PrefixList(name) = &rule.source
                && !names.contains(name)
            {
                names.push(name.clone());
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
