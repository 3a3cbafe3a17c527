//! Operations: logs, alarms, their topic, the dashboard and the trail.

use super::{Adoption, IdShape, KindSpec, typed};
use crate::graph::Kind;
use crate::graph::props::{AlarmProps, DashboardProps, LogGroupProps, TopicProps, TrailProps};

pub const SPECS: &[KindSpec] = &[
    // Below what logs into a group (the EKS cluster, the web ACLs), so an
    // orphaned group goes after them; above the key that encrypts it.
    KindSpec {
        aws_ids: &[IdShape::arn("logs", "")],
        props: Some(typed::<LogGroupProps>),
        ..KindSpec::new(Kind::LogGroup, "aws_cloudwatch_log_group", 105)
    },
    // Before the alarms that notify it.
    KindSpec {
        aws_ids: &[IdShape::arn("sns", "")],
        props: Some(typed::<TopicProps>),
        ..KindSpec::new(Kind::Topic, "aws_sns_topic", 310)
    },
    // Watches the resources above. CloudWatch returns actions in an order of
    // its own.
    KindSpec {
        sets: &["alarm_actions", "ok_actions"],
        aws_ids: &[IdShape::arn("cloudwatch", "alarm:")],
        props: Some(typed::<AlarmProps>),
        ..KindSpec::new(Kind::Alarm, "aws_cloudwatch_metric_alarm", 320)
    },
    // Shows the resources above. A dashboard has no tags: found by its name.
    KindSpec {
        adoption: Adoption::ByName,
        aws_ids: &[IdShape::arn("cloudwatch", "dashboard/")],
        props: Some(typed::<DashboardProps>),
        ..KindSpec::new(Kind::Dashboard, "aws_cloudwatch_dashboard", 330)
    },
    // Into the logs bucket, so after it.
    KindSpec {
        aws_ids: &[IdShape::arn("cloudtrail", "")],
        props: Some(typed::<TrailProps>),
        ..KindSpec::new(Kind::Trail, "aws_cloudtrail", 340)
    },
];
