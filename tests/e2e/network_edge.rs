//! The network and the edge as real AWS has them (README, "On real AWS",
//! "Network and edge"): CloudFront calls an ALB with a certificate over HTTPS
//! by a name the certificate covers, the ALB's group holds one prefix-list
//! rule, and each ordering or eventual-consistency refusal the launcher
//! injects (tests/support/moto_ec2.py) is waited for or retried, bounded and
//! reported in `-v`.

use crate::support::{Aws, REGION, Workdir, shared_moto};

const STACK: &str = "t-tls-edge";
const ORIGIN: &str = "origin.t-tls-edge.example.com";

/// An ACM certificate for `domain`, requested in moto's ACM the way a user
/// requests one before writing its ARN into the stack.
fn request_certificate(domain: &str) -> String {
    let script = format!(
        "import boto3; print(boto3.client('acm', endpoint_url='{}', region_name='{REGION}', \
         aws_access_key_id='test', aws_secret_access_key='test')\
         .request_certificate(DomainName='{domain}')['CertificateArn'])",
        shared_moto().endpoint
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .expect("python3 with boto3 (installed with moto)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8").trim().to_string()
}

fn stack_yaml(certificate_arn: &str) -> String {
    format!(
        "stack: {STACK}
region: {REGION}
network:
  cidr: 10.41.0.0/16
  availability_zones: 2
  nat_gateways: one
waf:
  managed_rules: [AWSManagedRulesCommonRuleSet]
cdn:
  price_class: PriceClass_100
load_balancer:
  target_port: 8080
  certificate_arn: {certificate_arn}
  domain_name: {ORIGIN}
buckets:
  - name: logs
monitoring:
  cloudtrail: true
"
    )
}

/// The operations and statuses of a call log, without their times.
fn calls(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|l| l.split_once(' ').map(|(_, op)| op.trim().to_string()))
        .collect()
}

fn indices(calls: &[String], pred: impl Fn(&str) -> bool) -> Vec<usize> {
    calls.iter().enumerate().filter(|(_, c)| pred(c)).map(|(i, _)| i).collect()
}

