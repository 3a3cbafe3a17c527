//! The VPC: subnets per AZ, internet and NAT gateways, route tables, and the
//! security groups of the components that live in it.

use super::{Builder, Spec, ids};
use crate::graph::{Kind, NodeId, Value};
use crate::props;
use crate::stack::layout::NetworkLayout;
use crate::stack::model::NatGateways;
use crate::stack::names;

/// CloudFront's origin-facing managed prefix list: the only source the ALB admits
/// when a distribution is in front of it, so WAF cannot be bypassed.
pub const CLOUDFRONT_PREFIX_LIST: &str = "com.amazonaws.global.cloudfront.origin-facing";

pub struct NetworkIds {
    pub vpc: NodeId,
    pub public_subnets: Vec<NodeId>,
    pub private_subnets: Vec<NodeId>,
    /// NAT gateways the private subnets route through (empty with `none`).
    pub nat_gateways: Vec<NodeId>,
    pub alb_sg: Option<NodeId>,
    pub nodes_sg: Option<NodeId>,
    pub database_sg: Option<NodeId>,
    pub cache_sg: Option<NodeId>,
}

fn rule(protocol: &str, from: u32, to: u32, source: Value) -> Value {
    Value::Map(props! { "protocol" => protocol, "from_port" => from, "to_port" => to, "source" => source })
}

