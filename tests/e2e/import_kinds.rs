//! `stackctl import` for every kind of the seed stack: resources made directly
//! through the AWS API with the seed stack's names and no stackctl tags (as the
//! console would), reported by `plan` as conflicts with the command that adopts
//! each, adopted by `import --all-conflicts`, after which the plan updates
//! them in place with only the settings that differ from the file. Kinds are
//! grouped in a few stacks: the network here, the rest in `import_kinds_data`.

use std::collections::BTreeMap;

use aws_sdk_ec2::types::{Filter, ResourceType, Tag, TagSpecification};

use crate::support::{Workdir, sdk_config, shipped_stack};

/// What the plan does with each resource: `id -> (action, changed attributes)`.
pub fn plan_actions(plan: &serde_json::Value) -> BTreeMap<String, (String, Vec<String>)> {
    plan["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let attrs = r["changes"]
                .as_array()
                .map(|c| c.iter().map(|c| c["attr"].as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            (
                r["id"].as_str().unwrap().to_string(),
                (r["action"].as_str().unwrap().to_string(), attrs),
            )
        })
        .collect()
}

/// The ids of the plan's conflicts, each with the AWS id its import command names.
pub fn conflict_ids(plan: &serde_json::Value) -> BTreeMap<String, String> {
    plan["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let command = c["import_command"].as_str().unwrap_or_default();
            (
                c["id"].as_str().unwrap().to_string(),
                command.rsplit(' ').next().unwrap().to_string(),
            )
        })
        .collect()
}

/// Checks that each of `expected` is updated in place (or unchanged) with
/// exactly these settings changed besides its tags.
pub fn assert_only(plan: &serde_json::Value, expected: &[(&str, &[&str])]) {
    let actions = plan_actions(plan);
    // Every difference at once, so that one run tells all of them.
    let mut wrong = Vec::new();
    for (id, settings) in expected {
        let (action, attrs) = actions.get(*id).unwrap_or_else(|| panic!("{id} not in the plan: {plan:#}"));
        assert!(
            action == "update" || action == "no_op",
            "{id} will be {action}, not updated: {plan:#}"
        );
        let changed: Vec<&str> = attrs.iter().map(String::as_str).filter(|a| !a.starts_with("tags")).collect();
        if changed != *settings {
            wrong.push(format!("{id}: the plan changes {changed:?}, expected {settings:?}"));
        }
    }
    assert!(wrong.is_empty(), "settings the plan changes:\n{}", wrong.join("\n"));
}

fn named(kind: ResourceType, name: &str, extra: &[(&str, &str)]) -> TagSpecification {
    let tags = std::iter::once(("Name", name)).chain(extra.iter().copied());
    TagSpecification::builder()
        .resource_type(kind)
        .set_tags(Some(tags.map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()))
        .build()
}

pub struct Network {
    pub vpc: String,
    pub subnets: BTreeMap<&'static str, String>,
    pub security_groups: BTreeMap<&'static str, String>,
}

