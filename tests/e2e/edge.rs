//! The edge and the operations side against moto: ALB, target group and
//! listener, both web ACLs and the ALB association, CloudFront (OAC and
//! distribution), alarms, the dashboard and CloudTrail. A whole lifecycle,
//! then the destroy order proved on the recorded sequence of AWS calls.

use crate::support::{Aws, Workdir, shared_moto};

const STACK: &str = "t-edge";

fn stack_yaml(rate_limit: u32, price_class: &str, alb_5xx: u32) -> String {
    format!(
        "stack: {STACK}
region: us-east-1
network:
  cidr: 10.40.0.0/16
  availability_zones: 2
  nat_gateways: none
waf:
  managed_rules: [AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet]
  rate_limit_per_5min: {rate_limit}
cdn:
  price_class: {price_class}
  static_assets_bucket: assets
load_balancer:
  target_port: 8080
  health_check_path: /healthz
queues:
  - name: orders
    dead_letter: {{ max_receives: 5 }}
buckets:
  - name: assets
  - name: logs
monitoring:
  alarms: {{ alb_5xx_percent: {alb_5xx}, queue_oldest_message_s: 300 }}
  dashboard: true
  cloudtrail: true
"
    )
}

/// SDK clients of the edge services, against the shared moto.
struct Edge {
    elbv2: aws_sdk_elasticloadbalancingv2::Client,
    waf_regional: aws_sdk_wafv2::Client,
    waf_global: aws_sdk_wafv2::Client,
    cloudfront: aws_sdk_cloudfront::Client,
    cloudwatch: aws_sdk_cloudwatch::Client,
    cloudtrail: aws_sdk_cloudtrail::Client,
}

impl Edge {
    async fn new() -> Edge {
        let config = crate::support::sdk_config(&shared_moto().endpoint).await;
        Edge {
            elbv2: aws_sdk_elasticloadbalancingv2::Client::new(&config),
            waf_regional: aws_sdk_wafv2::Client::new(&config),
            waf_global: aws_sdk_wafv2::Client::new(&config),
            cloudfront: aws_sdk_cloudfront::Client::new(&config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(&config),
            cloudtrail: aws_sdk_cloudtrail::Client::new(&config),
        }
    }

    /// Everything of the stack these services still have, by name.
    async fn left(&self) -> Vec<String> {
        let prefix = format!("{STACK}-");
        let mut left = Vec::new();
        let lbs = self.elbv2.describe_load_balancers().send().await.expect("DescribeLoadBalancers");
        left.extend(
            lbs.load_balancers()
                .iter()
                .filter_map(|l| l.load_balancer_name())
                .map(str::to_string),
        );
        let tgs = self.elbv2.describe_target_groups().send().await.expect("DescribeTargetGroups");
        left.extend(tgs.target_groups().iter().filter_map(|t| t.target_group_name()).map(str::to_string));
        for (client, scope) in [
            (&self.waf_regional, aws_sdk_wafv2::types::Scope::Regional),
            (&self.waf_global, aws_sdk_wafv2::types::Scope::Cloudfront),
        ] {
            let acls = client.list_web_acls().scope(scope).send().await.expect("ListWebACLs");
            left.extend(acls.web_acls().iter().filter_map(|a| a.name()).map(str::to_string));
        }
        let dists = self.cloudfront.list_distributions().send().await.expect("ListDistributions");
        for d in dists.distribution_list().map(|l| l.items()).unwrap_or_default() {
            let tags = self
                .cloudfront
                .list_tags_for_resource()
                .resource(d.arn())
                .send()
                .await
                .expect("ListTagsForResource");
            let ours = tags
                .tags()
                .map(|t| t.items())
                .unwrap_or_default()
                .iter()
                .any(|t| t.key() == "stackctl:stack" && t.value() == Some(STACK));
            if ours {
                left.push(format!("{STACK}-distribution {}", d.id()));
            }
        }
        let oacs = self
            .cloudfront
            .list_origin_access_controls()
            .send()
            .await
            .expect("ListOriginAccessControls");
        left.extend(
            oacs.origin_access_control_list()
                .map(|l| l.items())
                .unwrap_or_default()
                .iter()
                .map(|o| o.name().to_string()),
        );
        let alarms = self
            .cloudwatch
            .describe_alarms()
            .alarm_name_prefix(&prefix)
            .send()
            .await
            .expect("DescribeAlarms");
        left.extend(alarms.metric_alarms().iter().filter_map(|a| a.alarm_name()).map(str::to_string));
        let dashboards = self.cloudwatch.list_dashboards().send().await.expect("ListDashboards");
        left.extend(
            dashboards
                .dashboard_entries()
                .iter()
                .filter_map(|d| d.dashboard_name())
                .filter(|n| *n == STACK)
                .map(str::to_string),
        );
        let trails = self.cloudtrail.describe_trails().send().await.expect("DescribeTrails");
        left.extend(trails.trail_list().iter().filter_map(|t| t.name()).map(str::to_string));
        left.retain(|n| n.starts_with(&prefix) || n == STACK);
        left
    }
}

/// The operations of a call log (`<ms> <Service>.<Operation>`), in order.
fn operations(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|l| l.split_once(' ').map(|(_, op)| op.to_string()))
        .collect()
}

