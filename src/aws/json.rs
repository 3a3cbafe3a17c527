//! Property values to and from JSON documents (policies, redrive policies,
//! lifecycle policies, dashboard bodies).

use serde_json::Value as Json;

use crate::graph::Value;

pub fn to_json(v: &Value) -> Json {
    match v {
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::Str(s) => Json::String(s.clone()),
        Value::List(l) => Json::Array(l.iter().map(to_json).collect()),
        Value::Map(m) => Json::Object(m.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
        // Resolved before it reaches the provider; never sent as-is.
        Value::Ref { reference } => Json::String(format!("${{{reference}}}")),
    }
}

pub fn from_json(j: &Json) -> Value {
    match j {
        Json::Null => Value::Str(String::new()),
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => n
            .as_i64()
            .map(Value::Int)
            .unwrap_or_else(|| Value::Float(n.as_f64().unwrap_or_default())),
        Json::String(s) => Value::Str(s.clone()),
        Json::Array(a) => Value::List(a.iter().map(from_json).collect()),
        Json::Object(o) => Value::Map(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()),
    }
}

/// Parses a JSON document AWS returned, in our normal form.
pub fn parse(text: &str) -> Option<Value> {
    serde_json::from_str::<Json>(text).ok().map(|j| from_json(&j))
}

pub fn to_string(v: &Value) -> String {
    to_json(v).to_string()
}
