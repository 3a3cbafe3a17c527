//! The VPC: subnets per AZ, internet and NAT gateways, route tables, and the
//! security groups of the components that live in it.

use super::{Builder, Spec, Zone, id_refs, ids};
use crate::graph::props::{
    ElasticIpProps, InternetGatewayProps, NatGatewayProps, Route, RouteTableProps, Rule, RuleSource, SecurityGroupProps, SubnetProps,
    VpcProps,
};
use crate::graph::{Kind, NodeId, Props, Value};
use crate::stack::layout::NetworkLayout;
use crate::stack::model::NatGateways;
use crate::stack::{Stack, names};

/// CloudFront's origin-facing managed prefix list: the only source the ALB admits
/// when a distribution is in front of it, so WAF cannot be bypassed.
pub const CLOUDFRONT_PREFIX_LIST: &str = "com.amazonaws.global.cloudfront.origin-facing";

/// Zones EKS refuses for a cluster's control plane
/// (UnsupportedAvailabilityZoneException), by zone id: the same physical zone
/// has a different name in each account. Never chosen, so that adding EKS to
/// a stack later never moves its subnets.
/// https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html
pub const EKS_UNSUPPORTED_ZONE_IDS: &[&str] = &["use1-az3", "usw1-az2", "cac1-az3"];

/// Why the zones the stack asks for cannot be had; `index` is the entry of
/// `network.zones` at fault, if any.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZoneShortage {
    #[error(
        "network.availability_zones: the stack asks for {wanted} availability zones, but {region} offers {} that take new subnets and EKS clusters ({}); set `availability_zones` to at most that many",
        usable.len(),
        usable.join(", ")
    )]
    TooFew {
        wanted: usize,
        region: String,
        usable: Vec<String>,
    },
    #[error("network.zones[{index}]: {region} does not offer `{zone}` to this account; it offers {}", offered.join(", "))]
    NotOffered {
        index: usize,
        zone: String,
        region: String,
        offered: Vec<String>,
    },
    #[error("network.zones[{index}]: EKS refuses `{zone}` ({id}) for a cluster's control plane; use another zone")]
    RefusedByEks { index: usize, zone: String, id: String },
}

impl ZoneShortage {
    pub fn index(&self) -> Option<usize> {
        match self {
            ZoneShortage::TooFew { .. } => None,
            ZoneShortage::NotOffered { index, .. } | ZoneShortage::RefusedByEks { index, .. } => Some(*index),
        }
    }
}

/// The zones a stack's subnets go to, in order. Listed `zones` are looked up
/// by name or id among the offered ones; otherwise the first `count` offered
/// zones by name, leaving out those EKS refuses. The n-th zone gets the logical
/// ids ending in the n-th letter (`private-a` is the first zone, whatever its
/// name), so ids never depend on an account's zone names.
pub fn zones_for(stack: &Stack, offered: &[Zone]) -> Result<Vec<String>, ZoneShortage> {
    let Some(network) = stack.network.as_ref() else {
        return Ok(Vec::new());
    };
    let region = stack.region.value.clone();
    if let Some(listed) = &network.zones {
        let mut chosen = Vec::new();
        for (index, wanted) in listed.iter().enumerate() {
            let Some(z) = offered.iter().find(|z| z.name == wanted.value || z.id == wanted.value) else {
                return Err(ZoneShortage::NotOffered {
                    index,
                    zone: wanted.value.clone(),
                    region,
                    offered: offered.iter().map(|z| format!("{} ({})", z.name, z.id)).collect(),
                });
            };
            if stack.kubernetes.is_some() && EKS_UNSUPPORTED_ZONE_IDS.contains(&z.id.as_str()) {
                return Err(ZoneShortage::RefusedByEks {
                    index,
                    zone: z.name.clone(),
                    id: z.id.clone(),
                });
            }
            chosen.push(z.name.clone());
        }
        return Ok(chosen);
    }
    let wanted = network.az_count() as usize;
    let usable: Vec<String> = offered
        .iter()
        .filter(|z| !EKS_UNSUPPORTED_ZONE_IDS.contains(&z.id.as_str()))
        .map(|z| z.name.clone())
        .collect();
    if usable.len() < wanted {
        return Err(ZoneShortage::TooFew { wanted, region, usable });
    }
    Ok(usable.into_iter().take(wanted).collect())
}

