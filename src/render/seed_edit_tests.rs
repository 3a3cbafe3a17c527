//! A real structured diff, as a reviewer sees it: the seed stack as applied,
//! then edited (one queue added, one read replica more, a WAF rule changed),
//! planned and rendered. The live state is the applied graph itself, every
//! reference answered with a stand-in id, so the test needs no AWS.

use std::collections::BTreeMap;

use crate::graph::{ExpandContext, ResourceGraph, Value, expand, tag};
use crate::plan::hash::settings_hash;
use crate::plan::{LiveResource, LiveState, diff, resolve_props};
use crate::stack::load_str;

fn graph(yaml: &str) -> ResourceGraph {
    let loaded = load_str("stack.yaml", yaml.to_string()).unwrap_or_else(|e| panic!("{e:?}"));
    let ctx = ExpandContext {
        account_id: Some("123456789012".into()),
        ..Default::default()
    };
    expand(&loaded.stack, &ctx)
}

/// The live state of `g` right after an apply: every attribute anything
/// refers to has a value, every setting is as the file asked.
fn applied(g: &ResourceGraph) -> LiveState {
    let mut attrs: BTreeMap<_, BTreeMap<String, Value>> = BTreeMap::new();
    for node in g.nodes() {
        for value in node.props.values() {
            for r in value.refs() {
                let target = g.get(&r.node).expect("reference to a node");
                let stand_in = format!("{}:{}", r.attr, target.name);
                attrs
                    .entry(r.node.clone())
                    .or_default()
                    .insert(r.attr.clone(), Value::str(stand_in));
            }
        }
    }
    let lookup = |r: &crate::graph::Ref| attrs.get(&r.node).and_then(|a| a.get(&r.attr)).cloned();
    let resources = g
        .nodes()
        .iter()
        .map(|node| {
            let (props, complete) = resolve_props(node, &lookup);
            assert!(complete, "{} has an unresolved reference", node.id);
            let mut tags = node.tags.clone();
            tags.insert(tag::HASH.into(), settings_hash(&props, &node.ignore_changes));
            LiveResource {
                id: node.id.clone(),
                kind: node.kind,
                name: node.name.clone(),
                physical_id: node.name.clone(),
                attrs: attrs.get(&node.id).cloned().unwrap_or_default(),
                props: Some(props),
                tags,
            }
        })
        .collect();
    LiveState {
        resources,
        conflicts: vec![],
        refreshed: true,
    }
}

#[test]
fn the_seed_stack_edited() {
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/stack.yaml")).unwrap();
    let live = applied(&graph(&seed));
    let edited = seed
        .replace("  read_replicas: 1", "  read_replicas: 2")
        .replace(
            "managed_rules: [AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet]",
            "managed_rules: [AWSManagedRulesCommonRuleSet, AWSManagedRulesSQLiRuleSet]",
        )
        .replace("queues:\n", "queues:\n  - name: emails\n");
    assert_ne!(edited, seed);
    let plan = diff(&graph(&edited), &live, &|_| true, ("shop", "us-east-1", Some("123456789012")));
    let text = super::plan::render(&plan, &super::plan::Style { color: false });
    // Only values nobody can know before apply say so: the new queue's and
    // the new replica's, never the ALB's or the existing database's.
    for line in text.lines().filter(|l| l.contains("known after apply")) {
        assert!(
            line.contains("queues/emails") || line.contains("database/replica-2"),
            "a known value turned unknown: {line}"
        );
    }
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest <= 120, "a line of {longest} characters:\n{text}");
    insta::assert_snapshot!(text);
}
