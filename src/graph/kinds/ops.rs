//! Operations: logs, alarms, their topic, the dashboard and the trail.

use super::{Adoption, IdShape, KindSpec};
use crate::graph::Kind;

pub const SPECS: &[KindSpec] = &[
    // Below what logs into a group (the EKS cluster, the web ACLs), so an
    // orphaned group goes after them; above the key that encrypts it.
    KindSpec {
        aws_ids: &[IdShape::Arn {
            service: "logs",
            resource: "",
        }],
        ..KindSpec::new(Kind::LogGroup, "aws_cloudwatch_log_group", 105)
    },
    // Before the alarms that notify it.
    KindSpec {
        aws_ids: &[IdShape::Arn {
            service: "sns",
            resource: "",
        }],
        ..KindSpec::new(Kind::Topic, "aws_sns_topic", 310)
    },
    // Watches the resources above. CloudWatch returns actions in an order of
    // its own.
    KindSpec {
        sets: &["alarm_actions", "ok_actions"],
        aws_ids: &[IdShape::Arn {
            service: "cloudwatch",
            resource: "alarm:",
        }],
        ..KindSpec::new(Kind::Alarm, "aws_cloudwatch_metric_alarm", 320)
    },
    // Shows the resources above. A dashboard has no tags: found by its name.
    KindSpec {
        adoption: Adoption::ByName,
        aws_ids: &[IdShape::Arn {
            service: "cloudwatch",
            resource: "dashboard/",
        }],
        ..KindSpec::new(Kind::Dashboard, "aws_cloudwatch_dashboard", 330)
    },
    // Into the logs bucket, so after it.
    KindSpec {
        aws_ids: &[IdShape::Arn {
            service: "cloudtrail",
            resource: "",
        }],
        ..KindSpec::new(Kind::Trail, "aws_cloudtrail", 340)
    },
];
