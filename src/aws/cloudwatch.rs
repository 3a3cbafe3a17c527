//! CloudWatch metric alarms and the stack's dashboard.
//!
//! Alarms carry tags (PutMetricAlarm with Tags) and DescribeAlarms returns
//! every setting. Dashboards cannot be tagged: the stack's dashboard is the
//! one named like the stack (DESIGN), its settings read from its body.

use std::collections::BTreeMap;

use aws_sdk_cloudwatch::types::{AlarmType, ComparisonOperator, Dimension, Metric, MetricAlarm, MetricDataQuery, MetricStat, Tag};
use serde_json::{Value as Json, json};

use super::error::{AwsResultExt, NotFound, sdk_error};
use super::tagging::Tagged;
use super::tags::{self, Tags};
use super::wafv2::implied_tags;
use super::{Aws, json as pjson};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::expand::ids;
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// Dashboard widgets: two per row, each half the 24-unit grid wide.
const WIDGET_WIDTH: i64 = 12;
const WIDGET_HEIGHT: i64 = 6;

fn s<'a>(m: &'a Props, key: &str) -> &'a str {
    m.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn int(m: &Props, key: &str) -> Option<i32> {
    m.get(key).and_then(Value::as_int).and_then(|i| i32::try_from(i).ok())
}

fn float(m: &Props, key: &str) -> Option<f64> {
    match m.get(key) {
        Some(Value::Float(f)) => Some(*f),
        Some(Value::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

// ---- alarms ------------------------------------------------------------------

/// The metric queries of an alarm: a metric with its statistic, or metric math.
pub fn queries(p: &Props) -> Vec<MetricDataQuery> {
    p.get("metrics")
        .map(Value::as_list)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_map)
        .map(|m| {
            let mut q = MetricDataQuery::builder()
                .id(s(m, "id"))
                .return_data(m.get("return_data").and_then(Value::as_bool).unwrap_or(true));
            if let Some(e) = m.get("expression").and_then(Value::as_str) {
                q = q.expression(e);
            } else {
                let dims = m
                    .get("dimensions")
                    .and_then(Value::as_map)
                    .map(|d| {
                        d.iter()
                            .map(|(k, v)| Dimension::builder().name(k).value(v.as_str().unwrap_or_default()).build())
                            .collect()
                    })
                    .unwrap_or_default();
                let metric = Metric::builder()
                    .namespace(s(m, "namespace"))
                    .metric_name(s(m, "metric_name"))
                    .set_dimensions(Some(dims))
                    .build();
                q = q.metric_stat(
                    MetricStat::builder()
                        .metric(metric)
                        .stat(s(m, "stat"))
                        .set_period(int(m, "period"))
                        .build(),
                );
            }
            q.build()
        })
        .collect()
}

fn query_props(q: &MetricDataQuery) -> Value {
    let mut m = Props::new();
    m.insert("id".into(), Value::str(q.id().unwrap_or_default()));
    m.insert("return_data".into(), Value::Bool(q.return_data().unwrap_or(true)));
    if let Some(e) = q.expression() {
        m.insert("expression".into(), Value::str(e));
    } else if let Some(ms) = q.metric_stat() {
        let metric = ms.metric();
        m.insert(
            "namespace".into(),
            Value::str(metric.and_then(|x| x.namespace()).unwrap_or_default()),
        );
        m.insert(
            "metric_name".into(),
            Value::str(metric.and_then(|x| x.metric_name()).unwrap_or_default()),
        );
        let dims: Props = metric
            .map(|x| x.dimensions())
            .unwrap_or_default()
            .iter()
            .map(|d| (d.name().unwrap_or_default().to_string(), Value::str(d.value().unwrap_or_default())))
            .collect();
        m.insert("dimensions".into(), Value::Map(dims));
        m.insert("stat".into(), Value::str(ms.stat().unwrap_or_default()));
        m.insert("period".into(), Value::Int(i64::from(ms.period().unwrap_or_default())));
    }
    Value::Map(m)
}

fn alarm_described(a: &MetricAlarm) -> Props {
    let mut p = Props::new();
    p.insert("description".into(), Value::str(a.alarm_description().unwrap_or_default()));
    p.insert(
        "comparison_operator".into(),
        Value::str(a.comparison_operator().map_or("", |c| c.as_str())),
    );
    p.insert("threshold".into(), Value::Float(a.threshold().unwrap_or_default()));
    p.insert(
        "evaluation_periods".into(),
        Value::Int(i64::from(a.evaluation_periods().unwrap_or_default())),
    );
    if let Some(d) = a.datapoints_to_alarm() {
        p.insert("datapoints_to_alarm".into(), Value::Int(i64::from(d)));
    }
    p.insert("treat_missing_data".into(), Value::str(a.treat_missing_data().unwrap_or("missing")));
    p.insert("metrics".into(), Value::List(a.metrics().iter().map(query_props).collect()));
    let actions = |l: &[String]| Value::List(l.iter().map(Value::str).collect());
    p.insert("alarm_actions".into(), actions(a.alarm_actions()));
    p.insert("ok_actions".into(), actions(a.ok_actions()));
    p
}

fn actions(p: &Props, key: &str) -> Vec<String> {
    p.get(key)
        .map(|v| v.as_list().iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

fn resource(id: NodeId, kind: Kind, name: &str, arn: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    let attrs: BTreeMap<String, Value> = [("name", name), ("arn", arn)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Value::str(v)))
        .collect();
    LiveResource {
        id,
        kind,
        name: name.to_string(),
        physical_id: name.to_string(),
        attrs,
        props,
        tags,
    }
}

fn cw_tags(tags: &Tags) -> Vec<Tag> {
    tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()
}

/// The resource's tags (`tagging::listed_or`: listed, else asked of the service).
async fn tags_of(aws: &Aws, tagged: &[Tagged], arn: &str) -> Result<Tags, ProviderError> {
    crate::aws::tagging::listed_or(tagged, arn, || async {
        let out = aws
            .cloudwatch
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .op("cloudwatch:ListTagsForResource")?;
        Ok(out
            .tags()
            .iter()
            .map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string()))
            .collect())
    })
    .await
}

async fn describe_alarms(aws: &Aws, prefix: &str) -> Result<Vec<MetricAlarm>, ProviderError> {
    let mut alarms = Vec::new();
    let mut token = None;
    loop {
        let page = aws
            .cloudwatch
            .describe_alarms()
            .alarm_name_prefix(prefix)
            .alarm_types(AlarmType::MetricAlarm)
            .set_next_token(token)
            .send()
            .await
            .op("cloudwatch:DescribeAlarms")?;
        alarms.extend(page.metric_alarms().iter().cloned());
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            return Ok(alarms);
        }
    }
}

