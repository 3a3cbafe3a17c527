//! What a destroy left behind, kind by kind, each through its own service's API.
//!
//! The Resource Groups Tagging API of moto 5.2.1 has no IAM, EKS, ECR, WAFv2,
//! CloudTrail, CodeCommit, Elastic IPs or DB subnet groups, and it keeps listing
//! KMS keys pending deletion and deleted NAT gateways (as AWS does): a check
//! through it alone misses leftovers of some kinds and must excuse others
//! whatever their state. So each kind stackctl creates is listed here with its
//! own service's list or describe call, by the stack's tag where the call
//! returns tags and by the stack's deterministic names elsewhere
//! (src/stack/names.rs), and a KMS key or NAT gateway counts by its state. The
//! tagging API is swept as well, for any tagged kind not named here.

use super::{ACCOUNT, REGION};

const STACK_TAG: &str = "stackctl:stack";

/// Clients of every service whose resources a stack can leave.
pub struct Services {
    iam: aws_sdk_iam::Client,
    eks: aws_sdk_eks::Client,
    wafv2: aws_sdk_wafv2::Client,
    cloudtrail: aws_sdk_cloudtrail::Client,
    codecommit: aws_sdk_codecommit::Client,
    ecr: aws_sdk_ecr::Client,
    logs: aws_sdk_cloudwatchlogs::Client,
    cloudwatch: aws_sdk_cloudwatch::Client,
    cloudfront: aws_sdk_cloudfront::Client,
    elbv2: aws_sdk_elasticloadbalancingv2::Client,
    ec2: aws_sdk_ec2::Client,
    rds: aws_sdk_rds::Client,
    elasticache: aws_sdk_elasticache::Client,
    sqs: aws_sdk_sqs::Client,
    sns: aws_sdk_sns::Client,
    s3: aws_sdk_s3::Client,
    kms: aws_sdk_kms::Client,
    tagging: aws_sdk_resourcegroupstagging::Client,
}

/// Everything of `stack` that is still there, as `service:kind/name` lines,
/// sorted; empty when the destroy left nothing. The primary's final snapshot is
/// meant to outlive the stack and is not counted.
pub async fn leftovers_at(endpoint: &str, stack: &str) -> Vec<String> {
    let s = Services::new(endpoint).await;
    let (a, b, c, d) = futures::join!(
        async {
            [
                s.iam(stack).await,
                s.eks(stack).await,
                s.wafv2(stack).await,
                s.cloudtrail(stack).await,
            ]
            .concat()
        },
        async {
            [
                s.codecommit(stack).await,
                s.ecr(stack).await,
                s.logs(stack).await,
                s.cloudwatch(stack).await,
            ]
            .concat()
        },
        async {
            [
                s.cloudfront(stack).await,
                s.elbv2(stack).await,
                s.ec2(stack).await,
                s.nat_gateways(stack).await,
            ]
            .concat()
        },
        async {
            let (rds, cache, sqs, s3) = (
                s.rds(stack).await,
                s.elasticache(stack).await,
                s.sqs(stack).await,
                s.s3(stack).await,
            );
            [rds, cache, sqs, s3, s.sns(stack).await, s.kms(stack).await, s.tagged(stack).await].concat()
        },
    );
    let mut left = [a, b, c, d].concat();
    left.sort();
    left.dedup();
    left
}

fn ours(name: &str, stack: &str) -> bool {
    name.starts_with(&format!("{stack}-"))
}

fn names<'a>(kind: &str, found: impl IntoIterator<Item = Option<&'a str>>, keep: impl Fn(&str) -> bool) -> Vec<String> {
    found
        .into_iter()
        .flatten()
        .filter(|n| keep(n))
        .map(|n| format!("{kind}/{n}"))
        .collect()
}

fn ec2_tagged(stack: &str) -> aws_sdk_ec2::types::Filter {
    aws_sdk_ec2::types::Filter::builder()
        .name(format!("tag:{STACK_TAG}"))
        .values(stack)
        .build()
}

fn ec2_owned(tags: &[aws_sdk_ec2::types::Tag], stack: &str) -> bool {
    tags.iter().any(|t| t.key() == Some(STACK_TAG) && t.value() == Some(stack))
}