/// The ordering and retry rules, on the call log of one apply. Each assertion
/// fails on the log of a provider without the wait or retry it checks.
fn assert_waits_and_retries(calls: &[String], stderr: &str) {
    let attach = indices(calls, |c| c == "EC2.AttachInternetGateway");
    let create_lb = indices(calls, |c| c.ends_with(".CreateLoadBalancer"));
    assert!(
        !attach.is_empty() && create_lb.len() == 1 && attach[0] < create_lb[0],
        "the ALB is created after the internet gateway is attached: {calls:?}"
    );
    let active = indices(calls, |c| *c == format!("status elbv2:loadbalancer/{STACK}-alb active"));
    let associate = indices(calls, |c| c == "WAFV2.AssociateWebACL");
    assert!(
        !active.is_empty() && associate.len() == 1 && active[0] < associate[0],
        "the web ACL is associated once, after the ALB was seen active: {calls:?}"
    );
    assert_eq!(
        indices(calls, |c| c == "EC2.CreateRoute").len(),
        3,
        "the route to the new NAT gateway is retried once (and the public route made once): {calls:?}"
    );
    assert_eq!(
        indices(calls, |c| c == "CloudTrail.CreateTrail").len(),
        2,
        "CreateTrail is retried once after the new bucket policy: {calls:?}"
    );
    for code in ["InvalidNatGatewayID.NotFound", "InsufficientS3BucketPolicyException"] {
        assert!(stderr.contains(code), "-v reports the retry of {code}: {stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cloudfront_reaches_an_alb_with_a_certificate_over_https_by_its_name() {
    let aws = Aws::shared().await;
    let config = crate::support::sdk_config(&shared_moto().endpoint).await;
    let (ec2, cloudfront) = (aws_sdk_ec2::Client::new(&config), aws_sdk_cloudfront::Client::new(&config));
    let certificate = request_certificate(ORIGIN);
    let log = tempfile::NamedTempFile::new().expect("call log");
    let w = Workdir::shared(&stack_yaml(&certificate)).env("STACKCTL_CALL_LOG", log.path().to_str().expect("utf-8"));

    let apply = w.run(&["-v", "apply", "--auto-approve"]);
    apply.expect_code(0, "apply");
    assert_waits_and_retries(&calls(&std::fs::read_to_string(log.path()).expect("call log")), &apply.stderr);
    w.run(&["plan", "--detailed-exitcode", "--refresh"])
        .expect_code(0, "plan --refresh after apply");

    // CloudFront calls the ALB by the certificate's name, over HTTPS only.
    let list = cloudfront.list_distributions().send().await.expect("ListDistributions");
    let ours: Vec<String> = list
        .distribution_list()
        .map(|l| l.items())
        .unwrap_or_default()
        .iter()
        .filter(|d| d.comment().contains(STACK))
        .map(|d| d.id().to_string())
        .collect();
    assert_eq!(ours.len(), 1, "one distribution of {STACK}");
    let dist = cloudfront.get_distribution().id(&ours[0]).send().await.expect("GetDistribution");
    let config = dist.distribution().and_then(|d| d.distribution_config()).expect("config");
    let origin = config
        .origins()
        .and_then(|o| o.items().iter().find(|o| o.id() == "alb"))
        .expect("the ALB origin");
    assert_eq!(origin.domain_name(), ORIGIN);
    let custom = origin.custom_origin_config().expect("custom origin");
    assert_eq!(custom.origin_protocol_policy().as_str(), "https-only");

    // The ALB's group admits CloudFront on 443 only: one prefix-list rule.
    let groups = ec2
        .describe_security_groups()
        .filters(
            aws_sdk_ec2::types::Filter::builder()
                .name("group-name")
                .values(format!("{STACK}-alb"))
                .build(),
        )
        .send()
        .await
        .expect("DescribeSecurityGroups");
    let group = groups.security_groups().first().expect("the ALB's group");
    let ports: Vec<(Option<i32>, usize)> = group
        .ip_permissions()
        .iter()
        .map(|p| (p.from_port(), p.prefix_list_ids().len()))
        .collect();
    assert_eq!(ports, vec![(Some(443), 1)], "{group:?}");

    w.run(&["destroy", "--auto-approve", "--delete-protected"])
        .expect_code(0, "destroy");
    assert_nothing_left_but_deleted_nat_gateways(&aws, &ec2, STACK).await;
}

/// Nothing of `stack` is left but NAT gateways in state `deleted` (AWS lists
/// them for an hour after the delete) and KMS keys pending deletion (the
/// shortest wait AWS allows is 7 days; they keep their tags meanwhile).
async fn assert_nothing_left_but_deleted_nat_gateways(aws: &Aws, ec2: &aws_sdk_ec2::Client, stack: &str) {
    let tagged: Vec<String> = aws
        .tagged_arns(stack)
        .await
        .into_iter()
        .filter(|a| !a.contains(":natgateway/") && !a.contains(":key/"))
        .collect();
    assert_eq!(tagged, Vec::<String>::new(), "tagged resources of {stack} left");
    assert_eq!(aws.bucket_names(stack).await, Vec::<String>::new(), "buckets of {stack} left");
    let nats = ec2
        .describe_nat_gateways()
        .filter(
            aws_sdk_ec2::types::Filter::builder()
                .name("tag:stackctl:stack")
                .values(stack)
                .build(),
        )
        .send()
        .await
        .expect("DescribeNatGateways");
    // The tag filter narrows the listing on AWS; moto ignores it on
    // DescribeNatGateways, so keep to this stack's gateways here too.
    let ours = |nat: &&aws_sdk_ec2::types::NatGateway| {
        nat.tags()
            .iter()
            .any(|t| t.key() == Some("stackctl:stack") && t.value() == Some(stack))
    };
    for nat in nats.nat_gateways().iter().filter(ours) {
        assert_eq!(nat.state().map(|s| s.as_str()), Some("deleted"), "{nat:?}");
    }
}

#[test]
fn the_wait_and_retry_assertions_fail_without_them() {
    let good = [
        "EC2.CreateInternetGateway",
        "EC2.AttachInternetGateway",
        "ElasticLoadBalancingv2.CreateLoadBalancer",
        "EC2.CreateRoute",
        "EC2.CreateRoute",
        "EC2.CreateRoute",
        "CloudTrail.CreateTrail",
        "CloudTrail.CreateTrail",
        "status elbv2:loadbalancer/t-tls-edge-alb provisioning",
        "status elbv2:loadbalancer/t-tls-edge-alb active",
        "WAFV2.AssociateWebACL",
    ];
    let stderr = "InvalidNatGatewayID.NotFound ... InsufficientS3BucketPolicyException";
    let log = |drop: &dyn Fn(usize, &str) -> bool| -> Vec<String> {
        good.iter()
            .enumerate()
            .filter(|(i, c)| !drop(*i, c))
            .map(|(_, c)| c.to_string())
            .collect()
    };
    assert_waits_and_retries(&log(&|_, _| false), stderr);
    let fails = |calls: Vec<String>, stderr: &'static str| std::panic::catch_unwind(|| assert_waits_and_retries(&calls, stderr)).is_err();
    // No wait for the ALB: the association comes without an `active` status.
    assert!(fails(log(&|_, c| c.starts_with("status")), stderr));
    // No ordering on the gateway: the ALB before the attachment.
    let mut swapped = log(&|_, _| false);
    swapped.swap(1, 2);
    assert!(fails(swapped, stderr));
    // No retry: one CreateRoute to the NAT, one CreateTrail, and the apply fails.
    assert!(fails(log(&|i, _| i == 5), stderr));
    assert!(fails(log(&|i, _| i == 7), stderr));
    assert!(fails(log(&|_, _| false), ""));
}

const APNE1: &str = "ap-northeast-1";
const APNE1_STACK: &str = "t-apne1";

/// ap-northeast-1 offers new accounts 1a, 1c and 1d; 1b refuses new subnets
/// (the launcher answers as AWS does). Three zones, an ALB and a NAT gateway;
/// the web ACLs log in their own regions, CloudFront's in us-east-1.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_network_in_ap_northeast_1_uses_the_zones_it_offers_and_replans_clean() {
    let yaml = format!(
        "stack: {APNE1_STACK}
region: {APNE1}
network:
  cidr: 10.42.0.0/16
  availability_zones: 3
  nat_gateways: one
load_balancer:
  target_port: 8080
waf: {{}}
cdn: {{}}
"
    );
    let w = Workdir::shared(&yaml);
    let plan = w.run(&["plan"]);
    plan.expect_code(0, "plan from nothing");
    for zone in ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"] {
        assert!(plan.stdout.contains(zone), "the plan shows the zone {zone}: {}", plan.stdout);
    }
    assert!(!plan.stdout.contains("ap-northeast-1b"), "{}", plan.stdout);
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply");
    w.run(&["plan", "--detailed-exitcode", "--refresh"])
        .expect_code(0, "plan --refresh after apply");

    let config = crate::support::sdk_config_in(&shared_moto().endpoint, APNE1).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let ours = aws_sdk_ec2::types::Filter::builder()
        .name("tag:stackctl:stack")
        .values(APNE1_STACK)
        .build();
    let subnets = ec2.describe_subnets().filters(ours.clone()).send().await.expect("DescribeSubnets");
    let mut zones: Vec<String> = subnets
        .subnets()
        .iter()
        .filter_map(|s| s.availability_zone().map(str::to_string))
        .collect();
    zones.sort();
    assert_eq!(
        zones,
        [
            "ap-northeast-1a",
            "ap-northeast-1a",
            "ap-northeast-1c",
            "ap-northeast-1c",
            "ap-northeast-1d",
            "ap-northeast-1d"
        ]
    );

    // Each web ACL logs in its own region: CloudFront's in us-east-1.
    let waf_groups = waf_log_groups().await;
    assert_eq!(
        waf_groups,
        [
            (APNE1, format!("aws-waf-logs-{APNE1_STACK}-regional")),
            ("us-east-1", format!("aws-waf-logs-{APNE1_STACK}-cloudfront"))
        ]
    );

    w.run(&["destroy", "--auto-approve", "--delete-protected"])
        .expect_code(0, "destroy");
    let vpcs = ec2.describe_vpcs().filters(ours).send().await.expect("DescribeVpcs");
    assert!(vpcs.vpcs().is_empty(), "VPC left: {:?}", vpcs.vpcs());
    assert_eq!(waf_log_groups().await, [], "WAF log groups left after destroy");
}

