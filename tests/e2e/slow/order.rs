//! The ordering proofs of the slow lifecycle, on the call log (`STACKCTL_CALL_LOG`).
//!
//! Each asserts on what a wait *saw*, the `status <what> <STATUS>` lines that
//! `crate::aws::call_log::observed` writes, not on the mere fact that a Describe
//! was sent: "a Describe between the primary's create and the replica's"
//! also holds without the readiness wait, because the replica's own backup
//! check sends one. The launcher holds each new cluster, node group, instance
//! and replication group in its creating state, and each deleted one in its
//! deleting state, for a few describes (tests/support/moto_holds.py), so a
//! wait really sees CREATING before ACTIVE. The tests at the bottom show that
//! each assertion fails on the log a provider without the wait would write.

/// Positions of the exact line `line` in the log.
pub fn indices(log: &[String], line: &str) -> Vec<usize> {
    log.iter().enumerate().filter(|(_, c)| *c == line).map(|(i, _)| i).collect()
}

fn first(log: &[String], line: &str) -> Option<usize> {
    log.iter().position(|c| c == line)
}

/// Where a wait first saw `what` in `status`, failing the test if it never did.
#[track_caller]
fn seen(log: &[String], what: &str, status: &str) -> usize {
    first(log, &format!("status {what} {status}"))
        .unwrap_or_else(|| panic!("no wait saw {what} {status} (`status {what} {status}`): {log:?}"))
}

#[track_caller]
pub fn assert_recorded(log: &[String], what: &str) {
    assert!(
        !log.is_empty(),
        "{what}: STACKCTL_CALL_LOG recorded no AWS call at all, so no ordering can be checked \
         (src/aws/call_log.rs reads the operation's Metadata in read_before_execution, which for a \
         client interceptor runs before the operation's configuration is applied; \
         read_before_serialization sees it)"
    );
}

/// Apply: both node groups only after the cluster was seen ACTIVE, every
/// replica only after the primary was seen available.
#[track_caller]
pub fn assert_apply_order(log: &[String], stack: &str) {
    assert_recorded(log, "apply");
    let active = seen(log, &format!("eks:cluster/{stack}-eks"), "ACTIVE");
    let groups = indices(log, "EKS.CreateNodegroup");
    assert_eq!(groups.len(), 2, "two node groups are created: {log:?}");
    assert!(
        groups.iter().all(|&g| g > active),
        "EKS.CreateNodegroup before the cluster was seen ACTIVE: {log:?}"
    );
    let available = seen(log, &format!("rds:db/{stack}-db"), "available");
    let replicas = indices(log, "RDS.CreateDBInstanceReadReplica");
    assert!(!replicas.is_empty(), "no replica was created: {log:?}");
    assert!(
        replicas.iter().all(|&r| r > available),
        "RDS.CreateDBInstanceReadReplica before the primary was seen available: {log:?}"
    );
}

/// With the launcher's holds on, the cluster's wait saw it CREATING before
/// ACTIVE: the ordering above was really waited for, not granted by an
/// emulator that is ready at once. (Only EKS: it is described by name alone,
/// so no other test's describe shortens the hold, as a DescribeDBInstances of
/// every instance may.)
#[track_caller]
pub fn assert_waited_through_holds(log: &[String], stack: &str) {
    let what = format!("eks:cluster/{stack}-eks");
    assert!(
        seen(log, &what, "CREATING") < seen(log, &what, "ACTIVE"),
        "the cluster was not seen CREATING before ACTIVE: {log:?}"
    );
}

