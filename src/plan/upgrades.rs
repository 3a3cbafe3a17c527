//! Changes AWS makes in steps: an EKS cluster moves one Kubernetes minor
//! version per `UpdateClusterVersion`, and every managed node group follows
//! (`UpdateNodegroupVersion`) before the next step, because EKS refuses the
//! next step while a node group is behind
//! (<https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html>).
//! The plan shows each step, so a reviewer sees what apply will do.

use super::{Action, Plan};
use crate::graph::props::DbInstanceProps;
use crate::graph::{Kind, Node, ResourceGraph, Value};

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

/// Whether `plan` upgrades a MySQL primary that has read replicas to a new
/// major version. RDS wants a MySQL source's replicas upgraded before the
/// source (<https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.MySQL.Major.html>),
/// and a replica has no version of its own in the stack: stackctl refuses
/// such a plan rather than fail half-way.
pub fn mysql_major_with_replicas(plan: &Plan, graph: &ResourceGraph) -> bool {
    let major_mysql = plan.resources.iter().any(|r| {
        r.kind == Kind::DbInstance
            && r.action == Action::Update
            && graph.get(&r.id).is_some_and(|n| engine_of(n).starts_with("mysql"))
            && r.changes.iter().any(|c| {
                let v = |x: &Option<Value>| x.as_ref().and_then(Value::as_str).map(major_mysql_version);
                c.attr == "engine_version" && v(&c.old).is_some() && v(&c.old) != v(&c.new)
            })
    });
    major_mysql && graph.nodes().iter().any(|n| n.kind == Kind::DbReplica)
}

/// A primary's engine. `expand` builds every primary from [`DbInstanceProps`]
/// and `every_node_has_the_typed_props_of_its_kind` reads each back, so a map
/// that does not read is a bug of stackctl.
fn engine_of(primary: &Node) -> String {
    DbInstanceProps::try_from(&primary.props)
        .unwrap_or_else(|e| panic!("{}: {e} (every node holds the typed props of its kind)", primary.id))
        .engine
}

/// `8.0` of `8.0.39`.
fn major_mysql_version(v: &str) -> String {
    v.split('.').take(2).collect::<Vec<_>>().join(".")
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

    #[test]
    fn a_mysql_major_upgrade_with_replicas_is_found() {
        use crate::graph::{Edge, ExpandContext, NodeId, Strength, expand};
        use crate::plan::{AttrChange, ResourceChange};
        // The seed's primary, with the engine under test and its references
        // resolved (a graph refuses a reference without its edge).
        let loaded = crate::stack::load_str("stack.yaml", include_str!("../../stack.yaml").to_string()).expect("seed");
        let seed = expand(&loaded.stack, &ExpandContext::default());
        let primary = seed.get(&NodeId::new("database/primary")).expect("the seed's primary");
        let primary = DbInstanceProps::try_from(&primary.props).expect("the seed's primary props");
        let node = |id: &str, kind, engine: &str, deps: Vec<Edge>| Node {
            id: NodeId::new(id),
            kind,
            name: id.into(),
            props: {
                let mut p = primary.clone();
                p.engine = engine.into();
                p.db_subnet_group_name = Value::str("group");
                p.settings.db_parameter_group_name = Value::str("parameters");
                p.settings.vpc_security_group_ids = vec![];
                p.into()
            },
            tags: Default::default(),
            deps,
            ignore_changes: vec![],
        };
        let graph = |engine: &str, replicas: bool| {
            let mut nodes = vec![node("primary", Kind::DbInstance, engine, vec![])];
            if replicas {
                let to_primary = Edge {
                    to: NodeId::new("primary"),
                    strength: Strength::Ready,
                };
                nodes.push(node("replica", Kind::DbReplica, engine, vec![to_primary]));
            }
            ResourceGraph::from_nodes(nodes).unwrap()
        };
        let plan = |old: &str, new: &str| Plan {
            stack: "s".into(),
            region: "r".into(),
            account_id: None,
            resources: vec![ResourceChange {
                id: NodeId::new("primary"),
                kind: Kind::DbInstance,
                name: "primary".into(),
                action: Action::Update,
                changes: vec![AttrChange::plain("engine_version", Some(Value::str(old)), Some(Value::str(new)))],
                drift: false,
            }],
            conflicts: vec![],
            unmanaged: vec![],
            refreshed: false,
        };
        assert!(mysql_major_with_replicas(&plan("8.0.39", "8.4"), &graph("mysql", true)));
        assert!(!mysql_major_with_replicas(&plan("8.0.39", "8.4"), &graph("mysql", false)));
        assert!(!mysql_major_with_replicas(&plan("8.0.36", "8.0.39"), &graph("mysql", true)));
        assert!(!mysql_major_with_replicas(&plan("16", "17"), &graph("postgres", true)));
    }
}
