//! `stackctl import` of the seed stack's kinds beyond the network: the KMS
//! key (by its alias), the launch template, the EKS cluster and node group,
//! the RDS groups, primary and replica, the ElastiCache groups, the load
//! balancer, target group and listener, the web ACL, the CloudFront
//! distribution, the SNS topic, an alarm, the trail and the CodeCommit
//! repository, each made through the AWS API with the stack's name and no
//! stackctl tags, in the stack's network and with its roles (made so too), so
//! that the whole seed stack is adopted and nothing is replaced.

use std::future::Future;
use std::time::Duration;

use crate::import_kinds::{Network, assert_only, conflict_ids, make_network};
use crate::support::sdk_config;
use crate::support::{Workdir, shipped_stack};

const STACK: &str = "t-impk-data";

fn n(s: &str) -> String {
    format!("{STACK}-{s}")
}

/// Retries `f` while AWS still creates what it needs (a held `creating` state).
async fn until<T, E: std::fmt::Debug, Fut: Future<Output = Result<T, E>>>(what: &str, mut f: impl FnMut() -> Fut) -> T {
    for _ in 0..50 {
        if let Ok(v) = f().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    f().await.unwrap_or_else(|e| panic!("{what}: {e:?}"))
}

/// The stack's network and roles, made in the console too: what the others
/// sit in and are given.
struct Made {
    net: Network,
    cluster_role: String,
    node_role: String,
}

impl Made {
    fn subnets(&self, which: &str) -> Vec<String> {
        ["a", "b"]
            .iter()
            .map(|z| self.net.subnets[format!("{which}-{z}").as_str()].clone())
            .collect()
    }
    fn group(&self, name: &str) -> String {
        self.net.security_groups[name].clone()
    }
}

async fn make_role(c: &aws_config::SdkConfig, name: &str, service: &str) -> String {
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"{service}"}},"Action":"sts:AssumeRole"}}]}}"#
    );
    let role = aws_sdk_iam::Client::new(c)
        .create_role()
        .role_name(n(name))
        .path(format!("/stackctl/{STACK}/"))
        .assume_role_policy_document(trust)
        .send()
        .await
        .expect("iam:CreateRole");
    role.role().unwrap().arn().to_string()
}

/// The secrets key with the stack's alias, and another stack's key under the
/// alarm topic key's alias.
async fn make_keys(c: &aws_config::SdkConfig) {
    let kms = aws_sdk_kms::Client::new(c);
    for (alias, tags) in [("eks-secrets", vec![]), ("alarms", vec![("stackctl:stack", "t-impk-other")])] {
        let tags = tags
            .into_iter()
            .map(|(k, v)| aws_sdk_kms::types::Tag::builder().tag_key(k).tag_value(v).build().unwrap())
            .collect();
        let key = kms
            .create_key()
            .description("made in the console")
            .set_tags(Some(tags))
            .send()
            .await
            .expect("kms:CreateKey");
        let key_id = key.key_metadata().unwrap().key_id();
        kms.create_alias()
            .alias_name(format!("alias/{}", n(alias)))
            .target_key_id(key_id)
            .send()
            .await
            .expect("kms:CreateAlias");
    }
}

async fn make_kubernetes(c: &aws_config::SdkConfig, m: &Made) {
    let ec2 = aws_sdk_ec2::Client::new(c);
    let data = aws_sdk_ec2::types::RequestLaunchTemplateData::builder()
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Medium)
        .build();
    let template = ec2
        .create_launch_template()
        .launch_template_name(n("nodes-general"))
        .launch_template_data(data)
        .send()
        .await
        .expect("ec2:CreateLaunchTemplate");
    let template = template.launch_template().unwrap().launch_template_id().unwrap().to_string();
    let eks = aws_sdk_eks::Client::new(c);
    let vpc = aws_sdk_eks::types::VpcConfigRequest::builder()
        .set_subnet_ids(Some(m.subnets("private")))
        .security_group_ids(m.group("nodes"))
        .endpoint_private_access(false)
        .endpoint_public_access(false)
        .build();
    eks.create_cluster()
        .name(n("eks"))
        .version("1.31")
        .role_arn(&m.cluster_role)
        .resources_vpc_config(vpc)
        .send()
        .await
        .expect("eks:CreateCluster");
    let template = aws_sdk_eks::types::LaunchTemplateSpecification::builder().id(template).build();
    let scaling = aws_sdk_eks::types::NodegroupScalingConfig::builder()
        .min_size(1)
        .desired_size(2)
        .max_size(6)
        .build();
    // The cluster is CREATING for its first describes, as on AWS.
    until("eks:CreateNodegroup", || async {
        eks.describe_cluster().name(n("eks")).send().await.expect("eks:DescribeCluster");
        let made = eks
            .create_nodegroup()
            .cluster_name(n("eks"))
            .nodegroup_name("general")
            .node_role(&m.node_role)
            .set_subnets(Some(m.subnets("private")))
            .launch_template(template.clone())
            .instance_types("m6i.large")
            .scaling_config(scaling.clone())
            .send()
            .await;
        match made {
            Ok(_) => Ok(()),
            // A refused create may still have been recorded: it exists then.
            Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_in_use_exception()) => Ok(()),
            Err(e) => Err(format!("{e:?}")),
        }
    })
    .await;
}