pub struct NetworkIds {
    pub vpc: NodeId,
    pub internet_gateway: NodeId,
    pub public_subnets: Vec<NodeId>,
    pub private_subnets: Vec<NodeId>,
    /// NAT gateways the private subnets route through (empty with `none`).
    pub nat_gateways: Vec<NodeId>,
    pub alb_sg: Option<NodeId>,
    pub nodes_sg: Option<NodeId>,
    pub database_sg: Option<NodeId>,
    pub cache_sg: Option<NodeId>,
}

fn rule(protocol: &str, from: u32, to: u32, source: RuleSource) -> Rule {
    Rule {
        protocol: protocol.into(),
        from_port: from.into(),
        to_port: to.into(),
        source,
    }
}

fn peer(source: Value) -> RuleSource {
    RuleSource::Peer(source)
}

/// The default route (`0.0.0.0/0`) through an internet gateway, or a NAT
/// gateway.
fn default_route(gateway: &NodeId, nat: bool) -> Route {
    let via = Some(Value::reference(gateway, "id"));
    Route {
        destination: "0.0.0.0/0".into(),
        gateway_id: if nat { None } else { via.clone() },
        nat_gateway_id: if nat { via } else { None },
    }
}

pub fn expand(b: &mut Builder) -> Option<NetworkIds> {
    let n = b.stack.network.as_ref()?;
    let mut layout = NetworkLayout::of(n, b.region()).expect("validated network has a layout");
    if let Some(offered) = &b.ctx.zones {
        let zones = zones_for(b.stack, offered).expect("the session checked the zones before expanding");
        layout.place_in(&zones);
    }
    let stack = b.name().to_string();
    let vpc = b.add(Spec::new(
        ids::vpc(),
        Kind::Vpc,
        names::vpc(&stack),
        VpcProps {
            cidr_block: layout.vpc.to_string(),
            enable_dns_hostnames: true,
            enable_dns_support: true,
            restrict_default_security_group: *n.restrict_default_security_group,
            restrict_default_network_acl: *n.restrict_default_network_acl,
        }
        .into(),
    ));
    let igw = b.add(Spec::new(
        ids::internet_gateway(),
        Kind::InternetGateway,
        names::named(&stack, "igw"),
        InternetGatewayProps {
            vpc_id: Some(Value::reference(&vpc, "id")),
        }
        .into(),
    ));
    let (public_subnets, private_subnets) = subnets(b, &vpc, &layout);
    let public = route_table(&vpc, vec![default_route(&igw, false)], &public_subnets);
    b.add(Spec::new(
        ids::public_route_table(),
        Kind::RouteTable,
        names::named(&stack, "public"),
        public,
    ));
    let nat_gateways = nat_gateways(b, *n.nat_gateways, &layout, &public_subnets, &igw);
    private_route_tables(b, &vpc, *n.nat_gateways, &layout, &private_subnets, &nat_gateways);
    let [alb_sg, nodes_sg, database_sg, cache_sg] = security_groups(b, &vpc);
    Some(NetworkIds {
        vpc,
        internet_gateway: igw,
        public_subnets,
        private_subnets,
        nat_gateways,
        alb_sg,
        nodes_sg,
        database_sg,
        cache_sg,
    })
}

