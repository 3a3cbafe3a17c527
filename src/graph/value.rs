//! Property values of a resource: plain data, or a reference to an attribute of
//! another resource that is known only once that resource exists.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::node::NodeId;

/// A reference to an attribute of another node (`network/vpc` `id`), resolved at
/// apply time and shown as `network/vpc.id (known after apply)` until then.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Ref {
    pub node: NodeId,
    pub attr: String,
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.node, self.attr)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    /// Serialised as `{"ref": "<node>.<attr>"}`-like object with one key.
    Ref {
        #[serde(rename = "ref")]
        reference: Ref,
    },
    Map(BTreeMap<String, Value>),
}

pub type Props = BTreeMap<String, Value>;

impl Value {
    pub fn reference(node: &NodeId, attr: &str) -> Value {
        Value::Ref {
            reference: Ref {
                node: node.clone(),
                attr: attr.to_string(),
            },
        }
    }

    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_list(&self) -> &[Value] {
        match self {
            Value::List(l) => l,
            _ => &[],
        }
    }

    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Every reference inside this value, depth first.
    pub fn refs(&self) -> Vec<&Ref> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs<'a>(&'a self, out: &mut Vec<&'a Ref>) {
        match self {
            Value::Ref { reference } => out.push(reference),
            Value::List(l) => l.iter().for_each(|v| v.collect_refs(out)),
            Value::Map(m) => m.values().for_each(|v| v.collect_refs(out)),
            _ => {}
        }
    }

    /// Points every reference to node `from` at node `to` instead.
    pub fn retarget(&mut self, from: &NodeId, to: &NodeId) {
        match self {
            Value::Ref { reference } if &reference.node == from => reference.node = to.clone(),
            Value::List(l) => l.iter_mut().for_each(|v| v.retarget(from, to)),
            Value::Map(m) => m.values_mut().for_each(|v| v.retarget(from, to)),
            _ => {}
        }
    }

    /// This value with every reference replaced by `resolve(ref)`, or `None` if
    /// some reference cannot be resolved yet.
    pub fn resolved(&self, resolve: &impl Fn(&Ref) -> Option<Value>) -> Option<Value> {
        Some(match self {
            Value::Ref { reference } => resolve(reference)?,
            Value::List(l) => Value::List(l.iter().map(|v| v.resolved(resolve)).collect::<Option<_>>()?),
            Value::Map(m) => Value::Map(
                m.iter()
                    .map(|(k, v)| Some((k.clone(), v.resolved(resolve)?)))
                    .collect::<Option<_>>()?,
            ),
            other => other.clone(),
        })
    }
}

impl Value {
    /// This value with every reference `resolve` answers replaced by its value,
    /// and the others kept: a plan shows the live id of a resource that exists
    /// even where another reference in the same value is still unknown.
    pub fn resolved_where_known(&self, resolve: &impl Fn(&Ref) -> Option<Value>) -> Value {
        match self {
            Value::Ref { reference } => resolve(reference).unwrap_or_else(|| self.clone()),
            Value::List(l) => Value::List(l.iter().map(|v| v.resolved_where_known(resolve)).collect()),
            Value::Map(m) => Value::Map(m.iter().map(|(k, v)| (k.clone(), v.resolved_where_known(resolve))).collect()),
            other => other.clone(),
        }
    }
}

/// Each scalar as the variant that holds it.
macro_rules! value_from {
    ($($ty:ty => $variant:ident),* $(,)?) => {$(
        impl From<$ty> for Value {
            fn from(v: $ty) -> Self {
                Value::$variant(v.into())
            }
        }
    )*};
}

value_from!(&str => Str, String => Str, bool => Bool, u32 => Int, i64 => Int, f64 => Float);

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Self {
        Value::List(v.into_iter().map(Into::into).collect())
    }
}
impl From<BTreeMap<String, Value>> for Value {
    fn from(m: BTreeMap<String, Value>) -> Self {
        Value::Map(m)
    }
}

/// Builds a `Value::Map` from `key => value` pairs.
#[macro_export]
macro_rules! props {
    ($($key:expr => $value:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut m = ::std::collections::BTreeMap::<String, $crate::graph::Value>::new();
        $( m.insert($key.to_string(), $crate::graph::Value::from($value)); )*
        m
    }};
}

impl fmt::Display for Value {
    /// A compact, stable rendering used in plans: strings quoted, lists and maps
    /// inline, references as `<logical id>.<attr> (known after apply)`, so a
    /// reviewer sees which resource a value will come from.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Ref { reference } => write!(f, "{reference} (known after apply)"),
            Value::List(l) => {
                write!(f, "[")?;
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, "]")
            }
            Value::Map(m) => {
                write!(f, "{{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{k} = {v}")?;
                }
                write!(f, "}}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_resolve_or_stay_unknown() {
        let vpc = NodeId::new("network/vpc");
        let v = Value::List(vec![Value::reference(&vpc, "id"), Value::str("x")]);
        assert_eq!(v.refs().len(), 1);
        let known = v.resolved(&|_| Some(Value::str("vpc-1"))).unwrap();
        assert_eq!(known, Value::from(vec!["vpc-1", "x"]));
        assert!(v.resolved(&|_| None).is_none());
    }

    #[test]
    fn json_round_trip_keeps_refs_apart_from_maps() {
        let vpc = NodeId::new("network/vpc");
        let v = Value::Map(props! { "vpc" => Value::reference(&vpc, "id"), "n" => 3u32 });
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, r#"{"n":3,"vpc":{"ref":{"node":"network/vpc","attr":"id"}}}"#);
        let back: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back, v);
    }
}
