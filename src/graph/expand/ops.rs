//! The operations side: alarms and the dashboard.

use super::{Builder, Spec, ids};
use crate::graph::props::{AlarmProps, DashboardProps, KmsKeyProps, MetricLine, MetricQuery, QuerySource, TopicProps, Widget};
use crate::graph::{Kind, Props, Value};
use crate::props;
use crate::stack::names;

// The dimensions of each metric are the ones the service publishes, checked
// against its CloudWatch documentation (the tests pin them with these links):
// - ALB, per `LoadBalancer` (the ARN suffix `app/NAME/ID`):
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
// - RDS, per `DBInstanceIdentifier`:
//   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/dimensions.html
// - SQS, per `QueueName`:
//   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
// - ElastiCache, per `CacheClusterId` (each member cluster `<group>-001`,
//   `-002`...) and `CacheNodeId`, never per replication group:
//   https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.html
// - CloudFront, per `DistributionId` with `Region=Global`, in us-east-1:
//   https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html

/// The member cache clusters of the stack's replication group (cluster mode
/// disabled: one shard, the primary and its replicas), named as AWS names them.
fn cache_members(b: &Builder) -> Vec<String> {
    let Some(c) = b.stack.cache.as_ref() else { return vec![] };
    let group = names::cache_group(b.name());
    (1..=1 + *c.replicas).map(|n| format!("{group}-{n:03}")).collect()
}

fn cloudfront_dimensions() -> Props {
    props! { "DistributionId" => Value::reference(&ids::distribution(), "id"), "Region" => "Global" }
}

fn metric(id: &str, namespace: &str, name: &str, dimension: (&str, Value), stat: &str, period: u32) -> MetricQuery {
    MetricQuery {
        id: id.into(),
        return_data: false,
        source: QuerySource::Metric {
            line: line_with(namespace, name, props! { dimension.0 => dimension.1 }, stat),
            period,
        },
    }
}

/// Metric math over the other queries: the alarm's time series.
fn expression(id: &str, expression: String) -> MetricQuery {
    MetricQuery {
        id: id.into(),
        return_data: true,
        source: QuerySource::Expression(expression),
    }
}

fn single(m: MetricQuery) -> Vec<MetricQuery> {
    vec![MetricQuery { return_data: true, ..m }]
}

/// The stack's SNS topic for alarms, encrypted with SNS's KMS key, with the
/// stack's email addresses subscribed.
fn alarm_topic(b: &mut Builder) {
    let Some(m) = b.stack.monitoring.as_ref() else { return };
    let mut emails: Vec<String> = m
        .notify
        .iter()
        .filter(|n| !n.starts_with("arn:"))
        .map(|n| n.value.clone())
        .collect();
    emails.sort();
    emails.dedup();
    let stack = b.name().to_string();
    // A key of the stack's own: CloudWatch cannot publish to a topic under
    // SNS's AWS-managed key, whose policy cannot name it (SNS developer guide,
    // "Enable compatibility between event sources from AWS services and
    // encrypted topics"); alarms would then reach nobody, silently.
    let key = b.kms_key(
        ids::alarm_topic_key(),
        "alarms",
        KmsKeyProps::for_service(
            "cloudwatch.amazonaws.com",
            format!("Encryption of the alarm topic of stack {stack}"),
        ),
    );
    b.add(Spec::new(
        ids::alarm_topic(),
        Kind::Topic,
        names::alarm_topic(&stack),
        TopicProps {
            kms_master_key_id: Value::reference(&key, "arn"),
            subscriptions: emails,
        }
        .into(),
    ));
}

/// Whom an alarm notifies, on ALARM and on OK: the stack's topic and the
/// topic ARNs the stack lists.
fn alarm_actions(b: &Builder) -> Vec<Value> {
    let mut actions = vec![Value::reference(&ids::alarm_topic(), "arn")];
    if let Some(m) = b.stack.monitoring.as_ref() {
        actions.extend(
            m.notify
                .iter()
                .filter(|n| n.starts_with("arn:"))
                .map(|n| Value::str(n.value.clone())),
        );
    }
    actions
}

