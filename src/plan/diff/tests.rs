use super::*;
use crate::graph::Strength;
use crate::props;

fn node(id: &str, kind: Kind, props: Props, deps: &[&str]) -> Node {
    let deps: Vec<(&str, Strength)> = deps.iter().map(|d| (*d, Strength::Exists)).collect();
    let mut node = Node::new(NodeId::new(id), kind, id.replace('/', "-"), props).depending_on(&deps);
    node.tags.insert(tag::STACK.to_string(), "s".to_string());
    node.tags.insert(tag::ID.to_string(), id.to_string());
    node
}

fn live_of(n: &Node, props: Option<Props>, attrs: Props) -> LiveResource {
    let mut tags = n.tags.clone();
    if let Some(p) = &props {
        tags.insert(tag::HASH.into(), crate::plan::hash::props_hash(p));
    }
    LiveResource {
        id: n.id.clone(),
        kind: n.kind,
        name: n.name.clone(),
        physical_id: n.name.clone(),
        attrs,
        props,
        tags,
    }
}

fn graph(nodes: Vec<Node>) -> ResourceGraph {
    ResourceGraph::from_nodes(nodes).unwrap()
}

fn plan(g: &ResourceGraph, live: Vec<LiveResource>) -> Plan {
    diff(
        g,
        &LiveState {
            resources: live,
            conflicts: vec![],
            refreshed: false,
        },
        &|_| true,
        ("s", "us-east-1", None),
    )
}

/// A VPC and a subnet that references its id.
fn vpc_and_subnet() -> (Node, Node) {
    let vpc = node("vpc", Kind::Vpc, props! { "cidr_block" => "10.0.0.0/16" }, &[]);
    let subnet = node(
        "subnet",
        Kind::Subnet,
        props! { "vpc_id" => Value::reference(&NodeId::new("vpc"), "id") },
        &["vpc"],
    );
    (vpc, subnet)
}

fn action(p: &Plan, id: &str) -> Action {
    p.resources.iter().find(|r| r.id.as_str() == id).unwrap().action
}

#[test]
fn missing_resources_are_created_with_refs_unknown() {
    let (vpc, subnet) = vpc_and_subnet();
    let p = plan(&graph(vec![vpc, subnet]), vec![]);
    assert_eq!(action(&p, "vpc"), Action::Create);
    assert_eq!(action(&p, "subnet"), Action::Create);
    let vpc_id = &p.resources[1].changes[0];
    assert_eq!(vpc_id.new.as_ref().unwrap().to_string(), "vpc.id (known after apply)");
    assert_eq!(
        p.summary(),
        super::super::Summary {
            add: 2,
            change: 0,
            destroy: 0
        }
    );
}

#[test]
fn unchanged_resources_are_no_ops_by_props_or_by_hash() {
    let q = node("q", Kind::Queue, props! { "fifo" => false, "visibility_timeout_s" => 30u32 }, &[]);
    let read = live_of(&q, Some(q.props.clone()), Props::new());
    let p = plan(&graph(vec![q.clone()]), vec![read]);
    assert_eq!(action(&p, "q"), Action::NoOp);
    assert!(!p.has_changes());

    let mut by_hash = live_of(&q, Some(q.props.clone()), Props::new());
    by_hash.props = None;
    let p = plan(&graph(vec![q.clone()]), vec![by_hash.clone()]);
    assert_eq!(action(&p, "q"), Action::NoOp);
    assert!(
        needs_settings(
            &graph(vec![q.clone()]),
            &LiveState {
                resources: vec![by_hash],
                ..Default::default()
            }
        )
        .is_empty()
    );
}

#[test]
fn a_changed_setting_is_an_update_with_old_and_new() {
    let q = node("q", Kind::Queue, props! { "fifo" => false, "visibility_timeout_s" => 60u32 }, &[]);
    let live = live_of(&q, Some(props! { "fifo" => false, "visibility_timeout_s" => 30u32 }), Props::new());
    let p = plan(&graph(vec![q]), vec![live]);
    let r = &p.resources[0];
    assert_eq!(r.action, Action::Update);
    assert_eq!(r.changes.len(), 1);
    assert_eq!(r.changes[0].attr, "visibility_timeout_s");
    assert_eq!(r.changes[0].old, Some(Value::Int(30)));
    assert_eq!(r.changes[0].new, Some(Value::Int(60)));
}