async fn make_database(c: &aws_config::SdkConfig, m: &Made) {
    let rds = aws_sdk_rds::Client::new(c);
    rds.create_db_subnet_group()
        .db_subnet_group_name(n("db"))
        .db_subnet_group_description("made in the console")
        .set_subnet_ids(Some(m.subnets("private")))
        .send()
        .await
        .expect("rds:CreateDBSubnetGroup");
    rds.create_db_parameter_group()
        .db_parameter_group_name(n("db-postgres16"))
        .db_parameter_group_family("postgres16")
        .description(format!("Parameters of stack {STACK}"))
        .send()
        .await
        .expect("rds:CreateDBParameterGroup");
    rds.create_db_instance()
        .db_instance_identifier(n("db"))
        .engine("postgres")
        .engine_version("16.11")
        .db_instance_class("db.t3.micro")
        .allocated_storage(100)
        .master_username("app_admin")
        .master_user_password("console-password-1")
        .db_subnet_group_name(n("db"))
        .db_parameter_group_name(n("db-postgres16"))
        .vpc_security_group_ids(m.group("database"))
        .storage_encrypted(true)
        .storage_type("gp3")
        .backup_retention_period(7)
        .send()
        .await
        .expect("rds:CreateDBInstance");
    until("rds:CreateDBInstanceReadReplica", || async {
        let db = rds.describe_db_instances().db_instance_identifier(n("db")).send();
        db.await.expect("rds:DescribeDBInstances");
        rds.create_db_instance_read_replica()
            .db_instance_identifier(n("db-replica-1"))
            .source_db_instance_identifier(n("db"))
            .send()
            .await
    })
    .await;
    let cache = aws_sdk_elasticache::Client::new(c);
    cache
        .create_cache_subnet_group()
        .cache_subnet_group_name(n("cache"))
        .cache_subnet_group_description("made in the console")
        .set_subnet_ids(Some(m.subnets("private")))
        .send()
        .await
        .expect("elasticache:CreateCacheSubnetGroup");
    cache
        .create_replication_group()
        .replication_group_id(n("cache"))
        .replication_group_description(format!("Redis of stack {STACK}"))
        .engine("redis")
        .engine_version("7.1")
        .at_rest_encryption_enabled(true)
        .transit_encryption_enabled(true)
        .security_group_ids(m.group("cache"))
        .cache_node_type("cache.t3.micro")
        .replicas_per_node_group(1)
        .cache_subnet_group_name(n("cache"))
        .send()
        .await
        .expect("elasticache:CreateReplicationGroup");
}

/// The load balancer, target group and listener; returns the listener's ARN.
async fn make_load_balancer(c: &aws_config::SdkConfig, m: &Made) -> String {
    use aws_sdk_elasticloadbalancingv2::types::{Action, ActionTypeEnum, ProtocolEnum};
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(c);
    let lb = elb
        .create_load_balancer()
        .name(n("alb"))
        .set_subnets(Some(m.subnets("public")))
        .security_groups(m.group("alb"))
        .send()
        .await
        .expect("elbv2:CreateLoadBalancer");
    let lb = lb.load_balancers()[0].load_balancer_arn().unwrap().to_string();
    let tg = elb
        .create_target_group()
        .name(n("nodes"))
        .protocol(ProtocolEnum::Http)
        .port(8080)
        .vpc_id(&m.net.vpc)
        .send()
        .await
        .expect("elbv2:CreateTargetGroup");
    let tg = tg.target_groups()[0].target_group_arn().unwrap().to_string();
    let forward = Action::builder().r#type(ActionTypeEnum::Forward).target_group_arn(tg).build();
    let listener = elb
        .create_listener()
        .load_balancer_arn(lb)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .default_actions(forward)
        .send()
        .await
        .expect("elbv2:CreateListener");
    listener.listeners()[0].listener_arn().unwrap().to_string()
}

