//! Live resources kept under an older naming.
//!
//! Some kinds carry a property in their id and name (`Kind::identity_prop`: a DB
//! parameter group per family). A stack applied before that naming has its
//! resource under the old id and name; renaming it would mean a new resource
//! and moving every user to it (for a parameter group, a reboot of every
//! database). So while the property keeps its value, the desired node takes
//! the live resource's id and name; the next change of the property creates
//! the resource under the new naming and deletes the old one.

use super::LiveState;
use crate::graph::ResourceGraph;

/// `graph` with each node that has a live twin under an older naming renamed
/// to it: same kind, same identity property, an id the graph does not have,
/// and nothing live under the node's own id.
pub fn keep_live_names(graph: &ResourceGraph, live: &LiveState) -> ResourceGraph {
    let mut out = graph.clone();
    for node in graph.nodes() {
        let Some(prop) = node.kind.identity_prop() else { continue };
        if live.get(&node.id).is_some() {
            continue;
        }
        // The property as read, or as an attribute where the settings were
        // not read (the hash tag stood for them).
        let twin = live.resources.iter().find(|l| {
            l.kind == node.kind
                && graph.get(&l.id).is_none()
                && l.props
                    .as_ref()
                    .and_then(|p| p.get(prop))
                    .or_else(|| l.attrs.get(prop))
                    .is_some_and(|v| Some(v) == node.props.get(prop))
        });
        if let Some(l) = twin
            && let Some(renamed) = out.renamed(&node.id, &l.id, &l.name)
        {
            tracing::info!("{}: keeping the live {} `{}` (same {prop})", node.id, node.kind, l.name);
            out = renamed;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Edge, Kind, Node, NodeId, Strength, Value, tag};
    use crate::plan::LiveResource;

    fn group(id: &str, name: &str, family: &str) -> Node {
        Node {
            id: NodeId::new(id),
            kind: Kind::DbParameterGroup,
            name: name.into(),
            props: [("family".to_string(), Value::str(family))].into(),
            tags: [(tag::ID.to_string(), id.to_string())].into(),
            deps: vec![],
            ignore_changes: vec![],
        }
    }

    fn graph(family: &str) -> ResourceGraph {
        let g = group(&format!("database/parameter-group/{family}"), &format!("s-db-{family}"), family);
        let db = Node {
            id: NodeId::new("database/primary"),
            kind: Kind::DbInstance,
            name: "s-db".into(),
            props: [("db_parameter_group_name".to_string(), Value::reference(&g.id, "name"))].into(),
            tags: Default::default(),
            deps: vec![Edge {
                to: g.id.clone(),
                strength: Strength::Exists,
            }],
            ignore_changes: vec![],
        };
        ResourceGraph::from_nodes(vec![g, db]).unwrap()
    }

    fn live_group(id: &str, name: &str, family: &str) -> LiveState {
        let n = group(id, name, family);
        LiveState {
            resources: vec![LiveResource {
                id: n.id,
                kind: n.kind,
                name: n.name.clone(),
                physical_id: n.name,
                attrs: Default::default(),
                props: Some(n.props),
                tags: n.tags,
            }],
            ..Default::default()
        }
    }

    #[test]
    fn an_unversioned_group_of_the_same_family_is_kept_with_its_users() {
        let live = live_group("database/parameter-group", "s-db", "postgres16");
        let g = keep_live_names(&graph("postgres16"), &live);
        let kept = g.get(&NodeId::new("database/parameter-group")).expect("renamed");
        assert_eq!(kept.name, "s-db");
        assert_eq!(kept.tags[tag::ID], "database/parameter-group");
        let db = g.get(&NodeId::new("database/primary")).unwrap();
        assert_eq!(db.deps[0].to, kept.id);
        assert_eq!(db.props["db_parameter_group_name"].refs()[0].node, kept.id);
    }

    #[test]
    fn a_new_family_gets_its_own_group() {
        let live = live_group("database/parameter-group", "s-db", "postgres16");
        let g = keep_live_names(&graph("postgres17"), &live);
        assert!(g.get(&NodeId::new("database/parameter-group/postgres17")).is_some());
        assert!(g.get(&NodeId::new("database/parameter-group")).is_none());
    }

    #[test]
    fn a_group_whose_settings_were_not_read_is_kept_by_its_family_attribute() {
        let mut live = live_group("database/parameter-group", "s-db", "postgres16");
        let l = &mut live.resources[0];
        l.attrs = l.props.take().unwrap();
        let g = keep_live_names(&graph("postgres16"), &live);
        assert!(g.get(&NodeId::new("database/parameter-group")).is_some());
    }

    #[test]
    fn a_group_live_under_its_own_id_stays() {
        let live = live_group("database/parameter-group/postgres16", "s-db-postgres16", "postgres16");
        let g = keep_live_names(&graph("postgres16"), &live);
        assert_eq!(g, graph("postgres16"));
    }
}