impl Services {
    pub async fn new(endpoint: &str) -> Services {
        let config = crate::support::sdk_config(endpoint).await;
        let s3 = aws_sdk_s3::config::Builder::from(&config).force_path_style(true).build();
        Services {
            iam: aws_sdk_iam::Client::new(&config),
            eks: aws_sdk_eks::Client::new(&config),
            wafv2: aws_sdk_wafv2::Client::new(&config),
            cloudtrail: aws_sdk_cloudtrail::Client::new(&config),
            codecommit: aws_sdk_codecommit::Client::new(&config),
            ecr: aws_sdk_ecr::Client::new(&config),
            logs: aws_sdk_cloudwatchlogs::Client::new(&config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(&config),
            cloudfront: aws_sdk_cloudfront::Client::new(&config),
            elbv2: aws_sdk_elasticloadbalancingv2::Client::new(&config),
            ec2: aws_sdk_ec2::Client::new(&config),
            rds: aws_sdk_rds::Client::new(&config),
            elasticache: aws_sdk_elasticache::Client::new(&config),
            sqs: aws_sdk_sqs::Client::new(&config),
            sns: aws_sdk_sns::Client::new(&config),
            s3: aws_sdk_s3::Client::from_conf(s3),
            kms: aws_sdk_kms::Client::new(&config),
            tagging: aws_sdk_resourcegroupstagging::Client::new(&config),
        }
    }

    /// IAM roles under the stack's path, or named after the stack (a role at path `/`).
    async fn iam(&self, stack: &str) -> Vec<String> {
        let path = format!("/stackctl/{stack}/");
        let mut left = Vec::new();
        let mut marker = None;
        loop {
            let page = self.iam.list_roles().set_marker(marker).send().await.expect("iam:ListRoles");
            left.extend(
                page.roles()
                    .iter()
                    .filter(|r| r.path() == path || ours(r.role_name(), stack))
                    .map(|r| format!("iam:role{}{}", r.path(), r.role_name())),
            );
            marker = page.marker().filter(|_| page.is_truncated()).map(str::to_string);
            if marker.is_none() {
                return left;
            }
        }
    }

    /// EKS clusters named after the stack, and the node groups of each.
    async fn eks(&self, stack: &str) -> Vec<String> {
        let clusters = self.eks.list_clusters().send().await.expect("eks:ListClusters");
        let mut left = Vec::new();
        for cluster in clusters.clusters().iter().filter(|c| ours(c, stack)) {
            left.push(format!("eks:cluster/{cluster}"));
            let groups = self
                .eks
                .list_nodegroups()
                .cluster_name(cluster)
                .send()
                .await
                .expect("eks:ListNodegroups");
            left.extend(groups.nodegroups().iter().map(|g| format!("eks:nodegroup/{cluster}/{g}")));
        }
        left
    }

    /// Web ACLs of both scopes.
    async fn wafv2(&self, stack: &str) -> Vec<String> {
        let mut left = Vec::new();
        for scope in [aws_sdk_wafv2::types::Scope::Regional, aws_sdk_wafv2::types::Scope::Cloudfront] {
            let out = self
                .wafv2
                .list_web_acls()
                .scope(scope.clone())
                .limit(100)
                .send()
                .await
                .expect("wafv2:ListWebACLs");
            let kind = format!("wafv2:{}/webacl", scope.as_str().to_lowercase());
            left.extend(names(&kind, out.web_acls().iter().map(|a| a.name()), |n| ours(n, stack)));
        }
        left
    }

    async fn cloudtrail(&self, stack: &str) -> Vec<String> {
        let out = self.cloudtrail.describe_trails().send().await.expect("cloudtrail:DescribeTrails");
        names("cloudtrail:trail", out.trail_list().iter().map(|t| t.name()), |n| ours(n, stack))
    }

    async fn codecommit(&self, stack: &str) -> Vec<String> {
        let out = self
            .codecommit
            .list_repositories()
            .send()
            .await
            .expect("codecommit:ListRepositories");
        names(
            "codecommit:repository",
            out.repositories().iter().map(|r| r.repository_name()),
            |n| ours(n, stack),
        )
    }

    async fn ecr(&self, stack: &str) -> Vec<String> {
        let out = self.ecr.describe_repositories().send().await.expect("ecr:DescribeRepositories");
        names("ecr:repository", out.repositories().iter().map(|r| r.repository_name()), |n| {
            n.starts_with(&format!("{stack}/"))
        })
    }

    /// The application's log group and the one EKS writes to.
    async fn logs(&self, stack: &str) -> Vec<String> {
        let mut left = Vec::new();
        for prefix in [format!("/stackctl/{stack}/"), format!("/aws/eks/{stack}-eks/")] {
            let out = self
                .logs
                .describe_log_groups()
                .log_group_name_prefix(prefix)
                .send()
                .await
                .expect("logs:DescribeLogGroups");
            left.extend(names("logs:log-group", out.log_groups().iter().map(|g| g.log_group_name()), |_| {
                true
            }));
        }
        left
    }

    /// Alarms named `<stack>-...` and the dashboard named after the stack.
    async fn cloudwatch(&self, stack: &str) -> Vec<String> {
        let alarms = self
            .cloudwatch
            .describe_alarms()
            .alarm_name_prefix(format!("{stack}-"))
            .send()
            .await
            .expect("cloudwatch:DescribeAlarms");
        let dashboards = self
            .cloudwatch
            .list_dashboards()
            .dashboard_name_prefix(stack)
            .send()
            .await
            .expect("cloudwatch:ListDashboards");
        [
            names("cloudwatch:alarm", alarms.metric_alarms().iter().map(|a| a.alarm_name()), |_| true),
            names(
                "cloudwatch:dashboard",
                dashboards.dashboard_entries().iter().map(|d| d.dashboard_name()),
                |n| n == stack || ours(n, stack),
            ),
        ]
        .concat()
    }

    /// Distributions by their comment (`<stack>-cdn`), origin access controls by name.
    async fn cloudfront(&self, stack: &str) -> Vec<String> {
        let dists = self
            .cloudfront
            .list_distributions()
            .send()
            .await
            .expect("cloudfront:ListDistributions");
        let oacs = self
            .cloudfront
            .list_origin_access_controls()
            .send()
            .await
            .expect("cloudfront:ListOriginAccessControls");
        let mut left: Vec<String> = dists
            .distribution_list()
            .map(|l| l.items())
            .unwrap_or_default()
            .iter()
            .filter(|d| ours(d.comment(), stack))
            .map(|d| format!("cloudfront:distribution/{} ({})", d.id(), d.comment()))
            .collect();
        left.extend(names(
            "cloudfront:origin-access-control",
            oacs.origin_access_control_list()
                .map(|l| l.items())
                .unwrap_or_default()
                .iter()
                .map(|o| Some(o.name())),
            |n| ours(n, stack),
        ));
        left
    }

    async fn elbv2(&self, stack: &str) -> Vec<String> {
        let lbs = self
            .elbv2
            .describe_load_balancers()
            .send()
            .await
            .expect("elbv2:DescribeLoadBalancers");
        let tgs = self
            .elbv2
            .describe_target_groups()
            .send()
            .await
            .expect("elbv2:DescribeTargetGroups");
        [
            names(
                "elbv2:loadbalancer",
                lbs.load_balancers().iter().map(|l| l.load_balancer_name()),
                |n| ours(n, stack),
            ),
            names(
                "elbv2:targetgroup",
                tgs.target_groups().iter().map(|t| t.target_group_name()),
                |n| ours(n, stack),
            ),
        ]
        .concat()
    }

    /// EC2 kinds by the stack's tag (NAT gateways apart: see `nat_gateways`).
    async fn ec2(&self, stack: &str) -> Vec<String> {
        let f = || ec2_tagged(stack);
        let e = &self.ec2;
        let vpcs = e.describe_vpcs().filters(f()).send().await.expect("ec2:DescribeVpcs");
        let subnets = e.describe_subnets().filters(f()).send().await.expect("ec2:DescribeSubnets");
        let tables = e
            .describe_route_tables()
            .filters(f())
            .send()
            .await
            .expect("ec2:DescribeRouteTables");
        let igws = e
            .describe_internet_gateways()
            .filters(f())
            .send()
            .await
            .expect("ec2:DescribeInternetGateways");
        let groups = e
            .describe_security_groups()
            .filters(f())
            .send()
            .await
            .expect("ec2:DescribeSecurityGroups");
        let eips = e.describe_addresses().filters(f()).send().await.expect("ec2:DescribeAddresses");
        let templates = e
            .describe_launch_templates()
            .filters(f())
            .send()
            .await
            .expect("ec2:DescribeLaunchTemplates");
        [
            names("ec2:vpc", vpcs.vpcs().iter().map(|v| v.vpc_id()), |_| true),
            names("ec2:subnet", subnets.subnets().iter().map(|s| s.subnet_id()), |_| true),
            names("ec2:route-table", tables.route_tables().iter().map(|t| t.route_table_id()), |_| {
                true
            }),
            names(
                "ec2:internet-gateway",
                igws.internet_gateways().iter().map(|g| g.internet_gateway_id()),
                |_| true,
            ),
            names("ec2:security-group", groups.security_groups().iter().map(|g| g.group_id()), |_| {
                true
            }),
            names("ec2:elastic-ip", eips.addresses().iter().map(|a| a.allocation_id()), |_| true),
            names(
                "ec2:launch-template",
                templates.launch_templates().iter().map(|t| t.launch_template_name()),
                |_| true,
            ),
        ]
        .concat()
    }

    /// NAT gateways of the stack that are not `deleted` (AWS lists deleted ones
    /// for about an hour; one still `deleting` means the destroy did not wait).
    async fn nat_gateways(&self, stack: &str) -> Vec<String> {
        let out = self.ec2.describe_nat_gateways().send().await.expect("ec2:DescribeNatGateways");
        out.nat_gateways()
            .iter()
            .filter(|n| ec2_owned(n.tags(), stack))
            .filter(|n| n.state().map(|s| s.as_str()) != Some("deleted"))
            .map(|n| {
                let state = n.state().map_or("unknown", |s| s.as_str());
                format!("ec2:natgateway/{} ({state})", n.nat_gateway_id().unwrap_or("?"))
            })
            .collect()
    }

    async fn rds(&self, stack: &str) -> Vec<String> {
        let dbs = self.rds.describe_db_instances().send().await.expect("rds:DescribeDBInstances");
        let subnets = self
            .rds
            .describe_db_subnet_groups()
            .send()
            .await
            .expect("rds:DescribeDBSubnetGroups");
        let params = self
            .rds
            .describe_db_parameter_groups()
            .send()
            .await
            .expect("rds:DescribeDBParameterGroups");
        let tagged = |tags: &[aws_sdk_rds::types::Tag]| tags.iter().any(|t| t.key() == Some(STACK_TAG) && t.value() == Some(stack));
        let mut left: Vec<String> = dbs
            .db_instances()
            .iter()
            .filter(|d| tagged(d.tag_list()) || d.db_instance_identifier().is_some_and(|n| ours(n, stack)))
            .map(|d| format!("rds:db/{}", d.db_instance_identifier().unwrap_or("?")))
            .collect();
        left.extend(names(
            "rds:subgrp",
            subnets.db_subnet_groups().iter().map(|g| g.db_subnet_group_name()),
            |n| ours(n, stack),
        ));
        left.extend(names(
            "rds:pg",
            params.db_parameter_groups().iter().map(|g| g.db_parameter_group_name()),
            |n| ours(n, stack),
        ));
        left
    }

    async fn elasticache(&self, stack: &str) -> Vec<String> {
        let groups = self
            .elasticache
            .describe_replication_groups()
            .send()
            .await
            .expect("elasticache:DescribeReplicationGroups");
        let subnets = self
            .elasticache
            .describe_cache_subnet_groups()
            .send()
            .await
            .expect("elasticache:DescribeCacheSubnetGroups");
        let users = self.elasticache.describe_users().send().await.expect("elasticache:DescribeUsers");
        let user_groups = self
            .elasticache
            .describe_user_groups()
            .send()
            .await
            .expect("elasticache:DescribeUserGroups");
        [
            names("elasticache:user", users.users().iter().map(|u| u.user_id()), |n| ours(n, stack)),
            names(
                "elasticache:usergroup",
                user_groups.user_groups().iter().map(|g| g.user_group_id()),
                |n| ours(n, stack),
            ),
            names(
                "elasticache:replicationgroup",
                groups.replication_groups().iter().map(|g| g.replication_group_id()),
                |n| ours(n, stack),
            ),
            names(
                "elasticache:subnetgroup",
                subnets.cache_subnet_groups().iter().map(|g| g.cache_subnet_group_name()),
                |n| ours(n, stack),
            ),
        ]
        .concat()
    }

    async fn sqs(&self, stack: &str) -> Vec<String> {
        let out = self
            .sqs
            .list_queues()
            .queue_name_prefix(format!("{stack}-"))
            .max_results(1000)
            .send()
            .await
            .expect("sqs:ListQueues");
        names("sqs:queue", out.queue_urls().iter().map(|u| u.rsplit('/').next()), |_| true)
    }

    /// Topics `<stack>-<name>` (one page: a test account has few topics).
    async fn sns(&self, stack: &str) -> Vec<String> {
        let out = self.sns.list_topics().send().await.expect("sns:ListTopics");
        names(
            "sns:topic",
            out.topics().iter().map(|t| t.topic_arn().and_then(|a| a.rsplit(':').next())),
            |n| ours(n, stack),
        )
    }

    /// Buckets `<stack>-<name>-<region>-<account>`.
    async fn s3(&self, stack: &str) -> Vec<String> {
        let out = self.s3.list_buckets().send().await.expect("s3:ListBuckets");
        let suffix = format!("-{REGION}-{ACCOUNT}");
        names("s3:bucket", out.buckets().iter().map(|b| b.name()), |n| {
            ours(n, stack) && n.ends_with(&suffix)
        })
    }

    /// KMS keys tagged with the stack that are not pending deletion (AWS keeps
    /// a deleted key for 7 to 30 days, in state `PendingDeletion`).
    async fn kms(&self, stack: &str) -> Vec<String> {
        let keys = self.kms.list_keys().limit(1000).send().await.expect("kms:ListKeys");
        let mut left = Vec::new();
        for key in keys.keys().iter().filter_map(|k| k.key_id()) {
            let out = self.kms.describe_key().key_id(key).send().await.expect("kms:DescribeKey");
            let state = out.key_metadata().and_then(|m| m.key_state()).map(|s| s.as_str().to_string());
            if matches!(state.as_deref(), Some("PendingDeletion" | "PendingReplicaDeletion")) {
                continue;
            }
            let tags = self
                .kms
                .list_resource_tags()
                .key_id(key)
                .send()
                .await
                .expect("kms:ListResourceTags");
            if tags.tags().iter().any(|t| t.tag_key() == STACK_TAG && t.tag_value() == stack) {
                left.push(format!("kms:key/{key} ({})", state.as_deref().unwrap_or("unknown")));
            }
        }
        left
    }

    /// Anything else tagged with the stack (Resource Groups Tagging API), but
    /// for the kinds counted by their state above and the primary's final
    /// snapshot, which is meant to outlive the stack.
    async fn tagged(&self, stack: &str) -> Vec<String> {
        super::tagged_resources(&self.tagging, stack)
            .await
            .iter()
            .filter_map(|m| m.resource_arn())
            .filter(|a| !(a.contains(":kms:") || a.contains(":natgateway/")))
            // Counted above by their own service; the test launcher lists them
            // too, as AWS does (moto_tagging.py).
            .filter(|a| !(a.contains(":codecommit:") || a.contains(":ecr:") || a.contains(":subgrp:") || a.contains(":pg:")))
            .filter(|a| !a.contains(&format!(":snapshot:{stack}-db-final-")))
            .map(|a| format!("tagged:{a}"))
            .collect()
    }
}

/// The check sees what the tagging API misses: an IAM role of a stack, a
/// CodeCommit repository whatever the listing says, and a KMS key until it is
/// pending deletion.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leftovers_reports_kinds_the_tagging_api_misses() {
    const STACK: &str = "t-leftover-probe";
    let endpoint = &super::shared_moto().endpoint;
    let s = Services::new(endpoint).await;
    assert_eq!(leftovers_at(endpoint, STACK).await, Vec::<String>::new(), "a clean start");

