//! The `network` section: the VPC range and its subnets.

use ipnet::Ipv4Net;

use super::Checker;
use crate::stack::layout::NetworkLayout;
use crate::stack::pos::Span;

impl Checker<'_> {
    pub(super) fn network(&mut self) {
        let Some(n) = &self.stack.network else { return };
        let vpc = match n.cidr.parse::<Ipv4Net>() {
            Ok(vpc) => vpc,
            Err(_) => {
                self.error(
                    n.cidr.span.or(n.span),
                    "network.cidr",
                    format!("`{}` is not an IPv4 CIDR", n.cidr.value),
                    "write a private range such as `10.20.0.0/16`",
                );
                return;
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
        let azs = *n.availability_zones;
        if !(1..=6).contains(&azs) {
            self.error(
                n.availability_zones.span.or(n.span),
                "network.availability_zones",
                format!("{azs} availability zones; stackctl lays out 1 to 6"),
                "use 2 or 3",
            );
            return;
        }
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
        // With one list given and the other carved from the VPC, the carved
        // subnets must not collide with the given ones.
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
}
