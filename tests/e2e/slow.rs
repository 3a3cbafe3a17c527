//! The slow resources through a whole lifecycle: an EKS cluster with two node
//! groups (a KMS key, launch templates), an RDS primary with read replicas and a
//! Redis replication group, on the network they need. The launcher holds each of
//! them in its creating or deleting state for a few describes, as AWS does for
//! minutes, so readiness and deletion waits are proven on what the waits saw
//! (the `status` lines of `STACKCTL_CALL_LOG`, see `order`), not by timing.

use std::path::{Path, PathBuf};

use crate::support::{Workdir, leftovers, shared_moto};

mod order;
use order::{assert_apply_order, assert_destroy_order, assert_waited_through_holds};

/// The stack file: `general`'s max size, `batch`'s desired size (left to the
/// autoscaler after creation) and the number of read replicas vary.
fn stack_yaml(stack: &str, general_max: u32, batch_desired: u32, replicas: u32) -> String {
    format!(
        "stack: {stack}
region: us-east-1
network:
  cidr: 10.40.0.0/16
  availability_zones: 2
  nat_gateways: one
kubernetes:
  version: \"1.31\"
  node_groups:
    - name: general
      instance_types: [t3.medium]
      min_size: 1
      desired_size: 2
      max_size: {general_max}
      labels: {{ role: general }}
    - name: batch
      instance_types: [t3.large]
      min_size: 0
      desired_size: {batch_desired}
      max_size: 3
      ignore_desired_size: true
database:
  engine: postgres
  engine_version: \"16.4\"
  instance_class: db.t4g.micro
  read_replicas: {replicas}
cache:
  node_type: cache.t4g.micro
  replicas: 1
"
    )
}

/// SDK clients of the services this test checks.
struct Clients {
    eks: aws_sdk_eks::Client,
    rds: aws_sdk_rds::Client,
    elasticache: aws_sdk_elasticache::Client,
    ec2: aws_sdk_ec2::Client,
    tagging: aws_sdk_resourcegroupstagging::Client,
}

impl Clients {
    async fn new(endpoint: &str) -> Clients {
        let config = crate::support::sdk_config(endpoint).await;
        Clients {
            eks: aws_sdk_eks::Client::new(&config),
            rds: aws_sdk_rds::Client::new(&config),
            elasticache: aws_sdk_elasticache::Client::new(&config),
            ec2: aws_sdk_ec2::Client::new(&config),
            tagging: aws_sdk_resourcegroupstagging::Client::new(&config),
        }
    }

    async fn node_groups(&self, stack: &str) -> Vec<String> {
        match self.eks.list_nodegroups().cluster_name(format!("{stack}-eks")).send().await {
            Ok(out) => {
                let mut v = out.nodegroups().to_vec();
                v.sort();
                v
            }
            Err(_) => vec![],
        }
    }

    async fn cluster_exists(&self, stack: &str) -> bool {
        let out = self.eks.list_clusters().send().await.expect("eks:ListClusters");
        out.clusters().iter().any(|c| *c == format!("{stack}-eks"))
    }

    /// DB instance identifiers of the stack, sorted.
    async fn db_instances(&self, stack: &str) -> Vec<String> {
        let out = self.rds.describe_db_instances().send().await.expect("rds:DescribeDBInstances");
        let mut v: Vec<String> = out
            .db_instances()
            .iter()
            .filter_map(|d| d.db_instance_identifier())
            .filter(|id| id.starts_with(&format!("{stack}-")))
            .map(str::to_string)
            .collect();
        v.sort();
        v
    }

    async fn db_groups(&self, stack: &str) -> (usize, usize) {
        let prefix = format!("{stack}-");
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
        (
            subnets
                .db_subnet_groups()
                .iter()
                .filter(|g| g.db_subnet_group_name().is_some_and(|n| n.starts_with(&prefix)))
                .count(),
            params
                .db_parameter_groups()
                .iter()
                .filter(|g| g.db_parameter_group_name().is_some_and(|n| n.starts_with(&prefix)))
                .count(),
        )
    }

    async fn cache(&self, stack: &str) -> (usize, usize) {
        let prefix = format!("{stack}-");
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
        (
            groups
                .replication_groups()
                .iter()
                .filter(|g| g.replication_group_id().is_some_and(|n| n.starts_with(&prefix)))
                .count(),
            subnets
                .cache_subnet_groups()
                .iter()
                .filter(|g| g.cache_subnet_group_name().is_some_and(|n| n.starts_with(&prefix)))
                .count(),
        )
    }

