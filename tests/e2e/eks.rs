//! EKS as AWS really behaves (issue 14, items 3, 4, 8 and 11), against the
//! launcher's stricter EKS: nodes that join (access entries), the load
//! balancer's target group attached to each node group's Auto Scaling group,
//! upgrades one minor version at a time with the node groups following, a
//! launch template change that rolls the nodes, and a secrets key the cluster
//! role may use. Each is checked through the AWS API and the call log.

use std::path::{Path, PathBuf};

use crate::support::{Workdir, shared_moto};

const STACK: &str = "t-eks-targets";

fn stack_yaml(version: &str, disk_gb: u32) -> String {
    format!(
        "stack: {STACK}
region: us-east-1
network:
  cidr: 10.60.0.0/16
  availability_zones: 2
  nat_gateways: one
load_balancer:
  target_port: 8080
kubernetes:
  version: \"{version}\"
  node_groups:
    - name: web
      instance_types: [t3.medium]
      min_size: 1
      desired_size: 1
      max_size: 2
      disk_size_gb: {disk_gb}
"
    )
}

struct Clients {
    eks: aws_sdk_eks::Client,
    autoscaling: aws_sdk_autoscaling::Client,
    kms: aws_sdk_kms::Client,
}

impl Clients {
    async fn new(endpoint: &str) -> Clients {
        let config = crate::support::sdk_config(endpoint).await;
        Clients {
            eks: aws_sdk_eks::Client::new(&config),
            autoscaling: aws_sdk_autoscaling::Client::new(&config),
            kms: aws_sdk_kms::Client::new(&config),
        }
    }

    async fn cluster(&self) -> aws_sdk_eks::types::Cluster {
        let out = self.eks.describe_cluster().name(format!("{STACK}-eks")).send().await;
        out.expect("eks:DescribeCluster").cluster().cloned().expect("a cluster")
    }

    async fn node_group(&self) -> aws_sdk_eks::types::Nodegroup {
        let out = self
            .eks
            .describe_nodegroup()
            .cluster_name(format!("{STACK}-eks"))
            .nodegroup_name("web")
            .send()
            .await;
        out.expect("eks:DescribeNodegroup").nodegroup().cloned().expect("a node group")
    }

    /// The node group's Auto Scaling group name, as EKS reports it.
    async fn autoscaling_group(&self) -> String {
        let g = self.node_group().await;
        let groups = g.resources().map(|r| r.auto_scaling_groups()).unwrap_or_default();
        groups.first().and_then(|a| a.name()).expect("an Auto Scaling group").to_string()
    }

    /// The target group ARNs attached to `group`, or `None` when it is gone.
    async fn attached(&self, group: &str) -> Option<Vec<String>> {
        let out = self
            .autoscaling
            .describe_auto_scaling_groups()
            .auto_scaling_group_names(group)
            .send()
            .await
            .expect("autoscaling:DescribeAutoScalingGroups");
        out.auto_scaling_groups().first().map(|g| g.target_group_arns().to_vec())
    }
}

/// The operations of the call log, in order (`EKS.UpdateClusterVersion`).
fn calls(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_once(' ').map(|(_, op)| op.trim().to_string()))
        .collect()
}

fn position(log: &[String], op: &str) -> usize {
    log.iter()
        .position(|c| c.ends_with(op))
        .unwrap_or_else(|| panic!("{op} was not called: {log:?}"))
}

/// The version calls of an upgrade: the cluster one minor version per call,
/// the node group following each step before the next.
#[track_caller]
fn assert_upgrade_order(log: &[String]) {
    let ops: Vec<&str> = log
        .iter()
        .map(String::as_str)
        .filter(|c| matches!(*c, "EKS.UpdateClusterVersion" | "EKS.UpdateNodegroupVersion"))
        .collect();
    assert_eq!(
        ops,
        [
            "EKS.UpdateClusterVersion",
            "EKS.UpdateNodegroupVersion",
            "EKS.UpdateClusterVersion",
            "EKS.UpdateNodegroupVersion"
        ],
        "1.29 -> 1.31: the cluster in two steps, the node group following each: {log:?}"
    );
}

