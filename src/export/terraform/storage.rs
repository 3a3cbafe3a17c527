//! Queues, buckets, container registries and CodeCommit repositories.

use super::context::{Ctx, ident};
use super::hcl::{Block, Body, Expr};
use crate::graph::{Node, Value, tag};

pub fn queue(c: &Ctx, n: &Node) -> Vec<Block> {
    let redrive = n.props.get("redrive_policy").and_then(Value::as_map).map(|r| {
        let get = |k: &str| r.get(k).map(|v| c.value(v)).unwrap_or(Expr::raw("null"));
        Expr::json(Expr::Object(vec![
            ("deadLetterTargetArn".into(), get("dead_letter_target_arn")),
            ("maxReceiveCount".into(), get("max_receive_count")),
        ]))
    });
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("fifo_queue", c.prop(n, "fifo"))
        .attr("message_retention_seconds", c.prop(n, "message_retention_s"))
        .attr("visibility_timeout_seconds", c.prop(n, "visibility_timeout_s"))
        .attr("sqs_managed_sse_enabled", c.prop(n, "sqs_managed_sse"))
        .attr_opt("redrive_policy", redrive)
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_sqs_queue", &ident(n.id.as_str()), body)]
}

/// The bucket and its settings, each its own resource in provider 5.x:
/// public access blocked, owner-enforced objects, SSE, versioning, a policy
/// that refuses plain HTTP.
pub fn bucket(c: &Ctx, n: &Node) -> Vec<Block> {
    let name = ident(n.id.as_str());
    let id = Expr::raw(format!("aws_s3_bucket.{name}.id"));
    let force_destroy = n.tags.get(tag::FORCE_DESTROY).is_some_and(|v| v == "true");
    let bucket = Body::new()
        .attr("bucket", c.name(n))
        .attr("force_destroy", Expr::bool(force_destroy))
        .attr("tags", c.tags(n));
    let public = Body::new()
        .attr("bucket", id.clone())
        .attr("block_public_acls", c.prop(n, "block_public_acls"))
        .attr("block_public_policy", c.prop(n, "block_public_policy"))
        .attr("ignore_public_acls", c.prop(n, "ignore_public_acls"))
        .attr("restrict_public_buckets", c.prop(n, "restrict_public_buckets"));
    let ownership = Body::new()
        .attr("bucket", id.clone())
        .child("rule", Body::new().attr("object_ownership", c.prop(n, "object_ownership")));
    let by_default = Body::new()
        .attr("sse_algorithm", c.prop(n, "encryption"))
        .attr_opt("kms_master_key_id", c.prop_opt(n, "kms_key_id"));
    let rule = Body::new()
        .attr_opt("bucket_key_enabled", c.prop_opt(n, "bucket_key"))
        .child("apply_server_side_encryption_by_default", by_default);
    let sse = Body::new().attr("bucket", id.clone()).child("rule", rule);
    let versioned = n.props.get("versioning").and_then(Value::as_bool).unwrap_or(true);
    let versioning = Body::new().attr("bucket", id.clone()).child(
        "versioning_configuration",
        Body::new().attr("status", Expr::string(if versioned { "Enabled" } else { "Suspended" })),
    );
    let mut blocks = vec![
        Block::resource("aws_s3_bucket", &name, bucket),
        Block::resource("aws_s3_bucket_public_access_block", &name, public),
        Block::resource("aws_s3_bucket_ownership_controls", &name, ownership),
        Block::resource("aws_s3_bucket_server_side_encryption_configuration", &name, sse),
        Block::resource("aws_s3_bucket_versioning", &name, versioning),
    ];
    let target = n.props.get("access_logs_bucket").and_then(|v| v.refs().into_iter().next());
    if let Some(target) = target {
        let body = Body::new()
            .attr("bucket", id.clone())
            .attr(
                "target_bucket",
                Expr::raw(format!("aws_s3_bucket.{}.id", ident(target.node.as_str()))),
            )
            .attr("target_prefix", c.prop(n, "access_logs_prefix"))
            // S3 checks the target's policy as logging is turned on.
            .attr(
                "depends_on",
                Expr::List(vec![Expr::raw(format!("aws_s3_bucket_policy.{}", ident(target.node.as_str())))]),
            );
        blocks.push(Block::resource("aws_s3_bucket_logging", &name, body));
    }
    if let Some(policy) = n.props.get("policy") {
        let body = Body::new()
            .attr("bucket", id)
            .attr("policy", Expr::json(c.value(policy)))
            // With public policies blocked first, this policy is never public.
            .attr(
                "depends_on",
                Expr::List(vec![Expr::raw(format!("aws_s3_bucket_public_access_block.{name}"))]),
            );
        blocks.push(Block::resource("aws_s3_bucket_policy", &name, body));
    }
    blocks
}

pub fn ecr_repository(c: &Ctx, n: &Node) -> Vec<Block> {
    let name = ident(n.id.as_str());
    let force_delete = n.tags.get(tag::FORCE_DESTROY).is_some_and(|v| v == "true");
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("image_tag_mutability", c.prop(n, "image_tag_mutability"))
        .attr("force_delete", Expr::bool(force_delete))
        .child(
            "image_scanning_configuration",
            Body::new().attr("scan_on_push", c.prop(n, "scan_on_push")),
        )
        .child(
            "encryption_configuration",
            Body::new().attr("encryption_type", c.prop(n, "encryption")),
        )
        .attr("tags", c.tags(n));
    let mut blocks = vec![Block::resource("aws_ecr_repository", &name, body)];
    if let Some(policy) = n.props.get("lifecycle_policy") {
        let body = Body::new()
            .attr("repository", Expr::raw(format!("aws_ecr_repository.{name}.name")))
            .attr("policy", Expr::json(c.value(policy)));
        blocks.push(Block::resource("aws_ecr_lifecycle_policy", &name, body));
    }
    blocks
}

pub fn codecommit_repository(c: &Ctx, n: &Node) -> Vec<Block> {
    let description = n.props.get("description").and_then(Value::as_str).filter(|d| !d.is_empty());
    let body = Body::new()
        .attr("repository_name", c.name(n))
        .attr_opt("description", description.map(|d| c.string(d)))
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_codecommit_repository", &ident(n.id.as_str()), body)]
}