    fn stack_filter(stack: &str) -> aws_sdk_ec2::types::Filter {
        aws_sdk_ec2::types::Filter::builder()
            .name("tag:stackctl:stack")
            .values(stack)
            .build()
    }

    async fn launch_templates(&self, stack: &str) -> usize {
        let out = self
            .ec2
            .describe_launch_templates()
            .filters(Self::stack_filter(stack))
            .send()
            .await
            .expect("ec2:DescribeLaunchTemplates");
        out.launch_templates().len()
    }

    /// ARNs tagged `stackctl:stack=<stack>` (Resource Groups Tagging API).
    async fn tagged_arns(&self, stack: &str) -> Vec<String> {
        crate::support::tagged_resources(&self.tagging, stack)
            .await
            .iter()
            .filter_map(|m| m.resource_arn())
            .map(str::to_string)
            .collect()
    }

    /// What the stack has in AWS, in one comparable value.
    async fn census(&self, stack: &str) -> (bool, Vec<String>, Vec<String>, (usize, usize), (usize, usize), usize) {
        (
            self.cluster_exists(stack).await,
            self.node_groups(stack).await,
            self.db_instances(stack).await,
            self.db_groups(stack).await,
            self.cache(stack).await,
            self.launch_templates(stack).await,
        )
    }
}

/// The operations of the call log, in order (`EKS.CreateCluster`).
fn calls(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_once(' ').map(|(_, op)| op.trim().to_string()))
        .collect()
}

