//! Tag helpers shared by the services.

use std::collections::BTreeMap;

use crate::graph::tag;

pub type Tags = BTreeMap<String, String>;

/// Whether `tags` mark a resource of `stack`.
pub fn owned_by(tags: &Tags, stack: &str) -> bool {
    tags.get(tag::STACK).map(String::as_str) == Some(stack)
}

/// Keys set on the resource that the desired tags no longer have.
pub fn removed_keys(live: &Tags, desired: &Tags) -> Vec<String> {
    live.keys().filter(|k| !desired.contains_key(*k)).cloned().collect()
}

/// Whether the user allowed destroy to delete the resource's content.
pub fn force_destroy(tags: &Tags) -> bool {
    tags.get(tag::FORCE_DESTROY).map(String::as_str) == Some("true")
}
