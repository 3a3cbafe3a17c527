//! Expansion of the example stacks: node counts per kind, edges, acyclicity.

use std::collections::BTreeMap;

use super::*;
use crate::graph::{Kind, Strength};
use crate::stack::{load_file, load_str};

fn graph_of(file: &str) -> ResourceGraph {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let loaded = load_file(&path).unwrap_or_else(|e| panic!("{file}: {e:?}"));
    expand(
        &loaded.stack,
        &ExpandContext {
            account_id: Some("123456789012".into()),
            ..Default::default()
        },
    )
}

/// The repository's `stack.yaml` as `edit` changes it, expanded (for the
/// tests of each group's expansion).
pub(super) fn seed(edit: impl Fn(String) -> String) -> ResourceGraph {
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/stack.yaml")).expect("stack.yaml");
    let loaded = load_str("stack.yaml", edit(seed)).expect("the seed stack loads");
    expand(&loaded.stack, &ExpandContext::default())
}

fn counts(g: &ResourceGraph) -> BTreeMap<Kind, usize> {
    g.count_by_kind()
}

fn edge(g: &ResourceGraph, from: &str, to: &str) -> Option<Strength> {
    let n = g.get(&NodeId::new(from)).unwrap_or_else(|| panic!("no node {from}"));
    n.deps.iter().find(|e| e.to.as_str() == to).map(|e| e.strength)
}

const EXAMPLES: &[&str] = &["stack.yaml", "examples/seed.yaml", "examples/minimal.yaml", "examples/large.yaml"];

#[test]
fn every_example_is_acyclic_with_existing_targets() {
    for file in EXAMPLES {
        let g = graph_of(file);
        g.check().unwrap_or_else(|e| panic!("{file}: {e}"));
        for n in g.nodes() {
            for e in &n.deps {
                assert!(g.get(&e.to).is_some(), "{file}: {} -> {} has no target", n.id, e.to);
            }
        }
    }
}

#[test]
fn seed_stack_has_every_kind() {
    let g = graph_of("stack.yaml");
    let c = counts(&g);
    for kind in Kind::ALL {
        assert!(c.contains_key(kind), "seed stack has no {kind}");
    }
    let expect = [
        (Kind::Vpc, 1),
        (Kind::Subnet, 4),
        (Kind::InternetGateway, 1),
        (Kind::ElasticIp, 1),
        (Kind::NatGateway, 1),
        (Kind::RouteTable, 2),
        (Kind::SecurityGroup, 4),
        (Kind::IamRole, 3),
        (Kind::KmsKey, 5),
        (Kind::EksCluster, 1),
        (Kind::EksNodeGroup, 1),
        (Kind::DbInstance, 1),
        (Kind::DbReplica, 1),
        (Kind::Queue, 2),
        (Kind::Bucket, 2),
        (Kind::WebAcl, 2),
        (Kind::Alarm, 3),
        (Kind::Topic, 1),
        (Kind::LogGroup, 4),
        (Kind::Listener, 1),
        (Kind::TargetGroupAttachment, 1),
        (Kind::FlowLog, 1),
        (Kind::BackupVault, 1),
        (Kind::BackupPlan, 1),
        (Kind::BackupSelection, 1),
        // Redis AUTH: the application's user, the `default` user off, their group.
        (Kind::CacheUser, 2),
        (Kind::CacheUserGroup, 1),
    ];
    for (kind, n) in expect {
        assert_eq!(c[&kind], n, "seed stack: {kind}");
    }
    assert_eq!(g.len(), 63);
}

#[test]
fn seed_stack_edges_have_the_right_strength() {
    let g = graph_of("stack.yaml");
    assert_eq!(edge(&g, "network/subnet/private-a", "network/vpc"), Some(Strength::Exists));
    assert_eq!(
        edge(&g, "kubernetes/node-group/general", "kubernetes/cluster"),
        Some(Strength::Ready)
    );
    assert_eq!(
        edge(&g, "kubernetes/node-group/general", "network/nat-gateway/a"),
        Some(Strength::Ready)
    );
    assert_eq!(edge(&g, "database/replica-1", "database/primary"), Some(Strength::Ready));
    assert_eq!(edge(&g, "queues/orders", "queues/orders/dead-letter"), Some(Strength::Exists));
    assert_eq!(edge(&g, "edge/distribution", "edge/load-balancer"), Some(Strength::Exists));
    assert_eq!(
        edge(&g, "edge/web-acl-association/alb", "edge/web-acl/regional"),
        Some(Strength::Exists)
    );
    assert_eq!(edge(&g, "buckets/assets", "edge/distribution"), Some(Strength::Exists));
    assert_eq!(edge(&g, "monitoring/trail", "buckets/logs"), Some(Strength::Ready));
    assert_eq!(
        edge(&g, "network/nat-gateway/a", "network/internet-gateway"),
        Some(Strength::Exists)
    );
    assert_eq!(edge(&g, "kubernetes/cluster", "monitoring/log-group/eks"), Some(Strength::Exists));
    // The load balancer's targets: after the node group is ACTIVE (EKS names its
    // Auto Scaling group then), and the target group exists.
    let attachment = "kubernetes/target-group-attachment/general";
    assert_eq!(edge(&g, attachment, "kubernetes/node-group/general"), Some(Strength::Ready));
    assert_eq!(edge(&g, attachment, "edge/target-group"), Some(Strength::Exists));
    // The secrets key lets the cluster role use it: the role comes first.
    assert_eq!(edge(&g, "kubernetes/secrets-key", "iam/role/eks-cluster"), Some(Strength::Exists));
    // The database admits the nodes' security group, nothing else.
    let db_sg = g.get(&NodeId::new("network/security-group/database")).unwrap();
    let ingress = db_sg.props["ingress"].as_list();
    assert_eq!(ingress.len(), 1);
    assert_eq!(ingress[0].refs()[0].node.as_str(), "network/security-group/nodes");
}

