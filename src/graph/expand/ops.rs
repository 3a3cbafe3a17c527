//! The operations side: log groups, alarms, the dashboard and CloudTrail.

use super::storage::bucket_name;
use super::{Builder, Spec, ids};
use crate::graph::{Kind, NodeId, Value};
use crate::props;
use crate::stack::names;

const DEFAULT_RETENTION_DAYS: u32 = 30;

pub struct LogGroups {
    pub eks: Option<NodeId>,
}

fn retention(b: &Builder) -> u32 {
    b.stack
        .monitoring
        .as_ref()
        .map_or(DEFAULT_RETENTION_DAYS, |m| *m.log_retention_days)
}

pub fn log_groups(b: &mut Builder) -> LogGroups {
    let stack = b.name().to_string();
    let days = retention(b);
    if b.stack.monitoring.is_some() {
        b.add(Spec::new(
            ids::log_group("app"),
            Kind::LogGroup,
            names::app_log_group(&stack),
            props! { "retention_days" => days },
        ));
    }
    let eks = b.stack.kubernetes.as_ref().map(|_| {
        b.add(Spec::new(
            ids::log_group("eks"),
            Kind::LogGroup,
            names::eks_log_group(&stack),
            props! { "retention_days" => days },
        ))
    });
    LogGroups { eks }
}

fn metric(id: &str, namespace: &str, name: &str, dimension: (&str, Value), stat: &str, period: u32) -> Value {
    Value::Map(props! {
        "id" => id,
        "namespace" => namespace,
        "metric_name" => name,
        "dimensions" => Value::Map(props! { dimension.0 => dimension.1 }),
        "stat" => stat,
        "period" => period,
        "return_data" => false,
    })
}

fn single(mut m: Value) -> Vec<Value> {
    if let Value::Map(map) = &mut m {
        map.insert("return_data".into(), Value::Bool(true));
    }
    vec![m]
}

fn alarm(b: &mut Builder, id: &str, description: String, threshold: f64, metrics: Vec<Value>) {
    let stack = b.name().to_string();
    b.add(Spec::new(
        ids::alarm(id),
        Kind::Alarm,
        names::alarm(&stack, id),
        props! {
            "description" => description,
            "comparison_operator" => "GreaterThanThreshold",
            "threshold" => threshold,
            "evaluation_periods" => 3u32,
            "datapoints_to_alarm" => 2u32,
            "treat_missing_data" => "notBreaching",
            "metrics" => metrics,
        },
    ));
}