/// A public and a private subnet per zone of the layout: the public ones, then
/// the private ones.
fn subnets(b: &mut Builder, vpc: &NodeId, layout: &NetworkLayout) -> (Vec<NodeId>, Vec<NodeId>) {
    let stack = b.name().to_string();
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
                SubnetProps {
                    vpc_id: Value::reference(vpc, "id"),
                    cidr_block: cidr.to_string(),
                    availability_zone: s.availability_zone.clone(),
                    // Nothing gets a public IP by accident: the ALB and NAT
                    // gateways bring their own addresses.
                    map_public_ip_on_launch: false,
                }
                .into(),
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
    (public_subnets, private_subnets)
}

fn route_table(vpc: &NodeId, routes: Vec<Route>, subnets: &[NodeId]) -> Props {
    RouteTableProps {
        vpc_id: Value::reference(vpc, "id"),
        routes,
        subnet_ids: id_refs(subnets),
    }
    .into()
}

/// The NAT gateways (each with its Elastic IP) in the public subnets of the
/// zones `nat` asks for.
fn nat_gateways(b: &mut Builder, nat: NatGateways, layout: &NetworkLayout, public_subnets: &[NodeId], igw: &NodeId) -> Vec<NodeId> {
    let stack = b.name().to_string();
    let nat_azs: Vec<usize> = match nat {
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
            ElasticIpProps { domain: "vpc".into() }.into(),
        ));
        let nat = b.add(
            Spec::new(
                ids::nat_gateway(az),
                Kind::NatGateway,
                names::named(&stack, &format!("nat-{az}")),
                NatGatewayProps {
                    subnet_id: Value::reference(&public_subnets[i], "id"),
                    allocation_id: Some(Value::reference(&eip, "allocation_id")),
                    connectivity_type: "public".into(),
                }
                .into(),
            )
            // A NAT gateway only passes traffic once the VPC has an internet
            // gateway; deleting in reverse also removes NATs before the IGW.
            .after(igw),
        );
        nat_gateways.push(nat);
    }
    nat_gateways
}

/// One private route table per NAT gateway's AZ when there is one per AZ;
/// otherwise one shared table.
fn private_route_tables(b: &mut Builder, vpc: &NodeId, nat: NatGateways, layout: &NetworkLayout, private: &[NodeId], nats: &[NodeId]) {
    let stack = b.name().to_string();
    let per_az = nat == NatGateways::PerAz;
    let tables: Vec<(Option<char>, Vec<usize>)> = if per_az {
        (layout.subnets.iter().enumerate())
            .map(|(i, s)| (Some(s.az_suffix), vec![i]))
            .collect()
    } else {
        vec![(None, (0..layout.subnets.len()).collect())]
    };
    for (az, members) in tables {
        let routes: Vec<Route> = match (per_az, nats.first()) {
            (_, None) => vec![],
            (true, Some(_)) => vec![default_route(&nats[members[0]], true)],
            (false, Some(nat)) => vec![default_route(nat, true)],
        };
        let label = az.map_or("private".to_string(), |az| format!("private-{az}"));
        let members: Vec<NodeId> = members.iter().map(|&i| private[i].clone()).collect();
        let props = route_table(vpc, routes, &members);
        b.add(Spec::new(
            ids::private_route_table(az),
            Kind::RouteTable,
            names::named(&stack, &label),
            props,
        ));
    }
}

