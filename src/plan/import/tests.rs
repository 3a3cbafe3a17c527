use super::*;

fn node(id: &str, kind: Kind, name: &str) -> Node {
    Node::new(NodeId::new(id), kind, name, Default::default())
}

fn found(name: &str, tags: &[(&str, &str)]) -> Found {
    Found {
        name: Some(name.into()),
        tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
    }
}

#[test]
fn an_id_of_another_kind_is_refused_before_any_call() {
    let q = node("queues/orders", Kind::Queue, "s-orders");
    assert!(check_kind(&q, "https://sqs.us-east-1.amazonaws.com/1/s-orders").is_ok());
    assert!(check_kind(&q, "s-orders").is_ok(), "a plain name may be any named kind");
    let err = check_kind(&q, "vpc-0abc").unwrap_err();
    assert!(matches!(err, ImportError::WrongKind { .. }), "{err}");
    let role = node("kubernetes/cluster-role", Kind::IamRole, "s-cluster");
    assert!(check_kind(&role, "arn:aws:iam::123456789012:role/stackctl/s/s-cluster").is_ok());
    assert!(check_kind(&role, "arn:aws:sqs:us-east-1:123456789012:s-cluster").is_err());
}

#[test]
fn another_stacks_an_owned_and_a_misnamed_resource_are_refused() {
    let q = node("queues/orders", Kind::Queue, "s-orders");
    assert!(check_found("s", &q, "u", &found("s-orders", &[("team", "x")])).is_ok());
    let other = check_found("s", &q, "u", &found("s-orders", &[(tag::STACK, "t")])).unwrap_err();
    assert!(
        matches!(other, ImportError::OtherStack { ref other, .. } if other == "t"),
        "{other}"
    );
    let owned = check_found("s", &q, "u", &found("s-orders", &[(tag::STACK, "s")])).unwrap_err();
    assert!(matches!(owned, ImportError::AlreadyOwned { .. }), "{owned}");
    let misnamed = check_found("s", &q, "u", &found("s-other", &[])).unwrap_err();
    assert!(matches!(misnamed, ImportError::NameMismatch { .. }), "{misnamed}");
}

#[test]
fn import_adds_the_ownership_tags_only() {
    let q = node("queues/orders", Kind::Queue, "s-orders");
    let tags = ownership_tags("s", &q);
    assert_eq!(tags.keys().collect::<Vec<_>>(), [tag::ID, tag::STACK]);
    assert!(!tags.contains_key(tag::HASH));
}

#[test]
fn kinds_that_cannot_be_tagged_say_how_they_are_adopted() {
    let dashboard = node("monitoring/dashboard", Kind::Dashboard, "s");
    let err = untaggable(&dashboard).expect("a dashboard cannot be tagged");
    insta::assert_snapshot!("import_untaggable_dashboard", err.to_string());
    let assoc = node("waf/association", Kind::WebAclAssociation, "s");
    insta::assert_snapshot!("import_untaggable_association", untaggable(&assoc).unwrap().to_string());
    assert!(untaggable(&node("queues/q", Kind::Queue, "s-q")).is_none());
}

#[test]
fn ids_of_every_importable_kind_are_told_apart() {
    let cases: &[(&str, Kind)] = &[
        ("igw-0abc", Kind::InternetGateway),
        ("eipalloc-0abc", Kind::ElasticIp),
        ("nat-0abc", Kind::NatGateway),
        ("rtb-0abc", Kind::RouteTable),
        ("sg-0abc", Kind::SecurityGroup),
        ("lt-0abc", Kind::LaunchTemplate),
        ("alias/s-eks-secrets", Kind::KmsKey),
        ("arn:aws:kms:us-east-1:1:key/1234", Kind::KmsKey),
        ("arn:aws:eks:us-east-1:1:nodegroup/s-eks/general/uuid", Kind::EksNodeGroup),
        ("arn:aws:rds:us-east-1:1:pg:s-db-postgres16", Kind::DbParameterGroup),
        (
            "arn:aws:elasticache:us-east-1:1:replicationgroup:s-cache",
            Kind::CacheReplicationGroup,
        ),
        ("arn:aws:elasticloadbalancing:us-east-1:1:listener/app/s-alb/1/2", Kind::Listener),
        ("arn:aws:cloudtrail:us-east-1:1:trail/s-trail", Kind::Trail),
    ];
    for (id, kind) in cases {
        assert_eq!(kinds_of_id(id).unwrap().first(), Some(kind), "{id}");
    }
    assert!(adoption_note(Kind::Queue).is_none());
    assert!(adoption_note(Kind::Dashboard).unwrap().contains("by its name"));
}

#[test]
fn another_stacks_resource_holding_the_name_is_a_conflict_without_an_import_command() {
    use crate::plan::Conflict;
    let q = node("queues/orders", Kind::Queue, "s-orders");
    let tags = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> { pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() };
    let url = "https://sqs.us-east-1.amazonaws.com/1/s-orders";
    let other = Conflict::name_held(&q, "a queue", url, &tags(&[(tag::STACK, "t"), (tag::ID, "queues/orders")]), "s");
    assert_eq!(other.import_command(), None, "{other:?}");
    insta::assert_snapshot!("conflict_of_another_stack", other.reason);
    let untagged = Conflict::name_held(&q, "a queue", url, &tags(&[("team", "x")]), "s");
    assert_eq!(
        untagged.import_command().as_deref(),
        Some(format!("stackctl import queues/orders {url}").as_str())
    );
    assert_eq!(untagged, Conflict::name_taken(&q, "a queue", url));
    // The stack's own tag without its id (a create cut short) stays importable.
    let own = Conflict::name_held(&q, "a queue", url, &tags(&[(tag::STACK, "s")]), "s");
    assert!(own.import_command().is_some(), "{own:?}");
}