pub fn alarms(b: &mut Builder) {
    let Some(m) = b.stack.monitoring.as_ref() else { return };
    let a = m.alarms.clone();
    if let Some(pct) = a.alb_5xx_percent
        && b.has(&ids::alb())
    {
        let dim = || ("LoadBalancer", Value::reference(&ids::alb(), "arn_suffix"));
        let metrics = vec![
            metric("errors", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", dim(), "Sum", 60),
            metric("requests", "AWS/ApplicationELB", "RequestCount", dim(), "Sum", 60),
            Value::Map(props! { "id" => "percent", "expression" => "100 * errors / requests", "return_data" => true }),
        ];
        alarm(
            b,
            "alb-5xx",
            format!("ALB 5xx responses above {}% of requests", pct.value),
            pct.value,
            metrics,
        );
    }
    if let Some(pct) = a.db_cpu_percent
        && b.has(&ids::db_primary())
    {
        let m = metric(
            "cpu",
            "AWS/RDS",
            "CPUUtilization",
            ("DBInstanceIdentifier", Value::reference(&ids::db_primary(), "identifier")),
            "Average",
            300,
        );
        alarm(b, "db-cpu", format!("Database CPU above {}%", pct.value), pct.value, single(m));
    }
    if let Some(secs) = a.queue_oldest_message_s {
        for q in &b.stack.queues {
            let id = ids::queue(&q.name);
            let m = metric(
                "age",
                "AWS/SQS",
                "ApproximateAgeOfOldestMessage",
                ("QueueName", Value::reference(&id, "name")),
                "Maximum",
                60,
            );
            let alarm_id = format!("queue-age-{}", q.name.value.trim_end_matches(".fifo"));
            alarm(
                b,
                &alarm_id,
                format!("Oldest message of {} older than {} s", q.name.value, secs.value),
                f64::from(secs.value),
                single(m),
            );
        }
    }
    if let Some(pct) = a.cache_cpu_percent
        && b.has(&ids::cache_group())
    {
        let m = metric(
            "cpu",
            "AWS/ElastiCache",
            "EngineCPUUtilization",
            ("ReplicationGroupId", Value::reference(&ids::cache_group(), "id")),
            "Average",
            300,
        );
        alarm(
            b,
            "cache-cpu",
            format!("Redis engine CPU above {}%", pct.value),
            pct.value,
            single(m),
        );
    }
}

fn widget(title: &str, region: &str, metrics: Vec<Value>) -> Value {
    Value::Map(props! { "title" => title, "region" => region, "metrics" => metrics })
}

fn line(namespace: &str, name: &str, dimension: &str, value: Value, stat: &str) -> Value {
    Value::Map(
        props! { "namespace" => namespace, "metric_name" => name, "dimensions" => Value::Map(props! { dimension => value }), "stat" => stat },
    )
}

pub fn dashboard(b: &mut Builder) {
    let Some(m) = b.stack.monitoring.as_ref() else { return };
    if !*m.dashboard {
        return;
    }
    let region = b.region().to_string();
    let mut widgets = Vec::new();
    if b.has(&ids::alb()) {
        let lb = || Value::reference(&ids::alb(), "arn_suffix");
        widgets.push(widget(
            "Load balancer",
            &region,
            vec![
                line("AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb(), "Sum"),
                line("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", lb(), "Sum"),
                line("AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", lb(), "p99"),
            ],
        ));
    }
    if b.has(&ids::db_primary()) {
        let mut metrics = vec![line(
            "AWS/RDS",
            "CPUUtilization",
            "DBInstanceIdentifier",
            Value::reference(&ids::db_primary(), "identifier"),
            "Average",
        )];
        let replicas = b.stack.database.as_ref().map_or(0, |d| *d.read_replicas);
        for n in 1..=replicas {
            metrics.push(line(
                "AWS/RDS",
                "ReplicaLag",
                "DBInstanceIdentifier",
                Value::reference(&ids::db_replica(n), "identifier"),
                "Maximum",
            ));
        }
        widgets.push(widget("Database", &region, metrics));
    }
    if b.has(&ids::cache_group()) {
        widgets.push(widget(
            "Redis",
            &region,
            vec![
                line(
                    "AWS/ElastiCache",
                    "EngineCPUUtilization",
                    "ReplicationGroupId",
                    Value::reference(&ids::cache_group(), "id"),
                    "Average",
                ),
                line(
                    "AWS/ElastiCache",
                    "DatabaseMemoryUsagePercentage",
                    "ReplicationGroupId",
                    Value::reference(&ids::cache_group(), "id"),
                    "Average",
                ),
            ],
        ));
    }
    if !b.stack.queues.is_empty() {
        let metrics = b
            .stack
            .queues
            .iter()
            .map(|q| {
                line(
                    "AWS/SQS",
                    "ApproximateAgeOfOldestMessage",
                    "QueueName",
                    Value::reference(&ids::queue(&q.name), "name"),
                    "Maximum",
                )
            })
            .collect();
        widgets.push(widget("Queues: oldest message (s)", &region, metrics));
    }
    if b.has(&ids::distribution()) {
        let d = || Value::reference(&ids::distribution(), "id");
        // CloudFront publishes its metrics in us-east-1.
        widgets.push(widget(
            "CloudFront",
            "us-east-1",
            vec![
                line("AWS/CloudFront", "Requests", "DistributionId", d(), "Sum"),
                line("AWS/CloudFront", "5xxErrorRate", "DistributionId", d(), "Average"),
            ],
        ));
    }
    if widgets.is_empty() {
        return;
    }
    let stack = b.name().to_string();
    b.add(Spec::new(ids::dashboard(), Kind::Dashboard, stack, props! { "widgets" => widgets }));
}

pub fn trail(b: &mut Builder) {
    let Some(m) = b.stack.monitoring.as_ref() else { return };
    if !*m.cloudtrail {
        return;
    }
    let bucket = m.cloudtrail_bucket.value.clone();
    let stack = b.name().to_string();
    let name = bucket_name(b, &bucket);
    b.add(
        Spec::new(
            ids::trail(),
            Kind::Trail,
            names::trail(&stack),
            props! {
                "s3_bucket_name" => name,
                "is_multi_region_trail" => true,
                "include_global_service_events" => true,
                "enable_log_file_validation" => true,
            },
        )
        // CloudTrail checks the bucket's policy when the trail is created.
        .ready(&ids::bucket(&bucket)),
    );
}
