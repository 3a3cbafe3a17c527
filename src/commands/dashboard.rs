//! `stackctl dashboard --grafana`: the stack's CloudWatch dashboard as a
//! Grafana dashboard (CloudWatch data source, one panel per widget), built
//! offline from the graph. Each value the widgets reference becomes a dashboard
//! variable: filled from the stack file where it determines the value (queue
//! names, database identifiers), from AWS with `--from-live` (the ALB's ARN
//! suffix, the distribution id), else left to fill in.

mod schema;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value as Json, json};

use super::CommandError;
use super::session::Session;
use crate::cli::AwsArgs;
use crate::graph::props::{DashboardProps, MetricLine, Widget};
use crate::graph::{self, ExpandContext, Kind, Ref, ResourceGraph, Value};
use crate::render;
use crate::stack;

/// Panels: two per row of Grafana's 24-column grid.
const PANEL_WIDTH: usize = 12;
const PANEL_HEIGHT: usize = 8;

/// Where a variable's value came from, for its description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    StackFile,
    Aws,
}

/// A referenced value and where it came from; `None`: not known here.
pub type Known<'a> = dyn Fn(&Ref) -> Option<(String, Source)> + 'a;

pub async fn run(file: &Path, out: Option<&Path>, from_live: Option<&AwsArgs>) -> Result<u8, CommandError> {
    let doc = match from_live {
        Some(aws) => {
            let session = Session::open(file, aws).await?;
            let live = crate::aws::discover(&session.aws, &session.graph, false).await?;
            let by_id = live.by_id();
            let graph = &session.graph;
            let known = |r: &Ref| {
                let live = by_id.get(&r.node).and_then(|l| l.attrs.get(&r.attr)).and_then(|v| v.as_str());
                match live {
                    Some(v) if !v.is_empty() => Some((v.to_string(), Source::Aws)),
                    _ => from_stack_file(graph, r),
                }
            };
            document(&session.loaded.stack.stack.value, graph, &known)
        }
        None => {
            let loaded = stack::load_file(file)?;
            render::print_warnings(&loaded);
            let g = graph::expand(&loaded.stack, &ExpandContext::default());
            document(&loaded.stack.stack.value, &g, &|r: &Ref| from_stack_file(&g, r))
        }
    };
    // Built by this module: a missing field is stackctl's bug, never the user's.
    let missing = schema::check(&doc);
    assert!(missing.is_empty(), "the Grafana dashboard lacks required fields: {missing:?}");
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

fn document(stack: &str, g: &ResourceGraph, known: &Known<'_>) -> Json {
    let widgets = match g.nodes().iter().find(|n| n.kind == Kind::Dashboard) {
        // `every_node_has_the_typed_props_of_its_kind`: expand builds the
        // dashboard from these props, so they always read back.
        Some(n) => {
            DashboardProps::try_from(&n.props)
                .expect("the dashboard holds its typed props")
                .widgets
        }
        None => Vec::new(),
    };
    grafana(stack, &widgets, known)
}

/// What the stack file alone determines: the deterministic names. A queue's
/// `name` and a database's `identifier` are the node's AWS name; ids AWS
/// assigns (a distribution id, the ALB's ARN suffix) are not.
pub fn from_stack_file(g: &ResourceGraph, r: &Ref) -> Option<(String, Source)> {
    let node = g.get(&r.node)?;
    let named = r.attr == "name" || (r.attr == "identifier" && matches!(node.kind, Kind::DbInstance | Kind::DbReplica));
    named.then(|| (node.name.clone(), Source::StackFile))
}

/// The name of the dashboard variable standing for a reference.
fn variable(r: &Ref) -> String {
    format!("{}_{}", r.node, r.attr)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn text(v: &Value, vars: &mut BTreeMap<String, Ref>) -> String {
    match v {
        Value::Ref { reference } => {
            let name = variable(reference);
            vars.insert(name.clone(), reference.clone());
            format!("${name}")
        }
        Value::Str(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A Grafana dashboard with one CloudWatch time-series panel per widget.
pub fn grafana(stack: &str, widgets: &[Widget], known: &Known<'_>) -> Json {
    let datasource = json!({ "type": "cloudwatch", "uid": "${datasource}" });
    let mut vars = BTreeMap::new();
    let panels: Vec<Json> = widgets
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let targets: Vec<Json> = w
                .metrics
                .iter()
                .enumerate()
                .map(|(j, m)| target(j, &w.region, m, &datasource, &mut vars))
                .collect();
            json!({
                "id": i + 1,
                "type": "timeseries",
                "title": w.title,
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
    templating.extend(vars.iter().map(|(name, reference)| variable_json(name, reference, known)));
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

/// The `j`th query of a panel: one metric line of its widget; the references
/// among its dimensions become variables.
fn target(j: usize, region: &str, m: &MetricLine, datasource: &Json, vars: &mut BTreeMap<String, Ref>) -> Json {
    let dims: serde_json::Map<String, Json> = m.dimensions.iter().map(|(k, v)| (k.clone(), json!(text(v, vars)))).collect();
    json!({
        "refId": ref_id(j),
        "datasource": datasource,
        "queryMode": "Metrics",
        "metricQueryType": 0,
        "metricEditorMode": 0,
        "region": region,
        "namespace": m.namespace,
        "metricName": m.metric_name,
        "dimensions": dims,
        "statistic": m.stat,
        "matchExact": true,
        "period": "",
    })
}

/// A textbox variable, filled when the value is known.
fn variable_json(name: &str, reference: &Ref, known: &Known<'_>) -> Json {
    let (value, description) = match known(reference) {
        Some((v, Source::StackFile)) => (v, format!("{reference}, from the stack file")),
        Some((v, Source::Aws)) => (v, format!("{reference}, read from AWS (--from-live)")),
        None => (
            String::new(),
            format!("{reference}: known once applied; fill in, or run `stackctl dashboard --grafana --from-live`"),
        ),
    };
    json!({
        "name": name,
        "label": reference.to_string(),
        "type": "textbox",
        "query": value,
        "current": { "text": value, "value": value },
        "options": [{ "text": value, "value": value, "selected": true }],
        "description": description,
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

    fn widget(title: &str, namespace: &str, metric_name: &str, dimension: (&str, Value), stat: &str) -> Widget {
        Widget {
            title: title.into(),
            region: "eu-west-1".into(),
            metrics: vec![MetricLine {
                namespace: namespace.into(),
                metric_name: metric_name.into(),
                dimensions: [(dimension.0.to_string(), dimension.1)].into(),
                stat: stat.into(),
            }],
        }
    }

    #[test]
    fn one_panel_per_widget_with_references_as_variables() {
        let lb = Value::reference(&NodeId::new("edge/load-balancer"), "arn_suffix");
        let widgets = vec![
            widget("Load balancer", "AWS/ApplicationELB", "RequestCount", ("LoadBalancer", lb), "Sum"),
            widget(
                "Queues",
                "AWS/SQS",
                "ApproximateAgeOfOldestMessage",
                ("QueueName", Value::str("shop-orders")),
                "Maximum",
            ),
        ];
        let doc = grafana("shop", &widgets, &|_| None);
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

    fn seed_dashboard(known: Option<&Known<'_>>) -> Json {
        let loaded = crate::stack::load_str("stack.yaml", include_str!("../../stack.yaml").to_string()).expect("seed stack");
        let g = graph::expand(&loaded.stack, &ExpandContext::default());
        match known {
            Some(k) => document("shop", &g, k),
            None => document("shop", &g, &|r: &Ref| from_stack_file(&g, r)),
        }
    }

    fn values(doc: &Json) -> BTreeMap<String, String> {
        doc["templating"]["list"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["type"] == "textbox")
            .map(|v| {
                (
                    v["name"].as_str().unwrap().to_string(),
                    v["current"]["value"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn offline_the_stack_file_fills_the_names() {
        let doc = seed_dashboard(None);
        let vars = values(&doc);
        let filled: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        insta::assert_debug_snapshot!(filled);
        // What only AWS knows stays empty, and says how to fill it.
        assert_eq!(vars["edge_load_balancer_arn_suffix"], "");
        let lb = doc["templating"]["list"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"] == "edge_load_balancer_arn_suffix")
            .unwrap();
        assert!(lb["description"].as_str().unwrap().contains("--from-live"));
    }

    #[test]
    fn live_values_fill_the_rest() {
        let known = |r: &Ref| Some((format!("live-{}", r.attr), Source::Aws));
        let vars = values(&seed_dashboard(Some(&known)));
        assert!(vars.values().all(|v| v.starts_with("live-")), "{vars:?}");
    }

    #[test]
    fn the_seed_dashboard_has_what_grafana_requires() {
        let doc = seed_dashboard(None);
        assert_eq!(schema::check(&doc), Vec::<String>::new());
        assert!(!doc["panels"].as_array().unwrap().is_empty());
    }

    #[test]
    fn the_check_names_what_is_missing() {
        let mut doc = seed_dashboard(None);
        doc["uid"] = json!("has spaces and is far too long for a grafana uid");
        doc["panels"][0]["gridPos"]["x"] = json!(20);
        doc["panels"][1]["datasource"] = json!({});
        doc.as_object_mut().unwrap().remove("schemaVersion");
        let errors = schema::check(&doc);
        assert_eq!(errors.len(), 4, "{errors:#?}");
    }
}