#[test]
fn a_stale_hash_asks_for_a_settings_read() {
    let q = node("q", Kind::Queue, props! { "visibility_timeout_s" => 60u32 }, &[]);
    let mut live = live_of(&q, Some(props! { "visibility_timeout_s" => 30u32 }), Props::new());
    live.props = None;
    let g = graph(vec![q]);
    let state = LiveState {
        resources: vec![live],
        ..Default::default()
    };
    assert_eq!(needs_settings(&g, &state), vec![NodeId::new("q")]);
}

#[test]
fn an_immutable_setting_forces_replacement_and_its_dependents_see_unknowns() {
    let vpc = node("vpc", Kind::Vpc, props! { "cidr_block" => "10.1.0.0/16" }, &[]);
    let subnet = node(
        "subnet",
        Kind::Subnet,
        props! { "vpc_id" => Value::reference(&NodeId::new("vpc"), "id"), "cidr_block" => "10.1.0.0/24" },
        &["vpc"],
    );
    let live_vpc = live_of(&vpc, Some(props! { "cidr_block" => "10.0.0.0/16" }), props! { "id" => "vpc-1" });
    let live_subnet = live_of(
        &subnet,
        Some(props! { "vpc_id" => "vpc-1", "cidr_block" => "10.1.0.0/24" }),
        props! { "id" => "subnet-1" },
    );
    let p = plan(&graph(vec![vpc, subnet]), vec![live_vpc, live_subnet]);
    assert_eq!(action(&p, "vpc"), Action::Replace);
    assert!(p.resources[0].changes[0].forces_replacement);
    // The subnet's VPC id is unknown until the new VPC exists, and it forces
    // the subnet's replacement too.
    assert_eq!(action(&p, "subnet"), Action::Replace);
    assert_eq!(
        p.summary(),
        super::super::Summary {
            add: 2,
            change: 0,
            destroy: 2
        }
    );
}

#[test]
fn resolved_refs_compare_equal_to_live_values() {
    let (vpc, subnet) = vpc_and_subnet();
    let live_vpc = live_of(&vpc, Some(vpc.props.clone()), props! { "id" => "vpc-1" });
    let live_subnet = live_of(&subnet, Some(props! { "vpc_id" => "vpc-1" }), props! { "id" => "subnet-1" });
    let p = plan(&graph(vec![vpc, subnet]), vec![live_vpc, live_subnet]);
    assert!(!p.has_changes(), "{:?}", p.resources);
}

#[test]
fn tagged_resources_the_file_no_longer_describes_are_deleted_last_created_first() {
    let q = node("q", Kind::Queue, props! {}, &[]);
    let gone_vpc = node("old-vpc", Kind::Vpc, props! {}, &[]);
    let gone_bucket = node("old-bucket", Kind::Bucket, props! {}, &[]);
    let live = vec![
        live_of(&q, Some(Props::new()), Props::new()),
        live_of(&gone_vpc, Some(Props::new()), Props::new()),
        live_of(&gone_bucket, Some(Props::new()), Props::new()),
    ];
    let p = plan(&graph(vec![q]), live);
    let deletes: Vec<&str> = p
        .resources
        .iter()
        .filter(|r| r.action == Action::Delete)
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(deletes, vec!["old-bucket", "old-vpc"]);
}

#[test]
fn changed_tags_update_in_place() {
    let mut q = node("q", Kind::Queue, props! {}, &[]);
    let live = live_of(&q, Some(Props::new()), Props::new());
    q.tags.insert("team".into(), "data".into());
    let p = plan(&graph(vec![q]), vec![live]);
    assert_eq!(action(&p, "q"), Action::Update);
    assert_eq!(p.resources[0].changes[0].attr, "tags");
}

#[test]
fn a_missing_hash_tag_is_rewritten_without_other_changes() {
    let q = node("q", Kind::Queue, props! { "fifo" => false }, &[]);
    let mut live = live_of(&q, Some(q.props.clone()), Props::new());
    live.tags.remove(tag::HASH);
    let p = plan(&graph(vec![q]), vec![live]);
    assert_eq!(action(&p, "q"), Action::Update);
    assert_eq!(p.resources[0].changes[0].attr, "tags.stackctl:hash");
}

#[test]
fn refresh_reports_drift_when_only_aws_changed() {
    let q = node("q", Kind::Queue, props! { "visibility_timeout_s" => 30u32 }, &[]);
    let mut live = live_of(&q, Some(q.props.clone()), Props::new());
    live.props = Some(props! { "visibility_timeout_s" => 99u32 });
    let state = LiveState {
        resources: vec![live],
        conflicts: vec![],
        refreshed: true,
    };
    let p = diff(&graph(vec![q]), &state, &|_| true, ("s", "r", None));
    assert_eq!(p.resources[0].action, Action::Update);
    assert!(p.resources[0].drift);
    assert_eq!(p.drifted().count(), 1);
}