pub fn expand(b: &mut Builder) -> Option<NetworkIds> {
    let n = b.stack.network.as_ref()?;
    let layout = NetworkLayout::of(n, b.region()).expect("validated network has a layout");
    let stack = b.name().to_string();
    let vpc = b.add(Spec::new(
        ids::vpc(),
        Kind::Vpc,
        names::vpc(&stack),
        props! { "cidr_block" => layout.vpc.to_string(), "enable_dns_hostnames" => true, "enable_dns_support" => true },
    ));
    let igw = b.add(Spec::new(
        ids::internet_gateway(),
        Kind::InternetGateway,
        names::named(&stack, "igw"),
        props! { "vpc_id" => Value::reference(&vpc, "id") },
    ));

    let mut public_subnets = Vec::new();
    let mut private_subnets = Vec::new();
    for s in &layout.subnets {
        for (public, cidr) in [(true, s.public), (false, s.private)] {
            let (id, label, elb_tag) = if public {
                (ids::public_subnet(s.az_suffix), "public", "kubernetes.io/role/elb")
            } else {
                (ids::private_subnet(s.az_suffix), "private", "kubernetes.io/role/internal-elb")
            };
            let spec = Spec::new(
                id,
                Kind::Subnet,
                names::named(&stack, &format!("{label}-{}", s.az_suffix)),
                props! {
                    "vpc_id" => Value::reference(&vpc, "id"),
                    "cidr_block" => cidr.to_string(),
                    "availability_zone" => s.availability_zone.clone(),
                    // Nothing gets a public IP by accident: the ALB and NAT
                    // gateways bring their own addresses.
                    "map_public_ip_on_launch" => false,
                },
            )
            .tag(elb_tag, "1");
            let id = b.add(spec);
            if public {
                public_subnets.push(id)
            } else {
                private_subnets.push(id)
            }
        }
    }

    b.add(Spec::new(
        ids::public_route_table(),
        Kind::RouteTable,
        names::named(&stack, "public"),
        props! {
            "vpc_id" => Value::reference(&vpc, "id"),
            "routes" => vec![Value::Map(props! { "destination" => "0.0.0.0/0", "gateway_id" => Value::reference(&igw, "id") })],
            "subnet_ids" => public_subnets.iter().map(|s| Value::reference(s, "id")).collect::<Vec<_>>(),
        },
    ));

    let nat_azs: Vec<usize> = match *n.nat_gateways {
        NatGateways::None => vec![],
        NatGateways::One => vec![0],
        NatGateways::PerAz => (0..layout.subnets.len()).collect(),
    };
    let mut nat_gateways = Vec::new();
    for &i in &nat_azs {
        let az = layout.subnets[i].az_suffix;
        let eip = b.add(Spec::new(
            ids::nat_eip(az),
            Kind::ElasticIp,
            names::named(&stack, &format!("nat-{az}")),
            props! { "domain" => "vpc" },
        ));
        let nat = b.add(
            Spec::new(
                ids::nat_gateway(az),
                Kind::NatGateway,
                names::named(&stack, &format!("nat-{az}")),
                props! {
                    "subnet_id" => Value::reference(&public_subnets[i], "id"),
                    "allocation_id" => Value::reference(&eip, "allocation_id"),
                    "connectivity_type" => "public",
                },
            )
            // A NAT gateway only passes traffic once the VPC has an internet
            // gateway; deleting in reverse also removes NATs before the IGW.
            .after(&igw),
        );
        nat_gateways.push(nat);
    }

    // One private route table per NAT gateway's AZ when there is one per AZ;
    // otherwise one shared table.
    let per_az = *n.nat_gateways == NatGateways::PerAz;
    let tables: Vec<(Option<char>, Vec<usize>)> = if per_az {
        layout
            .subnets
            .iter()
            .enumerate()
            .map(|(i, s)| (Some(s.az_suffix), vec![i]))
            .collect()
    } else {
        vec![(None, (0..layout.subnets.len()).collect())]
    };
    for (az, members) in tables {
        let routes: Vec<Value> = match (per_az, nat_gateways.first()) {
            (_, None) => vec![],
            (true, Some(_)) => {
                let nat = &nat_gateways[members[0]];
                vec![Value::Map(
                    props! { "destination" => "0.0.0.0/0", "nat_gateway_id" => Value::reference(nat, "id") },
                )]
            }
            (false, Some(nat)) => vec![Value::Map(
                props! { "destination" => "0.0.0.0/0", "nat_gateway_id" => Value::reference(nat, "id") },
            )],
        };
        let label = az.map_or("private".to_string(), |az| format!("private-{az}"));
        b.add(Spec::new(
            ids::private_route_table(az),
            Kind::RouteTable,
            names::named(&stack, &label),
            props! {
                "vpc_id" => Value::reference(&vpc, "id"),
                "routes" => routes,
                "subnet_ids" => members.iter().map(|&i| Value::reference(&private_subnets[i], "id")).collect::<Vec<_>>(),
            },
        ));
    }

    let sg = |b: &mut Builder, role: &str, description: &str, ingress: Vec<Value>| {
        b.add(Spec::new(
            ids::security_group(role),
            Kind::SecurityGroup,
            names::named(&stack, role),
            props! {
                "vpc_id" => Value::reference(&vpc, "id"),
                "description" => description,
                "ingress" => ingress,
                "egress" => vec![rule("-1", 0, 0, Value::str("0.0.0.0/0"))],
            },
        ))
    };
    let alb_sg = b.stack.load_balancer.as_ref().map(|lb| {
        let ports: Vec<u32> = if lb.certificate_arn.is_some() { vec![80, 443] } else { vec![80] };
        let source = if b.stack.cdn.is_some() {
            Value::Map(props! { "prefix_list" => CLOUDFRONT_PREFIX_LIST })
        } else {
            Value::str("0.0.0.0/0")
        };
        let ingress = ports.iter().map(|&p| rule("tcp", p, p, source.clone())).collect();
        sg(b, "alb", "Load balancer: HTTP(S) from CloudFront only", ingress)
    });
    let nodes_sg = b.stack.kubernetes.as_ref().map(|_| {
        let mut ingress = vec![rule("-1", 0, 0, Value::str("self"))];
        if let (Some(lb), Some(alb_sg)) = (&b.stack.load_balancer, &alb_sg) {
            let port = *lb.target_port;
            ingress.push(rule("tcp", port, port, Value::reference(alb_sg, "id")));
        }
        sg(
            b,
            "nodes",
            "EKS nodes: each other, and the load balancer on the target port",
            ingress,
        )
    });
    let from_nodes = |port: u32| -> Vec<Value> {
        nodes_sg
            .iter()
            .map(|n| rule("tcp", port, port, Value::reference(n, "id")))
            .collect()
    };
    let database_sg = b.stack.database.as_ref().map(|db| {
        let ingress = from_nodes(db.engine.port());
        sg(b, "database", "Database: from the EKS nodes only", ingress)
    });
    let cache_sg = b.stack.cache.as_ref().map(|_| {
        let ingress = from_nodes(6379);
        sg(b, "cache", "Redis: from the EKS nodes only", ingress)
    });

    Some(NetworkIds {
        vpc,
        public_subnets,
        private_subnets,
        nat_gateways,
        alb_sg,
        nodes_sg,
        database_sg,
        cache_sg,
    })
}
