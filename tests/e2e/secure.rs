//! The secure defaults of the seed stack (README, "Secure defaults"), read back
//! through each service's API after `apply`. Called from the seed stack's round
//! trip in examples.rs, which applies it anyway: no apply of its own.

use aws_sdk_ec2::types::Filter;

use crate::support::{REGION, Workdir, shared_moto};

struct Clients {
    ec2: aws_sdk_ec2::Client,
    eks: aws_sdk_eks::Client,
    rds: aws_sdk_rds::Client,
    elasticache: aws_sdk_elasticache::Client,
    elbv2: aws_sdk_elasticloadbalancingv2::Client,
    sns: aws_sdk_sns::Client,
    cloudwatch: aws_sdk_cloudwatch::Client,
    kms: aws_sdk_kms::Client,
}

impl Clients {
    async fn new(endpoint: &str) -> Clients {
        let config = crate::support::sdk_config(endpoint).await;
        Clients {
            ec2: aws_sdk_ec2::Client::new(&config),
            eks: aws_sdk_eks::Client::new(&config),
            rds: aws_sdk_rds::Client::new(&config),
            elasticache: aws_sdk_elasticache::Client::new(&config),
            elbv2: aws_sdk_elasticloadbalancingv2::Client::new(&config),
            sns: aws_sdk_sns::Client::new(&config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(&config),
            kms: aws_sdk_kms::Client::new(&config),
        }
    }
}

/// Every default of group 1 of issue 10, on the applied seed stack `stack`.
pub async fn assert_secure_defaults(endpoint: &str, stack: &str) {
    let c = Clients::new(endpoint).await;
    databases(&c, stack).await;
    load_balancer(&c, stack).await;
    cluster_logs(&c, stack).await;
    redis_snapshots(&c, stack).await;
    default_security_group(&c, stack).await;
    default_network_acl(&c, stack).await;
    alarm_notifications(&c, stack).await;
    crate::secure_logs::assert_logging_defaults(endpoint, stack).await;
    crate::secure_flow_logs::assert_flow_log(endpoint, stack).await;
    crate::access_logs::assert_access_logs(endpoint, stack).await;
}

/// The stack's topic is encrypted and has the seed stack's address
/// subscribed; every alarm notifies it on ALARM and on OK.
async fn alarm_notifications(c: &Clients, stack: &str) {
    let topics = c.sns.list_topics().send().await.expect("sns:ListTopics");
    let topic = topics
        .topics()
        .iter()
        .filter_map(|t| t.topic_arn())
        .find(|a| a.ends_with(&format!(":{stack}-alarms")))
        .expect("the alarm topic")
        .to_string();
    let attrs = c
        .sns
        .get_topic_attributes()
        .topic_arn(&topic)
        .send()
        .await
        .expect("sns:GetTopicAttributes");
    // A key of the stack's that lets CloudWatch publish (not alias/aws/sns,
    // whose policy cannot name CloudWatch).
    let key = attrs
        .attributes()
        .and_then(|a| a.get("KmsMasterKeyId"))
        .cloned()
        .unwrap_or_default();
    assert!(key.starts_with("arn:aws:kms:"), "the alarm topic's KMS key: {key}");
    let policy = c
        .kms
        .get_key_policy()
        .key_id(&key)
        .policy_name("default")
        .send()
        .await
        .expect("kms:GetKeyPolicy");
    assert!(
        policy.policy().unwrap_or_default().contains("cloudwatch.amazonaws.com"),
        "the alarm topic's key does not let CloudWatch use it: {:?}",
        policy.policy()
    );
    let subs = c
        .sns
        .list_subscriptions_by_topic()
        .topic_arn(&topic)
        .send()
        .await
        .expect("sns:ListSubscriptionsByTopic");
    let emails: Vec<(&str, &str)> = subs
        .subscriptions()
        .iter()
        .map(|s| (s.protocol().unwrap_or_default(), s.endpoint().unwrap_or_default()))
        .collect();
    assert_eq!(emails, vec![("email", "oncall@example.com")], "subscriptions of the alarm topic");
    let alarms = c
        .cloudwatch
        .describe_alarms()
        .alarm_name_prefix(format!("{stack}-"))
        .send()
        .await
        .expect("cloudwatch:DescribeAlarms");
    assert_eq!(alarms.metric_alarms().len(), 3, "the seed stack's alarms");
    for a in alarms.metric_alarms() {
        let name = a.alarm_name().unwrap_or_default();
        assert_eq!(a.alarm_actions(), std::slice::from_ref(&topic), "{name}: ALARM actions");
        assert_eq!(a.ok_actions(), std::slice::from_ref(&topic), "{name}: OK actions");
    }
}

/// Primary and replica: deletion protection, IAM authentication, the
/// PostgreSQL logs exported to CloudWatch Logs.
async fn databases(c: &Clients, stack: &str) {
    for id in [format!("{stack}-db"), format!("{stack}-db-replica-1")] {
        let out = c
            .rds
            .describe_db_instances()
            .db_instance_identifier(&id)
            .send()
            .await
            .expect("rds:DescribeDBInstances");
        let db = out.db_instances().first().expect("the instance");
        assert_eq!(db.deletion_protection(), Some(true), "{id}: deletion protection");
        assert_eq!(
            db.iam_database_authentication_enabled(),
            Some(true),
            "{id}: IAM database authentication"
        );
        let mut logs = db.enabled_cloudwatch_logs_exports().to_vec();
        logs.sort();
        assert_eq!(logs, vec!["postgresql", "upgrade"], "{id}: log exports");
        // The CA the stack names, and the server certificate it signed.
        assert_eq!(db.ca_certificate_identifier(), Some("rds-ca-rsa2048-g1"), "{id}: CA");
        let details = db.certificate_details().expect("certificate details");
        assert_eq!(details.ca_identifier(), Some("rds-ca-rsa2048-g1"), "{id}: server certificate's CA");
    }
}

async fn load_balancer(c: &Clients, stack: &str) {
    let attrs = crate::support::alb_attributes(&c.elbv2, stack).await;
    let protection = attrs.get("deletion_protection.enabled").map(String::as_str);
    assert_eq!(protection, Some("true"), "ALB deletion protection");
}

async fn cluster_logs(c: &Clients, stack: &str) {
    let out = c
        .eks
        .describe_cluster()
        .name(format!("{stack}-eks"))
        .send()
        .await
        .expect("eks:DescribeCluster");
    let logging = out.cluster().and_then(|c| c.logging()).expect("cluster logging");
    let mut on: Vec<&str> = logging
        .cluster_logging()
        .iter()
        .filter(|s| s.enabled() == Some(true))
        .flat_map(|s| s.types().iter().map(|t| t.as_str()))
        .collect();
    on.sort();
    assert_eq!(
        on,
        vec!["api", "audit", "authenticator", "controllerManager", "scheduler"],
        "EKS control-plane logs"
    );
}

async fn redis_snapshots(c: &Clients, stack: &str) {
    let out = c
        .elasticache
        .describe_replication_groups()
        .replication_group_id(format!("{stack}-cache"))
        .send()
        .await
        .expect("elasticache:DescribeReplicationGroups");
    let group = out.replication_groups().first().expect("the replication group");
    assert_eq!(group.auto_minor_version_upgrade(), Some(true), "Redis minor version upgrades");
    assert!(
        group.snapshot_retention_limit().unwrap_or(0) >= 7,
        "Redis snapshot retention: {:?}",
        group.snapshot_retention_limit()
    );
}

/// The VPC's default security group has no rule, inbound or outbound.
async fn default_security_group(c: &Clients, stack: &str) {
    let filter = |k: &str, v: &str| Filter::builder().name(k).values(v).build();
    let vpcs = c
        .ec2
        .describe_vpcs()
        .filters(filter("tag:stackctl:stack", stack))
        .send()
        .await
        .expect("ec2:DescribeVpcs");
    let vpc = vpcs.vpcs()[0].vpc_id().expect("vpc id");
    let groups = c
        .ec2
        .describe_security_groups()
        .filters(filter("vpc-id", vpc))
        .filters(filter("group-name", "default"))
        .send()
        .await
        .expect("ec2:DescribeSecurityGroups");
    let group = groups.security_groups().first().expect("the default group");
    assert!(
        group.ip_permissions().is_empty() && group.ip_permissions_egress().is_empty(),
        "the default security group keeps rules: in {:?}, out {:?}",
        group.ip_permissions(),
        group.ip_permissions_egress()
    );
}

type AclRule = (i32, String, String, String);

/// The inbound rules of the default network ACL of the stack's VPC, sorted,
/// as (number, "protocol from-to", CIDR, action).
async fn default_acl_inbound(c: &Clients, stack: &str) -> (String, Vec<AclRule>) {
    let filter = |k: &str, v: &str| Filter::builder().name(k).values(v).build();
    let vpcs = c
        .ec2
        .describe_vpcs()
        .filters(filter("tag:stackctl:stack", stack))
        .send()
        .await
        .expect("ec2:DescribeVpcs");
    let vpc = &vpcs.vpcs()[0];
    let acls = c
        .ec2
        .describe_network_acls()
        .filters(filter("vpc-id", vpc.vpc_id().expect("vpc id")))
        .filters(filter("default", "true"))
        .send()
        .await
        .expect("ec2:DescribeNetworkAcls");
    let acl = acls.network_acls().first().expect("the default network ACL");
    let mut inbound: Vec<AclRule> = acl
        .entries()
        .iter()
        .filter(|e| e.egress() == Some(false))
        .map(|e| {
            let ports = e.port_range().map(|p| format!("{}-{}", p.from().unwrap_or(0), p.to().unwrap_or(0)));
            let action = e.rule_action().map(|a| a.as_str().to_string()).unwrap_or_default();
            let what = format!("{} {}", e.protocol().unwrap_or_default(), ports.unwrap_or_default());
            let cidr = e.cidr_block().unwrap_or_default().to_string();
            (e.rule_number().unwrap_or(0), what.trim().to_string(), cidr, action)
        })
        .collect();
    inbound.sort();
    (vpc.cidr_block().expect("vpc cidr").to_string(), inbound)
}

fn acl_rule(n: i32, what: &str, cidr: &str, action: &str) -> AclRule {
    (n, what.to_string(), cidr.to_string(), action.to_string())
}

/// The VPC's default network ACL (every subnet's) lets no protocol in from
/// anywhere as a whole: inside the VPC everything, from outside 80, 443 and
/// the ephemeral ports, RDP refused.
async fn default_network_acl(c: &Clients, stack: &str) {
    let (cidr, inbound) = default_acl_inbound(c, stack).await;
    assert_eq!(
        inbound,
        vec![
            acl_rule(100, "-1", &cidr, "allow"),
            acl_rule(110, "6 80-80", ANYWHERE, "allow"),
            acl_rule(120, "6 443-443", ANYWHERE, "allow"),
            acl_rule(125, "6 3389-3389", ANYWHERE, "deny"),
            acl_rule(130, "6 1024-65535", ANYWHERE, "allow"),
            acl_rule(140, "17 1024-65535", ANYWHERE, "allow"),
            acl_rule(150, "1", ANYWHERE, "allow"),
            acl_rule(32767, "-1", ANYWHERE, "deny"),
        ],
        "the default network ACL's inbound rules"
    );
}

const ANYWHERE: &str = "0.0.0.0/0";
const ACL_STACK: &str = "t-default-acl";

fn acl_stack(restrict: bool) -> String {
    format!(
        "stack: {ACL_STACK}\nregion: {REGION}\nnetwork:\n  cidr: 10.43.0.0/16\n  nat_gateways: none\n  restrict_default_network_acl: {restrict}\n"
    )
}

/// `restrict_default_network_acl: false` gives AWS's allow-all rule back as an
/// update in place of the VPC, and `true` narrows it again; each re-plans clean.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_network_acl_is_narrowed_and_given_back() {
    let c = Clients::new(&shared_moto().endpoint).await;
    let w = Workdir::shared(&acl_stack(true));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply");
    default_network_acl(&c, ACL_STACK).await;
    w.write_stack(&acl_stack(false));
    let plan = w.run(&["plan"]);
    assert!(
        plan.stdout.contains("restrict_default_network_acl") && plan.stdout.contains("true -> false"),
        "the plan shows the change: {}",
        plan.stdout
    );
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply false");
    let (_, inbound) = default_acl_inbound(&c, ACL_STACK).await;
    assert_eq!(
        inbound,
        vec![acl_rule(100, "-1", ANYWHERE, "allow"), acl_rule(32767, "-1", ANYWHERE, "deny")]
    );
    w.run(&["plan", "--detailed-exitcode", "--refresh"])
        .expect_code(0, "re-plan after false");
    w.write_stack(&acl_stack(true));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply true");
    default_network_acl(&c, ACL_STACK).await;
    w.run(&["plan", "--detailed-exitcode", "--refresh"])
        .expect_code(0, "re-plan after true");
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
}

