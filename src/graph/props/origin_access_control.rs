//! The origin access control through which CloudFront reads the assets bucket.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::Props;
use crate::props;

/// An origin access control as the stack wants it, and as AWS reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct OriginAccessControlProps {
    /// `s3`.
    pub origin_type: String,
    /// `always`: CloudFront signs every request to the origin.
    pub signing_behavior: String,
    /// `sigv4`.
    pub signing_protocol: String,
}

impl From<OriginAccessControlProps> for Props {
    fn from(o: OriginAccessControlProps) -> Props {
        props! {
            "origin_type" => o.origin_type,
            "signing_behavior" => o.signing_behavior,
            "signing_protocol" => o.signing_protocol,
        }
    }
}

impl TryFrom<&Props> for OriginAccessControlProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<OriginAccessControlProps, PropsError> {
        let r = Reader::new(Kind::OriginAccessControl, p);
        Ok(OriginAccessControlProps {
            origin_type: r.string("origin_type")?,
            signing_behavior: r.string("signing_behavior")?,
            signing_protocol: r.string("signing_protocol")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let oac = OriginAccessControlProps {
            origin_type: "s3".into(),
            signing_behavior: "always".into(),
            signing_protocol: "sigv4".into(),
        };
        assert_eq!(OriginAccessControlProps::try_from(&Props::from(oac.clone())), Ok(oac));
    }
}
