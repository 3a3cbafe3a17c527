//! The secure defaults of the seed stack (README, "Secure defaults"), read back
//! through each service's API after `apply`. Called from the seed stack's round
//! trip in examples.rs, which applies it anyway: no apply of its own.

use aws_config::{BehaviorVersion, Region};
use aws_sdk_ec2::types::Filter;

use crate::support::REGION;

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
        let config = aws_config::defaults(BehaviorVersion::latest())
            .endpoint_url(endpoint)
            .region(Region::new(REGION))
            .credentials_provider(aws_sdk_eks::config::Credentials::new("test", "test", None, None, "test"))
            .load()
            .await;
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
    alarm_notifications(&c, stack).await;
    crate::secure_logs::assert_logging_defaults(endpoint, stack).await;
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
    }
}

async fn load_balancer(c: &Clients, stack: &str) {
    let out = c
        .elbv2
        .describe_load_balancers()
        .names(format!("{stack}-alb"))
        .send()
        .await
        .expect("elbv2:DescribeLoadBalancers");
    let arn = out.load_balancers()[0].load_balancer_arn().expect("arn");
    let attrs = c
        .elbv2
        .describe_load_balancer_attributes()
        .load_balancer_arn(arn)
        .send()
        .await
        .expect("elbv2:DescribeLoadBalancerAttributes");
    let protection = attrs
        .attributes()
        .iter()
        .find(|a| a.key() == Some("deletion_protection.enabled"))
        .and_then(|a| a.value());
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