const CA_STACK: &str = "t-db-ca";

fn ca_stack(ca: &str) -> String {
    format!(
        "stack: {CA_STACK}\nregion: {REGION}\nnetwork:\n  cidr: 10.44.0.0/16\n  nat_gateways: none\n\
         database:\n  engine: postgres\n  engine_version: \"16.11\"\n  instance_class: db.t4g.micro\n  \
         deletion_protection: false\n  final_snapshot: false\n  ca_certificate: {ca}\n"
    )
}

async fn ca_of(c: &Clients) -> (String, String) {
    let out = c
        .rds
        .describe_db_instances()
        .db_instance_identifier(format!("{CA_STACK}-db"))
        .send()
        .await
        .expect("rds:DescribeDBInstances");
    let db = out.db_instances().first().expect("the instance");
    let details = db.certificate_details().and_then(|d| d.ca_identifier()).unwrap_or_default();
    (db.ca_certificate_identifier().unwrap_or_default().to_string(), details.to_string())
}

/// The CA the stack names is set at creation (not RDS's default) and changed
/// in place; the server certificate follows it; each re-plans clean.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_ca_is_set_at_creation_and_changed_in_place() {
    let c = Clients::new(&shared_moto().endpoint).await;
    let w = Workdir::shared(&ca_stack("rds-ca-ecc384-g1"));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply");
    let ecc = "rds-ca-ecc384-g1".to_string();
    assert_eq!(ca_of(&c).await, (ecc.clone(), ecc));
    w.run(&["plan", "--detailed-exitcode", "--refresh"]).expect_code(0, "re-plan");
    w.write_stack(&ca_stack("rds-ca-rsa4096-g1"));
    let plan = w.run(&["plan"]);
    assert!(
        plan.stdout
            .contains(r#"ca_certificate_identifier = "rds-ca-ecc384-g1" -> "rds-ca-rsa4096-g1""#),
        "{}",
        plan.stdout
    );
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply of the new CA");
    let rsa = "rds-ca-rsa4096-g1".to_string();
    assert_eq!(ca_of(&c).await, (rsa.clone(), rsa));
    w.run(&["plan", "--detailed-exitcode", "--refresh"])
        .expect_code(0, "re-plan after the change");
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
}
