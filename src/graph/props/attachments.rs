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