fn alarm(b: &mut Builder, id: &str, description: String, threshold: f64, metrics: Vec<MetricQuery>) {
    let stack = b.name().to_string();
    let actions = alarm_actions(b);
    let props = AlarmProps {
        description,
        comparison_operator: "GreaterThanThreshold".into(),
        threshold,
        evaluation_periods: 3,
        datapoints_to_alarm: Some(2),
        treat_missing_data: "notBreaching".into(),
        metrics,
        alarm_actions: actions.clone(),
        ok_actions: actions,
    };
    b.add(Spec::new(ids::alarm(id), Kind::Alarm, names::alarm(&stack, id), props.into()));
}

pub fn alarms(b: &mut Builder) {
    let Some(m) = b.stack.monitoring.as_ref() else { return };
    let a = m.alarms.clone();
    let any =
        a.alb_5xx_percent.is_some() || a.db_cpu_percent.is_some() || a.queue_oldest_message_s.is_some() || a.cache_cpu_percent.is_some();
    if any {
        alarm_topic(b);
    }
    if let Some(pct) = a.alb_5xx_percent
        && b.has(&ids::alb())
    {
        let dim = || ("LoadBalancer", Value::reference(&ids::alb(), "arn_suffix"));
        let metrics = vec![
            metric("errors", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", dim(), "Sum", 60),
            metric("requests", "AWS/ApplicationELB", "RequestCount", dim(), "Sum", 60),
            expression("percent", "100 * errors / requests".into()),
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
        cache_cpu_alarm(b, pct.value);
    }
}

/// Redis engine CPU of every member cluster; the busiest one alarms.
fn cache_cpu_alarm(b: &mut Builder, threshold: f64) {
    // One metric per member cluster, the busiest one alarms.
    let members = cache_members(b);
    let mut metrics: Vec<MetricQuery> = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let id = format!("cpu{}", i + 1);
            metric(
                &id,
                "AWS/ElastiCache",
                "EngineCPUUtilization",
                ("CacheClusterId", Value::str(m)),
                "Average",
                300,
            )
        })
        .collect();
    let ids: Vec<String> = (1..=members.len()).map(|i| format!("cpu{i}")).collect();
    metrics.push(expression("busiest", format!("MAX([{}])", ids.join(", "))));
    alarm(
        b,
        "cache-cpu",
        format!("Redis engine CPU above {}% on any node", threshold),
        threshold,
        metrics,
    );
}

fn widget(title: &str, region: &str, metrics: Vec<MetricLine>) -> Widget {
    Widget {
        title: title.into(),
        region: region.into(),
        metrics,
    }
}

fn line(namespace: &str, name: &str, dimension: &str, value: Value, stat: &str) -> MetricLine {
    line_with(namespace, name, props! { dimension => value }, stat)
}

fn line_with(namespace: &str, name: &str, dimensions: Props, stat: &str) -> MetricLine {
    MetricLine {
        namespace: namespace.into(),
        metric_name: name.into(),
        dimensions,
        stat: stat.into(),
    }
}

/// Engine CPU and memory of each member cluster of the Redis group.
fn redis_widget(b: &Builder, region: &str) -> Widget {
    let members = cache_members(b);
    let metrics = ["EngineCPUUtilization", "DatabaseMemoryUsagePercentage"]
        .iter()
        .flat_map(|name| {
            members
                .iter()
                .map(|m| line("AWS/ElastiCache", name, "CacheClusterId", Value::str(m), "Average"))
        })
        .collect();
    widget("Redis", region, metrics)
}

/// CloudFront publishes its metrics in us-east-1, with `Region=Global`.
fn cloudfront_widget() -> Widget {
    widget(
        "CloudFront",
        "us-east-1",
        vec![
            line_with("AWS/CloudFront", "Requests", cloudfront_dimensions(), "Sum"),
            line_with("AWS/CloudFront", "5xxErrorRate", cloudfront_dimensions(), "Average"),
        ],
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
        widgets.push(redis_widget(b, &region));
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
        widgets.push(cloudfront_widget());
    }
    if widgets.is_empty() {
        return;
    }
    let stack = b.name().to_string();
    b.add(Spec::new(
        ids::dashboard(),
        Kind::Dashboard,
        stack,
        DashboardProps { widgets }.into(),
    ));
}

#[cfg(test)]
mod tests {
    //! Every alarm and dashboard metric carries the dimensions its service
    //! publishes (the links above `cache_members`); a metric with other
    //! dimensions has no data and an alarm on it never fires.

    use super::*;
    use crate::graph::ResourceGraph;
    use crate::graph::expand::tests::seed;

