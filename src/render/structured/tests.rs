use std::collections::BTreeMap;

use super::*;
use crate::graph::NodeId;

fn map(pairs: &[(&str, Value)]) -> Value {
    Value::Map(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<BTreeMap<_, _>>())
}

fn widget(title: &str, height: i64, metric: Value) -> Value {
    map(&[
        ("type", Value::str("metric")),
        ("height", Value::Int(height)),
        ("width", Value::Int(12)),
        (
            "properties",
            map(&[("title", Value::str(title)), ("metrics", Value::List(vec![metric]))]),
        ),
    ])
}

fn show(attr: &str, old: Option<&Value>, new: Option<&Value>, creating: bool, set: bool) -> String {
    attribute(attr, attr.len(), old, new, creating, set)
        .iter()
        .map(|l| terminal(l, 6))
        .collect::<Vec<_>>()
        .join("\n")
}

fn widgets(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| widget(&format!("w{i}"), 6, Value::str(format!("metric-{i}"))))
        .collect()
}

#[test]
fn a_created_nested_value_is_a_block() {
    let new = Value::List(widgets(2));
    insta::assert_snapshot!(show("widgets", None, Some(&new), true, false));
}

#[test]
fn a_removed_nested_value_is_a_block() {
    let old = map(&[
        ("dead_letter_target_arn", Value::str("arn:aws:sqs:us-east-1:1:dlq")),
        ("max_receive_count", Value::Int(3)),
    ]);
    insta::assert_snapshot!(show("redrive_policy", Some(&old), None, false, false));
}

#[test]
fn an_update_shows_only_the_changed_elements() {
    let old = Value::List(widgets(4));
    let mut changed = widgets(4);
    changed[2] = widget("w2", 8, Value::str("metric-2"));
    changed.push(widget("w4", 6, Value::reference(&NodeId::new("queues/new"), "name")));
    insta::assert_snapshot!(show("widgets", Some(&old), Some(&Value::List(changed)), false, false));
}

#[test]
fn sets_compare_as_sets() {
    let rule = |port: i64, source: Value| map(&[("from_port", Value::Int(port)), ("protocol", Value::str("tcp")), ("source", source)]);
    let old = Value::List(vec![
        rule(443, Value::str("0.0.0.0/0")),
        rule(80, Value::str("0.0.0.0/0")),
        rule(5432, Value::str("sg-1")),
    ]);
    let new = Value::List(vec![
        rule(5432, Value::str("sg-1")),
        rule(443, Value::str("0.0.0.0/0")),
        rule(6379, Value::reference(&NodeId::new("network/security-group/nodes"), "id")),
    ]);
    insta::assert_snapshot!(show("ingress", Some(&old), Some(&new), false, true));
}

#[test]
fn a_policy_document_is_a_line_diff_of_its_pretty_form() {
    let doc = |effect: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"TLS","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}},{{"Sid":"Read","Effect":"{effect}","Principal":{{"Service":"cloudfront.amazonaws.com"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}]}}"#
        )
    };
    let (old, new) = (Value::str(doc("Allow")), Value::str(doc("Deny")));
    insta::assert_snapshot!(show("policy", Some(&old), Some(&new), false, false));
}

#[test]
fn a_map_change_hides_unchanged_keys() {
    let tags = |env: &str| {
        map(&[
            ("stackctl:stack", Value::str("shop")),
            ("stackctl:id", Value::str("queues/orders")),
            ("team", Value::str("payments")),
            ("env", Value::str(env)),
        ])
    };
    insta::assert_snapshot!(show("tags", Some(&tags("dev")), Some(&tags("prod")), false, false));
}

#[test]
fn short_values_stay_on_one_line() {
    assert_eq!(
        show("visibility_timeout_s", Some(&Value::Int(30)), Some(&Value::Int(60)), false, false),
        "      ~ visibility_timeout_s = 30 -> 60"
    );
    let ids = |v: &[&str]| Value::List(v.iter().map(|s| Value::str(*s)).collect());
    assert_eq!(
        show(
            "subnet_ids",
            Some(&ids(&["subnet-1"])),
            Some(&ids(&["subnet-1", "subnet-2"])),
            false,
            true
        ),
        "      ~ subnet_ids = [\"subnet-1\"] -> [\"subnet-1\", \"subnet-2\"]"
    );
    assert_eq!(
        show("fifo", None, Some(&Value::Bool(true)), false, false),
        "      ~ fifo = (unknown) -> true"
    );
}

#[test]
fn the_edit_script_keeps_the_longest_common_run() {
    let ops = lcs(&[1, 2, 3, 4], &[1, 3, 4, 5]);
    assert_eq!(ops, vec![Op::Keep(0), Op::Remove(1), Op::Keep(2), Op::Keep(3), Op::Add(3)]);
}
