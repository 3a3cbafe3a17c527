//! The `network` section: the VPC range and its subnets.

use ipnet::Ipv4Net;

use super::Checker;
use crate::stack::layout::NetworkLayout;
use crate::stack::model::Network;
use crate::stack::pos::{Pos, Span};

impl Checker<'_> {
    pub(super) fn network(&mut self) {
        let Some(n) = &self.stack.network else { return };
        self.network_defaults(n);
        let Some(vpc) = self.vpc_cidr(n) else { return };
        self.zone_list(n);
        let azs = n.az_count();
        if !(1..=6).contains(&azs) {
            self.error(
                n.availability_zones.span.or(n.span),
                "network.availability_zones",
                format!("{azs} availability zones; stackctl lays out 1 to 6"),
                "use 2 or 3",
            );
            return;
        }
        let subnets = self.subnet_lists(n, vpc, azs);
        self.subnet_overlaps(&subnets);
        self.carved_collisions(n);
    }

    /// Warnings where the file turns a secure default of the network off.
    fn network_defaults(&mut self, n: &Pos<Network>) {
        if !*n.restrict_default_security_group {
            self.warn(
                n.restrict_default_security_group.span,
                "network.restrict_default_security_group",
                "the VPC's default security group keeps AWS's rules: anything placed in it reaches its other members and the internet",
                "leave restrict_default_security_group at its default, true",
            );
        }
        if !*n.restrict_default_network_acl {
            self.warn(
                n.restrict_default_network_acl.span,
                "network.restrict_default_network_acl",
                "the VPC's default network ACL, which every subnet uses, lets every protocol in from anywhere",
                "leave restrict_default_network_acl at its default, true",
            );
        }
        if !*n.flow_logs {
            self.warn(
                n.flow_logs.span,
                "network.flow_logs",
                "the VPC keeps no record of its traffic: an incident cannot be traced to a connection",
                "leave flow_logs at its default, true",
            );
        }
    }

    /// `network.cidr`, when it is one.
    fn vpc_cidr(&mut self, n: &Pos<Network>) -> Option<Ipv4Net> {
        let vpc = match n.cidr.parse::<Ipv4Net>() {
            Ok(vpc) => vpc,
            Err(_) => {
                self.error(
                    n.cidr.span.or(n.span),
                    "network.cidr",
                    format!("`{}` is not an IPv4 CIDR", n.cidr.value),
                    "write a private range such as `10.20.0.0/16`",
                );
                return None;
            }
        };
        let cidr_span = n.cidr.span.or(n.span);
        if vpc.network() != vpc.addr() {
            self.error(
                cidr_span,
                "network.cidr",
                format!("`{}` has host bits set", n.cidr.value),
                format!("write `{}`", vpc.trunc()),
            );
        }
        if !(16..=24).contains(&vpc.prefix_len()) {
            self.error(
                cidr_span,
                "network.cidr",
                format!("a VPC of /{} is outside what stackctl lays out (/16 to /24)", vpc.prefix_len()),
                "use a prefix between /16 and /24, for example `10.20.0.0/16`",
            );
        }
        if !vpc.addr().is_private() {
            self.warn(
                cidr_span,
                "network.cidr",
                format!("`{}` is not a private (RFC 1918) range", n.cidr.value),
                "use 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 unless you own this range",
            );
        }
        Some(vpc)
    }

    /// The listed subnets that are well formed and inside the VPC, each with
    /// where it stands and its key.
    fn subnet_lists(&mut self, n: &Pos<Network>, vpc: Ipv4Net, azs: u32) -> Vec<(Ipv4Net, Span, String)> {
        let mut all: Vec<(Ipv4Net, Span, String)> = Vec::new();
        for (key, list) in [("public_subnets", &n.public_subnets), ("private_subnets", &n.private_subnets)] {
            let Some(list) = list else { continue };
            if list.len() != azs as usize {
                self.error(
                    list.first().map_or(n.span, |c| c.span),
                    format!("network.{key}"),
                    format!("{} subnets listed for {azs} availability zones", list.len()),
                    format!("list exactly one CIDR per availability zone ({azs})"),
                );
            }
            for (i, cidr) in list.iter().enumerate() {
                let k = format!("network.{key}[{i}]");
                match cidr.parse::<Ipv4Net>() {
                    Err(_) => self.error(
                        cidr.span,
                        k,
                        format!("`{}` is not an IPv4 CIDR", cidr.value),
                        "write a CIDR such as `10.20.1.0/24`",
                    ),
                    Ok(net) if !vpc.contains(&net) => self.error(
                        cidr.span,
                        k,
                        format!("subnet `{net}` is not inside the VPC `{vpc}`"),
                        format!("pick a range inside `{vpc}`"),
                    ),
                    Ok(net) if net.prefix_len() > 28 => self.error(
                        cidr.span,
                        k,
                        format!("subnet `{net}` is smaller than AWS allows (/28)"),
                        "use /28 or larger",
                    ),
                    Ok(net) => all.push((net, cidr.span, k)),
                }
            }
        }
        all
    }

    fn subnet_overlaps(&mut self, all: &[(Ipv4Net, Span, String)]) {
        for (i, (a, _, ka)) in all.iter().enumerate() {
            for (b, span_b, kb) in &all[i + 1..] {
                if a.contains(b) || b.contains(a) {
                    self.error(
                        *span_b,
                        kb.clone(),
                        format!("subnet `{b}` overlaps `{a}` ({ka})"),
                        "give every subnet its own range",
                    );
                }
            }
        }
    }

    /// With one list given and the other carved from the VPC, the carved
    /// subnets must not collide with the given ones.
    fn carved_collisions(&mut self, n: &Network) {
        let carved_and_given = n.public_subnets.is_some() != n.private_subnets.is_some();
        if let (true, Some(layout)) = (carved_and_given, NetworkLayout::of(n, self.region())) {
            let (given_key, given, carved) = match &n.public_subnets {
                Some(list) => ("public_subnets", list, layout.subnets.iter().map(|s| s.private).collect::<Vec<_>>()),
                None => (
                    "private_subnets",
                    n.private_subnets.as_ref().expect("one list is given"),
                    layout.subnets.iter().map(|s| s.public).collect(),
                ),
            };
            for (i, cidr) in given.iter().enumerate() {
                let Ok(net) = cidr.parse::<Ipv4Net>() else { continue };
                if let Some(c) = carved.iter().find(|c| c.contains(&net) || net.contains(*c)) {
                    self.error(
                        cidr.span,
                        format!("network.{given_key}[{i}]"),
                        format!("subnet `{net}` overlaps `{c}`, which stackctl carves for the other subnets"),
                        "list both `public_subnets` and `private_subnets`, or neither",
                    );
                }
            }
        }
    }

    /// `network.zones`: each a zone name of the stack's region or a zone id,
    /// each once, and not beside a different `availability_zones` count.
    /// Whether the account has them is checked at plan time.
    fn zone_list(&mut self, n: &Network) {
        let Some(zones) = &n.zones else { return };
        if n.availability_zones.span.is_known() && *n.availability_zones as usize != zones.len() {
            self.error(
                n.availability_zones.span,
                "network.availability_zones",
                format!("{} availability zones, but `zones` lists {}", *n.availability_zones, zones.len()),
                "remove `availability_zones`: the list says how many",
            );
        }
        let region = self.region().to_string();
        for (i, z) in zones.iter().enumerate() {
            if !is_zone_name(z, &region) && !is_zone_id(z) {
                self.error(
                    z.span,
                    format!("network.zones[{i}]"),
                    format!("`{}` is not an availability zone of {region}", z.value),
                    format!("write a zone name such as `{region}a`, or a zone id such as `use1-az1`"),
                );
            }
        }
        self.duplicates(
            zones.iter().enumerate().map(|(i, z)| (z, format!("network.zones[{i}]"))),
            "availability zone",
        );
    }
}

/// `<region><letter>`: a zone name of the region (Local Zones, which need an
/// opt-in, are longer and not taken).
fn is_zone_name(zone: &str, region: &str) -> bool {
    zone.strip_prefix(region)
        .is_some_and(|rest| rest.len() == 1 && rest.chars().all(|c| c.is_ascii_lowercase()))
}

/// `<region code>-az<n>`, such as `use1-az4` or `apne1-az1`.
fn is_zone_id(zone: &str) -> bool {
    zone.split_once("-az").is_some_and(|(code, n)| {
        code.len() >= 3
            && code.ends_with(|c: char| c.is_ascii_digit())
            && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && !n.is_empty()
            && n.chars().all(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn zone_names_and_ids() {
        assert!(super::is_zone_name("ap-northeast-1c", "ap-northeast-1"));
        assert!(!super::is_zone_name("us-east-1a", "ap-northeast-1"));
        assert!(!super::is_zone_name("us-west-2-lax-1a", "us-west-2"));
        assert!(super::is_zone_id("apne1-az4"));
        assert!(super::is_zone_id("use1-az3"));
        assert!(!super::is_zone_id("apne1-az"));
        assert!(!super::is_zone_id("ap-northeast-1a"));
    }
}
