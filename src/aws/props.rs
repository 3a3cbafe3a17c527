//! Reading a node's desired properties in the service modules: a key that is
//! missing reads as its type's default (as each module's own copy did).

use crate::graph::{Props, Value};
use crate::plan::AttrChange;

pub fn p_str<'a>(p: &'a Props, k: &str) -> &'a str {
    p.get(k).and_then(Value::as_str).unwrap_or_default()
}

pub fn p_int(p: &Props, k: &str) -> i64 {
    p.get(k).and_then(Value::as_int).unwrap_or_default()
}

pub fn p_bool(p: &Props, k: &str) -> bool {
    p.get(k).and_then(Value::as_bool).unwrap_or_default()
}

pub fn p_strs(p: &Props, k: &str) -> Vec<String> {
    p.get(k).map(|v| strs(v.as_list())).unwrap_or_default()
}

/// The strings of a typed list of values (references resolved by apply, or
/// read from AWS), as the SDK takes them.
pub fn strs(values: &[Value]) -> Vec<String> {
    values.iter().filter_map(Value::as_str).map(str::to_string).collect()
}

/// A list of strings as a property value.
pub fn list<S: Into<String>>(v: impl IntoIterator<Item = S>) -> Value {
    Value::List(v.into_iter().map(Value::str).collect())
}

/// Whether the plan changes any of `keys`.
pub fn changed(changes: &[AttrChange], keys: &[&str]) -> bool {
    changes.iter().any(|c| keys.contains(&c.attr.as_str()))
}