fn positions(ops: &[String], op: &str) -> Vec<usize> {
    ops.iter().enumerate().filter(|(_, o)| *o == op).map(|(i, _)| i).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edge_and_operations_apply_replan_change_and_destroy_in_order() {
    let aws = Aws::shared().await;
    let edge = Edge::new().await;
    let calls = tempfile::NamedTempFile::new().expect("call log");
    let w = Workdir::shared(&stack_yaml(2000, "PriceClass_100", 1)).env("STACKCTL_CALL_LOG", calls.path().to_str().expect("utf-8"));

    w.run(&["apply", "--auto-approve"]).expect_code(0, "first apply");
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    plan.expect_code(0, "plan after apply");
    assert!(plan.stdout.contains("No changes"), "{}", plan.stdout);
    w.run(&["plan", "--detailed-exitcode", "--refresh"])
        .expect_code(0, "plan --refresh after apply");
    grafana_from_live(&edge).await;

    // Three edits, each exactly the expected in-place update.
    w.write_stack(&stack_yaml(1000, "PriceClass_200", 2));
    let plan = w.run(&["plan", "--detailed-exitcode", "--json"]);
    plan.expect_code(2, "plan of the edit");
    let json = plan.json();
    let mut changed: Vec<(String, String, Vec<String>)> = json["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter(|r| r["action"] != "no_op")
        .map(|r| {
            let attrs = r["changes"]
                .as_array()
                .map(|c| c.iter().map(|c| c["attr"].as_str().unwrap_or_default().to_string()).collect())
                .unwrap_or_default();
            (
                r["id"].as_str().unwrap_or_default().to_string(),
                r["action"].as_str().unwrap_or_default().to_string(),
                attrs,
            )
        })
        .collect();
    changed.sort();
    let expected = |id: &str, attrs: &[&str]| (id.to_string(), "update".to_string(), attrs.iter().map(|a| a.to_string()).collect());
    assert_eq!(
        changed,
        vec![
            expected("edge/distribution", &["price_class"]),
            expected("edge/web-acl/cloudfront", &["rules"]),
            expected("edge/web-acl/regional", &["rules"]),
            expected("monitoring/alarm/alb-5xx", &["description", "threshold"]),
        ],
        "{}",
        plan.stdout
    );
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply the edit");
    w.run(&["plan", "--detailed-exitcode", "--refresh"])
        .expect_code(0, "plan --refresh after the edit");

    let out = w.run(&["output", "--json"]);
    out.expect_code(0, "output --json");
    let outputs = out.json();
    let domain = outputs["edge/distribution.domain_name"].as_str().unwrap_or_default();
    let dns = outputs["edge/load-balancer.dns_name"].as_str().unwrap_or_default();
    assert!(domain.ends_with(".cloudfront.net"), "{outputs}");
    assert!(dns.contains(&format!("{STACK}-alb")), "{outputs}");

    std::fs::write(calls.path(), "").expect("truncate the call log");
    w.run(&["destroy", "--auto-approve", "--delete-protected"])
        .expect_code(0, "destroy");
    let ops = operations(&std::fs::read_to_string(calls.path()).expect("call log"));
    assert!(!ops.is_empty(), "STACKCTL_CALL_LOG recorded nothing");
    let one = |op: &str| -> usize {
        let p = positions(&ops, op);
        assert_eq!(p.len(), 1, "{op} once in {ops:?}");
        p[0]
    };
    let disassociate = one("WAFV2.DisassociateWebACL");
    let deletes = positions(&ops, "WAFV2.DeleteWebACL");
    assert_eq!(deletes.len(), 2, "two web ACLs deleted: {ops:?}");
    assert!(
        deletes.iter().all(|&d| d > disassociate),
        "association removed before any web ACL: {ops:?}"
    );
    let disable = one("CloudFront.UpdateDistribution");
    let delete = one("CloudFront.DeleteDistribution");
    let polls = positions(&ops, "CloudFront.GetDistribution");
    assert!(
        polls.iter().any(|&p| p > disable && p < delete),
        "polled between disable and delete: {ops:?}"
    );
    assert!(disable < delete, "{ops:?}");
    assert!(
        deletes.iter().any(|&d| d > delete),
        "the CLOUDFRONT web ACL goes after the distribution: {ops:?}"
    );

    assert_eq!(edge.left().await, Vec::<String>::new(), "edge resources left after destroy");
    aws.assert_nothing_left(STACK).await;
}

/// `dashboard --grafana --from-live` fills the variables only AWS knows with
/// what AWS has, and the names from the stack file. Run from a workdir without
/// the call log, so the calls it makes stay out of the order checks.
async fn grafana_from_live(edge: &Edge) {
    let w = Workdir::shared(&stack_yaml(2000, "PriceClass_100", 1));
    let run = w.run(&["dashboard", "--grafana", "--from-live"]);
    run.expect_code(0, "dashboard --grafana --from-live");
    let doc = run.json();
    let value = |name: &str| {
        doc["templating"]["list"]
            .as_array()
            .expect("variables")
            .iter()
            .find(|v| v["name"] == name)
            .and_then(|v| v["current"]["value"].as_str())
            .unwrap_or_else(|| panic!("no variable {name}: {doc:#}"))
            .to_string()
    };
    let lbs = edge.elbv2.describe_load_balancers().names(format!("{STACK}-alb")).send().await;
    let arn = lbs
        .ok()
        .and_then(|l| l.load_balancers().first().and_then(|l| l.load_balancer_arn().map(str::to_string)));
    let suffix = arn
        .as_deref()
        .and_then(|a| a.split_once(":loadbalancer/"))
        .map(|(_, s)| s.to_string());
    assert_eq!(Some(value("edge_load_balancer_arn_suffix")), suffix, "the ALB's ARN suffix");
    let dists = edge.cloudfront.list_distributions().send().await.expect("ListDistributions");
    let ids: Vec<String> = dists
        .distribution_list()
        .map(|l| l.items())
        .unwrap_or_default()
        .iter()
        .map(|d| d.id().to_string())
        .collect();
    assert!(ids.contains(&value("edge_distribution_id")), "{ids:?}");
    assert_eq!(value("queues_orders_name"), format!("{STACK}-orders"));
}

#[test]
fn grafana_dashboard_is_written_offline() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("stack.yaml"), stack_yaml(2000, "PriceClass_100", 1)).expect("write");
    let out = dir.path().join("grafana.json");
    let mut cmd = crate::support::stackctl_command(&["dashboard", "--grafana", "--out", out.to_str().expect("utf-8")]);
    cmd.current_dir(dir.path());
    crate::support::run_command(cmd).expect_code(0, "dashboard --grafana");
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).expect("read")).expect("JSON");
    let panels = doc["panels"].as_array().expect("panels");
    let titles: Vec<&str> = panels.iter().filter_map(|p| p["title"].as_str()).collect();
    assert_eq!(titles, ["Load balancer", "Queues: oldest message (s)", "CloudFront"]);
    assert!(panels.iter().all(|p| p["datasource"]["type"] == "cloudwatch"));
    assert_eq!(panels[2]["targets"][0]["region"], "us-east-1");
}
