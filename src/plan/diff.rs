//! diff(desired graph, live state) -> Plan.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::hash::settings_hash;
use super::{Action, AttrChange, LiveResource, LiveState, Plan, ResourceChange};
use crate::graph::{Kind, Node, NodeId, Props, Ref, ResourceGraph, Value, tag};

/// Tags compared as settings: everything but the hash, which stands for settings.
fn comparable_tags(tags: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    tags.iter()
        .filter(|(k, _)| k.as_str() != tag::HASH)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A node's properties with every reference that can be resolved replaced by
/// its value; references still unknown are kept (and `complete` is false).
/// `lookup` answers a reference, or `None` while it is unknown.
pub fn resolve_props(node: &Node, lookup: &impl Fn(&Ref) -> Option<Value>) -> (Props, bool) {
    let props: Props = node
        .props
        .iter()
        .map(|(k, v)| (k.clone(), v.resolved_where_known(lookup)))
        .collect();
    let complete = props.values().all(|v| v.refs().is_empty());
    (props, complete)
}

/// Resources whose settings must be read before diffing: live, with settings
/// not read, and a hash tag that does not vouch for the desired settings.
pub fn needs_settings(graph: &ResourceGraph, live: &LiveState) -> Vec<NodeId> {
    let by_id = live.by_id();
    let lookup = |r: &Ref| by_id.get(&r.node).and_then(|l| l.attrs.get(&r.attr)).cloned();
    graph
        .nodes()
        .iter()
        .filter_map(|node| {
            let l = by_id.get(&node.id)?;
            if l.props.is_some() {
                return None;
            }
            let (props, complete) = resolve_props(node, &lookup);
            let vouched = complete && l.hash_tag() == Some(settings_hash(&props, &node.ignore_changes).as_str());
            (!vouched).then(|| node.id.clone())
        })
        .collect()
}

/// The plan that makes `live` match `graph`. `supported` says which kinds the
/// provider can manage; the rest (and what depends on them) are left out.
pub fn diff(graph: &ResourceGraph, live: &LiveState, supported: &dyn Fn(Kind) -> bool, meta: (&str, &str, Option<&str>)) -> Plan {
    let by_id = live.by_id();
    let mut actions: HashMap<NodeId, Action> = HashMap::new();
    let mut unmanaged: Vec<(NodeId, Kind)> = Vec::new();
    let mut unmanaged_ids: HashSet<NodeId> = HashSet::new();
    let mut resources = Vec::new();

    for node in graph.nodes() {
        if !supported(node.kind) || node.deps.iter().any(|e| unmanaged_ids.contains(&e.to)) {
            unmanaged_ids.insert(node.id.clone());
            unmanaged.push((node.id.clone(), node.kind));
            continue;
        }
        // A reference is known when its target stays (no-op or update in place)
        // and the live resource has the attribute.
        let lookup = |r: &Ref| -> Option<Value> {
            match actions.get(&r.node) {
                Some(Action::NoOp | Action::Update) => by_id.get(&r.node).and_then(|l| l.attrs.get(&r.attr)).cloned(),
                _ => None,
            }
        };
        let change = match by_id.get(&node.id) {
            None => ResourceChange::new(
                node.id.clone(),
                node.kind,
                node.name.clone(),
                Action::Create,
                node.props
                    .iter()
                    .map(|(k, v)| AttrChange::plain(k, None, Some(v.resolved_where_known(&lookup))))
                    .collect(),
            ),
            Some(l) => compare(node, l, &lookup, live.refreshed),
        };
        actions.insert(node.id.clone(), change.action);
        resources.push(change);
    }

    resources.extend(deletions(live.resources.iter().filter(|l| graph.get(&l.id).is_none())));

    Plan {
        conflicts: live.conflicts.clone(),
        unmanaged,
        ..plan_of(meta, resources, live.refreshed)
    }
}

/// Equality in normal form; lists the kind's spec calls sets are compared
/// regardless of order.
fn same(kind: Kind, key: &str, a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::List(x), Value::List(y)) if kind.spec().is_set(key) => {
            let sorted = |l: &[Value]| {
                let mut v: Vec<String> = l.iter().map(|e| serde_json::to_string(e).unwrap_or_default()).collect();
                v.sort();
                v
            };
            sorted(x) == sorted(y)
        }
        _ => a == b,
    }
}

/// The deletes of `resources`, in the delete order of their kinds (the
/// highest rank first).
fn deletions<'a>(resources: impl Iterator<Item = &'a LiveResource>) -> Vec<ResourceChange> {
    let mut deletes: Vec<ResourceChange> = resources
        .map(|l| ResourceChange::new(l.id.clone(), l.kind, l.name.clone(), Action::Delete, vec![]))
        .collect();
    deletes.sort_by(|a, b| b.kind.rank().cmp(&a.kind.rank()).then_with(|| b.id.cmp(&a.id)));
    deletes
}

