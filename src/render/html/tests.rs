use super::layout::place;
use super::*;
use crate::graph::{Kind, Node, NodeId, Value};
use crate::plan::{AttrChange, ResourceChange};

fn node(id: &str, kind: Kind, deps: &[(&str, Strength)]) -> Node {
    let name = format!("shop-{}", id.rsplit('/').next().unwrap());
    Node::new(NodeId::new(id), kind, name, Default::default()).depending_on(deps)
}

fn graph() -> ResourceGraph {
    ResourceGraph::from_nodes(vec![
        node("network/vpc", Kind::Vpc, &[]),
        node("network/subnet/a", Kind::Subnet, &[("network/vpc", Strength::Exists)]),
        node("queues/jobs", Kind::Queue, &[]),
        node(
            "database/primary",
            Kind::DbInstance,
            &[("network/subnet/a", Strength::Exists), ("network/vpc", Strength::Exists)],
        ),
        node("database/replica-1", Kind::DbReplica, &[("database/primary", Strength::Ready)]),
    ])
    .expect("valid graph")
}

fn change(n: &Node, action: Action, changes: Vec<AttrChange>) -> ResourceChange {
    ResourceChange::new(n.id.clone(), n.kind, n.name.clone(), action, changes)
}

fn attr(name: &str, old: Option<Value>, new: Option<Value>, forces: bool) -> AttrChange {
    AttrChange {
        forces_replacement: forces,
        ..AttrChange::plain(name, old, new)
    }
}

fn plan() -> Plan {
    let g = graph();
    let n = g.nodes();
    let mut old = node("queues/<old>", Kind::Queue, &[]);
    old.name = "shop-\"old\" & <b>".into();
    Plan {
        stack: "shop".into(),
        region: "us-east-1".into(),
        account_id: Some("123456789012".into()),
        resources: vec![
            change(&n[0], Action::NoOp, vec![]),
            change(
                &n[1],
                Action::Create,
                vec![attr("cidr", None, Some(Value::str("10.0.0.0/24")), false)],
            ),
            change(
                &n[2],
                Action::Update,
                vec![attr("visibility_timeout_s", Some(30u32.into()), Some(60u32.into()), false)],
            ),
            change(
                &n[3],
                Action::Replace,
                vec![attr("engine", Some(Value::str("postgres")), Some(Value::str("mysql")), true)],
            ),
            change(&n[4], Action::Create, vec![]),
            change(&old, Action::Delete, vec![]),
        ],
        conflicts: vec![],
        unmanaged: vec![],
        refreshed: true,
    }
}

#[test]
fn every_edge_goes_to_a_lower_column() {
    let g = graph();
    let page_links = {
        let items: Vec<Item> = g
            .nodes()
            .iter()
            .map(|n| Item {
                id: n.id.to_string(),
                kind: n.kind.to_string(),
                name: n.name.clone(),
                action: None,
                lines: vec![],
            })
            .collect();
        graph_links(&g, &items, |_| true)
    };
    assert_eq!(page_links.len(), 4);
    let places = place(g.len(), &page_links);
    for l in &page_links {
        assert!(
            places[l.from].column > places[l.to].column,
            "{} -> {}",
            g.nodes()[l.from].id,
            g.nodes()[l.to].id
        );
    }
    // A node's column is its depth: one more than the deepest thing it needs.
    let columns: Vec<usize> = places.iter().map(|p| p.column).collect();
    assert_eq!(columns, vec![0, 1, 0, 2, 3]);
    // Rows keep the input order within a column, and no two nodes share a place.
    assert_eq!((places[0].row, places[2].row), (0, 1));
}

#[test]
fn a_cycle_does_not_hang_the_layout() {
    let links = vec![
        Link {
            from: 0,
            to: 1,
            strength: Strength::Exists,
        },
        Link {
            from: 1,
            to: 0,
            strength: Strength::Exists,
        },
    ];
    assert_eq!(place(2, &links).len(), 2);
}

#[test]
fn escapes_markup_and_quotes() {
    assert_eq!(
        escape(r#"<a href="x">'&'</a>"#),
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    );
}

#[test]
fn names_and_values_are_escaped_in_the_page() {
    let html = plan_page(&plan(), &graph());
    assert!(!html.contains("<old>"), "an id reached the page unescaped");
    assert!(!html.contains("<b>"), "a name reached the page unescaped");
    assert!(html.contains("queues/&lt;old&gt;"));
    assert!(html.contains("shop-&quot;old&quot; &amp; &lt;b&gt;"));
}

#[test]
fn one_node_per_resource_and_its_diff_as_in_the_text_plan() {
    let html = plan_page(&plan(), &graph());
    assert_eq!(html.matches("<g class=\"node ").count(), 6);
    assert_eq!(html.matches("<section class=\"diff\"").count(), 6);
    assert!(html.contains(r#"data-add="3" data-change="1" data-destroy="2""#));
    // The deleted resource has no edges: it is not in the stack file any more.
    assert_eq!(html.matches("<path class=\"edge ").count(), 4);
    assert!(html.contains("~ visibility_timeout_s = 30 -&gt; 60"));
}

#[test]
fn page_of_a_small_plan() {
    insta::assert_snapshot!(plan_page(&plan(), &graph()));
}

#[test]
fn page_of_a_graph() {
    let html = graph_page(&graph(), "shop", "us-east-1");
    assert_eq!(html.matches("<g class=\"node resource\"").count(), 5);
    assert!(!html.contains("id=\"counts\""));
    insta::assert_snapshot!(html);
}

#[test]
fn the_page_fetches_nothing() {
    let html = plan_page(&plan(), &graph());
    for fetching in ["src=", "<link", "@import", "url(http", "fetch(", "XMLHttpRequest"] {
        assert!(!html.contains(fetching), "the page fetches something: {fetching}");
    }
    // The only address is the SVG namespace, which is a name, not a request.
    assert_eq!(html.matches("http").count(), 1);
}
