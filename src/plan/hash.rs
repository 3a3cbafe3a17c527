//! The `stackctl:hash` tag: a digest of a resource's desired settings, written at
//! create and update, so that a plan can trust tags read in one batch call instead
//! of reading every resource's settings.

use sha2::{Digest, Sha256};

use crate::graph::Props;

/// A short, stable digest of fully resolved properties (BTreeMap order makes the
/// JSON canonical). 16 hex characters are plenty to detect a change.
pub fn props_hash(props: &Props) -> String {
    let json = serde_json::to_vec(props).expect("props serialise");
    let digest = Sha256::digest(&json);
    hex::encode(&digest[..8])
}

/// The hash of a node's resolved settings, leaving out those it sets at
/// creation only (`ignore_changes`), so that they never make it stale.
pub fn settings_hash(props: &Props, ignore_changes: &[String]) -> String {
    if ignore_changes.is_empty() {
        return props_hash(props);
    }
    let kept: Props = props
        .iter()
        .filter(|(k, _)| !ignore_changes.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    props_hash(&kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::props;

    #[test]
    fn equal_props_hash_equal_and_order_does_not_matter() {
        let a = props! { "a" => 1u32, "b" => "x" };
        let mut b = props! { "b" => "x" };
        b.insert("a".into(), 1u32.into());
        assert_eq!(props_hash(&a), props_hash(&b));
        assert_ne!(props_hash(&a), props_hash(&props! { "a" => 2u32, "b" => "x" }));
        assert_eq!(props_hash(&a).len(), 16);
    }
}