    /// The dimension names each namespace publishes the metrics used here with.
    fn published(namespace: &str) -> &'static [&'static str] {
        match namespace {
            "AWS/ApplicationELB" => &["LoadBalancer"],
            "AWS/RDS" => &["DBInstanceIdentifier"],
            "AWS/SQS" => &["QueueName"],
            "AWS/ElastiCache" => &["CacheClusterId"],
            "AWS/CloudFront" => &["DistributionId", "Region"],
            other => panic!("no documented dimensions for {other}"),
        }
    }

    fn graph() -> ResourceGraph {
        seed(|seed| {
            let yaml = seed.replace(
                "queue_oldest_message_s: 300 }",
                "queue_oldest_message_s: 300, cache_cpu_percent: 70 }",
            );
            assert_ne!(seed, yaml, "the seed stack's alarms line changed: adapt this test");
            yaml
        })
    }

    fn map(v: &Value) -> &Props {
        v.as_map().expect("a map")
    }

    /// (namespace, metric, dimensions) of every metric of alarms and widgets.
    fn metrics(g: &ResourceGraph) -> Vec<(String, String, Props)> {
        let mut out = Vec::new();
        for n in g.nodes() {
            let lists: Vec<&Value> = match n.kind {
                Kind::Alarm => n.props.get("metrics").into_iter().collect(),
                Kind::Dashboard => n.props["widgets"].as_list().iter().map(|w| &map(w)["metrics"]).collect(),
                _ => continue,
            };
            for m in lists.into_iter().flat_map(Value::as_list).map(map) {
                if let Some(ns) = m.get("namespace").and_then(Value::as_str) {
                    let name = m["metric_name"].as_str().unwrap_or_default().to_string();
                    out.push((ns.to_string(), name, map(&m["dimensions"]).clone()));
                }
            }
        }
        out
    }

    #[test]
    fn every_metric_uses_the_dimensions_its_service_publishes() {
        let all = metrics(&graph());
        let namespaces: std::collections::BTreeSet<&str> = all.iter().map(|(ns, _, _)| ns.as_str()).collect();
        assert_eq!(
            namespaces.into_iter().collect::<Vec<_>>(),
            ["AWS/ApplicationELB", "AWS/CloudFront", "AWS/ElastiCache", "AWS/RDS", "AWS/SQS"]
        );
        for (ns, name, dims) in &all {
            let keys: Vec<&str> = dims.keys().map(String::as_str).collect();
            assert_eq!(keys, published(ns), "{ns} {name}");
        }
    }

    #[test]
    fn elasticache_metrics_are_per_member_cluster_never_per_replication_group() {
        let members: Vec<Value> = metrics(&graph())
            .into_iter()
            .filter(|(ns, name, _)| ns == "AWS/ElastiCache" && name == "EngineCPUUtilization")
            .map(|(_, _, d)| d["CacheClusterId"].clone())
            .collect();
        // The alarm and the dashboard, each for the primary and its replica.
        let one = vec![Value::str("shop-cache-001"), Value::str("shop-cache-002")];
        assert_eq!(members, [one.clone(), one].concat());
    }

    #[test]
    fn the_cache_alarm_fires_on_the_busiest_member() {
        let g = graph();
        let alarm = g.get(&ids::alarm("cache-cpu")).expect("the cache alarm");
        let queries = alarm.props["metrics"].as_list();
        let returned: Vec<&Props> = queries.iter().map(map).filter(|q| q["return_data"] == Value::Bool(true)).collect();
        assert_eq!(returned.len(), 1, "one time series decides");
        assert_eq!(returned[0]["expression"], Value::str("MAX([cpu1, cpu2])"));
    }

    #[test]
    fn cloudfront_metrics_are_global_in_us_east_1() {
        let g = graph();
        let dashboard = g.get(&ids::dashboard()).expect("the dashboard");
        let widget = dashboard.props["widgets"]
            .as_list()
            .iter()
            .map(map)
            .find(|w| w["title"] == Value::str("CloudFront"))
            .expect("a CloudFront widget");
        assert_eq!(widget["region"], Value::str("us-east-1"));
        for m in widget["metrics"].as_list().iter().map(map) {
            assert_eq!(map(&m["dimensions"])["Region"], Value::str("Global"));
        }
    }
}