/// The seed stack's network as a person would click it together: the same
/// names, CIDRs and routes, security groups without their rules; with
/// `foreign_cache`, the cache's group carries another stack's ownership tags.
pub async fn make_network(ec2: &aws_sdk_ec2::Client, stack: &str, foreign_cache: bool) -> Network {
    let n = |s: &str| format!("{stack}-{s}");
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.20.0.0/16")
        .tag_specifications(named(ResourceType::Vpc, &n("vpc"), &[]))
        .send()
        .await
        .expect("ec2:CreateVpc");
    let vpc = vpc.vpc().unwrap().vpc_id().unwrap().to_string();
    let igw = ec2
        .create_internet_gateway()
        .tag_specifications(named(ResourceType::InternetGateway, &n("igw"), &[]))
        .send()
        .await
        .expect("ec2:CreateInternetGateway");
    let igw = igw.internet_gateway().unwrap().internet_gateway_id().unwrap().to_string();
    ec2.attach_internet_gateway()
        .internet_gateway_id(&igw)
        .vpc_id(&vpc)
        .send()
        .await
        .expect("ec2:AttachInternetGateway");
    let mut subnets = BTreeMap::new();
    for (name, cidr, zone) in [
        ("public-a", "10.20.128.0/20", "us-east-1a"),
        ("private-a", "10.20.0.0/20", "us-east-1a"),
        ("public-b", "10.20.144.0/20", "us-east-1b"),
        ("private-b", "10.20.16.0/20", "us-east-1b"),
    ] {
        let s = ec2
            .create_subnet()
            .vpc_id(&vpc)
            .cidr_block(cidr)
            .availability_zone(zone)
            .tag_specifications(named(ResourceType::Subnet, &n(name), &[]))
            .send()
            .await
            .expect("ec2:CreateSubnet");
        subnets.insert(name, s.subnet().unwrap().subnet_id().unwrap().to_string());
    }
    let eip = ec2
        .allocate_address()
        .domain(aws_sdk_ec2::types::DomainType::Vpc)
        .tag_specifications(named(ResourceType::ElasticIp, &n("nat-a"), &[]))
        .send()
        .await
        .expect("ec2:AllocateAddress");
    let nat = ec2
        .create_nat_gateway()
        .subnet_id(&subnets["public-a"])
        .allocation_id(eip.allocation_id().unwrap())
        .tag_specifications(named(ResourceType::Natgateway, &n("nat-a"), &[]))
        .send()
        .await
        .expect("ec2:CreateNatGateway");
    let nat = nat.nat_gateway().unwrap().nat_gateway_id().unwrap().to_string();
    make_route_tables(ec2, stack, &vpc, &subnets, [&igw, &nat]).await;
    let security_groups = make_security_groups(ec2, stack, &vpc, foreign_cache).await;
    Network {
        vpc,
        subnets,
        security_groups,
    }
}

/// The public route table (to the internet gateway) and the private one (to
/// the NAT gateway), each with its subnets.
async fn make_route_tables(ec2: &aws_sdk_ec2::Client, stack: &str, vpc: &str, subnets: &BTreeMap<&str, String>, [igw, nat]: [&String; 2]) {
    let n = |s: &str| format!("{stack}-{s}");
    for (name, target, members) in [
        ("public", &igw, ["public-a", "public-b"]),
        ("private", &nat, ["private-a", "private-b"]),
    ] {
        let t = ec2
            .create_route_table()
            .vpc_id(vpc)
            .tag_specifications(named(ResourceType::RouteTable, &n(name), &[]))
            .send()
            .await
            .expect("ec2:CreateRouteTable");
        let t = t.route_table().unwrap().route_table_id().unwrap().to_string();
        // A NAT gateway just made is not found for a moment (as on AWS).
        for attempt in 0.. {
            let route = ec2.create_route().route_table_id(&t).destination_cidr_block("0.0.0.0/0");
            let route = if name == "public" {
                route.gateway_id(*target)
            } else {
                route.nat_gateway_id(*target)
            };
            match route.send().await {
                Ok(_) => break,
                Err(_) if attempt < 50 => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
                Err(e) => panic!("ec2:CreateRoute: {e:?}"),
            }
        }
        for m in members {
            ec2.associate_route_table()
                .route_table_id(&t)
                .subnet_id(&subnets[m])
                .send()
                .await
                .expect("ec2:AssociateRouteTable");
        }
    }
}

async fn make_security_groups(ec2: &aws_sdk_ec2::Client, stack: &str, vpc: &str, foreign_cache: bool) -> BTreeMap<&'static str, String> {
    let n = |s: &str| format!("{stack}-{s}");
    let mut security_groups = BTreeMap::new();
    for (name, description) in [
        ("alb", "Load balancer: HTTP(S) from CloudFront only"),
        ("nodes", "EKS nodes: each other, and the load balancer on the target port"),
        ("database", "Database: from the EKS nodes only"),
        ("cache", "Redis: from the EKS nodes only"),
    ] {
        let other: &[(&str, &str)] = if name == "cache" && foreign_cache {
            &[("stackctl:stack", "t-impk-other"), ("stackctl:id", "network/security-group/cache")]
        } else {
            &[]
        };
        let g = ec2
            .create_security_group()
            .vpc_id(vpc)
            .group_name(n(name))
            .description(description)
            .tag_specifications(named(ResourceType::SecurityGroup, &n(name), other))
            .send()
            .await
            .expect("ec2:CreateSecurityGroup");
        security_groups.insert(name, g.group_id().unwrap().to_string());
    }
    security_groups
}

