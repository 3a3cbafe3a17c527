//! What the service modules share about typed properties: the strings of a
//! list of values, whether a plan changes some settings, and what an update
//! leaves.

use crate::apply::Request;
use crate::graph::Value;
use crate::plan::{AttrChange, LiveResource};

/// The strings of a typed list of values (references resolved by apply, or
/// read from AWS), as the SDK takes them.
pub fn strs(values: &[Value]) -> Vec<String> {
    values.iter().filter_map(Value::as_str).map(str::to_string).collect()
}

/// Whether the plan changes any of `keys`.
pub fn changed(changes: &[AttrChange], keys: &[&str]) -> bool {
    changes.iter().any(|c| keys.contains(&c.attr.as_str()))
}

/// Whether the plan changes a setting, not only tags (a change of the tags,
/// or of one, is `tags` or `tags.<key>`).
pub fn settings_changed(changes: &[AttrChange]) -> bool {
    changes.iter().any(|c| !c.attr.starts_with("tags"))
}

/// The live resource an update in place leaves: `current` with the desired
/// settings and tags of `req`.
pub fn updated(current: &LiveResource, req: &Request) -> LiveResource {
    LiveResource {
        props: Some(req.node.props.clone()),
        tags: req.tags.clone(),
        ..current.clone()
    }
}
