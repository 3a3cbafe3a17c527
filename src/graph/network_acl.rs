//! The inbound rules stackctl gives the VPC's default network ACL (see
//! `aws::ec2::default_acl`), shared by the provider and the Terraform export.
//!
//! A network ACL is stateless: replies to connections the stack opens (through
//! the NAT gateway, to AWS APIs) come back to ephemeral ports, so those stay
//! open; what closes is every port below 1024 but 80 and 443 to the internet,
//! and RDP (3389, inside the ephemeral range but never a local port of a reply
//! on Linux, whose ephemeral ports start at 32768).
//! Traffic inside the VPC (nodes, the ALB, the databases, EKS's control-plane
//! interfaces) is all allowed: the security groups filter it.
//! <https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html>
//! <https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html>

pub const ANYWHERE: &str = "0.0.0.0/0";

/// One inbound rule, in the terms DescribeNetworkAcls answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AclRule {
    pub number: i32,
    /// IANA protocol number as a string; `-1` is every protocol.
    pub protocol: &'static str,
    pub cidr: String,
    pub ports: Option<(i32, i32)>,
    /// ICMP type and code.
    pub icmp: Option<(i32, i32)>,
    /// A deny rule (before the allow rules it narrows, by number).
    pub deny: bool,
}

impl AclRule {
    pub fn new(number: i32, protocol: &'static str, cidr: &str) -> Self {
        AclRule {
            number,
            protocol,
            cidr: cidr.to_string(),
            ports: None,
            icmp: None,
            deny: false,
        }
    }
    fn ports(mut self, from: i32, to: i32) -> Self {
        self.ports = Some((from, to));
        self
    }
}

/// The narrowed inbound rules of a VPC with this CIDR, by rule number.
pub fn restricted_inbound(vpc_cidr: &str) -> Vec<AclRule> {
    let mut mtu = AclRule::new(150, "1", ANYWHERE);
    // "Fragmentation needed" (type 3, code 4): path MTU discovery.
    mtu.icmp = Some((3, 4));
    vec![
        AclRule::new(100, "-1", vpc_cidr),
        AclRule::new(110, "6", ANYWHERE).ports(80, 80),
        AclRule::new(120, "6", ANYWHERE).ports(443, 443),
        AclRule {
            deny: true,
            ..AclRule::new(125, "6", ANYWHERE).ports(3389, 3389)
        },
        AclRule::new(130, "6", ANYWHERE).ports(1024, 65535),
        AclRule::new(140, "17", ANYWHERE).ports(1024, 65535),
        mtu,
    ]
}

/// AWS's inbound rule of a new VPC's default ACL: everything from anywhere.
pub fn aws_inbound() -> Vec<AclRule> {
    vec![AclRule::new(100, "-1", ANYWHERE)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_narrowed_rule_lets_every_protocol_in_from_the_internet() {
        let rules = restricted_inbound("10.20.0.0/16");
        assert!(rules.iter().all(|r| !(r.protocol == "-1" && r.cidr == ANYWHERE)));
        assert!(rules.windows(2).all(|w| w[0].number < w[1].number), "sorted by number");
    }

    #[test]
    fn replies_reach_the_ephemeral_ports_and_the_alb_its_ports() {
        let rules = restricted_inbound("10.20.0.0/16");
        let open = |proto: &str, port: i32| {
            // The first rule by number that matches decides, as in EC2.
            rules
                .iter()
                .find(|r| r.protocol == proto && r.ports.is_some_and(|(f, t)| f <= port && port <= t))
                .is_some_and(|r| !r.deny)
        };
        assert!(open("6", 443) && open("6", 80) && open("6", 32768) && open("17", 50000));
        assert!(!open("6", 22) && !open("6", 3389));
    }
}
