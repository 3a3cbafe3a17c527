//! What the service modules share about typed properties: the strings of a
//! list of values, and whether a plan changes some settings.

use crate::graph::Value;
use crate::plan::AttrChange;

/// The strings of a typed list of values (references resolved by apply, or
/// read from AWS), as the SDK takes them.
pub fn strs(values: &[Value]) -> Vec<String> {
    values.iter().filter_map(Value::as_str).map(str::to_string).collect()
}

/// Whether the plan changes any of `keys`.
pub fn changed(changes: &[AttrChange], keys: &[&str]) -> bool {
    changes.iter().any(|c| keys.contains(&c.attr.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strs_are_the_resolved_values_as_the_sdk_takes_them() {
        assert_eq!(strs(&[Value::str("sg-1")]), vec!["sg-1".to_string()]);
        assert!(strs(&[]).is_empty());
    }
}
