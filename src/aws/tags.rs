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

/// The tags without `stackctl:hash`. The hash vouches for settings, so it is
/// written only after every setting it stands for has been applied: a create or
/// update that stops half-way then leaves a stale hash, which the next plan sees.
pub fn without_hash(tags: &Tags) -> Tags {
    tags.iter()
        .filter(|(k, _)| k.as_str() != crate::graph::tag::HASH)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Just the `stackctl:hash` tag, to write last.
pub fn hash_only(tags: &Tags) -> Tags {
    tags.iter()
        .filter(|(k, _)| k.as_str() == crate::graph::tag::HASH)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Whether the user allowed destroy to delete the resource's content.
pub fn force_destroy(tags: &Tags) -> bool {
    tags.get(tag::FORCE_DESTROY).map(String::as_str) == Some("true")
}
