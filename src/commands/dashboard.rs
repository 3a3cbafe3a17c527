//! `stackctl dashboard --grafana`: the stack's CloudWatch dashboard as a
//! Grafana dashboard (CloudWatch data source, one panel per widget), built
//! offline from the graph. Values only AWS knows (the ALB's ARN suffix, the
//! distribution id) become dashboard variables to fill in.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value as Json, json};

use super::CommandError;
use crate::graph::{self, ExpandContext, Kind, Ref, Value};
use crate::render;
use crate::stack;

/// Panels: two per row of Grafana's 24-column grid.
const PANEL_WIDTH: usize = 12;
const PANEL_HEIGHT: usize = 8;

pub fn run(file: &Path, out: Option<&Path>) -> Result<u8, CommandError> {
    let loaded = stack::load_file(file)?;
    render::print_warnings(&loaded);
    let g = graph::expand(&loaded.stack, &ExpandContext::default());
    let widgets = g
        .nodes()
        .iter()
        .find(|n| n.kind == Kind::Dashboard)
        .and_then(|n| n.props.get("widgets"))
        .map(|w| w.as_list().to_vec())
        .unwrap_or_default();
    let doc = grafana(&loaded.stack.stack.value, &widgets);
    let text = serde_json::to_string_pretty(&doc).expect("dashboard serialises") + "\n";
    match out {
        Some(path) => std::fs::write(path, text).map_err(|source| CommandError::Write {
            path: path.to_path_buf(),
            source,
        })?,
        None => crate::out!("{text}"),
    }
    Ok(0)
}

/// The name of the dashboard variable standing for a reference.
fn variable(r: &Ref) -> String {
    format!("{}_{}", r.node, r.attr)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn text(v: &Value, vars: &mut BTreeMap<String, String>) -> String {
    match v {
        Value::Ref { reference } => {
            let name = variable(reference);
            vars.insert(name.clone(), reference.to_string());
            format!("${name}")
        }
        Value::Str(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A Grafana dashboard with one CloudWatch time-series panel per widget.
pub fn grafana(stack: &str, widgets: &[Value]) -> Json {
    let datasource = json!({ "type": "cloudwatch", "uid": "${datasource}" });
    let mut vars = BTreeMap::new();
    let panels: Vec<Json> = widgets
        .iter()
        .filter_map(Value::as_map)
        .enumerate()
        .map(|(i, w)| {
            let get = |k: &str| w.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            let region = get("region");
            let targets: Vec<Json> = w
                .get("metrics")
                .map(Value::as_list)
                .unwrap_or_default()
                .iter()
                .filter_map(Value::as_map)
                .enumerate()
                .map(|(j, m)| {
                    let s = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
                    let dims: serde_json::Map<String, Json> = m
                        .get("dimensions")
                        .and_then(Value::as_map)
                        .map(|d| d.iter().map(|(k, v)| (k.clone(), json!(text(v, &mut vars)))).collect())
                        .unwrap_or_default();
                    json!({
                        "refId": ref_id(j),
                        "datasource": datasource,
                        "queryMode": "Metrics",
                        "metricQueryType": 0,
                        "metricEditorMode": 0,
                        "region": region,
                        "namespace": s("namespace"),
                        "metricName": s("metric_name"),
                        "dimensions": dims,
                        "statistic": s("stat"),
                        "matchExact": true,
                        "period": "",
                    })
                })
                .collect();
            json!({
                "id": i + 1,
                "type": "timeseries",
                "title": get("title"),
                "datasource": datasource,
                "gridPos": { "x": (i % 2) * PANEL_WIDTH, "y": (i / 2) * PANEL_HEIGHT, "w": PANEL_WIDTH, "h": PANEL_HEIGHT },
                "targets": targets,
            })
        })
        .collect();
    let mut templating = vec![json!({
        "name": "datasource",
        "label": "CloudWatch",
        "type": "datasource",
        "query": "cloudwatch",
    })];
    templating.extend(vars.iter().map(|(name, reference)| {
        json!({ "name": name, "label": reference, "type": "textbox", "query": "", "description": format!("stackctl output: {reference}") })
    }));
    json!({
        "title": stack,
        "uid": format!("stackctl-{stack}"),
        "tags": ["stackctl", stack],
        "schemaVersion": 39,
        "editable": true,
        "time": { "from": "now-6h", "to": "now" },
        "templating": { "list": templating },
        "panels": panels,
    })
}

/// Grafana's query ids: A, B, ..., Z, AA, AB, ...
fn ref_id(i: usize) -> String {
    let letter = |n: usize| char::from(b'A' + (n % 26) as u8);
    if i < 26 {
        letter(i).to_string()
    } else {
        format!("{}{}", letter(i / 26 - 1), letter(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NodeId;

    fn map(pairs: Vec<(&str, Value)>) -> Value {
        Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    #[test]
    fn one_panel_per_widget_with_references_as_variables() {
        let lb = Value::reference(&NodeId::new("edge/load-balancer"), "arn_suffix");
        let widgets = vec![
            map(vec![
                ("title", Value::str("Load balancer")),
                ("region", Value::str("eu-west-1")),
                (
                    "metrics",
                    Value::List(vec![map(vec![
                        ("namespace", Value::str("AWS/ApplicationELB")),
                        ("metric_name", Value::str("RequestCount")),
                        ("dimensions", map(vec![("LoadBalancer", lb)])),
                        ("stat", Value::str("Sum")),
                    ])]),
                ),
            ]),
            map(vec![
                ("title", Value::str("Queues")),
                ("region", Value::str("eu-west-1")),
                (
                    "metrics",
                    Value::List(vec![map(vec![
                        ("namespace", Value::str("AWS/SQS")),
                        ("metric_name", Value::str("ApproximateAgeOfOldestMessage")),
                        ("dimensions", map(vec![("QueueName", Value::str("shop-orders"))])),
                        ("stat", Value::str("Maximum")),
                    ])]),
                ),
            ]),
        ];
        let doc = grafana("shop", &widgets);
        let panels = doc["panels"].as_array().unwrap();
        assert_eq!(panels.len(), 2);
        assert_eq!(panels[1]["gridPos"]["x"], 12);
        let t = &panels[0]["targets"][0];
        assert_eq!(t["datasource"]["type"], "cloudwatch");
        assert_eq!(t["region"], "eu-west-1");
        assert_eq!(t["statistic"], "Sum");
        assert_eq!(t["dimensions"]["LoadBalancer"], "$edge_load_balancer_arn_suffix");
        assert_eq!(panels[1]["targets"][0]["dimensions"]["QueueName"], "shop-orders");
        let vars: Vec<&str> = doc["templating"]["list"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v["name"].as_str())
            .collect();
        assert_eq!(vars, ["datasource", "edge_load_balancer_arn_suffix"]);
        assert_eq!((ref_id(0), ref_id(25), ref_id(26)), ("A".into(), "Z".into(), "AA".into()));
    }
}
