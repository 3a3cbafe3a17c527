//! Kinds that join two resources: the WAF association (web ACL to load
//! balancer) and the target group attachment (target group to a node group's
//! Auto Scaling group). Both sides force a replacement.

use crate::graph::value::Value;

crate::typed_props! {
    /// A web ACL associated with a resource (the ALB). Each side is a reference
    /// in the graph, an ARN once resolved or read back.
    pub struct WebAclAssociationProps for WebAclAssociation {
        pub web_acl_arn: Value,
        pub resource_arn: Value,
    }
}

crate::typed_props! {
    /// A target group attached to a node group's Auto Scaling group.
    pub struct TargetGroupAttachmentProps for TargetGroupAttachment {
        pub autoscaling_group_name: Value,
        pub target_group_arn: Value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

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
