//! The stack's outputs: the endpoints and names people need after an apply
//! (CloudFront domain, ALB DNS name, EKS endpoint, database and Redis endpoints,
//! queue URLs, registry URIs), keyed `<logical id>.<attribute>`.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::graph::Value;
use crate::plan::LiveResource;

pub fn collect<'a>(live: impl IntoIterator<Item = &'a LiveResource>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for r in live {
        for attr in r.kind.output_attrs() {
            if let Some(v) = r.attrs.get(attr).and_then(Value::as_str).filter(|v| !v.is_empty()) {
                out.insert(format!("{}.{attr}", r.id), v.to_string());
            }
        }
    }
    out
}

pub fn render(outputs: &BTreeMap<String, String>) -> String {
    let mut s = String::new();
    if outputs.is_empty() {
        return s;
    }
    let width = outputs.keys().map(String::len).max().unwrap_or(0);
    let _ = writeln!(s, "Outputs:");
    for (k, v) in outputs {
        let _ = writeln!(s, "  {k:width$} = {v}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Kind, NodeId};

    #[test]
    fn picks_the_output_attributes_of_each_kind() {
        let mut attrs = BTreeMap::new();
        attrs.insert("url".to_string(), Value::str("https://sqs/q"));
        attrs.insert("arn".to_string(), Value::str("arn:aws:sqs:q"));
        let q = LiveResource {
            id: NodeId::new("queues/q"),
            kind: Kind::Queue,
            name: "q".into(),
            physical_id: "u".into(),
            attrs,
            props: None,
            tags: Default::default(),
        };
        let out = collect([&q]);
        assert_eq!(out.len(), 1);
        assert_eq!(out["queues/q.url"], "https://sqs/q");
        assert_eq!(render(&out), "Outputs:\n  queues/q.url = https://sqs/q\n");
    }
}