fn call_log(w: &Workdir) -> PathBuf {
    w.path().join("calls.log")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_join_targets_attach_upgrades_step_and_destroy_detaches() {
    let aws = Clients::new(&shared_moto().endpoint).await;
    let w = Workdir::shared(&stack_yaml("1.29", 20));
    let log = call_log(&w);
    let w = w.env("STACKCTL_CALL_LOG", log.to_str().expect("utf-8 path"));

    let plan = w.run(&["plan"]);
    assert!(
        plan.stdout.contains("kubernetes/target-group-attachment/web will be created"),
        "the attachment is a resource of its own in the plan:\n{}",
        plan.stdout
    );
    w.run(&["apply", "--auto-approve"]).expect_code(0, "first apply");

    // Item 3: access entries, so a node role under an IAM path joins.
    let cluster = aws.cluster().await;
    let mode = cluster.access_config().and_then(|a| a.authentication_mode()).map(|m| m.as_str());
    assert_eq!(mode, Some("API"), "the cluster authenticates through access entries");
    let group = aws.node_group().await;
    assert_eq!(group.status().map(|s| s.as_str()), Some("ACTIVE"), "the nodes joined: {group:?}");

    // Item 4: the target group is attached to the node group's Auto Scaling group.
    let asg = aws.autoscaling_group().await;
    assert!(asg.starts_with("eks-web-"), "EKS names the group: {asg}");
    let attached = aws.attached(&asg).await.expect("the Auto Scaling group exists");
    assert_eq!(attached.len(), 1, "one target group attached: {attached:?}");
    assert!(attached[0].contains(":targetgroup/"), "{attached:?}");

    // Item 11: the secrets key lets the cluster role use it.
    let key = cluster.encryption_config()[0]
        .provider()
        .and_then(|p| p.key_arn())
        .expect("a key")
        .to_string();
    let policy = aws.kms.get_key_policy().key_id(&key).policy_name("default").send().await;
    let policy = policy.expect("kms:GetKeyPolicy").policy().unwrap_or_default().to_string();
    assert!(policy.contains(cluster.role_arn().unwrap_or("?")), "{policy}");

    let again = w.run(&["plan", "--detailed-exitcode"]);
    again.expect_code(0, "plan after apply");
    w.run(&["plan", "--detailed-exitcode", "--refresh"])
        .expect_code(0, "plan --refresh after apply");

    // Item 8: 1.29 -> 1.31 in two steps, the node group following each.
    w.write_stack(&stack_yaml("1.31", 20));
    let plan = w.run(&["plan"]);
    assert!(
        plan.stdout
            .contains(r#"version = "1.29" -> "1.30" -> "1.31" # one minor version at a time, the node groups following each step"#),
        "the plan shows the steps:\n{}",
        plan.stdout
    );
    let json = w.run(&["plan", "--json"]).json();
    let cluster = json["resources"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["id"] == "kubernetes/cluster"))
        .expect("the cluster in the plan");
    let version = cluster["changes"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["attr"] == "version"))
        .expect("the version change");
    assert_eq!(version["steps"], serde_json::json!(["1.30", "1.31"]), "{json}");
    std::fs::write(&log, "").expect("truncate the call log");
    w.run(&["apply", "--auto-approve"]).expect_code(0, "upgrade");
    assert_upgrade_order(&calls(&log));
    assert_eq!(aws.cluster().await.version(), Some("1.31"));
    assert_eq!(aws.node_group().await.version(), Some("1.31"));
    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "plan after the upgrade");

    // A launch template change rolls the node group to the new version.
    let before = aws
        .node_group()
        .await
        .launch_template()
        .and_then(|t| t.version().map(str::to_string));
    w.write_stack(&stack_yaml("1.31", 30));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "launch template change");
    let after = aws
        .node_group()
        .await
        .launch_template()
        .and_then(|t| t.version().map(str::to_string));
    assert_eq!((before.as_deref(), after.as_deref()), (Some("1"), Some("2")), "the nodes roll");
    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "plan after the roll");

    // Destroy: the target group is detached before the node group and the target group go.
    std::fs::write(&log, "").expect("truncate the call log");
    w.run(&["destroy", "--auto-approve", "--delete-protected"])
        .expect_code(0, "destroy");
    let log = calls(&log);
    let detach = position(&log, "DetachLoadBalancerTargetGroups");
    assert!(detach < position(&log, "EKS.DeleteNodegroup"), "{log:?}");
    assert!(detach < position(&log, "DeleteTargetGroup"), "{log:?}");
    assert_eq!(aws.attached(&asg).await, None, "the Auto Scaling group went with its node group");
}

#[cfg(test)]
mod order_checks {
    use super::*;

    #[test]
    fn an_upgrade_in_one_call_or_without_the_node_group_fails() {
        let log = |ops: &[&str]| ops.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let one_call = log(&["EKS.UpdateClusterVersion", "EKS.UpdateNodegroupVersion"]);
        assert!(std::panic::catch_unwind(|| assert_upgrade_order(&one_call)).is_err());
        let lagging = log(&["EKS.UpdateClusterVersion", "EKS.UpdateClusterVersion", "EKS.UpdateNodegroupVersion"]);
        assert!(std::panic::catch_unwind(|| assert_upgrade_order(&lagging)).is_err());
    }
}
