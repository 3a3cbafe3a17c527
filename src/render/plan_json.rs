//! `plan --json`: the plan as a versioned document for CI and tools, and its
//! JSON Schema (`stackctl schema --plan`), both from the same types so they
//! cannot disagree.
//!
//! The contract: `format_version` changes its major number when a field is
//! removed or changes meaning; new fields may appear in a minor version.
//! Resources carry the same type names as the text plan (`aws_sqs_queue`), and
//! a value that is known only after apply is `{"unknown": true, "from": ...}`,
//! never a string a tool could mistake for the value.

use schemars::JsonSchema;
use serde::Serialize;

use crate::graph::Value;
use crate::plan::{Action, AttrChange, Plan, ResourceChange};

/// The version of the `plan --json` document.
pub const FORMAT_VERSION: &str = "1.0";

/// A stackctl plan (`stackctl plan --json`).
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "stackctl plan")]
pub struct PlanDocument {
    /// `MAJOR.MINOR`; a tool should refuse a major version it does not know.
    pub format_version: &'static str,
    pub stack: String,
    pub region: String,
    /// The AWS account the plan was made against (absent when unknown).
    pub account_id: Option<String>,
    /// Whether every setting was read from AWS (`--refresh`).
    pub refreshed: bool,
    /// Whether apply would change anything.
    pub has_changes: bool,
    pub summary: Counts,
    /// Every resource of the stack, in apply order, no-ops included.
    pub resources: Vec<ResourceDocument>,
    /// Names taken by resources the stack does not own: apply refuses.
    pub conflicts: Vec<ConflictDocument>,
    /// Resources this version of stackctl cannot manage, left out of the plan.
    pub unmanaged: Vec<UnmanagedDocument>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Counts {
    pub add: usize,
    pub change: usize,
    pub destroy: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ResourceDocument {
    /// The logical id in the stack file (`queues/orders`).
    pub id: String,
    /// The Terraform-style type name, as the text plan shows it (`aws_sqs_queue`).
    #[serde(rename = "type")]
    pub type_name: &'static str,
    /// stackctl's own kind name (`queue`).
    pub kind: String,
    /// The AWS name of the resource.
    pub name: String,
    pub action: ActionName,
    /// Changed outside stackctl since the last apply (found by `--refresh`).
    pub drift: bool,
    pub changes: Vec<ChangeDocument>,
    /// For a kind AWS cannot tag (origin access control, dashboard, WAF
    /// association, backup selection) that exists in AWS: how it is the
    /// stack's without `stackctl import` (found by its name, or read through
    /// its parent), since one made by hand under the stack's name is taken as
    /// the stack's. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adopted_without_import: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionName {
    NoOp,
    Create,
    Update,
    Replace,
    Delete,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ChangeDocument {
    pub attr: String,
    /// The live value; `null` when the resource is new or the value was not read.
    pub old: Option<JsonValue>,
    /// The value after apply; `null` when the attribute is removed.
    pub new: Option<JsonValue>,
    pub forces_replacement: bool,
    /// Listed in the stack's `ignore_changes`: shown, never applied.
    pub ignored: bool,
    /// The values AWS passes through to reach `new` when it moves one step at
    /// a time (an EKS cluster's minor versions, `new` last); absent otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<JsonValue>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ConflictDocument {
    pub id: String,
    #[serde(rename = "type")]
    pub type_name: &'static str,
    pub name: String,
    pub reason: String,
    /// The AWS id or ARN of the resource that holds the name; absent where AWS does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws_id: Option<String>,
    /// The command that adopts it (`stackctl import <id> <aws_id>`), where `aws_id` is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import_command: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct UnmanagedDocument {
    pub id: String,
    #[serde(rename = "type")]
    pub type_name: &'static str,
}

/// A value as JSON: strings, numbers, booleans, lists and maps as they are;
/// a value known only after apply as `{"unknown": true, "from": "<id>.<attr>"}`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct JsonValue(#[schemars(schema_with = "value_schema")] serde_json::Value);

fn value_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "description": "Any JSON value; an object {\"unknown\": true, \"from\": \"<logical id>.<attribute>\"} (at any depth) stands for a value known only after apply.",
        "anyOf": [
            {
                "type": "object",
                "properties": {
                    "unknown": { "const": true },
                    "from": { "type": "string" }
                },
                "required": ["unknown"]
            },
            {}
        ]
    })
}

fn json_value(v: &Value) -> JsonValue {
    JsonValue(to_json(v))
}

fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Ref { reference } => serde_json::json!({ "unknown": true, "from": reference.to_string() }),
        Value::List(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Map(map) => serde_json::Value::Object(map.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
        other => serde_json::to_value(other).expect("plain values serialise"),
    }
}

fn action(a: Action) -> ActionName {
    match a {
        Action::NoOp => ActionName::NoOp,
        Action::Create => ActionName::Create,
        Action::Update => ActionName::Update,
        Action::Replace => ActionName::Replace,
        Action::Delete => ActionName::Delete,
    }
}

