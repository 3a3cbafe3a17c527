//! RDS and ElastiCache: the databases, the cache and their groups.

use super::{IdShape, KindSpec, Output, typed};
use crate::graph::Kind;
use crate::graph::props::{
    CacheReplicationGroupProps, CacheSubnetGroupProps, CacheUserGroupProps, CacheUserProps, DbInstanceProps, DbParameterGroupProps,
    DbReplicaProps, DbSubnetGroupProps,
};

/// RDS returns an instance's log exports in an order of its own.
const DB_SETS: &[&str] = &["cloudwatch_logs_exports"];
/// A database endpoint: Terraform's `address` (its `endpoint` adds the port).
const DB_OUTPUTS: &[Output] = &[Output::terraform("endpoint", "address")];
/// An instance and a replica share the ARN shape `db:`.
const DB_IDS: &[IdShape] = &[IdShape::arn("rds", "db:")];

pub const SPECS: &[KindSpec] = &[
    // In the private subnets, before the databases that use it.
    KindSpec {
        aws_ids: &[IdShape::arn("rds", "subgrp:")],
        props: Some(typed::<DbSubnetGroupProps>),
        ..KindSpec::new(Kind::DbSubnetGroup, "aws_db_subnet_group", 130)
    },
    // Before the databases that use it. A group's family is fixed; it is also
    // in its name, so that a major upgrade's group exists beside the old one.
    KindSpec {
        replace_on: &["family"],
        identity_prop: Some("family"),
        aws_ids: &[IdShape::arn("rds", "pg:")],
        props: Some(typed::<DbParameterGroupProps>),
        ..KindSpec::new(Kind::DbParameterGroup, "aws_db_parameter_group", 140)
    },
    // RDS cannot change an instance's engine, encryption, master user or
    // subnet group in place. Usable once `available`; deletion protection
    // blocks its delete.
    KindSpec {
        replace_on: &["engine", "storage_encrypted", "master_username", "db_subnet_group_name"],
        sets: DB_SETS,
        outputs: DB_OUTPUTS,
        settles_after_create: true,
        deletion_protection: true,
        aws_ids: DB_IDS,
        props: Some(typed::<DbInstanceProps>),
        ..KindSpec::new(Kind::DbInstance, "aws_db_instance", 150)
    },
    // After its source instance. RDS cannot re-point a replica or change its
    // encryption. Terraform has one type for instances and replicas.
    KindSpec {
        terraform_type: "aws_db_instance",
        replace_on: &["source_db_instance_identifier", "storage_encrypted"],
        sets: DB_SETS,
        outputs: DB_OUTPUTS,
        settles_after_create: true,
        deletion_protection: true,
        aws_ids: DB_IDS,
        props: Some(typed::<DbReplicaProps>),
        ..KindSpec::new(Kind::DbReplica, "aws_db_instance_replica", 160)
    },
    // In the private subnets, before the cache that uses it.
    KindSpec {
        aws_ids: &[IdShape::arn("elasticache", "subnetgroup:")],
        props: Some(typed::<CacheSubnetGroupProps>),
        ..KindSpec::new(Kind::CacheSubnetGroup, "aws_elasticache_subnet_group", 170)
    },
    // Before the user group that holds it. ElastiCache cannot rename a user, change
    // its engine or how it authenticates in place (ModifyUser changes the
    // access string).
    KindSpec {
        replace_on: &["user_name", "engine", "authentication_type"],
        aws_ids: &[IdShape::arn("elasticache", "user:")],
        props: Some(typed::<CacheUserProps>),
        ..KindSpec::new(Kind::CacheUser, "aws_elasticache_user", 172)
    },
    // After its users, before the cache that uses it: `creating`, then
    // `active`, and only an active group can be given to a replication group.
    KindSpec {
        replace_on: &["engine"],
        settles_after_create: true,
        aws_ids: &[IdShape::arn("elasticache", "usergroup:")],
        props: Some(typed::<CacheUserGroupProps>),
        ..KindSpec::new(Kind::CacheUserGroup, "aws_elasticache_user_group", 175)
    },
    // ElastiCache cannot change a group's engine, encryption, subnet group or
    // port in place; usable once `available`.
    KindSpec {
        replace_on: &["engine", "at_rest_encryption", "transit_encryption", "subnet_group_name", "port"],
        outputs: &[
            Output::terraform("primary_endpoint", "primary_endpoint_address"),
            Output::terraform("reader_endpoint", "reader_endpoint_address"),
        ],
        settles_after_create: true,
        aws_ids: &[IdShape::arn("elasticache", "replicationgroup:")],
        props: Some(typed::<CacheReplicationGroupProps>),
        ..KindSpec::new(Kind::CacheReplicationGroup, "aws_elasticache_replication_group", 180)
    },
];
