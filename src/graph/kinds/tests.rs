use super::*;

#[test]
fn every_kind_has_one_spec() {
    for (i, kind) in Kind::ALL.iter().enumerate() {
        assert_eq!(*kind as usize, i, "Kind::ALL lists the kinds in declaration order");
        assert_eq!(spec(*kind).kind, *kind);
    }
    assert_eq!(GROUPS.iter().map(|g| g.len()).sum::<usize>(), Kind::ALL.len());
}

/// Resources the stack no longer describes are deleted from the highest rank
/// down: dependents before what they depend on (a node group before its
/// cluster, a NAT gateway before its subnet and Elastic IP, the VPC last).
#[test]
fn delete_order_of_orphans() {
    let mut kinds = Kind::ALL.to_vec();
    kinds.sort_by_key(|k| std::cmp::Reverse(spec(*k).rank));
    let names: Vec<&str> = kinds.iter().map(|k| spec(*k).type_name).collect();
    assert_eq!(
        names,
        [
            "aws_backup_selection",
            "aws_backup_plan",
            "aws_backup_vault",
            "aws_codecommit_repository",
            "aws_flow_log",
            "aws_cloudtrail",
            "aws_cloudwatch_dashboard",
            "aws_cloudwatch_metric_alarm",
            "aws_sns_topic",
            "aws_ecr_repository",
            "aws_s3_bucket",
            "aws_sqs_queue",
            "aws_cloudfront_distribution",
            "aws_cloudfront_origin_access_control",
            "aws_wafv2_web_acl_association",
            "aws_wafv2_web_acl",
            "aws_autoscaling_attachment",
            "aws_lb_listener",
            "aws_lb_target_group",
            "aws_lb",
            "aws_elasticache_replication_group",
            "aws_elasticache_user_group",
            "aws_elasticache_user",
            "aws_elasticache_subnet_group",
            "aws_db_instance_replica",
            "aws_db_instance",
            "aws_db_parameter_group",
            "aws_db_subnet_group",
            "aws_eks_node_group",
            "aws_eks_cluster",
            "aws_cloudwatch_log_group",
            "aws_launch_template",
            "aws_kms_key",
            "aws_iam_role",
            "aws_security_group",
            "aws_route_table",
            "aws_nat_gateway",
            "aws_eip",
            "aws_internet_gateway",
            "aws_subnet",
            "aws_vpc",
        ]
    );
    let mut ranks: Vec<u16> = Kind::ALL.iter().map(|k| spec(*k).rank).collect();
    ranks.sort_unstable();
    ranks.dedup();
    assert_eq!(
        ranks.len(),
        Kind::ALL.len(),
        "two kinds share a rank: their delete order would be undefined"
    );
}

#[test]
fn ids_and_arns_are_sets_everywhere_other_lists_where_the_spec_says() {
    assert!(spec(Kind::EksCluster).is_set("subnet_ids"));
    assert!(spec(Kind::Queue).is_set("policy_arns"));
    assert!(spec(Kind::SecurityGroup).is_set("ingress"));
    assert!(!spec(Kind::Queue).is_set("ingress"));
    assert!(!spec(Kind::EksNodeGroup).is_set("instance_types"));
}

#[test]
fn specs_list_nothing_twice_or_redundantly() {
    // A replacing setting listed twice, or a set that the naming rule already
    // covers, is a slip in a spec.
    for kind in Kind::ALL {
        let s = spec(*kind);
        for (i, a) in s.replace_on.iter().enumerate() {
            assert!(!s.replace_on[..i].contains(a), "{kind:?}: {a} listed twice");
        }
        for set in s.sets {
            assert!(
                !set.ends_with("_ids") && !set.ends_with("_arns"),
                "{kind:?}: {set} is a set by its name"
            );
        }
    }
}

/// The rank is a constraint, not a label: in every example stack, a node
/// depends only on nodes of a lower rank, so deleting orphans from the highest
/// rank down never deletes a resource before one that needs it. One pair breaks
/// it: the logs bucket takes the load balancer's access logs while the assets
/// bucket's policy names the distribution, which comes after the load
/// balancer, so no rank of the bucket kind fits both.
#[test]
fn every_dependency_points_to_a_lower_rank() {
    use crate::graph::{ExpandContext, expand};
    let mut against = std::collections::BTreeSet::new();
    for file in ["stack.yaml", "examples/seed.yaml", "examples/minimal.yaml", "examples/large.yaml"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let loaded = crate::stack::load_file(&path).unwrap_or_else(|e| panic!("{file}: {e:?}"));
        let g = expand(&loaded.stack, &ExpandContext::default());
        for n in g.nodes() {
            for e in &n.deps {
                let to = g.get(&e.to).expect("edges point into the graph").kind;
                if to != n.kind && spec(to).rank > spec(n.kind).rank {
                    against.insert((n.kind.type_name(), to.type_name()));
                }
            }
        }
    }
    let known = [("aws_lb", "aws_s3_bucket")];
    assert_eq!(against, known.into_iter().collect());
}