/// Destroy: the primary's delete only after every replica was seen gone (and
/// after its deletion protection is turned off), the cluster's delete only
/// after both node groups were seen gone, the cache subnet group's delete
/// only after the replication group was seen gone.
#[track_caller]
pub fn assert_destroy_order(log: &[String], stack: &str, replicas: usize) {
    assert_recorded(log, "destroy");
    let deletes = indices(log, "RDS.DeleteDBInstance");
    assert_eq!(deletes.len(), replicas + 1, "the replicas and the primary are deleted: {log:?}");
    let replicas_gone = (1..=replicas)
        .map(|n| seen(log, &format!("rds:db/{stack}-db-replica-{n}"), "gone"))
        .max()
        .expect("at least one replica");
    let after: Vec<usize> = deletes.iter().copied().filter(|&d| d > replicas_gone).collect();
    assert_eq!(
        after.len(),
        1,
        "exactly one delete, the primary's, after every replica was seen gone: {log:?}"
    );
    let primary = after[0];
    assert!(
        seen(log, &format!("rds:db/{stack}-db"), "gone") > primary,
        "the primary is seen gone after its delete: {log:?}"
    );
    assert!(
        indices(log, "RDS.ModifyDBInstance")
            .iter()
            .any(|&m| m > replicas_gone && m < primary),
        "deletion protection is turned off (ModifyDBInstance) before the primary's delete: {log:?}"
    );

    let cluster = first(log, "EKS.DeleteCluster").expect("EKS.DeleteCluster was called");
    assert_eq!(
        indices(log, "EKS.DeleteNodegroup").len(),
        2,
        "both node groups are deleted: {log:?}"
    );
    for group in ["general", "batch"] {
        assert!(
            seen(log, &format!("eks:nodegroup/{stack}-eks/{group}"), "gone") < cluster,
            "EKS.DeleteCluster before node group {group} was seen gone: {log:?}"
        );
    }

    let subnets = first(log, "ElastiCache.DeleteCacheSubnetGroup").expect("ElastiCache.DeleteCacheSubnetGroup was called");
    assert!(
        seen(log, &format!("elasticache:replicationgroup/{stack}-cache"), "gone") < subnets,
        "ElastiCache.DeleteCacheSubnetGroup before the replication group was seen gone: {log:?}"
    );
}

#[cfg(test)]
mod order_checks {
    //! Each ordering assertion fails on the log that a provider without the
    //! wait writes against the launcher's holds.
    use super::*;

