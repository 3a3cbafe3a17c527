//! Changes AWS makes in steps: an EKS cluster moves one Kubernetes minor
//! version per `UpdateClusterVersion`, and every managed node group follows
//! (`UpdateNodegroupVersion`) before the next step, because EKS refuses the
//! next step while a node group is behind
//! (<https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html>).
//! The plan shows each step, so a reviewer sees what apply will do.

use crate::graph::{Kind, Value};

/// `"1.29"` -> `(1, 29)`.
fn parse(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// The versions a cluster goes through from `from` to `to`, one minor version
/// each; an error for a downgrade (EKS has none) or a major version change.
pub fn version_steps(from: &str, to: &str) -> Result<Vec<String>, String> {
    let (Some((fmaj, fmin)), Some((tmaj, tmin))) = (parse(from), parse(to)) else {
        return Err(format!("cannot read the Kubernetes versions {from} and {to}"));
    };
    if fmaj != tmaj || tmin < fmin {
        return Err(format!(
            "EKS cannot move a cluster from Kubernetes {from} to {to}: versions only go up, one minor version at a time; \
             write {from} or a later version"
        ));
    }
    Ok((fmin + 1..=tmin).map(|m| format!("{fmaj}.{m}")).collect())
}

/// The values an attribute passes through on its way from `old` to `new`
/// (`new` last), when AWS moves it more than one step: empty otherwise.
pub fn steps(kind: Kind, attr: &str, old: Option<&Value>, new: &Value) -> Vec<Value> {
    match (kind, attr, old.and_then(Value::as_str), new.as_str()) {
        (Kind::EksCluster, "version", Some(from), Some(to)) => match version_steps(from, to) {
            Ok(v) if v.len() > 1 => v.into_iter().map(Value::Str).collect(),
            _ => vec![],
        },
        _ => vec![],
    }
}

/// What the steps of `kind`'s `attr` mean, for the plan's reader.
pub fn steps_note(kind: Kind, attr: &str) -> &'static str {
    match (kind, attr) {
        (Kind::EksCluster, "version") => "one minor version at a time, the node groups following each step",
        _ => "one step at a time",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_move_one_minor_version_per_step() {
        assert_eq!(version_steps("1.29", "1.31").unwrap(), vec!["1.30", "1.31"]);
        assert!(version_steps("1.31", "1.31").unwrap().is_empty());
        assert!(version_steps("1.31", "1.30").unwrap_err().contains("only go up"));
        assert!(version_steps("1.31", "2.0").is_err());
    }

    #[test]
    fn only_a_multi_minor_cluster_upgrade_has_steps() {
        let v = |s: &str| Value::str(s);
        let steps = |old: &str, new: &str| steps(Kind::EksCluster, "version", Some(&v(old)), &v(new));
        assert_eq!(steps("1.29", "1.31"), vec![v("1.30"), v("1.31")]);
        assert!(steps("1.29", "1.30").is_empty());
        assert!(steps("1.31", "1.29").is_empty());
        assert!(super::steps(Kind::DbInstance, "engine_version", Some(&v("16")), &v("17")).is_empty());
    }
}