/// The stack's WAF log groups, (region, name), in its region and in us-east-1.
async fn waf_log_groups() -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    for region in [APNE1, "us-east-1"] {
        let config = crate::support::sdk_config_in(&shared_moto().endpoint, region).await;
        let logs = aws_sdk_cloudwatchlogs::Client::new(&config);
        let out = logs
            .describe_log_groups()
            .log_group_name_prefix(format!("aws-waf-logs-{APNE1_STACK}-"))
            .send()
            .await
            .expect("logs:DescribeLogGroups");
        found.extend(
            out.log_groups()
                .iter()
                .filter_map(|g| Some((region, g.log_group_name()?.to_string()))),
        );
    }
    found
}

/// A listed zone the region does not offer is refused at its line, before
/// anything is created.
#[test]
fn a_listed_zone_the_region_does_not_offer_is_refused_at_its_line() {
    let yaml = "stack: t-apne1-listed
region: ap-northeast-1
network:
  cidr: 10.43.0.0/16
  zones: [apne1-az4, ap-northeast-1b]
  nat_gateways: none
";
    let w = Workdir::shared(yaml);
    let plan = w.run(&["plan"]);
    plan.expect_code(1, "plan with a zone not offered");
    assert!(plan.stderr.contains("stack.yaml:5:22"), "{}", plan.stderr);
    assert!(plan.stderr.contains("does not offer `ap-northeast-1b`"), "{}", plan.stderr);
    w.write_stack(&yaml.replace("ap-northeast-1b", "ap-northeast-1d"));
    let plan = w.run(&["plan"]);
    plan.expect_code(0, "plan with offered zones, by id and name");
    assert!(
        plan.stdout.contains("ap-northeast-1a") && plan.stdout.contains("ap-northeast-1d"),
        "{}",
        plan.stdout
    );
}