#[test]
fn minimal_stack_has_no_network() {
    let g = graph_of("examples/minimal.yaml");
    let c = counts(&g);
    assert_eq!(c.get(&Kind::Vpc), None);
    assert_eq!(c[&Kind::Queue], 3);
    assert_eq!(c[&Kind::Bucket], 2);
    assert_eq!(c[&Kind::EcrRepository], 1);
    // The buckets' key.
    assert_eq!(c[&Kind::KmsKey], 1);
    assert_eq!(g.len(), 7);
    assert_eq!(edge(&g, "queues/ingest", "queues/ingest/dead-letter"), Some(Strength::Exists));
}

#[test]
fn large_stack_scales_per_item() {
    let g = graph_of("examples/large.yaml");
    let c = counts(&g);
    assert_eq!(c[&Kind::Subnet], 6);
    assert_eq!(c[&Kind::NatGateway], 3);
    assert_eq!(c[&Kind::ElasticIp], 3);
    assert_eq!(c[&Kind::RouteTable], 4);
    assert_eq!(c[&Kind::EksNodeGroup], 3);
    assert_eq!(c[&Kind::LaunchTemplate], 3);
    assert_eq!(c[&Kind::DbReplica], 2);
    assert_eq!(c[&Kind::Queue], 10);
    assert_eq!(c[&Kind::Bucket], 5);
    assert_eq!(c[&Kind::Alarm], 3 + 6);
    assert_eq!(
        edge(&g, "network/route-table/private-c", "network/nat-gateway/c"),
        Some(Strength::Exists)
    );
    let dlq = g.get(&NodeId::new("queues/payments.fifo/dead-letter")).unwrap();
    assert_eq!(dlq.name, "market-payments-dlq.fifo");
}

#[test]
fn every_node_carries_the_ownership_tags() {
    for file in EXAMPLES {
        let g = graph_of(file);
        for n in g.nodes() {
            assert_eq!(n.tags.get(crate::graph::tag::ID).map(String::as_str), Some(n.id.as_str()));
            assert!(n.tags.contains_key(crate::graph::tag::STACK));
            assert!(n.tags.len() <= 50, "{}: {} tags", n.id, n.tags.len());
        }
    }
}

#[test]
fn expansion_is_deterministic() {
    assert_eq!(graph_of("examples/large.yaml"), graph_of("examples/large.yaml"));
}

#[test]
fn seed_example_is_the_root_stack() {
    let root = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("stack.yaml")).unwrap();
    let seed = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/seed.yaml")).unwrap();
    assert_eq!(root, seed, "examples/seed.yaml must stay a copy of stack.yaml");
}

#[test]
fn graph_rejects_edges_to_unknown_or_later_nodes() {
    let mut g = ResourceGraph::new();
    let n = Node {
        id: NodeId::new("a"),
        kind: Kind::Queue,
        name: "a".into(),
        props: Default::default(),
        tags: Default::default(),
        deps: vec![Edge {
            to: NodeId::new("b"),
            strength: Strength::Exists,
        }],
        ignore_changes: vec![],
    };
    assert!(matches!(g.add(n), Err(crate::graph::GraphError::MissingTarget { .. })));
}

/// Redis AUTH: the cache waits for its user group to be active, the group
/// names its two users; `auth: none` has neither users nor group.
#[test]
fn the_cache_waits_for_its_user_group_unless_auth_is_none() {
    let g = graph_of("stack.yaml");
    assert_eq!(edge(&g, "cache/replication-group", "cache/user-group"), Some(Strength::Ready));
    assert_eq!(edge(&g, "cache/user-group", "cache/user/app"), Some(Strength::Exists));
    assert_eq!(edge(&g, "cache/user-group", "cache/user/default"), Some(Strength::Exists));
    let app = g.get(&NodeId::new("cache/user/app")).expect("the application's user");
    assert_eq!(app.props.get("user_name").and_then(|v| v.as_str()), Some(app.name.as_str()));

    let yaml = "stack: s\nregion: us-east-1\nnetwork:\n  cidr: 10.0.0.0/16\n  availability_zones: 2\ncache:\n  node_type: cache.t4g.micro\n  auth: none\n";
    let loaded = crate::stack::load_str("s.yaml", yaml.to_string()).expect("a valid stack");
    let g = expand(&loaded.stack, &ExpandContext::default());
    let c = counts(&g);
    assert_eq!((c.get(&Kind::CacheUser), c.get(&Kind::CacheUserGroup)), (None, None));
    let group = g.get(&NodeId::new("cache/replication-group")).expect("the cache");
    assert!(!group.props.contains_key("user_group_ids"));
}

/// Every node `expand` builds holds what its kind's typed properties need,
/// exactly as the struct writes it (nothing missing, nothing it would drop or
/// rewrite), for every kind of every example: the registry names each kind's
/// struct, and the provider reads that struct.
#[test]
fn every_node_has_the_typed_props_of_its_kind() {
    for file in EXAMPLES {
        for n in graph_of(file).nodes() {
            let round_trip = n
                .kind
                .spec()
                .props
                .unwrap_or_else(|| panic!("{}: no typed props in its spec", n.kind));
            assert_eq!(round_trip(&n.props).as_ref(), Ok(&n.props), "{file}: {}", n.id);
        }
    }
}
