//! The VPC and what lives in it: EC2 resources, named by a `Name` tag.

use super::{IdShape, KindSpec, typed};
use crate::graph::Kind;
use crate::graph::props::{
    ElasticIpProps, FlowLogProps, InternetGatewayProps, LaunchTemplateProps, NatGatewayProps, RouteTableProps, SecurityGroupProps,
    SubnetProps, VpcProps,
};

/// An EC2 resource: named by its `Name` tag, its id starting with `prefix`.
const fn ec2(kind: Kind, type_name: &'static str, rank: u16, prefix: &'static [IdShape]) -> KindSpec {
    KindSpec {
        named_by_tag: true,
        aws_ids: prefix,
        ..KindSpec::new(kind, type_name, rank)
    }
}

pub const SPECS: &[KindSpec] = &[
    // First of all: everything network-bound lives in it. EC2 cannot change
    // a VPC's primary CIDR block (only add secondary ones).
    KindSpec {
        replace_on: &["cidr_block"],
        props: Some(typed::<VpcProps>),
        ..ec2(Kind::Vpc, "aws_vpc", 10, &[IdShape::Prefix("vpc-")])
    },
    // Inside its VPC. EC2 has no call that moves a subnet or changes its range
    // or zone.
    KindSpec {
        replace_on: &["vpc_id", "cidr_block", "availability_zone"],
        props: Some(typed::<SubnetProps>),
        ..ec2(Kind::Subnet, "aws_subnet", 20, &[IdShape::Prefix("subnet-")])
    },
    // Attached to the VPC; nothing of it to replace (attachment is an update).
    KindSpec {
        props: Some(typed::<InternetGatewayProps>),
        ..ec2(Kind::InternetGateway, "aws_internet_gateway", 30, &[IdShape::Prefix("igw-")])
    },
    // Before the NAT gateway that holds it. The domain is set at allocation.
    KindSpec {
        replace_on: &["domain"],
        props: Some(typed::<ElasticIpProps>),
        ..ec2(Kind::ElasticIp, "aws_eip", 40, &[IdShape::Prefix("eipalloc-")])
    },
    // In a subnet, with an Elastic IP: EC2 cannot change either once created,
    // nor public into private. Usable once `available`, minutes later.
    KindSpec {
        replace_on: &["subnet_id", "allocation_id", "connectivity_type"],
        settles_after_create: true,
        props: Some(typed::<NatGatewayProps>),
        ..ec2(Kind::NatGateway, "aws_nat_gateway", 50, &[IdShape::Prefix("nat-")])
    },
    // Its routes name the gateways above. A route table never leaves its VPC;
    // AWS returns routes in an order of its own.
    KindSpec {
        replace_on: &["vpc_id"],
        sets: &["routes"],
        props: Some(typed::<RouteTableProps>),
        ..ec2(Kind::RouteTable, "aws_route_table", 60, &[IdShape::Prefix("rtb-")])
    },
    // A group never leaves its VPC and EC2 cannot change its description;
    // AWS returns rules in an order of its own.
    KindSpec {
        replace_on: &["vpc_id", "description"],
        sets: &["ingress", "egress"],
        props: Some(typed::<SecurityGroupProps>),
        ..ec2(Kind::SecurityGroup, "aws_security_group", 70, &[IdShape::Prefix("sg-")])
    },
    // Its node groups' instances use the security groups above.
    KindSpec {
        props: Some(typed::<LaunchTemplateProps>),
        ..ec2(Kind::LaunchTemplate, "aws_launch_template", 100, &[IdShape::Prefix("lt-")])
    },
    // Into the logs bucket, so after it. EC2 has no call that changes a flow log.
    KindSpec {
        replace_on: &[
            "resource_id",
            "traffic_type",
            "log_destination_type",
            "log_destination",
            "max_aggregation_interval",
        ],
        props: Some(typed::<FlowLogProps>),
        ..ec2(Kind::FlowLog, "aws_flow_log", 350, &[IdShape::Prefix("fl-")])
    },
];