    let role = format!("{STACK}-eks-nodes");
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    s.iam
        .create_role()
        .role_name(&role)
        .path(format!("/stackctl/{STACK}/"))
        .assume_role_policy_document(trust)
        .tags(aws_sdk_iam::types::Tag::builder().key(STACK_TAG).value(STACK).build().expect("tag"))
        .send()
        .await
        .expect("iam:CreateRole");
    let repository = format!("{STACK}-app");
    s.codecommit
        .create_repository()
        .repository_name(&repository)
        .tags(STACK_TAG, STACK)
        .send()
        .await
        .expect("codecommit:CreateRepository");
    let key = s
        .kms
        .create_key()
        .tags(
            aws_sdk_kms::types::Tag::builder()
                .tag_key(STACK_TAG)
                .tag_value(STACK)
                .build()
                .expect("tag"),
        )
        .send()
        .await
        .expect("kms:CreateKey");
    let key = key.key_metadata().map(|m| m.key_id().to_string()).expect("key id");

    let tagged = s.tagged(STACK).await;
    // AWS's GetResources lists no IAM role (the launcher lists CodeCommit
    // repositories, as AWS does: moto_tagging.py).
    assert!(
        !tagged.iter().any(|a| a.contains(":iam:")),
        "moto's tagging API lists IAM now; this test no longer shows the gap: {tagged:?}"
    );
    assert_eq!(
        leftovers_at(endpoint, STACK).await,
        vec![
            format!("codecommit:repository/{repository}"),
            format!("iam:role/stackctl/{STACK}/{role}"),
            format!("kms:key/{key} (Enabled)"),
        ]
    );

