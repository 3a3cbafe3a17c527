//! Monitoring: log groups, alarms, the dashboard, CloudTrail.

use std::collections::BTreeMap;

use super::compute::depends_on;
use super::context::{Ctx, ident};
use super::hcl::{Block, Body, Expr};
use crate::graph::{Node, Value};

/// The dashboard's grid, as stackctl lays it out: two widgets per row.
const WIDGET_WIDTH: i64 = 12;
const WIDGET_HEIGHT: i64 = 6;

pub fn log_group(c: &Ctx, n: &Node) -> Vec<Block> {
    // A CloudFront web ACL's group lives in us-east-1 whatever the region.
    let elsewhere = n.props.get("region").and_then(Value::as_str) == Some("us-east-1");
    let body = Body::new()
        .attr_opt("provider", elsewhere.then(|| Expr::raw("aws.us_east_1")))
        .attr("name", c.name(n))
        .attr("retention_in_days", c.prop(n, "retention_days"))
        .attr_opt("kms_key_id", c.prop_opt(n, "kms_key_id"))
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_cloudwatch_log_group", &ident(n.id.as_str()), body)]
}

pub fn alarm(c: &Ctx, n: &Node) -> Vec<Block> {
    let mut body = Body::new()
        .attr("alarm_name", c.name(n))
        .attr("alarm_description", c.prop(n, "description"))
        .attr("comparison_operator", c.prop(n, "comparison_operator"))
        .attr("threshold", c.prop(n, "threshold"))
        .attr("evaluation_periods", c.prop(n, "evaluation_periods"))
        .attr_opt("datapoints_to_alarm", c.prop_opt(n, "datapoints_to_alarm"))
        .attr("treat_missing_data", c.prop(n, "treat_missing_data"))
        .attr_opt("alarm_actions", c.prop_opt(n, "alarm_actions"))
        .attr_opt("ok_actions", c.prop_opt(n, "ok_actions"));
    for m in n.props.get("metrics").map(Value::as_list).unwrap_or_default() {
        if let Some(m) = m.as_map() {
            body = body.child("metric_query", metric_query(c, m));
        }
    }
    vec![Block::resource(
        "aws_cloudwatch_metric_alarm",
        &ident(n.id.as_str()),
        body.attr("tags", c.tags(n)),
    )]
}

fn metric_query(c: &Ctx, m: &BTreeMap<String, Value>) -> Body {
    let get = |k: &str| m.get(k).map(|v| c.value(v));
    let body = Body::new()
        .attr_opt("id", get("id"))
        .attr_opt("expression", get("expression"))
        .attr_opt("return_data", get("return_data"));
    if m.contains_key("expression") {
        return body;
    }
    body.child(
        "metric",
        Body::new()
            .attr_opt("namespace", get("namespace"))
            .attr_opt("metric_name", get("metric_name"))
            .attr_opt("period", get("period"))
            .attr_opt("stat", get("stat"))
            .attr_opt("dimensions", get("dimensions")),
    )
}

/// The dashboard body stackctl writes: one metric widget per entry.
pub fn dashboard(c: &Ctx, n: &Node) -> Vec<Block> {
    let widgets: Vec<Expr> = n
        .props
        .get("widgets")
        .map(Value::as_list)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_map)
        .enumerate()
        .map(|(i, w)| {
            let get = |k: &str| w.get(k).map(|v| c.value(v)).unwrap_or(Expr::raw("null"));
            let metrics = w.get("metrics").map(Value::as_list).unwrap_or_default();
            let lines: Vec<Expr> = metrics.iter().filter_map(Value::as_map).map(|l| metric_line(c, l)).collect();
            let properties = Expr::Object(vec![
                ("title".into(), get("title")),
                ("region".into(), get("region")),
                ("view".into(), Expr::string("timeSeries")),
                ("stacked".into(), Expr::bool(false)),
                ("period".into(), Expr::int(300)),
                ("metrics".into(), Expr::List(lines)),
            ]);
            let i = i as i64;
            Expr::Object(vec![
                ("type".into(), Expr::string("metric")),
                ("x".into(), Expr::int((i % 2) * WIDGET_WIDTH)),
                ("y".into(), Expr::int((i / 2) * WIDGET_HEIGHT)),
                ("width".into(), Expr::int(WIDGET_WIDTH)),
                ("height".into(), Expr::int(WIDGET_HEIGHT)),
                ("properties".into(), properties),
            ])
        })
        .collect();
    let body = Body::new().attr("dashboard_name", c.name(n)).attr(
        "dashboard_body",
        Expr::json(Expr::Object(vec![("widgets".into(), Expr::List(widgets))])),
    );
    vec![Block::resource("aws_cloudwatch_dashboard", &ident(n.id.as_str()), body)]
}

/// `[namespace, metric, dimension, value, ..., { stat = ... }]`.
fn metric_line(c: &Ctx, line: &BTreeMap<String, Value>) -> Expr {
    let get = |k: &str| line.get(k).map(|v| c.value(v)).unwrap_or(Expr::raw("null"));
    let mut row = vec![get("namespace"), get("metric_name")];
    for (k, v) in line.get("dimensions").and_then(Value::as_map).into_iter().flatten() {
        row.push(Expr::string(k));
        row.push(c.value(v));
    }
    row.push(Expr::Object(vec![("stat".into(), get("stat"))]));
    Expr::List(row)
}

/// CloudTrail, after the bucket policy that lets it write.
pub fn trail(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("s3_bucket_name", c.prop(n, "s3_bucket_name"))
        .attr("include_global_service_events", c.prop(n, "include_global_service_events"))
        .attr("is_multi_region_trail", c.prop(n, "is_multi_region_trail"))
        .attr("enable_log_file_validation", c.prop(n, "enable_log_file_validation"))
        .attr_opt("kms_key_id", c.prop_opt(n, "kms_key_id"))
        .attr("tags", c.tags(n))
        .attr_opt("depends_on", depends_on(c, n, Vec::new()));
    vec![Block::resource("aws_cloudtrail", &ident(n.id.as_str()), body)]
}

/// The alarm topic, encrypted with the stack's key, and one email
/// subscription per address (each confirmed by its recipient).
pub fn topic(c: &Ctx, n: &Node) -> Vec<Block> {
    let name = ident(n.id.as_str());
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("kms_master_key_id", c.prop(n, "kms_master_key_id"))
        .attr("tags", c.tags(n));
    let mut blocks = vec![Block::resource("aws_sns_topic", &name, body)];
    let emails = n.props.get("subscriptions").map(Value::as_list).unwrap_or_default();
    for (i, email) in emails.iter().enumerate() {
        let subscription = Body::new()
            .attr("topic_arn", Expr::raw(format!("aws_sns_topic.{name}.arn")))
            .attr("protocol", Expr::string("email"))
            .attr("endpoint", c.value(email));
        blocks.push(Block::resource("aws_sns_topic_subscription", &format!("{name}_{i}"), subscription));
    }
    blocks
}
