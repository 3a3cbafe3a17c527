//! Kinds that join two resources: the WAF association (web ACL to load
//! balancer) and the target group attachment (target group to a node group's
//! Auto Scaling group). Both sides force a replacement.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};
use crate::props;

/// A web ACL associated with a resource (the ALB). Each side is a reference
/// in the graph, an ARN once resolved or read back.
#[derive(Debug, Clone, PartialEq)]
pub struct WebAclAssociationProps {
    pub web_acl_arn: Value,
    pub resource_arn: Value,
}

impl From<WebAclAssociationProps> for Props {
    fn from(a: WebAclAssociationProps) -> Props {
        props! { "web_acl_arn" => a.web_acl_arn, "resource_arn" => a.resource_arn }
    }
}

impl TryFrom<&Props> for WebAclAssociationProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<WebAclAssociationProps, PropsError> {
        let r = Reader::new(Kind::WebAclAssociation, p);
        Ok(WebAclAssociationProps {
            web_acl_arn: r.value("web_acl_arn")?,
            resource_arn: r.value("resource_arn")?,
        })
    }
}

/// A target group attached to a node group's Auto Scaling group.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetGroupAttachmentProps {
    pub autoscaling_group_name: Value,
    pub target_group_arn: Value,
}

impl From<TargetGroupAttachmentProps> for Props {
    fn from(a: TargetGroupAttachmentProps) -> Props {
        props! { "autoscaling_group_name" => a.autoscaling_group_name, "target_group_arn" => a.target_group_arn }
    }
}

impl TryFrom<&Props> for TargetGroupAttachmentProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<TargetGroupAttachmentProps, PropsError> {
        let r = Reader::new(Kind::TargetGroupAttachment, p);
        Ok(TargetGroupAttachmentProps {
            autoscaling_group_name: r.value("autoscaling_group_name")?,
            target_group_arn: r.value("target_group_arn")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let waf = WebAclAssociationProps {
            web_acl_arn: Value::str("arn:aws:wafv2:us-east-1:1:regional/webacl/a/1"),
            resource_arn: Value::str("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/1"),
        };
        assert_eq!(WebAclAssociationProps::try_from(&Props::from(waf.clone())), Ok(waf));
        let tg = TargetGroupAttachmentProps {
            autoscaling_group_name: Value::str("eks-general-1"),
            target_group_arn: Value::str("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/1"),
        };
        assert_eq!(TargetGroupAttachmentProps::try_from(&Props::from(tg.clone())), Ok(tg));
        let e = TargetGroupAttachmentProps::try_from(&Props::new()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "aws_autoscaling_attachment props: `autoscaling_group_name` is missing"
        );
    }
}