async fn discover_alarms(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let (mut found, mut conflicts) = (Vec::new(), Vec::new());
    for a in describe_alarms(aws, &format!("{}-", aws.stack)).await? {
        let (name, arn) = (a.alarm_name().unwrap_or_default(), a.alarm_arn().unwrap_or_default());
        let t = tags_of(aws, tagged, arn).await?;
        match t.get(tag::ID) {
            Some(id) if tags::owned_by(&t, &aws.stack) => {
                found.push(resource(
                    NodeId::new(id.clone()),
                    Kind::Alarm,
                    name,
                    arn,
                    t,
                    Some(alarm_described(&a)),
                ));
            }
            _ => conflicts.extend(
                desired
                    .iter()
                    .filter(|n| n.kind == Kind::Alarm && n.name == name)
                    .map(|n| Conflict::name_held(n, "an alarm", &n.name, &t, &aws.stack)),
            ),
        }
    }
    Ok((found, conflicts))
}

async fn put_alarm(aws: &Aws, name: &str, p: &Props, tags: Option<&Tags>) -> Result<(), ProviderError> {
    aws.cloudwatch
        .put_metric_alarm()
        .alarm_name(name)
        .alarm_description(s(p, "description"))
        .comparison_operator(ComparisonOperator::from(s(p, "comparison_operator")))
        .set_threshold(float(p, "threshold"))
        .set_evaluation_periods(int(p, "evaluation_periods"))
        .set_datapoints_to_alarm(int(p, "datapoints_to_alarm"))
        .treat_missing_data(s(p, "treat_missing_data"))
        .set_metrics(Some(queries(p)))
        .set_alarm_actions(Some(actions(p, "alarm_actions")))
        .set_ok_actions(Some(actions(p, "ok_actions")))
        .set_tags(tags.map(cw_tags))
        .send()
        .await
        .op("cloudwatch:PutMetricAlarm")?;
    Ok(())
}

// ---- dashboard ---------------------------------------------------------------

