//! A security group's settings, its rules among them (rules cannot be tagged:
//! they are read through the group).

use super::{PropValue, PropsError, Reader};
use crate::graph::value::Value;
use crate::props;

crate::typed_props! {
    /// A security group as the stack wants it, and as AWS reports it.
    pub struct SecurityGroupProps for SecurityGroup {
        /// The VPC: a reference in the graph, its id once resolved.
        pub vpc_id: Value,
        /// Fixed at creation.
        pub description: String,
        pub ingress: Vec<Rule>,
        pub egress: Vec<Rule>,
    }
}

crate::typed_props! {
    /// One rule per source, as the stack file writes them.
    pub struct Rule {
        /// `tcp`, `udp`, `icmp`, a protocol number, or `-1` (all, ports 0).
        pub protocol: String,
        pub from_port: i64,
        pub to_port: i64,
        pub source: RuleSource,
    }
}

/// Where a rule admits traffic from (or sends it to).
#[derive(Debug, Clone, PartialEq)]
pub enum RuleSource {
    /// A CIDR block, `self`, or another group's id (a reference in the
    /// graph, its id once resolved).
    Peer(Value),
    /// `{prefix_list: <name>}`: a managed prefix list, by name.
    PrefixList(String),
}

/// A map names a prefix list; anything else is the peer itself.
impl PropValue for RuleSource {
    fn read(r: &Reader<'_>, key: &str) -> Result<Self, PropsError> {
        match r.map(key) {
            Ok(Some(m)) => Ok(RuleSource::PrefixList(m.string("prefix_list")?)),
            _ => Ok(RuleSource::Peer(r.value(key)?)),
        }
    }
    fn write(self) -> Option<Value> {
        Some(match self {
            RuleSource::Peer(v) => v,
            RuleSource::PrefixList(name) => Value::Map(props! { "prefix_list" => name }),
        })
    }
}

impl SecurityGroupProps {
    /// The inbound rules, or the outbound ones.
    pub fn rules(&self, egress: bool) -> &[Rule] {
        if egress { &self.egress } else { &self.ingress }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NodeId;
    use crate::graph::Props;
    use crate::graph::props::error_after;

    fn group() -> SecurityGroupProps {
        let rule = |protocol: &str, port: i64, source: RuleSource| Rule {
            protocol: protocol.into(),
            from_port: port,
            to_port: port,
            source,
        };
        SecurityGroupProps {
            vpc_id: Value::reference(&NodeId::new("network/vpc"), "id"),
            description: "Load balancer".into(),
            ingress: vec![
                rule(
                    "tcp",
                    443,
                    RuleSource::PrefixList("com.amazonaws.global.cloudfront.origin-facing".into()),
                ),
                rule(
                    "tcp",
                    8080,
                    RuleSource::Peer(Value::reference(&NodeId::new("network/sg/alb"), "id")),
                ),
                rule("-1", 0, RuleSource::Peer(Value::str("self"))),
            ],
            egress: vec![rule("-1", 0, RuleSource::Peer(Value::str("0.0.0.0/0")))],
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        let props = Props::from(group());
        let first = props["ingress"].as_list()[0].as_map().expect("a rule is a map");
        assert!(first["source"].as_map().is_some_and(|m| m.contains_key("prefix_list")));
        assert_eq!(SecurityGroupProps::try_from(&props), Ok(group()));
        assert_eq!(group().rules(true), group().egress.as_slice());
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let e = error_after(group(), |props| {
            props.insert(
                "egress".into(),
                Value::List(vec![Value::Map(
                    props! { "protocol" => "tcp", "from_port" => "80", "to_port" => 80u32, "source" => "self" },
                )]),
            );
        });
        assert_eq!(e, "aws_security_group props: `from_port` is not a whole number");
        let e = error_after(group(), |props| {
            props.remove("description");
        });
        assert_eq!(e, "aws_security_group props: `description` is missing");
    }
}
