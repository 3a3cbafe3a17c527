//! The edge: the load balancer, WAF and CloudFront.

use super::{Adoption, IdShape, KindSpec, Output, typed};
use crate::graph::Kind;
use crate::graph::props::{
    DistributionProps, ListenerProps, LoadBalancerProps, OriginAccessControlProps, TargetGroupProps, WebAclAssociationProps, WebAclProps,
};

pub const SPECS: &[KindSpec] = &[
    // In the public subnets. ELB cannot change a load balancer's type or
    // scheme; usable once `active`; deletion protection blocks its delete.
    KindSpec {
        replace_on: &["type", "scheme"],
        outputs: &[Output::same("dns_name")],
        settles_after_create: true,
        deletion_protection: true,
        aws_ids: &[IdShape::arn("elasticloadbalancing", "loadbalancer/")],
        props: Some(typed::<LoadBalancerProps>),
        ..KindSpec::new(Kind::LoadBalancer, "aws_lb", 190)
    },
    // ELB cannot move a target group to another VPC, port, protocol or target type.
    KindSpec {
        replace_on: &["vpc_id", "port", "protocol", "target_type"],
        aws_ids: &[IdShape::arn("elasticloadbalancing", "targetgroup/")],
        props: Some(typed::<TargetGroupProps>),
        ..KindSpec::new(Kind::TargetGroup, "aws_lb_target_group", 200)
    },
    // Joins the load balancer and a target group. A listener never changes
    // its load balancer.
    KindSpec {
        replace_on: &["load_balancer_arn"],
        aws_ids: &[IdShape::arn("elasticloadbalancing", "listener/")],
        props: Some(typed::<ListenerProps>),
        ..KindSpec::new(Kind::Listener, "aws_lb_listener", 210)
    },
    // WAF cannot change a web ACL's scope (regional or CloudFront) or region.
    KindSpec {
        replace_on: &["scope", "region"],
        aws_ids: &[IdShape::arn("wafv2", "")],
        props: Some(typed::<WebAclProps>),
        ..KindSpec::new(Kind::WebAcl, "aws_wafv2_web_acl", 230)
    },
    // Joins a web ACL and the load balancer: WAF associates and disassociates,
    // it never changes one. It has no tags: read through its parents.
    KindSpec {
        replace_on: &["web_acl_arn", "resource_arn"],
        adoption: Adoption::ThroughParent("the regional web ACL (edge/web-acl/regional) and the load balancer (edge/load-balancer)"),
        props: Some(typed::<WebAclAssociationProps>),
        ..KindSpec::new(Kind::WebAclAssociation, "aws_wafv2_web_acl_association", 240)
    },
    // Before the distribution that uses it. CloudFront cannot change its
    // origin type; it has no tags: found by its name.
    KindSpec {
        replace_on: &["origin_type"],
        adoption: Adoption::ByName,
        props: Some(typed::<OriginAccessControlProps>),
        ..KindSpec::new(Kind::OriginAccessControl, "aws_cloudfront_origin_access_control", 250)
    },
    // Uses the web ACL and origin access control; usable once `Deployed`.
    KindSpec {
        outputs: &[Output::same("domain_name")],
        settles_after_create: true,
        aws_ids: &[IdShape::arn("cloudfront", "")],
        props: Some(typed::<DistributionProps>),
        ..KindSpec::new(Kind::Distribution, "aws_cloudfront_distribution", 260)
    },
];
