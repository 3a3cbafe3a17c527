//! The stack's dashboard. Dashboards cannot be tagged: the stack's dashboard
//! is the one named like the stack (DESIGN), its settings read from its body.

use serde_json::{Value as Json, json};

use crate::apply::{ProviderError, Request};
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::resource::{created_by_name, known_by_name, settings_changed};
use crate::aws::service::Discovered;
use crate::aws::tagging::Tagged;
use crate::aws::tags::implied_tags;
use crate::aws::{Aws, json as pjson};
use crate::graph::expand::ids;
use crate::graph::props::{DashboardProps, MetricLine, Widget};
use crate::graph::{Kind, Node, Props};
use crate::plan::{AttrChange, LiveResource};

/// Dashboard widgets: two per row, each half the 24-unit grid wide.
const WIDGET_WIDTH: i64 = 12;
const WIDGET_HEIGHT: i64 = 6;

/// One metric line of a widget as CloudWatch writes it:
/// `[namespace, metric, dimension, value, ..., {"stat": ...}]`.
fn metric_line(line: &MetricLine) -> Json {
    let mut row = vec![json!(line.namespace), json!(line.metric_name)];
    for (k, v) in &line.dimensions {
        row.push(json!(k));
        row.push(pjson::to_json(v));
    }
    row.push(json!({ "stat": line.stat }));
    Json::Array(row)
}

/// The dashboard body for `widgets`: one time-series metric widget per
/// entry, in its own region, two per row.
fn dashboard_body(widgets: &[Widget]) -> Json {
    let widgets: Vec<Json> = widgets
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let metrics: Vec<Json> = w.metrics.iter().map(metric_line).collect();
            json!({
                "type": "metric",
                "x": (i as i64 % 2) * WIDGET_WIDTH,
                "y": (i as i64 / 2) * WIDGET_HEIGHT,
                "width": WIDGET_WIDTH,
                "height": WIDGET_HEIGHT,
                "properties": {
                    "title": w.title,
                    "region": w.region,
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

/// A metric line read back from its row in a body.
fn line_from_row(row: &[Json]) -> MetricLine {
    let (options, fields): (Vec<&Json>, Vec<&Json>) = row.iter().partition(|x| x.is_object());
    let text = |j: &Json| j.as_str().unwrap_or_default().to_string();
    let dimensions: Props = fields
        .get(2..)
        .unwrap_or_default()
        .chunks(2)
        .filter(|c| c.len() == 2)
        .map(|c| (text(c[0]), pjson::from_json(c[1])))
        .collect();
    MetricLine {
        namespace: fields.first().map(|f| text(f)).unwrap_or_default(),
        metric_name: fields.get(1).map(|f| text(f)).unwrap_or_default(),
        dimensions,
        stat: options.first().and_then(|o| o["stat"].as_str()).unwrap_or("Average").into(),
    }
}

/// The widgets read back from a body that `dashboard_body` wrote.
fn widgets_from_body(body: &str) -> Option<Vec<Widget>> {
    let doc: Json = serde_json::from_str(body).ok()?;
    let widgets = doc.get("widgets")?.as_array()?;
    let metric_widgets = widgets.iter().filter(|w| w["type"] == "metric").map(|w| {
        let props = &w["properties"];
        let metrics = props["metrics"]
            .as_array()
            .map(|rows| rows.iter().filter_map(Json::as_array).map(|r| line_from_row(r)).collect())
            .unwrap_or_default();
        Widget {
            title: props["title"].as_str().unwrap_or_default().into(),
            region: props["region"].as_str().unwrap_or_default().into(),
            metrics,
        }
    });
    Some(metric_widgets.collect())
}

async fn dashboard_props(aws: &Aws, name: &str) -> Result<Option<Props>, ProviderError> {
    let asked = aws.cloudwatch.get_dashboard().dashboard_name(name).send().await;
    let out = asked.if_exists("cloudwatch:GetDashboard", NotFound::DASHBOARD)?;
    Ok(out.map(|o| {
        let widgets = widgets_from_body(o.dashboard_body().unwrap_or_default()).unwrap_or_default();
        DashboardProps { widgets }.into()
    }))
}

/// The dashboard named like the stack (ListDashboards with the stack's name
/// as prefix, the exact name kept), with its settings from its body.
pub async fn discover(aws: &Aws, _: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
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
        return Ok(Discovered::default());
    };
    let Some(props) = dashboard_props(aws, &aws.stack).await? else {
        return Ok(Discovered::default());
    };
    let id = ids::dashboard();
    let tags = implied_tags(aws, desired, &id, &props);
    Ok((
        vec![known_by_name(
            id,
            Kind::Dashboard,
            &aws.stack,
            entry.dashboard_arn().unwrap_or_default(),
            tags,
            Some(props),
        )],
        Vec::new(),
    ))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    Ok(dashboard_props(aws, &live.name).await?.unwrap_or_default())
}

async fn put_dashboard(aws: &Aws, name: &str, dashboard: &DashboardProps) -> Result<(), ProviderError> {
    let out = aws
        .cloudwatch
        .put_dashboard()
        .dashboard_name(name)
        .dashboard_body(dashboard_body(&dashboard.widgets).to_string())
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

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let name = &req.node.name;
    put_dashboard(aws, name, &DashboardProps::try_from(&req.node.props)?).await?;
    let arn = format!("arn:aws:cloudwatch::{}:dashboard/{name}", aws.account_id);
    Ok(created_by_name(req, name, &arn))
}

/// The dashboard has no tags of its own: only its settings change.
pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    let dashboard = DashboardProps::try_from(&req.node.props)?;
    if settings_changed(changes) {
        put_dashboard(aws, &live.name, &dashboard).await?;
    }
    Ok(())
}

pub async fn delete(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let asked = aws.cloudwatch.delete_dashboards().dashboard_names(&live.name).send().await;
    asked.ok_if_gone("cloudwatch:DeleteDashboards", NotFound::DASHBOARD)
}

// The stack's dashboard: it cannot be tagged, and is the stack's by its name.
crate::resource!(Dashboards for Dashboard: discover, read, create, settings, delete);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::props;

    fn line(ns: &str, name: &str, dim: &str, value: &str, stat: &str) -> MetricLine {
        MetricLine {
            namespace: ns.into(),
            metric_name: name.into(),
            dimensions: props! { dim => value },
            stat: stat.into(),
        }
    }

    fn widget(title: &str, region: &str, metrics: Vec<MetricLine>) -> Widget {
        Widget {
            title: title.into(),
            region: region.into(),
            metrics,
        }
    }

    fn widgets() -> Vec<Widget> {
        vec![
            widget(
                "Load balancer",
                "eu-west-1",
                vec![
                    line("AWS/ApplicationELB", "RequestCount", "LoadBalancer", "app/x/1", "Sum"),
                    line("AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", "app/x/1", "p99"),
                ],
            ),
            widget(
                "CloudFront",
                "us-east-1",
                vec![line("AWS/CloudFront", "Requests", "DistributionId", "E1", "Sum")],
            ),
            widget("Queues", "eu-west-1", vec![]),
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
}
