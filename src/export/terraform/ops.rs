//! Monitoring: log groups, alarms, the dashboard, CloudTrail.

use super::compute::tagged_after;
use super::context::{Ctx, US_EAST_1, ident};
use super::hcl::{Block, Body, Expr};
use crate::graph::Node;
use crate::graph::props::{
    AlarmProps, DashboardProps, LogGroupProps, MetricLine, MetricQuery, QuerySource, TopicProps, TrailProps, Widget,
};

/// The dashboard's grid, as stackctl lays it out: two widgets per row.
const WIDGET_WIDTH: i64 = 12;
const WIDGET_HEIGHT: i64 = 6;

/// A log group; a CloudFront web ACL's lives in us-east-1 like the ACL,
/// whatever `var.region`.
pub fn log_group(c: &Ctx, n: &Node, p: LogGroupProps) -> Vec<Block> {
    let mut key = c.opt(&p.kms_key_id);
    if c.in_us_east_1(n) {
        // The logs key follows `var.region` and a key serves its own region
        // only: as `expand` does, encrypt with it only where the stack is
        // in us-east-1 too.
        let same_region = format!("var.region == \"{US_EAST_1}\"");
        key = key.map(|key| Expr::only_if(&same_region, key));
    }
    let body = Body::new()
        .attr_opt("provider", c.provider(n))
        .attr("name", c.name(n))
        .attr_opt("retention_in_days", c.opt(&p.retention_days))
        .attr_opt("kms_key_id", key);
    vec![c.tagged(n, body)]
}

pub fn alarm(c: &Ctx, n: &Node, p: AlarmProps) -> Vec<Block> {
    let mut body = Body::new()
        .attr("alarm_name", c.name(n))
        .attr("alarm_description", c.value(&p.description))
        .attr("comparison_operator", c.value(&p.comparison_operator))
        .attr("threshold", c.value(&p.threshold))
        .attr("evaluation_periods", c.value(&p.evaluation_periods))
        .attr_opt("datapoints_to_alarm", c.opt(&p.datapoints_to_alarm))
        .attr("treat_missing_data", c.value(&p.treat_missing_data))
        .attr("alarm_actions", c.value(&p.alarm_actions))
        .attr("ok_actions", c.value(&p.ok_actions));
    for q in &p.metrics {
        body = body.child("metric_query", metric_query(c, q));
    }
    vec![c.tagged(n, body)]
}

fn metric_query(c: &Ctx, q: &MetricQuery) -> Body {
    let body = Body::new().attr("id", c.value(&q.id));
    match &q.source {
        QuerySource::Expression(e) => body.attr("expression", c.value(e)).attr("return_data", c.value(&q.return_data)),
        QuerySource::Metric { line, period } => body.attr("return_data", c.value(&q.return_data)).child(
            "metric",
            Body::new()
                .attr("namespace", c.value(&line.namespace))
                .attr("metric_name", c.value(&line.metric_name))
                .attr("period", c.value(period))
                .attr("stat", c.value(&line.stat))
                .attr("dimensions", c.value(&line.dimensions)),
        ),
    }
}

/// The dashboard body stackctl writes: one metric widget per entry.
pub fn dashboard(c: &Ctx, n: &Node, p: DashboardProps) -> Vec<Block> {
    let widgets: Vec<Expr> = p.widgets.iter().enumerate().map(|(i, w)| widget(c, i as i64, w)).collect();
    let body = Body::new().attr("dashboard_name", c.name(n)).attr(
        "dashboard_body",
        Expr::json(Expr::Object(vec![("widgets".into(), Expr::List(widgets))])),
    );
    vec![c.resource(n, body)]
}

/// The `i`th widget, in its place on the grid.
fn widget(c: &Ctx, i: i64, w: &Widget) -> Expr {
    let properties = Expr::Object(vec![
        ("title".into(), c.value(&w.title)),
        ("region".into(), c.value(&w.region)),
        ("view".into(), Expr::string("timeSeries")),
        ("stacked".into(), Expr::bool(false)),
        ("period".into(), Expr::int(300)),
        ("metrics".into(), Expr::List(w.metrics.iter().map(|l| metric_line(c, l)).collect())),
    ]);
    Expr::Object(vec![
        ("type".into(), Expr::string("metric")),
        ("x".into(), Expr::int((i % 2) * WIDGET_WIDTH)),
        ("y".into(), Expr::int((i / 2) * WIDGET_HEIGHT)),
        ("width".into(), Expr::int(WIDGET_WIDTH)),
        ("height".into(), Expr::int(WIDGET_HEIGHT)),
        ("properties".into(), properties),
    ])
}

/// `[namespace, metric, dimension, value, ..., { stat = ... }]`.
fn metric_line(c: &Ctx, line: &MetricLine) -> Expr {
    let mut row = vec![c.value(&line.namespace), c.value(&line.metric_name)];
    for (k, v) in &line.dimensions {
        row.push(Expr::string(k));
        row.push(c.value(v));
    }
    row.push(Expr::Object(vec![("stat".into(), c.value(&line.stat))]));
    Expr::List(row)
}

/// CloudTrail, after the bucket policy that lets it write.
pub fn trail(c: &Ctx, n: &Node, p: TrailProps) -> Vec<Block> {
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("s3_bucket_name", c.value(&p.s3_bucket_name))
        .attr("include_global_service_events", c.value(&p.include_global_service_events))
        .attr("is_multi_region_trail", c.value(&p.is_multi_region_trail))
        .attr("enable_log_file_validation", c.value(&p.enable_log_file_validation))
        .attr_opt("kms_key_id", c.opt(&p.kms_key_id));
    vec![tagged_after(c, n, body, Vec::new())]
}

/// The alarm topic, encrypted with the stack's key, and one email
/// subscription per address (each confirmed by its recipient).
pub fn topic(c: &Ctx, n: &Node, p: TopicProps) -> Vec<Block> {
    let name = ident(n.id.as_str());
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("kms_master_key_id", c.value(&p.kms_master_key_id));
    let mut blocks = vec![c.tagged(n, body)];
    for (i, email) in p.subscriptions.iter().enumerate() {
        let subscription = Body::new()
            .attr("topic_arn", Expr::raw(format!("aws_sns_topic.{name}.arn")))
            .attr("protocol", Expr::string("email"))
            .attr("endpoint", c.value(email));
        blocks.push(Block::resource("aws_sns_topic_subscription", &format!("{name}_{i}"), subscription));
    }
    blocks
}