#[test]
fn unsupported_kinds_and_their_dependents_are_left_out() {
    let vpc = node("vpc", Kind::Vpc, props! {}, &[]);
    let subnet = node("subnet", Kind::Subnet, props! {}, &["vpc"]);
    let q = node("q", Kind::Queue, props! {}, &[]);
    let g = graph(vec![vpc, subnet, q]);
    let p = diff(&g, &LiveState::default(), &|k| k != Kind::Vpc, ("s", "r", None));
    assert_eq!(p.unmanaged.len(), 2);
    assert_eq!(p.resources.len(), 1);
    assert_eq!(p.resources[0].id.as_str(), "q");
}

#[test]
fn a_setting_the_file_dropped_is_removed() {
    let q = node("q", Kind::Queue, props! { "fifo" => false }, &[]);
    let live = live_of(&q, Some(props! { "fifo" => false, "redrive_policy" => "x" }), Props::new());
    let p = plan(&graph(vec![q]), vec![live]);
    let r = &p.resources[0];
    assert_eq!(r.action, Action::Update);
    assert_eq!(r.changes[0].attr, "redrive_policy");
    assert_eq!(r.changes[0].new, None);
}

#[test]
fn id_lists_compare_as_sets_and_other_lists_in_order() {
    let rt = node(
        "rt",
        Kind::RouteTable,
        props! { "subnet_ids" => vec!["a", "b"], "instance_types" => vec!["x", "y"] },
        &[],
    );
    let live = live_of(
        &rt,
        Some(props! { "subnet_ids" => vec!["b", "a"], "instance_types" => vec!["y", "x"] }),
        Props::new(),
    );
    let p = plan(&graph(vec![rt]), vec![live]);
    let attrs: Vec<&str> = p.resources[0].changes.iter().map(|c| c.attr.as_str()).collect();
    assert_eq!(attrs, vec!["instance_types"]);
}

#[test]
fn ignored_attributes_are_shown_but_change_nothing() {
    let mut ng = node("ng", Kind::EksNodeGroup, props! { "desired_size" => 3u32, "max_size" => 6u32 }, &[]);
    ng.ignore_changes = vec!["desired_size".into()];
    // As the provider leaves it: the hash of the settings without desired_size.
    let mut live = live_of(&ng, Some(props! { "desired_size" => 5u32, "max_size" => 6u32 }), Props::new());
    live.tags
        .insert(tag::HASH.into(), crate::plan::hash::settings_hash(&ng.props, &ng.ignore_changes));
    let p = plan(&graph(vec![ng.clone()]), vec![live]);
    let r = &p.resources[0];
    assert_eq!(r.action, Action::NoOp);
    assert!(r.changes[0].ignored);
    assert!(!p.has_changes());

    let live = live_of(&ng, Some(props! { "desired_size" => 5u32, "max_size" => 9u32 }), Props::new());
    let p = plan(&graph(vec![ng]), vec![live]);
    assert_eq!(p.resources[0].action, Action::Update);
}

/// A value that refers to a resource that exists and to one still to be made
/// shows the live value of the first: only what is really unknown says so.
#[test]
fn known_references_keep_their_live_value_beside_unknown_ones() {
    let old = node("old", Kind::Queue, props! { "fifo" => false }, &[]);
    let dims = |new: bool| {
        let mut list = vec![Value::reference(&NodeId::new("old"), "arn")];
        if new {
            list.push(Value::reference(&NodeId::new("new"), "arn"));
        }
        Value::List(list)
    };
    let board = |new: bool| {
        let deps: &[&str] = if new { &["old", "new"] } else { &["old"] };
        node("board", Kind::Dashboard, props! { "widgets" => dims(new) }, deps)
    };
    let mut old_attrs = Props::new();
    old_attrs.insert("arn".into(), Value::str("arn:old"));
    let live_old = live_of(&old, Some(old.props.clone()), old_attrs);
    let mut board_live_props = Props::new();
    board_live_props.insert("widgets".into(), Value::List(vec![Value::str("arn:old")]));
    let live_board = live_of(&board(false), Some(board_live_props), Props::new());

    let new = node("new", Kind::Queue, props! { "fifo" => false }, &[]);
    let p = plan(&graph(vec![old, new, board(true)]), vec![live_old, live_board]);
    let widgets = &p.resources.iter().find(|r| r.id.as_str() == "board").unwrap().changes[0];
    assert_eq!(
        widgets.new.as_ref().unwrap().to_string(),
        "[\"arn:old\", new.arn (known after apply)]"
    );
}