    // Gone, or pending deletion (AWS's way of deleting a key): nothing is left.
    s.kms
        .schedule_key_deletion()
        .key_id(&key)
        .pending_window_in_days(7)
        .send()
        .await
        .expect("kms:ScheduleKeyDeletion");
    s.iam.delete_role().role_name(&role).send().await.expect("iam:DeleteRole");
    s.codecommit
        .delete_repository()
        .repository_name(&repository)
        .send()
        .await
        .expect("codecommit:DeleteRepository");
    assert_eq!(leftovers_at(endpoint, STACK).await, Vec::<String>::new());
}

fn ec2_tags(kind: aws_sdk_ec2::types::ResourceType, stack: &str) -> aws_sdk_ec2::types::TagSpecification {
    aws_sdk_ec2::types::TagSpecification::builder()
        .resource_type(kind)
        .tags(aws_sdk_ec2::types::Tag::builder().key(STACK_TAG).value(stack).build())
        .build()
}

/// A NAT gateway counts until it is `deleted` (the tagging API lists it either
/// way), and so do its VPC, subnet and Elastic IP until they are gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leftovers_reports_a_nat_gateway_until_it_is_deleted() {
    use aws_sdk_ec2::types::ResourceType;
    const STACK: &str = "t-leftover-nat";
    let endpoint = &super::shared_moto().endpoint;
    let e = Services::new(endpoint).await.ec2;
    let vpc = e
        .create_vpc()
        .cidr_block("10.77.0.0/16")
        .tag_specifications(ec2_tags(ResourceType::Vpc, STACK))
        .send()
        .await
        .expect("ec2:CreateVpc");
    let vpc = vpc.vpc().and_then(|v| v.vpc_id()).expect("vpc id").to_string();
    let subnet = e
        .create_subnet()
        .vpc_id(&vpc)
        .cidr_block("10.77.1.0/24")
        .tag_specifications(ec2_tags(ResourceType::Subnet, STACK))
        .send()
        .await
        .expect("ec2:CreateSubnet");
    let subnet = subnet.subnet().and_then(|s| s.subnet_id()).expect("subnet id").to_string();
    let eip = e
        .allocate_address()
        .domain(aws_sdk_ec2::types::DomainType::Vpc)
        .tag_specifications(ec2_tags(ResourceType::ElasticIp, STACK))
        .send()
        .await
        .expect("ec2:AllocateAddress");
    let eip = eip.allocation_id().expect("allocation id").to_string();
    let nat = e
        .create_nat_gateway()
        .subnet_id(&subnet)
        .allocation_id(&eip)
        .tag_specifications(ec2_tags(ResourceType::Natgateway, STACK))
        .send()
        .await
        .expect("ec2:CreateNatGateway");
    let nat = nat.nat_gateway().and_then(|n| n.nat_gateway_id()).expect("nat id").to_string();

    let left = leftovers_at(endpoint, STACK).await;
    for kind in ["ec2:natgateway/", "ec2:vpc/", "ec2:subnet/", "ec2:elastic-ip/"] {
        assert!(left.iter().any(|l| l.starts_with(kind)), "{kind} not reported: {left:?}");
    }

    e.delete_nat_gateway()
        .nat_gateway_id(&nat)
        .send()
        .await
        .expect("ec2:DeleteNatGateway");
    e.release_address().allocation_id(&eip).send().await.expect("ec2:ReleaseAddress");
    e.delete_subnet().subnet_id(&subnet).send().await.expect("ec2:DeleteSubnet");
    e.delete_vpc().vpc_id(&vpc).send().await.expect("ec2:DeleteVpc");
    let described = e
        .describe_nat_gateways()
        .nat_gateway_ids(&nat)
        .send()
        .await
        .expect("ec2:DescribeNatGateways");
    let state = described
        .nat_gateways()
        .first()
        .and_then(|n| n.state())
        .map(|s| s.as_str().to_string());
    assert_eq!(state.as_deref(), Some("deleted"), "AWS keeps listing a deleted NAT gateway");
    assert_eq!(leftovers_at(endpoint, STACK).await, Vec::<String>::new());
}
