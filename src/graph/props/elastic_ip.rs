//! An Elastic IP's settings.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::Props;
use crate::props;

/// An Elastic IP as the stack wants it, and as AWS reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct ElasticIpProps {
    /// `vpc`: the address is for use in a VPC.
    pub domain: String,
}

impl From<ElasticIpProps> for Props {
    fn from(e: ElasticIpProps) -> Props {
        props! { "domain" => e.domain }
    }
}

impl TryFrom<&Props> for ElasticIpProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<ElasticIpProps, PropsError> {
        let r = Reader::new(Kind::ElasticIp, p);
        Ok(ElasticIpProps {
            domain: r.string("domain")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let eip = ElasticIpProps { domain: "vpc".into() };
        assert_eq!(ElasticIpProps::try_from(&Props::from(eip.clone())), Ok(eip));
        let e = ElasticIpProps::try_from(&Props::new()).unwrap_err();
        assert_eq!(e.to_string(), "aws_eip props: `domain` is missing");
    }
}