/// The security groups of the components the stack has: the load balancer's,
/// the EKS nodes', the database's and the cache's.
fn security_groups(b: &mut Builder, vpc: &NodeId) -> [Option<NodeId>; 4] {
    let stack = b.name().to_string();
    let sg = |b: &mut Builder, role: &str, description: &str, ingress: Vec<Rule>| {
        b.add(Spec::new(
            ids::security_group(role),
            Kind::SecurityGroup,
            names::named(&stack, role),
            SecurityGroupProps {
                vpc_id: Value::reference(vpc, "id"),
                description: description.into(),
                ingress,
                egress: vec![rule("-1", 0, 0, peer(Value::str("0.0.0.0/0")))],
            }
            .into(),
        ))
    };
    let alb_sg = b.stack.load_balancer.as_ref().map(|lb| {
        let ingress = if b.stack.cdn.is_some() {
            // A rule naming CloudFront's prefix list weighs 55 of the group's
            // 60 inbound rule units: exactly one such rule, on the one port
            // CloudFront calls (443 with an HTTPS origin, else 80).
            let port = if super::edge::https_origin(b.stack).is_some() { 443 } else { 80 };
            vec![rule("tcp", port, port, RuleSource::PrefixList(CLOUDFRONT_PREFIX_LIST.into()))]
        } else {
            let ports: &[u32] = if lb.certificate_arn.is_some() { &[80, 443] } else { &[80] };
            ports.iter().map(|&p| rule("tcp", p, p, peer(Value::str("0.0.0.0/0")))).collect()
        };
        sg(b, "alb", "Load balancer: HTTP(S) from CloudFront only", ingress)
    });
    let nodes_sg = b.stack.kubernetes.as_ref().map(|_| {
        let mut ingress = vec![rule("-1", 0, 0, peer(Value::str("self")))];
        if let (Some(lb), Some(alb_sg)) = (&b.stack.load_balancer, &alb_sg) {
            let port = *lb.target_port;
            ingress.push(rule("tcp", port, port, peer(Value::reference(alb_sg, "id"))));
        }
        sg(
            b,
            "nodes",
            "EKS nodes: each other, and the load balancer on the target port",
            ingress,
        )
    });
    let from_nodes = |port: u32| -> Vec<Rule> {
        nodes_sg
            .iter()
            .map(|n| rule("tcp", port, port, peer(Value::reference(n, "id"))))
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
    [alb_sg, nodes_sg, database_sg, cache_sg]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::expand::{ExpandContext, expand};
    use crate::graph::{Kind, NodeId, Strength};
    use crate::stack::load_str;

    fn zone(name: &str, id: &str) -> Zone {
        Zone {
            name: name.into(),
            id: id.into(),
        }
    }

    fn stack(yaml: &str) -> Stack {
        load_str("stack.yaml", yaml.to_string()).unwrap_or_else(|e| panic!("{e:?}")).stack
    }

    const NETWORK: &str = "stack: t\nregion: us-east-1\nnetwork:\n  availability_zones: 3\n";

    #[test]
    fn zones_are_the_offered_ones_without_those_eks_refuses() {
        let offered = [
            zone("us-east-1a", "use1-az6"),
            zone("us-east-1b", "use1-az1"),
            zone("us-east-1c", "use1-az2"),
            zone("us-east-1e", "use1-az3"),
        ];
        let s = stack(NETWORK);
        assert_eq!(zones_for(&s, &offered).unwrap(), ["us-east-1a", "us-east-1b", "us-east-1c"]);
        let short = zones_for(&s, &offered[1..]).unwrap_err();
        assert!(matches!(short, ZoneShortage::TooFew { wanted: 3, .. }), "{short}");

        let listed = |zones: &str, eks: bool| {
            let k8s = if eks {
                "kubernetes: { version: \"1.31\", node_groups: [{ name: g, instance_types: [m6i.large], min_size: 1, desired_size: 1, max_size: 1 }] }\n"
            } else {
                ""
            };
            stack(&format!("stack: t\nregion: us-east-1\nnetwork:\n  zones: {zones}\n{k8s}"))
        };
        let s = listed("[use1-az2, us-east-1a]", false);
        assert_eq!(zones_for(&s, &offered).unwrap(), ["us-east-1c", "us-east-1a"]);
        let s = listed("[us-east-1a, us-east-1d]", false);
        assert!(matches!(zones_for(&s, &offered), Err(ZoneShortage::NotOffered { index: 1, .. })));
        let s = listed("[us-east-1a, us-east-1e]", true);
        let e = zones_for(&s, &offered).unwrap_err();
        assert_eq!(e.index(), Some(1));
        assert!(e.to_string().contains("use1-az3"), "{e}");
        assert_eq!(
            zones_for(&listed("[us-east-1a, us-east-1e]", false), &offered).unwrap(),
            ["us-east-1a", "us-east-1e"]
        );
    }

    #[test]
    fn subnets_go_to_the_chosen_zones_and_keep_their_ids() {
        let s = stack(&NETWORK.replace("us-east-1", "ap-northeast-1"));
        let offered = [
            zone("ap-northeast-1a", "apne1-az4"),
            zone("ap-northeast-1c", "apne1-az1"),
            zone("ap-northeast-1d", "apne1-az2"),
        ];
        let ctx = ExpandContext {
            zones: Some(offered.to_vec()),
            ..Default::default()
        };
        let g = expand(&s, &ctx);
        let az = |id: &NodeId| {
            let n = g.get(id).unwrap_or_else(|| panic!("no {id}"));
            n.props["availability_zone"].as_str().unwrap_or_default().to_string()
        };
        assert_eq!(az(&ids::private_subnet('a')), "ap-northeast-1a");
        assert_eq!(az(&ids::private_subnet('b')), "ap-northeast-1c");
        assert_eq!(az(&ids::public_subnet('c')), "ap-northeast-1d");
        assert!(g.nodes().iter().all(|n| n.kind != Kind::Subnet || !az(&n.id).ends_with('b')));
    }

    const EDGE: &str = "stack: t
region: us-east-1
network: { availability_zones: 2 }
waf: {}
cdn: {}
load_balancer:
  certificate_arn: arn:aws:acm:us-east-1:123456789012:certificate/x
  domain_name: origin.example.com
";

    fn ingress_ports(g: &crate::graph::ResourceGraph) -> Vec<(i64, bool)> {
        let sg = g.get(&ids::security_group("alb")).expect("alb sg");
        sg.props["ingress"]
            .as_list()
            .iter()
            .filter_map(|r| r.as_map())
            .map(|r| (r["from_port"].as_int().unwrap_or_default(), r["source"].as_map().is_some()))
            .collect()
    }

    #[test]
    fn cloudfront_reaches_a_certificate_alb_on_443_by_its_name_with_one_prefix_list_rule() {
        let g = expand(&stack(EDGE), &ExpandContext::default());
        assert_eq!(ingress_ports(&g), [(443, true)]);
        let d = g.get(&ids::distribution()).expect("distribution");
        let origin = d.props["origins"].as_list()[0].as_map().expect("origin").clone();
        assert_eq!(origin["protocol_policy"].as_str(), Some("https-only"));
        assert_eq!(origin["domain_name"].as_str(), Some("origin.example.com"));

        let plain = EDGE.replace(
            "  certificate_arn: arn:aws:acm:us-east-1:123456789012:certificate/x\n  domain_name: origin.example.com\n",
            "  target_port: 8080\n",
        );
        let g = expand(&stack(&plain), &ExpandContext::default());
        assert_eq!(ingress_ports(&g), [(80, true)]);
        let d = g.get(&ids::distribution()).expect("distribution");
        let origin = d.props["origins"].as_list()[0].as_map().expect("origin").clone();
        assert_eq!(origin["protocol_policy"].as_str(), Some("http-only"));
        let http = g.get(&ids::listener("http")).expect("http listener");
        assert_eq!(
            http.props["default_action"].as_map().expect("action")["type"].as_str(),
            Some("forward")
        );
    }

    #[test]
    fn the_alb_follows_the_gateway_and_the_association_waits_for_the_alb() {
        let g = expand(&stack(EDGE), &ExpandContext::default());
        let dep = |from: &NodeId, to: &NodeId| g.get(from).expect("node").deps.iter().find(|e| &e.to == to).map(|e| e.strength);
        assert_eq!(dep(&ids::alb(), &ids::internet_gateway()), Some(Strength::Exists));
        assert_eq!(dep(&ids::web_acl_association(), &ids::alb()), Some(Strength::Ready));
    }
}