fn call_log(w: &Workdir) -> PathBuf {
    w.path().join("calls.log")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eks_rds_redis_apply_scale_refuse_protected_destroy_then_destroy() {
    const STACK: &str = "t-slow-lifecycle";
    let aws = Clients::new(&shared_moto().endpoint).await;
    let w = Workdir::shared(&stack_yaml(STACK, 3, 1, 1));
    let log = call_log(&w);
    let w = w.env("STACKCTL_CALL_LOG", log.to_str().expect("utf-8 path"));
    // Problems that must not stop the lifecycle (which cleans up after itself),
    // reported at the end.
    let mut deferred: Vec<String> = Vec::new();

    // Apply from nothing.
    w.run(&["apply", "--auto-approve"]).expect_code(0, "first apply");
    let census = aws.census(STACK).await;
    assert_eq!(
        census,
        (
            true,
            vec!["batch".to_string(), "general".to_string()],
            vec![format!("{STACK}-db"), format!("{STACK}-db-replica-1")],
            (1, 1),
            (1, 1),
            2
        ),
        "what the first apply created"
    );
    let ordering = std::panic::catch_unwind(|| {
        assert_apply_order(&calls(&log), STACK);
        if std::env::var("STACKCTL_E2E_HOLD_DESCRIBES").as_deref() != Ok("0") {
            assert_waited_through_holds(&calls(&log), STACK);
        }
    });
    if let Err(e) = ordering {
        deferred.push(format!("apply ordering: {}", panic_text(&*e)));
    }

    // Nothing to do, with or without reading every setting.
    for args in [
        &["plan", "--detailed-exitcode"][..],
        &["plan", "--detailed-exitcode", "--refresh"][..],
    ] {
        let run = w.run(args);
        run.expect_code(0, &args.join(" "));
        assert!(run.stdout.contains("No changes"), "`{}`:\n{}", args.join(" "), run.stdout);
    }

    // Scale: general's max 3 -> 4, batch's desired 1 -> 2 (ignored), a second replica.
    w.write_stack(&stack_yaml(STACK, 4, 2, 2));
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    plan.expect_code(2, "plan of the scaling");
    let out = &plan.stdout;
    assert!(out.contains("~ max_size = 3 -> 4"), "general's max size changes:\n{out}");
    assert!(
        out.contains("# database/replica-2 will be created"),
        "a second replica is added:\n{out}"
    );
    assert!(out.contains("ignored"), "batch's desired size is shown as ignored:\n{out}");
    assert!(!out.contains("database/primary"), "nothing touches the primary:\n{out}");
    assert!(!out.contains("replica-1"), "nothing touches the first replica:\n{out}");
    assert!(
        out.contains("Plan: 1 to add, 1 to change, 0 to destroy."),
        "exactly these changes:\n{out}"
    );

    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply of the scaling");
    assert_eq!(
        aws.db_instances(STACK).await,
        vec![
            format!("{STACK}-db"),
            format!("{STACK}-db-replica-1"),
            format!("{STACK}-db-replica-2")
        ]
    );
    let general = aws
        .eks
        .describe_nodegroup()
        .cluster_name(format!("{STACK}-eks"))
        .nodegroup_name("general")
        .send()
        .await
        .expect("eks:DescribeNodegroup");
    let scaling = general.nodegroup().and_then(|g| g.scaling_config()).expect("scaling config");
    assert_eq!(
        (scaling.min_size(), scaling.desired_size(), scaling.max_size()),
        (Some(1), Some(2), Some(4))
    );
    let batch = aws
        .eks
        .describe_nodegroup()
        .cluster_name(format!("{STACK}-eks"))
        .nodegroup_name("batch")
        .send()
        .await
        .expect("eks:DescribeNodegroup");
    assert_eq!(
        batch.nodegroup().and_then(|g| g.scaling_config()).and_then(|s| s.desired_size()),
        Some(1),
        "an ignored desired size is never applied"
    );
    let again = w.run(&["plan", "--detailed-exitcode", "--refresh"]);
    again.expect_code(0, "plan after the scaling (only the ignored difference is left)");

    // Back to one replica: only the highest-numbered one goes (not applied).
    w.write_stack(&stack_yaml(STACK, 4, 2, 1));
    let down = w.run(&["plan", "--detailed-exitcode"]);
    down.expect_code(2, "plan of one replica fewer");
    let out = &down.stdout;
    assert!(
        out.contains("# database/replica-2 will be destroyed"),
        "the second replica goes:\n{out}"
    );
    assert!(
        !out.contains("replica-1") && !out.contains("database/primary"),
        "only the second replica goes:\n{out}"
    );
    assert!(
        out.contains("Plan: 0 to add, 0 to change, 1 to destroy."),
        "exactly this change:\n{out}"
    );
    w.write_stack(&stack_yaml(STACK, 4, 2, 2));

    // Destroy without --delete-protected: refused up front, naming the primary.
    let before = aws.census(STACK).await;
    std::fs::write(&log, "").expect("truncate the call log");
    let refused = w.run(&["destroy", "--auto-approve"]);
    let text = format!("{}{}", refused.stdout, refused.stderr);
    if refused.code != 1 || !text.contains("database/primary") || !text.contains("deletion protection") {
        deferred.push(format!(
            "destroy without --delete-protected should fail with exit 1 naming database/primary and deletion protection; exit {}:\n{text}",
            refused.code
        ));
    }
    let after = aws.census(STACK).await;
    if after != before {
        deferred.push(format!(
            "destroy without --delete-protected deleted resources (it must refuse before deleting anything when a \
             live resource has `deletion_protection: true`, as `CommandError::Protected` says):\n  before {before:?}\n  after  {after:?}"
        ));
    }

    // With --delete-protected: everything goes.
    let destroyed = w.run(&["destroy", "--auto-approve", "--delete-protected"]);
    destroyed.expect_code(0, "destroy --delete-protected");
    let ordering = std::panic::catch_unwind(|| assert_destroy_order(&calls(&log), STACK, 2));
    if let Err(e) = ordering {
        deferred.push(format!("destroy ordering: {}", panic_text(&*e)));
    }

    // Nothing of the stack is left but the primary's final snapshot, which is
    // meant to outlive it.
    assert_eq!(
        aws.census(STACK).await,
        (false, vec![], vec![], (0, 0), (0, 0), 0),
        "resources left after destroy"
    );
    let left = leftovers(STACK).await;
    assert!(left.is_empty(), "left after destroy:\n  {}", left.join("\n  "));
    let snapshots: Vec<String> = aws
        .tagged_arns(STACK)
        .await
        .into_iter()
        .filter(|arn| arn.contains(&format!(":snapshot:{STACK}-db-final-")))
        .collect();
    assert_eq!(snapshots.len(), 1, "one final snapshot of the primary: {snapshots:?}");
    let snapshot = snapshots[0].rsplit(':').next().expect("snapshot id").to_string();
    // destroy names the snapshot it kept, so nobody has to go looking for it.
    assert!(
        destroyed
            .stdout
            .contains(&format!("Kept the final snapshot of DB instance {STACK}-db: {snapshot}")),
        "destroy did not name its final snapshot {snapshot}:\n{}",
        destroyed.stdout
    );
    aws.rds
        .delete_db_snapshot()
        .db_snapshot_identifier(&snapshot)
        .send()
        .await
        .expect("rds:DeleteDBSnapshot");

    assert!(deferred.is_empty(), "{}", deferred.join("\n\n"));
}

fn panic_text(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}
