//! The internet gateway's settings.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};

/// An internet gateway as the stack wants it, and as AWS reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct InternetGatewayProps {
    /// The VPC it is attached to: a reference in the graph, its id once
    /// resolved. AWS reports none for a gateway left unattached (an apply
    /// stopped between create and attach).
    pub vpc_id: Option<Value>,
}

impl From<InternetGatewayProps> for Props {
    fn from(g: InternetGatewayProps) -> Props {
        let mut p = Props::new();
        if let Some(vpc) = g.vpc_id {
            p.insert("vpc_id".into(), vpc);
        }
        p
    }
}

impl TryFrom<&Props> for InternetGatewayProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<InternetGatewayProps, PropsError> {
        let r = Reader::new(Kind::InternetGateway, p);
        Ok(InternetGatewayProps {
            vpc_id: r.optional("vpc_id"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let attached = InternetGatewayProps {
            vpc_id: Some(Value::str("vpc-0abc")),
        };
        assert_eq!(InternetGatewayProps::try_from(&Props::from(attached.clone())), Ok(attached));
        let unattached = InternetGatewayProps { vpc_id: None };
        assert!(Props::from(unattached.clone()).is_empty());
        assert_eq!(InternetGatewayProps::try_from(&Props::new()), Ok(unattached));
    }
}
