//! The fields Grafana's dashboard schema requires of what `dashboard --grafana`
//! writes, checked before it is written and by the tests: Grafana imports a
//! dashboard without them as an empty or broken one.
//! https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/

use serde_json::Value as Json;

/// Grafana's limit on a dashboard uid.
const UID_MAX: usize = 40;
/// The grid is 24 columns wide.
const GRID_COLUMNS: u64 = 24;

fn uid(doc: &Json, errors: &mut Vec<String>) {
    match doc["uid"].as_str() {
        Some(u) if !u.is_empty() && u.len() <= UID_MAX && u.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') => {}
        other => errors.push(format!("uid must be 1 to {UID_MAX} letters, digits, `-` or `_`, it is {other:?}")),
    }
}

fn datasource(at: &str, ds: &Json, errors: &mut Vec<String>) {
    if ds["type"].as_str().is_none_or(str::is_empty) || ds["uid"].as_str().is_none_or(str::is_empty) {
        errors.push(format!("{at}: datasource needs a type and a uid, it is {ds}"));
    }
}

fn panel(i: usize, p: &Json, errors: &mut Vec<String>) {
    let at = format!("panels[{i}]");
    if p["id"].as_u64().is_none() || p["type"].as_str().is_none_or(str::is_empty) {
        errors.push(format!("{at}: needs a numeric id and a type"));
    }
    let grid = &p["gridPos"];
    let dim = |k: &str| grid[k].as_u64();
    match (dim("x"), dim("y"), dim("w"), dim("h")) {
        (Some(x), Some(_), Some(w), Some(h)) if w > 0 && h > 0 && x + w <= GRID_COLUMNS => {}
        _ => errors.push(format!(
            "{at}: gridPos needs x, y, w > 0, h > 0 within {GRID_COLUMNS} columns, it is {grid}"
        )),
    }
    datasource(&at, &p["datasource"], errors);
    for (j, t) in p["targets"].as_array().into_iter().flatten().enumerate() {
        datasource(&format!("{at}.targets[{j}]"), &t["datasource"], errors);
    }
}

/// Every field a dashboard lacks, empty when Grafana can import it.
pub fn check(doc: &Json) -> Vec<String> {
    let mut errors = Vec::new();
    uid(doc, &mut errors);
    if doc["title"].as_str().is_none_or(str::is_empty) {
        errors.push("title must not be empty".into());
    }
    if doc["schemaVersion"].as_u64().is_none_or(|v| v < 36) {
        errors.push(format!(
            "schemaVersion must be a number (36 or later: datasources by uid), it is {}",
            doc["schemaVersion"]
        ));
    }
    match doc["panels"].as_array() {
        Some(panels) => panels.iter().enumerate().for_each(|(i, p)| panel(i, p, &mut errors)),
        None => errors.push("panels must be a list".into()),
    }
    for v in doc["templating"]["list"].as_array().into_iter().flatten() {
        if v["name"].as_str().is_none_or(str::is_empty) || v["type"].as_str().is_none() {
            errors.push(format!("a variable needs a name and a type: {v}"));
        }
    }
    errors
}