/// The plan of `destroy`: every live resource of the stack, deleted.
pub fn destroy_plan(live: &LiveState, meta: (&str, &str, Option<&str>)) -> Plan {
    plan_of(meta, deletions(live.resources.iter()), live.refreshed)
}

/// A plan of `resources` for the stack, region and account of `meta`, with no
/// conflicts or unmanaged resources.
fn plan_of(meta: (&str, &str, Option<&str>), resources: Vec<ResourceChange>, refreshed: bool) -> Plan {
    let (stack, region, account) = meta;
    Plan {
        account_id: account.map(str::to_string),
        refreshed,
        ..Plan::of(stack, region, resources)
    }
}

/// What it takes to make `live` match `node`, whose properties are already
/// resolved: the change of one resource as the plan would show it. Used when
/// apply adopts a resource its own interrupted create made.
pub fn compare_resolved(node: &Node, live: &LiveResource) -> ResourceChange {
    compare(node, live, &|_: &Ref| None, true)
}

/// What it takes to make `live` match `node`, references resolved from the
/// attributes of `state`'s resources: `stackctl import` shows it for a
/// resource it adopts.
pub fn compare_live(node: &Node, live: &LiveResource, state: &LiveState) -> ResourceChange {
    let by_id = state.by_id();
    let lookup = |r: &Ref| by_id.get(&r.node).and_then(|l| l.attrs.get(&r.attr)).cloned();
    compare(node, live, &lookup, true)
}

fn compare(node: &Node, live: &LiveResource, lookup: &impl Fn(&Ref) -> Option<Value>, refreshed: bool) -> ResourceChange {
    let (desired, complete) = resolve_props(node, lookup);
    let desired_hash = complete.then(|| settings_hash(&desired, &node.ignore_changes));
    let hash_matches = desired_hash.is_some() && live.hash_tag() == desired_hash.as_deref();
    let mut changes = match &live.props {
        // The hash tag vouches for the settings: nothing to compare.
        None if hash_matches => vec![],
        None => desired.iter().map(|(k, v)| AttrChange::plain(k, None, Some(v.clone()))).collect(),
        Some(actual) => setting_changes(node, &desired, actual),
    };
    let (want_tags, have_tags) = (comparable_tags(&node.tags), comparable_tags(&live.tags));
    if want_tags != have_tags {
        let as_map = |tags: BTreeMap<String, String>| Value::Map(tags.into_iter().map(|(k, v)| (k, Value::Str(v))).collect());
        changes.push(AttrChange::plain("tags", Some(as_map(have_tags)), Some(as_map(want_tags))));
    }
    // Only a setting read with another value is drift; one AWS would not
    // tell (old unknown) is not.
    let settings_changed = changes.iter().any(|c| c.attr != "tags" && c.old.is_some() && !c.ignored);
    // Settings that match but a missing or stale hash tag: rewrite the tag so the
    // next plan can trust it again.
    if changes.iter().all(|c| c.ignored) && complete && !hash_matches {
        let old = live.hash_tag().map(Value::str);
        changes.push(AttrChange::plain(&format!("tags.{}", tag::HASH), old, desired_hash.map(Value::Str)));
    }
    let action = if changes.iter().any(|c| c.forces_replacement) {
        Action::Replace
    } else if changes.iter().all(|c| c.ignored) {
        Action::NoOp
    } else {
        Action::Update
    };
    ResourceChange {
        id: node.id.clone(),
        kind: node.kind,
        name: node.name.clone(),
        action,
        changes,
        // The file still asks for what the resource was last set to, yet AWS
        // says otherwise: a change made outside stackctl.
        drift: refreshed && hash_matches && settings_changed,
    }
}

/// The settings of `desired` that `actual` (what AWS reported) does not
/// match, and the ones AWS has that the file no longer asks for.
fn setting_changes(node: &Node, desired: &Props, actual: &Props) -> Vec<AttrChange> {
    let mut changes = Vec::new();
    for (k, v) in desired {
        let old = actual.get(k);
        let unknown = !v.refs().is_empty();
        if unknown || !old.is_some_and(|o| same(node.kind, k, o, v)) {
            let ignored = node.ignore_changes.contains(k);
            changes.push(AttrChange {
                // A value AWS would not tell cannot be said to force anything.
                forces_replacement: !ignored && old.is_some() && node.kind.replace_on().contains(&k.as_str()),
                ignored,
                steps: super::upgrades::steps(node.kind, k, old, v),
                ..AttrChange::plain(k, old.cloned(), Some(v.clone()))
            });
        }
    }
    // A setting AWS has that the file no longer asks for (a removed
    // dead-letter queue, say) is removed.
    for (k, v) in actual.iter().filter(|(k, _)| !desired.contains_key(*k)) {
        changes.push(AttrChange {
            forces_replacement: node.kind.replace_on().contains(&k.as_str()),
            ..AttrChange::plain(k, Some(v.clone()), None)
        });
    }
    changes
}

#[cfg(test)]
mod tests;