async fn tag_keys(ec2: &aws_sdk_ec2::Client, id: &str) -> Vec<String> {
    let out = ec2
        .describe_tags()
        .filters(Filter::builder().name("resource-id").values(id).build())
        .send()
        .await
        .expect("ec2:DescribeTags");
    out.tags().iter().filter_map(|t| t.key()).map(str::to_string).collect()
}

const NETWORK: &[&str] = &[
    "network/vpc",
    "network/internet-gateway",
    "network/subnet/public-a",
    "network/subnet/private-a",
    "network/subnet/public-b",
    "network/subnet/private-b",
    "network/eip/nat-a",
    "network/nat-gateway/a",
    "network/route-table/public",
    "network/route-table/private",
    "network/security-group/alb",
    "network/security-group/nodes",
    "network/security-group/database",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_made_network_is_reported_and_adopted_kind_by_kind() {
    const STACK: &str = "t-impk-net";
    let w = Workdir::shared(&shipped_stack("stack.yaml", STACK, None));
    let ec2 = aws_sdk_ec2::Client::new(&sdk_config(&w.endpoint).await);
    let net = make_network(&ec2, STACK, true).await;

    // The plan reports each one (its Name tag is the stack's) with the command
    // that adopts it; another stack's group is not ours to adopt.
    let plan = w.run(&["plan", "--json"]).json();
    let conflicts = conflict_ids(&plan);
    assert_eq!(conflicts.keys().map(String::as_str).collect::<Vec<_>>(), {
        let mut ids = NETWORK.to_vec();
        ids.sort_unstable();
        ids
    });
    assert_eq!(conflicts["network/vpc"], net.vpc);
    let human = w.run(&["plan"]);
    human.expect_code(1, "plan with conflicts");
    assert!(
        human.stdout.contains("a VPC with this Name tag exists without this stack's tags"),
        "{}",
        human.stdout
    );

    // Refusals change nothing: another kind's id, another stack's group.
    let sg = &net.security_groups["alb"];
    let kind = w.run(&["import", "network/vpc", sg, "--auto-approve"]);
    kind.expect_code(1, "import of a security group as the VPC");
    insta::assert_snapshot!("import_kinds_refused_kind", kind.stderr.replace(sg.as_str(), "sg-ID"));
    let cache = &net.security_groups["cache"];
    let other = w.run(&["import", "network/security-group/cache", cache, "--auto-approve"]);
    other.expect_code(1, "import of another stack's group");
    assert!(other.stderr.contains("belongs to stack `t-impk-other`"), "{}", other.stderr);
    assert!(!tag_keys(&ec2, &net.vpc).await.contains(&"stackctl:stack".to_string()));

    let all = w.run(&["import", "--all-conflicts", "--auto-approve"]);
    all.expect_code(0, "import --all-conflicts");
    assert!(all.stdout.contains("to 13 resource(s)"), "{}", all.stdout);
    for id in net.security_groups.values().chain([&net.vpc]) {
        let keys = tag_keys(&ec2, id).await;
        assert!(
            keys.contains(&"stackctl:id".to_string()) && !keys.contains(&"stackctl:hash".to_string()),
            "{keys:?}"
        );
    }
    let again = w.run(&["import", "network/vpc", &net.vpc, "--auto-approve"]);
    again.expect_code(1, "import of the VPC again");
    assert!(again.stderr.contains("is already this stack's"), "{}", again.stderr);

    // The next plan: no conflict left of these, each updated in place, with
    // only what the console left different from the file.
    let plan = w.run(&["plan", "--json"]).json();
    assert!(conflict_ids(&plan).is_empty(), "{plan:#}");
    assert_only(
        &plan,
        &[
            (
                "network/vpc",
                &[
                    "enable_dns_hostnames",
                    "restrict_default_network_acl",
                    "restrict_default_security_group",
                ],
            ),
            ("network/internet-gateway", &[]),
            ("network/subnet/public-a", &[]),
            ("network/subnet/private-b", &[]),
            ("network/eip/nat-a", &[]),
            ("network/nat-gateway/a", &[]),
            ("network/route-table/public", &[]),
            ("network/route-table/private", &[]),
            ("network/security-group/alb", &["ingress"]),
            ("network/security-group/database", &["ingress"]),
        ],
    );
    assert_eq!(plan_actions(&plan)["network/security-group/cache"].0, "create", "{plan:#}");
}