/// A stack whose ALB serves `origin.t-cert-check.example.com` with `certificate_arn`
/// (line 10 of the file).
fn certificate_stack(certificate_arn: &str) -> String {
    format!(
        "stack: t-cert-check
region: {REGION}
network:
  cidr: 10.44.0.0/16
  availability_zones: 2
  nat_gateways: none
cdn:
  price_class: PriceClass_100
load_balancer:
  certificate_arn: {certificate_arn}
  domain_name: origin.t-cert-check.example.com
"
    )
}

/// The plan checks the certificate through ACM: it exists, is ISSUED and covers
/// the ALB's name (a wildcard one label above it does); otherwise plan and
/// apply stop at the certificate's line before any create call.
#[test]
fn a_certificate_that_does_not_cover_the_domain_is_refused_at_its_line() {
    let w = Workdir::shared(&certificate_stack(&request_certificate("*.t-cert-check.example.com")));
    w.run(&["plan"])
        .expect_code(0, "plan with a wildcard certificate covering the name");

    let other = request_certificate("www.t-cert-check.example.com");
    w.write_stack(&certificate_stack(&other));
    let log = w.path().join("calls.log");
    let w = w.env("STACKCTL_CALL_LOG", log.to_str().expect("utf-8 path"));
    for args in [&["plan"][..], &["apply", "--auto-approve"][..]] {
        let run = w.run(args);
        run.expect_code(1, &format!("`{}` with a certificate for another name", args.join(" ")));
        assert!(run.stderr.contains("stack.yaml:10:20"), "{}", run.stderr);
        assert!(
            run.stderr.contains("does not cover origin.t-cert-check.example.com"),
            "{}",
            run.stderr
        );
    }
    let run = w.run(&["plan"]);
    insta::assert_snapshot!("certificate_not_covering", run.stderr.replace(&other, "<certificate-arn>"));
    let calls = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(calls.contains("ACM.DescribeCertificate"), "{calls}");
    assert!(!calls.contains(".Create"), "nothing is created: {calls}");

    let missing = other.replace(other.rsplit('/').next().unwrap_or_default(), "00000000-0000-0000-0000-000000000000");
    w.write_stack(&certificate_stack(&missing));
    let run = w.run(&["plan"]);
    run.expect_code(1, "plan with a certificate ACM does not have");
    assert!(run.stderr.contains("ACM has no certificate"), "{}", run.stderr);
}