fn change(c: &AttrChange) -> ChangeDocument {
    ChangeDocument {
        attr: c.attr.clone(),
        old: c.old.as_ref().map(json_value),
        new: c.new.as_ref().map(json_value),
        forces_replacement: c.forces_replacement,
        ignored: c.ignored,
        steps: c.steps.iter().map(json_value).collect(),
    }
}

fn resource(r: &ResourceChange) -> ResourceDocument {
    ResourceDocument {
        id: r.id.to_string(),
        type_name: r.kind.type_name(),
        kind: serde_json::to_value(r.kind)
            .ok()
            .and_then(|k| k.as_str().map(str::to_string))
            .unwrap_or_default(),
        name: r.name.clone(),
        action: action(r.action),
        drift: r.drift,
        changes: r.changes.iter().map(change).collect(),
        adopted_without_import: crate::plan::import::adopted_without_import(r),
    }
}

pub fn document(plan: &Plan) -> PlanDocument {
    let s = plan.summary();
    PlanDocument {
        format_version: FORMAT_VERSION,
        stack: plan.stack.clone(),
        region: plan.region.clone(),
        account_id: plan.account_id.clone(),
        refreshed: plan.refreshed,
        has_changes: plan.has_changes(),
        summary: Counts {
            add: s.add,
            change: s.change,
            destroy: s.destroy,
        },
        resources: plan.resources.iter().map(resource).collect(),
        conflicts: plan
            .conflicts
            .iter()
            .map(|c| ConflictDocument {
                id: c.id.to_string(),
                type_name: c.kind.type_name(),
                name: c.name.clone(),
                reason: c.reason.clone(),
                aws_id: c.aws_id.clone(),
                import_command: c.import_command(),
            })
            .collect(),
        unmanaged: plan
            .unmanaged
            .iter()
            .map(|(id, kind)| UnmanagedDocument {
                id: id.to_string(),
                type_name: kind.type_name(),
            })
            .collect(),
    }
}

/// The JSON Schema of `plan --json` (`stackctl schema --plan`).
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(PlanDocument)).expect("a schema is plain JSON")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Kind, NodeId};

    #[test]
    fn references_are_flagged_unknown_at_any_depth() {
        let r = Value::reference(&NodeId::new("queues/dlq"), "arn");
        let mut map = std::collections::BTreeMap::new();
        map.insert("target".to_string(), r.clone());
        let nested = Value::List(vec![Value::Map(map)]);
        assert_eq!(
            to_json(&nested),
            serde_json::json!([{ "target": { "unknown": true, "from": "queues/dlq.arn" } }])
        );
        assert_eq!(to_json(&Value::str("x")), serde_json::json!("x"));
    }

    #[test]
    fn resources_carry_the_text_plans_type_name() {
        let q = ResourceChange::new(NodeId::new("queues/q"), Kind::Queue, "shop-q", Action::Create, vec![]);
        let plan = Plan::of("shop", "us-east-1", vec![q]);
        let doc = serde_json::to_value(document(&plan)).unwrap();
        assert_eq!(doc["format_version"], FORMAT_VERSION);
        assert_eq!(doc["resources"][0]["type"], "aws_sqs_queue");
        assert_eq!(doc["resources"][0]["kind"], "queue");
        assert_eq!(doc["summary"]["add"], 1);
    }

    /// A dashboard, an origin access control and a WAF association made by
    /// hand under the stack's names are the stack's without import: the plan
    /// says so, in text where it shows the resource and in JSON wherever one
    /// exists in AWS; a create says nothing.
    #[test]
    fn kinds_adopted_without_import_say_so() {
        let r = |id: &str, kind: Kind, action: Action, changes: Vec<AttrChange>| {
            ResourceChange::new(NodeId::new(id), kind, "shop", action, changes)
        };
        let widgets = AttrChange::plain("widgets", Some(Value::List(vec![])), Some(Value::List(vec![Value::str("alb-5xx")])));
        let plan = Plan::of(
            "shop",
            "us-east-1",
            vec![
                r("monitoring/dashboard", Kind::Dashboard, Action::Update, vec![widgets]),
                r("cdn/origin-access-control", Kind::OriginAccessControl, Action::NoOp, vec![]),
                r("waf/association", Kind::WebAclAssociation, Action::Create, vec![]),
                r("queues/q", Kind::Queue, Action::NoOp, vec![]),
            ],
        );
        let text = crate::render::plan::render(&plan, &crate::render::plan::Style { color: false });
        insta::assert_snapshot!("adopted_without_import_text", text);
        let doc = serde_json::to_value(document(&plan)).unwrap();
        let notes: Vec<_> = doc["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["id"].clone(), r["adopted_without_import"].clone()))
            .collect();
        insta::assert_json_snapshot!("adopted_without_import_json", notes);
    }

    #[test]
    fn the_schema_describes_the_document() {
        let schema = schema();
        let required = schema["required"].as_array().unwrap();
        assert!(required.iter().any(|r| r == "format_version"));
        assert!(schema["$defs"]["ResourceDocument"]["properties"]["type"].is_object());
    }
}