async fn make_edge(c: &aws_config::SdkConfig) {
    use aws_sdk_wafv2::types::{AllowAction, DefaultAction, Scope, VisibilityConfig};
    let waf = aws_sdk_wafv2::Client::new(c);
    let visibility = VisibilityConfig::builder()
        .sampled_requests_enabled(false)
        .cloud_watch_metrics_enabled(false)
        .metric_name("console")
        .build()
        .unwrap();
    waf.create_web_acl()
        .name(n("regional"))
        .scope(Scope::Regional)
        .default_action(DefaultAction::builder().allow(AllowAction::builder().build()).build())
        .visibility_config(visibility)
        .send()
        .await
        .expect("wafv2:CreateWebACL");
    make_distribution(c).await;
}

async fn make_distribution(c: &aws_config::SdkConfig) {
    use aws_sdk_cloudfront::types::*;
    let origin_config = CustomOriginConfig::builder()
        .http_port(80)
        .https_port(443)
        .origin_protocol_policy(OriginProtocolPolicy::HttpOnly)
        .build()
        .unwrap();
    let origin = Origin::builder()
        .id("alb")
        .domain_name("console.example.com")
        .custom_origin_config(origin_config)
        .build()
        .unwrap();
    let behavior = DefaultCacheBehavior::builder()
        .target_origin_id("alb")
        .viewer_protocol_policy(ViewerProtocolPolicy::AllowAll)
        .cache_policy_id("658327ea-f89d-4fab-a63d-7e88639e58f6")
        .build()
        .unwrap();
    let config = DistributionConfig::builder()
        .caller_reference("console-made")
        .comment(n("cdn"))
        .enabled(true)
        .origins(Origins::builder().quantity(1).items(origin).build().unwrap())
        .default_cache_behavior(behavior)
        .build()
        .unwrap();
    aws_sdk_cloudfront::Client::new(c)
        .create_distribution()
        .distribution_config(config)
        .send()
        .await
        .expect("cloudfront:CreateDistribution");
}

async fn make_monitoring(c: &aws_config::SdkConfig) {
    aws_sdk_sns::Client::new(c)
        .create_topic()
        .name(n("alarms"))
        .send()
        .await
        .expect("sns:CreateTopic");
    aws_sdk_cloudwatch::Client::new(c)
        .put_metric_alarm()
        .alarm_name(n("db-cpu"))
        .namespace("AWS/RDS")
        .metric_name("CPUUtilization")
        .statistic(aws_sdk_cloudwatch::types::Statistic::Average)
        .period(300)
        .evaluation_periods(3)
        .threshold(90.0)
        .comparison_operator(aws_sdk_cloudwatch::types::ComparisonOperator::GreaterThanThreshold)
        .send()
        .await
        .expect("cloudwatch:PutMetricAlarm");
    let bucket = n("console-trail");
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(c).force_path_style(true).build());
    s3.create_bucket().bucket(&bucket).send().await.expect("s3:CreateBucket");
    aws_sdk_cloudtrail::Client::new(c)
        .create_trail()
        .name(n("trail"))
        .s3_bucket_name(&bucket)
        .send()
        .await
        .expect("cloudtrail:CreateTrail");
    aws_sdk_cloudwatchlogs::Client::new(c)
        .create_log_group()
        .log_group_name(format!("/stackctl/{STACK}/app"))
        .send()
        .await
        .expect("logs:CreateLogGroup");
    aws_sdk_codecommit::Client::new(c)
        .create_repository()
        .repository_name(n("app"))
        .send()
        .await
        .expect("codecommit:CreateRepository");
}

/// The seed stack but its queues, buckets and registry, made in the console;
/// returns the listener's ARN.
async fn make_everything(c: &aws_config::SdkConfig) -> String {
    let net = make_network(&aws_sdk_ec2::Client::new(c), STACK, false).await;
    let m = Made {
        net,
        cluster_role: make_role(c, "eks-cluster", "eks.amazonaws.com").await,
        node_role: make_role(c, "eks-nodes", "ec2.amazonaws.com").await,
    };
    make_keys(c).await;
    make_kubernetes(c, &m).await;
    make_database(c, &m).await;
    let listener = make_load_balancer(c, &m).await;
    make_edge(c).await;
    make_monitoring(c).await;
    listener
}