/// One metric line of a widget as CloudWatch writes it:
/// `[namespace, metric, dimension, value, ..., {"stat": ...}]`.
fn metric_line(line: &Props) -> Json {
    let mut row = vec![json!(s(line, "namespace")), json!(s(line, "metric_name"))];
    if let Some(d) = line.get("dimensions").and_then(Value::as_map) {
        for (k, v) in d {
            row.push(json!(k));
            row.push(pjson::to_json(v));
        }
    }
    row.push(json!({ "stat": s(line, "stat") }));
    Json::Array(row)
}

/// The dashboard body for the `widgets` property: one time-series metric
/// widget per entry, in its own region, two per row.
pub fn dashboard_body(widgets: &[Value]) -> Json {
    let widgets: Vec<Json> = widgets
        .iter()
        .filter_map(Value::as_map)
        .enumerate()
        .map(|(i, w)| {
            let metrics: Vec<Json> = w
                .get("metrics")
                .map(Value::as_list)
                .unwrap_or_default()
                .iter()
                .filter_map(Value::as_map)
                .map(metric_line)
                .collect();
            json!({
                "type": "metric",
                "x": (i as i64 % 2) * WIDGET_WIDTH,
                "y": (i as i64 / 2) * WIDGET_HEIGHT,
                "width": WIDGET_WIDTH,
                "height": WIDGET_HEIGHT,
                "properties": {
                    "title": s(w, "title"),
                    "region": s(w, "region"),
                    "view": "timeSeries",
                    "stacked": false,
                    "period": 300,
                    "metrics": metrics,
                },
            })
        })
        .collect();
    json!({ "widgets": widgets })
}

