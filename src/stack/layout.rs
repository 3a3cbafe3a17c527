//! The network layout a stack's `network` section stands for: which AZs, and the
//! public and private subnet CIDRs in each. Validation checks it, expansion
//! creates it: both call `NetworkLayout::of`.

use ipnet::Ipv4Net;

use super::model::Network;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetLayout {
    /// Short AZ suffix (`a`, `b`, ...) used in logical ids.
    pub az_suffix: char,
    pub availability_zone: String,
    pub public: Ipv4Net,
    pub private: Ipv4Net,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkLayout {
    pub vpc: Ipv4Net,
    pub subnets: Vec<SubnetLayout>,
}

/// The VPC splits into 16 blocks: private subnets take blocks 0.., public ones
/// blocks 8.., so both grow per AZ without overlapping (up to 8 AZs).
const CARVE_BITS: u8 = 4;
const PUBLIC_BLOCK_OFFSET: usize = 8;

impl NetworkLayout {
    /// The layout, or `None` when a CIDR does not parse (validation reports it).
    pub fn of(network: &Network, region: &str) -> Option<NetworkLayout> {
        let vpc: Ipv4Net = network.cidr.parse().ok()?;
        let azs = network.az_count() as usize;
        let carved: Vec<Ipv4Net> = vpc.subnets(vpc.prefix_len() + CARVE_BITS).ok()?.collect();
        let pick = |explicit: &Option<Vec<super::pos::Pos<String>>>, offset: usize| match explicit {
            Some(list) => list.iter().map(|c| c.parse::<Ipv4Net>().ok()).collect::<Option<Vec<_>>>(),
            None => carved.get(offset..offset + azs).map(<[Ipv4Net]>::to_vec),
        };
        let public = pick(&network.public_subnets, PUBLIC_BLOCK_OFFSET)?;
        let private = pick(&network.private_subnets, 0)?;
        let subnets = public
            .into_iter()
            .zip(private)
            .take(azs)
            .enumerate()
            .map(|(i, (public, private))| {
                let az_suffix = (b'a' + i as u8) as char;
                SubnetLayout {
                    az_suffix,
                    availability_zone: format!("{region}{az_suffix}"),
                    public,
                    private,
                }
            })
            .collect();
        Some(NetworkLayout { vpc, subnets })
    }
}

impl NetworkLayout {
    /// Puts the n-th subnet pair in the n-th of `zones` (the zones the region
    /// offers, chosen at plan time); logical ids keep their letters.
    pub fn place_in(&mut self, zones: &[String]) {
        for (s, zone) in self.subnets.iter_mut().zip(zones) {
            s.availability_zone = zone.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stack::model::NatGateways;
    use crate::stack::pos::Pos;

    fn network(cidr: &str, azs: u32) -> Network {
        Network {
            cidr: Pos::default_value(cidr.into()),
            availability_zones: Pos::default_value(azs),
            zones: None,
            public_subnets: None,
            private_subnets: None,
            nat_gateways: Pos::default_value(NatGateways::One),
            restrict_default_security_group: Pos::default_value(true),
            restrict_default_network_acl: Pos::default_value(true),
            flow_logs: Pos::default_value(true),
        }
    }

    #[test]
    fn carves_private_and_public_blocks() {
        let layout = NetworkLayout::of(&network("10.20.0.0/16", 3), "us-east-1").unwrap();
        let got: Vec<(String, String, String)> = layout
            .subnets
            .iter()
            .map(|s| (s.availability_zone.clone(), s.private.to_string(), s.public.to_string()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("us-east-1a".into(), "10.20.0.0/20".into(), "10.20.128.0/20".into()),
                ("us-east-1b".into(), "10.20.16.0/20".into(), "10.20.144.0/20".into()),
                ("us-east-1c".into(), "10.20.32.0/20".into(), "10.20.160.0/20".into()),
            ]
        );
    }

    #[test]
    fn unparsable_cidr_has_no_layout() {
        assert!(NetworkLayout::of(&network("10.20.0.0/33", 2), "us-east-1").is_none());
    }
}