    fn log(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|s| s.to_string()).collect()
    }

    fn fails(f: impl FnOnce() + std::panic::UnwindSafe) -> bool {
        std::panic::catch_unwind(f).is_err()
    }

    /// The cluster's wait with holds on: two CREATING, then ACTIVE.
    const CLUSTER_WAIT: [&str; 6] = [
        "EKS.DescribeCluster",
        "status eks:cluster/s-eks CREATING",
        "EKS.DescribeCluster",
        "status eks:cluster/s-eks CREATING",
        "EKS.DescribeCluster",
        "status eks:cluster/s-eks ACTIVE",
    ];
    const PRIMARY_WAIT: [&str; 4] = [
        "RDS.DescribeDBInstances",
        "status rds:db/s-db creating",
        "RDS.DescribeDBInstances",
        "status rds:db/s-db available",
    ];

    fn apply(cluster_wait: &[&str], primary_wait: &[&str]) -> Vec<String> {
        let mut l = log(&["EKS.CreateCluster"]);
        l.extend(log(cluster_wait));
        l.extend(log(&["EKS.CreateNodegroup", "EKS.CreateNodegroup", "RDS.CreateDBInstance"]));
        l.extend(log(primary_wait));
        // The replica's own check of the source's backups: a Describe, no status.
        l.extend(log(&["RDS.DescribeDBInstances", "RDS.CreateDBInstanceReadReplica"]));
        l
    }

    #[test]
    fn apply_with_both_waits_passes() {
        assert_apply_order(&apply(&CLUSTER_WAIT, &PRIMARY_WAIT), "s");
    }

    #[test]
    fn node_groups_without_the_cluster_wait_fail() {
        assert!(fails(|| assert_apply_order(&apply(&[], &PRIMARY_WAIT), "s")));
        // A wait that stops at its first answer (CREATING) is no wait either.
        assert!(fails(|| assert_apply_order(&apply(&CLUSTER_WAIT[..2], &PRIMARY_WAIT), "s")));
    }

    #[test]
    fn a_replica_without_the_primary_wait_fails_although_a_describe_came_between() {
        let no_wait = apply(&CLUSTER_WAIT, &[]);
        let create = indices(&no_wait, "RDS.CreateDBInstance")[0];
        let replica = indices(&no_wait, "RDS.CreateDBInstanceReadReplica")[0];
        assert!(
            indices(&no_wait, "RDS.DescribeDBInstances")
                .iter()
                .any(|&d| d > create && d < replica),
            "the check the status replaces would have passed"
        );
        assert!(fails(|| assert_apply_order(&no_wait, "s")));
        assert!(fails(|| assert_apply_order(&apply(&CLUSTER_WAIT, &PRIMARY_WAIT[..2]), "s")));
    }

    #[test]
    fn a_cluster_never_seen_creating_was_not_held() {
        assert_waited_through_holds(&apply(&CLUSTER_WAIT, &PRIMARY_WAIT), "s");
        assert!(fails(|| assert_waited_through_holds(
            &apply(&CLUSTER_WAIT[4..], &PRIMARY_WAIT),
            "s"
        )));
    }

    /// Deletes and their waits until gone (holds on: `deleting` first).
    fn destroy(replica_waits: bool, primary_after_replicas: bool, group_waits: bool, cache_wait: bool) -> Vec<String> {
        let mut l = log(&["RDS.DeleteDBInstance", "RDS.DeleteDBInstance"]);
        let primary = log(&[
            "RDS.DescribeDBInstances",
            "RDS.ModifyDBInstance",
            "RDS.DeleteDBInstance",
            "RDS.DescribeDBInstances",
            "status rds:db/s-db deleting",
            "RDS.DescribeDBInstances",
            "status rds:db/s-db gone",
        ]);
        if !primary_after_replicas {
            l.extend(primary.clone());
        }
        if replica_waits {
            for n in [1, 2] {
                l.extend(log(&[
                    "RDS.DescribeDBInstances",
                    &format!("status rds:db/s-db-replica-{n} deleting"),
                    "RDS.DescribeDBInstances",
                    &format!("status rds:db/s-db-replica-{n} gone"),
                ]));
            }
        }
        if primary_after_replicas {
            l.extend(primary);
        }
        l.extend(log(&["EKS.DeleteNodegroup", "EKS.DeleteNodegroup"]));
        if group_waits {
            for g in ["general", "batch"] {
                l.extend(log(&[
                    "EKS.DescribeNodegroup",
                    &format!("status eks:nodegroup/s-eks/{g} DELETING"),
                    "EKS.DescribeNodegroup",
                    &format!("status eks:nodegroup/s-eks/{g} gone"),
                ]));
            }
        }
        l.extend(log(&["EKS.DeleteCluster", "ElastiCache.DeleteReplicationGroup"]));
        if cache_wait {
            l.extend(log(&[
                "ElastiCache.DescribeReplicationGroups",
                "status elasticache:replicationgroup/s-cache deleting",
                "ElastiCache.DescribeReplicationGroups",
                "status elasticache:replicationgroup/s-cache gone",
            ]));
        }
        l.push("ElastiCache.DeleteCacheSubnetGroup".into());
        l
    }

    #[test]
    fn destroy_with_every_wait_passes() {
        assert_destroy_order(&destroy(true, true, true, true), "s", 2);
    }

    #[test]
    fn a_primary_deleted_before_its_replicas_are_gone_fails() {
        assert!(fails(|| assert_destroy_order(&destroy(false, true, true, true), "s", 2)));
        assert!(fails(|| assert_destroy_order(&destroy(true, false, true, true), "s", 2)));
    }

    #[test]
    fn a_cluster_deleted_before_its_node_groups_are_gone_fails() {
        assert!(fails(|| assert_destroy_order(&destroy(true, true, false, true), "s", 2)));
    }

    #[test]
    fn a_cache_subnet_group_deleted_before_its_replication_group_is_gone_fails() {
        assert!(fails(|| assert_destroy_order(&destroy(true, true, true, false), "s", 2)));
    }
}