/// The `widgets` property read back from a body that `dashboard_body` wrote.
pub fn widgets_from_body(body: &str) -> Option<Vec<Value>> {
    let doc: Json = serde_json::from_str(body).ok()?;
    let widgets = doc.get("widgets")?.as_array()?;
    let mut out = Vec::new();
    for w in widgets.iter().filter(|w| w["type"] == "metric") {
        let props = &w["properties"];
        let metrics = props["metrics"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .filter_map(Json::as_array)
                    .map(|row| {
                        let (options, fields): (Vec<&Json>, Vec<&Json>) = row.iter().partition(|x| x.is_object());
                        let text = |j: &Json| j.as_str().unwrap_or_default().to_string();
                        let dims: Props = fields
                            .get(2..)
                            .unwrap_or_default()
                            .chunks(2)
                            .filter(|c| c.len() == 2)
                            .map(|c| (text(c[0]), pjson::from_json(c[1])))
                            .collect();
                        let stat = options.first().and_then(|o| o["stat"].as_str()).unwrap_or("Average");
                        let line: Props = [
                            ("namespace", Value::str(fields.first().map(|f| text(f)).unwrap_or_default())),
                            ("metric_name", Value::str(fields.get(1).map(|f| text(f)).unwrap_or_default())),
                            ("dimensions", Value::Map(dims)),
                            ("stat", Value::str(stat)),
                        ]
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect();
                        Value::Map(line)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let widget: Props = [
            ("title", Value::str(props["title"].as_str().unwrap_or_default())),
            ("region", Value::str(props["region"].as_str().unwrap_or_default())),
            ("metrics", Value::List(metrics)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        out.push(Value::Map(widget));
    }
    Some(out)
}

async fn dashboard_props(aws: &Aws, name: &str) -> Result<Option<Props>, ProviderError> {
    match aws.cloudwatch.get_dashboard().dashboard_name(name).send().await {
        Ok(out) => {
            let widgets = widgets_from_body(out.dashboard_body().unwrap_or_default()).unwrap_or_default();
            Ok(Some([("widgets".to_string(), Value::List(widgets))].into_iter().collect()))
        }
        Err(e) if NotFound::DASHBOARD.matches(&e) => Ok(None),
        Err(e) => Err(sdk_error("cloudwatch:GetDashboard", e)),
    }
}

/// The dashboard named like the stack (ListDashboards with the stack's name
/// as prefix, the exact name kept), with its settings from its body.
async fn discover_dashboard(aws: &Aws, desired: &[&Node]) -> Result<Option<LiveResource>, ProviderError> {
    let out = aws
        .cloudwatch
        .list_dashboards()
        .dashboard_name_prefix(&aws.stack)
        .send()
        .await
        .op("cloudwatch:ListDashboards")?;
    let Some(entry) = out
        .dashboard_entries()
        .iter()
        .find(|d| d.dashboard_name() == Some(aws.stack.as_str()))
    else {
        return Ok(None);
    };
    let Some(props) = dashboard_props(aws, &aws.stack).await? else {
        return Ok(None);
    };
    let id = ids::dashboard();
    let tags = implied_tags(aws, desired, &id, &props);
    Ok(Some(resource(
        id,
        Kind::Dashboard,
        &aws.stack,
        entry.dashboard_arn().unwrap_or_default(),
        tags,
        Some(props),
    )))
}

async fn put_dashboard(aws: &Aws, name: &str, p: &Props) -> Result<(), ProviderError> {
    let widgets = p.get("widgets").map(Value::as_list).unwrap_or_default();
    let out = aws
        .cloudwatch
        .put_dashboard()
        .dashboard_name(name)
        .dashboard_body(dashboard_body(widgets).to_string())
        .send()
        .await
        .op("cloudwatch:PutDashboard")?;
    // CloudWatch accepts a body with some invalid widgets, and says so.
    if let Some(m) = out.dashboard_validation_messages().first() {
        return Err(ProviderError::new(
            "cloudwatch:PutDashboard",
            "InvalidDashboardBody",
            format!("{}: {}", m.data_path().unwrap_or_default(), m.message().unwrap_or_default()),
        ));
    }
    Ok(())
}

// ---- the service -------------------------------------------------------------

pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let ((mut found, conflicts), dashboard) = tokio::try_join!(discover_alarms(aws, tagged, desired), discover_dashboard(aws, desired))?;
    if let Some(d) = dashboard {
        found.push(d);
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    if live.kind == Kind::Dashboard {
        return Ok(dashboard_props(aws, &live.name).await?.unwrap_or_default());
    }
    let out = aws
        .cloudwatch
        .describe_alarms()
        .alarm_names(&live.name)
        .send()
        .await
        .op("cloudwatch:DescribeAlarms")?;
    Ok(out.metric_alarms().first().map(alarm_described).unwrap_or_default())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let (p, name) = (&req.node.props, &req.node.name);
    if req.node.kind == Kind::Dashboard {
        put_dashboard(aws, name, p).await?;
        let arn = format!("arn:aws:cloudwatch::{}:dashboard/{name}", aws.account_id);
        return Ok(resource(
            req.node.id.clone(),
            Kind::Dashboard,
            name,
            &arn,
            req.tags.clone(),
            Some(p.clone()),
        ));
    }
    put_alarm(aws, name, p, Some(&req.tags)).await?;
    let arn = format!("arn:aws:cloudwatch:{}:{}:alarm:{name}", aws.region, aws.account_id);
    Ok(resource(
        req.node.id.clone(),
        Kind::Alarm,
        name,
        &arn,
        req.tags.clone(),
        Some(p.clone()),
    ))
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let settings = changes.iter().any(|c| !c.attr.starts_with("tags"));
    if live.kind == Kind::Dashboard {
        if settings {
            put_dashboard(aws, &live.name, p).await?;
        }
    } else {
        // PutMetricAlarm replaces every setting; tags given there apply only
        // at creation, so they are set apart.
        if settings {
            put_alarm(aws, &live.name, p, None).await?;
        }
        let arn = live.attrs.get("arn").and_then(Value::as_str).unwrap_or_default().to_string();
        let removed = tags::removed_keys(&live.tags, &req.tags);
        if !removed.is_empty() {
            aws.cloudwatch
                .untag_resource()
                .resource_arn(&arn)
                .set_tag_keys(Some(removed))
                .send()
                .await
                .op("cloudwatch:UntagResource")?;
        }
        aws.cloudwatch
            .tag_resource()
            .resource_arn(&arn)
            .set_tags(Some(cw_tags(&req.tags)))
            .send()
            .await
            .op("cloudwatch:TagResource")?;
    }
    let mut updated = live.clone();
    updated.tags = req.tags.clone();
    updated.props = Some(p.clone());
    Ok(updated)
}

pub async fn delete(aws: &Aws, live: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    if live.kind == Kind::Dashboard {
        return match aws.cloudwatch.delete_dashboards().dashboard_names(&live.name).send().await {
            Ok(_) => Ok(()),
            Err(e) if NotFound::DASHBOARD.matches(&e) => Ok(()),
            Err(e) => Err(sdk_error("cloudwatch:DeleteDashboards", e)),
        };
    }
    // Deleting an alarm that is gone is not an error.
    aws.cloudwatch
        .delete_alarms()
        .alarm_names(&live.name)
        .send()
        .await
        .op("cloudwatch:DeleteAlarms")?;
    Ok(())
}

// ---- import ------------------------------------------------------------------

/// The alarm an ARN or name names (the dashboard cannot be tagged: it is the
/// stack's by its name).
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    if node.kind != Kind::Alarm {
        return Ok(super::service::Lookup::Unsupported);
    }
    let name = aws_id.split(":alarm:").last().unwrap_or(aws_id);
    let alarms = describe_alarms(aws, name).await?;
    let Some(a) = alarms.iter().find(|a| a.alarm_name() == Some(name)) else {
        return Ok(super::service::Lookup::Missing);
    };
    let arn = a.alarm_arn().unwrap_or_default();
    let tags = tags_of(aws, &[], arn).await?;
    let live = resource(node.id.clone(), Kind::Alarm, name, arn, tags, Some(alarm_described(a)));
    Ok(super::adopt::found(node, live))
}

async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    let arn = live.attrs.get("arn").and_then(Value::as_str).unwrap_or_default();
    aws.cloudwatch
        .tag_resource()
        .resource_arn(arn)
        .set_tags(Some(cw_tags(tags)))
        .send()
        .await
        .op("cloudwatch:TagResource")?;
    Ok(())
}

crate::service!(CloudWatch, [Alarm, Dashboard], adopt = (find, add_tags));

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, Value)]) -> Value {
        Value::Map(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    fn line(ns: &str, name: &str, dim: &str, value: &str, stat: &str) -> Value {
        map(&[
            ("namespace", Value::str(ns)),
            ("metric_name", Value::str(name)),
            ("dimensions", map(&[(dim, Value::str(value))])),
            ("stat", Value::str(stat)),
        ])
    }

    fn widgets() -> Vec<Value> {
        vec![
            map(&[
                ("title", Value::str("Load balancer")),
                ("region", Value::str("eu-west-1")),
                (
                    "metrics",
                    Value::List(vec![
                        line("AWS/ApplicationELB", "RequestCount", "LoadBalancer", "app/x/1", "Sum"),
                        line("AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", "app/x/1", "p99"),
                    ]),
                ),
            ]),
            map(&[
                ("title", Value::str("CloudFront")),
                ("region", Value::str("us-east-1")),
                (
                    "metrics",
                    Value::List(vec![line("AWS/CloudFront", "Requests", "DistributionId", "E1", "Sum")]),
                ),
            ]),
            map(&[
                ("title", Value::str("Queues")),
                ("region", Value::str("eu-west-1")),
                ("metrics", Value::List(vec![])),
            ]),
        ]
    }

    #[test]
    fn dashboard_body_has_one_metric_widget_per_entry_in_its_region() {
        let body = dashboard_body(&widgets());
        let w = body["widgets"].as_array().unwrap();
        assert_eq!(w.len(), 3);
        assert_eq!(w[0]["type"], "metric");
        assert_eq!(w[1]["properties"]["region"], "us-east-1");
        assert_eq!((w[1]["x"].as_i64(), w[1]["y"].as_i64()), (Some(12), Some(0)));
        assert_eq!((w[2]["x"].as_i64(), w[2]["y"].as_i64()), (Some(0), Some(6)));
        assert_eq!(
            w[0]["properties"]["metrics"][1],
            json!(["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", "app/x/1", { "stat": "p99" }])
        );
        assert_eq!(widgets_from_body(&body.to_string()).unwrap(), widgets());
    }

    #[test]
    fn alarm_queries_carry_metric_math_and_statistics() {
        let mut p = Props::new();
        p.insert(
            "metrics".into(),
            Value::List(vec![
                map(&[
                    ("id", Value::str("errors")),
                    ("namespace", Value::str("AWS/ApplicationELB")),
                    ("metric_name", Value::str("HTTPCode_ELB_5XX_Count")),
                    ("dimensions", map(&[("LoadBalancer", Value::str("app/x/1"))])),
                    ("stat", Value::str("Sum")),
                    ("period", Value::Int(60)),
                    ("return_data", Value::Bool(false)),
                ]),
                map(&[
                    ("id", Value::str("percent")),
                    ("expression", Value::str("100 * errors / requests")),
                    ("return_data", Value::Bool(true)),
                ]),
            ]),
        );
        let q = queries(&p);
        assert_eq!(q[0].metric_stat().unwrap().period(), Some(60));
        assert_eq!(q[1].expression(), Some("100 * errors / requests"));
        let back: Vec<Value> = q.iter().map(query_props).collect();
        assert_eq!(Value::List(back), p["metrics"]);
    }
}