/// What `plan` reports as conflicts at first. The node group and the listener
/// are read through their cluster and load balancer: they show once those are
/// the stack's.
const REPORTED: &[&str] = &[
    "cache/replication-group",
    "cache/subnet-group",
    "database/parameter-group/postgres16",
    "database/primary",
    "database/replica-1",
    "database/subnet-group",
    "edge/distribution",
    "edge/load-balancer",
    "edge/target-group",
    "edge/web-acl/regional",
    "iam/role/eks-cluster",
    "iam/role/eks-nodes",
    "kubernetes/cluster",
    "kubernetes/launch-template/general",
    "kubernetes/secrets-key",
    "monitoring/alarm-topic",
    "monitoring/alarm/db-cpu",
    "monitoring/log-group/app",
    "monitoring/trail",
    "repositories/app",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_made_data_compute_edge_and_monitoring_resources_are_adopted() {
    let w = Workdir::shared(&shipped_stack("stack.yaml", STACK, None));
    let c = sdk_config(&w.endpoint).await;
    let listener = make_everything(&c).await;

    let plan = w.run(&["plan", "--json"]).json();
    let conflicts = conflict_ids(&plan);
    // (The network's are `import_kinds`' business.)
    let reported: Vec<&str> = conflicts
        .keys()
        .map(String::as_str)
        .filter(|id| !id.starts_with("network/"))
        .collect();
    assert_eq!(reported, REPORTED, "{plan:#}");
    let human = w.run(&["plan"]).stdout;
    insta::assert_snapshot!("import_kinds_untaggable_in_plan", untaggable_lines(&human));

    // Refusals change nothing: another kind's id, another stack's key.
    let wrong = w.run(&[
        "import",
        "database/primary",
        &conflicts["cache/replication-group"],
        "--auto-approve",
    ]);
    wrong.expect_code(1, "import of a replication group as the database");
    let primary = w.run(&["import", "database/replica-1", &n("db"), "--auto-approve"]);
    primary.expect_code(1, "import of the primary as the replica");
    insta::assert_snapshot!("import_kinds_refused_primary_as_replica", primary.stderr);
    let other = w.run(&[
        "import",
        "monitoring/alarm-topic-key",
        &format!("alias/{}", n("alarms")),
        "--auto-approve",
    ]);
    other.expect_code(1, "import of another stack's key");
    insta::assert_snapshot!("import_kinds_refused_other_stack", key_id_redacted(&other.stderr));

    let all = w.run(&["import", "--all-conflicts", "--auto-approve"]);
    all.expect_code(0, "import --all-conflicts");
    insta::assert_snapshot!("import_kinds_all_conflicts_untaggable", untaggable_lines(&all.stdout));
    assert!(
        key_tags(&c, &format!("alias/{}", n("eks-secrets")))
            .await
            .contains(&"stackctl:id".to_string())
    );

    // Then the node group and the listener of the adopted cluster and load
    // balancer: by id, and by --all-conflicts.
    let plan = w.run(&["plan", "--json"]).json();
    let then = conflict_ids(&plan);
    assert_eq!(
        then.keys().collect::<Vec<_>>(),
        ["edge/listener/http", "kubernetes/node-group/general"]
    );
    assert_eq!(then["edge/listener/http"], listener);
    assert_eq!(then["kubernetes/node-group/general"], format!("{}/general", n("eks")));
    w.run(&["import", "edge/listener/http", &listener, "--auto-approve"])
        .expect_code(0, "import the listener");
    w.run(&["import", "--all-conflicts", "--auto-approve"])
        .expect_code(0, "import --all-conflicts, the node group");
    let again = w.run(&[
        "import",
        "monitoring/alarm-topic",
        &conflicts["monitoring/alarm-topic"],
        "--auto-approve",
    ]);
    again.expect_code(1, "import of the topic again");
    assert!(again.stderr.contains("is already this stack's"), "{}", again.stderr);

    let plan = w.run(&["plan", "--json"]).json();
    assert!(conflict_ids(&plan).is_empty(), "{plan:#}");
    assert_only(&plan, EXPECTED);
}

/// Each adopted resource and the settings the console left different from the
/// file (what `make_*` gave otherwise or left to AWS's defaults); each is
/// updated in place.
const EXPECTED: &[(&str, &[&str])] = &[
    (
        "cache/replication-group",
        &[
            "auto_minor_version_upgrade",
            "automatic_failover",
            "multi_az",
            "node_type",
            "replicas_per_node_group",
            "snapshot_retention_limit",
            // Made without users: the stack's user group (Redis AUTH) is added.
            "user_group_ids",
        ],
    ),
    ("cache/subnet-group", &["description"]),
    ("database/parameter-group/postgres16", &["parameters"]),
    (
        "database/primary",
        &[
            "cloudwatch_logs_exports",
            "copy_tags_to_snapshot",
            "deletion_protection",
            "iam_database_authentication",
            "instance_class",
            "manage_master_user_password",
            "multi_az",
        ],
    ),
    (
        "database/replica-1",
        &[
            "cloudwatch_logs_exports",
            "deletion_protection",
            "iam_database_authentication",
            "instance_class",
        ],
    ),
    ("database/subnet-group", &["description"]),
    (
        "edge/distribution",
        &[
            "default_behavior",
            "http_version",
            "ordered_behaviors",
            "origins",
            "price_class",
            "web_acl_arn",
        ],
    ),
    ("edge/listener/http", &[]),
    (
        "edge/load-balancer",
        &[
            "access_logs_bucket",
            "access_logs_prefix",
            "deletion_protection",
            "drop_invalid_header_fields",
            "scheme",
        ],
    ),
    ("edge/target-group", &["health_check_matcher", "health_check_path"]),
    ("edge/web-acl/regional", &["logging", "rules"]),
    ("iam/role/eks-cluster", &["managed_policy_arns"]),
    ("iam/role/eks-nodes", &["managed_policy_arns"]),
    (
        "kubernetes/cluster",
        &[
            "authentication_mode",
            "enabled_log_types",
            "endpoint_private_access",
            "secrets_kms_key_arn",
        ],
    ),
    (
        "kubernetes/launch-template/general",
        &[
            "metadata_hop_limit",
            "metadata_http_tokens",
            "root_volume_encrypted",
            "root_volume_gb",
            "security_group_ids",
        ],
    ),
    ("kubernetes/node-group/general", &["desired_size", "min_size"]),
    (
        "kubernetes/secrets-key",
        &["cluster_role_arn", "description", "enable_key_rotation"],
    ),
    ("monitoring/alarm-topic", &["kms_master_key_id", "subscriptions"]),
    (
        "monitoring/alarm/db-cpu",
        &[
            "alarm_actions",
            "datapoints_to_alarm",
            "description",
            "metrics",
            "ok_actions",
            "threshold",
            "treat_missing_data",
        ],
    ),
    ("monitoring/log-group/app", &["kms_key_id", "retention_days"]),
    (
        "monitoring/trail",
        &[
            "enable_log_file_validation",
            "is_multi_region_trail",
            "kms_key_id",
            "s3_bucket_name",
        ],
    ),
    ("repositories/app", &[]),
];

async fn key_tags(c: &aws_config::SdkConfig, alias: &str) -> Vec<String> {
    let kms = aws_sdk_kms::Client::new(c);
    let key = kms.describe_key().key_id(alias).send().await.expect("kms:DescribeKey");
    let key_id = key.key_metadata().unwrap().key_id();
    let tags = kms.list_resource_tags().key_id(key_id).send().await.expect("kms:ListResourceTags");
    tags.tags().iter().map(|t| t.tag_key().to_string()).collect()
}

fn untaggable_lines(out: &str) -> String {
    out.lines()
        .skip_while(|l| !l.contains("AWS cannot tag these"))
        .take_while(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn key_id_redacted(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            if w.len() == 36 && w.matches('-').count() == 4 {
                "KEY-ID"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An id that names nothing is "not found", whatever form it has: a name no
/// load balancer has, a well-formed ARN of nothing, something that is no ARN
/// (for WAF, told before any call).
#[test]
fn ids_that_name_nothing_are_reported_not_found() {
    const NONE: &str = "t-impk-none";
    let w = Workdir::shared(&shipped_stack("stack.yaml", NONE, None));
    let tg_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nothing/0123456789abcdef";
    let waf_arn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/nothing/11111111-2222-3333-4444-555555555555";
    let attempts = [
        ("edge/load-balancer", "no-such-alb"),
        ("edge/target-group", tg_arn),
        ("edge/listener/http", "not-an-arn"),
        ("edge/web-acl/regional", waf_arn),
        ("edge/web-acl/regional", "not-an-arn"),
    ];
    let mut said = String::new();
    for (id, aws_id) in attempts {
        let run = w.run(&["import", id, aws_id, "--auto-approve"]);
        run.expect_code(1, &format!("import {id} {aws_id}"));
        said.push_str(&run.stderr);
    }
    insta::assert_snapshot!("import_kinds_ids_naming_nothing", said);
}
