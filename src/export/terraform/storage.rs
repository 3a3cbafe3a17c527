//! Queues, buckets, container registries and CodeCommit repositories.

use super::context::{Ctx, ident};
use super::hcl::{Block, Body, Expr};
use crate::graph::props::{AccessLogs, BucketProps, CodeCommitRepositoryProps, EcrRepositoryProps, QueueProps};
use crate::graph::{Node, tag};

pub fn queue(c: &Ctx, n: &Node, p: QueueProps) -> Vec<Block> {
    let redrive = p.redrive_policy.as_ref().map(|r| {
        Expr::json(Expr::Object(vec![
            ("deadLetterTargetArn".into(), c.value(&r.dead_letter_target_arn)),
            ("maxReceiveCount".into(), c.value(&r.max_receive_count)),
        ]))
    });
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("fifo_queue", c.value(&p.fifo))
        .attr("message_retention_seconds", c.value(&p.message_retention_s))
        .attr("visibility_timeout_seconds", c.value(&p.visibility_timeout_s))
        .attr("sqs_managed_sse_enabled", c.value(&p.sqs_managed_sse))
        .attr_opt("redrive_policy", redrive);
    vec![c.tagged(n, body)]
}

/// The bucket access logs go to (a load balancer's, a bucket's), as
/// Terraform names it.
pub struct LogTarget<'a> {
    /// `aws_s3_bucket.NAME.id`
    pub bucket: Expr,
    pub prefix: &'a str,
    /// `depends_on` the bucket's policy: AWS checks that it lets the logs in
    /// as logging is turned on.
    pub after_policy: Expr,
}

impl<'a> LogTarget<'a> {
    /// `None` when the logs go to a bucket the stack does not make.
    pub fn of(logs: &'a AccessLogs) -> Option<LogTarget<'a>> {
        let target = ident(logs.bucket.refs().first()?.node.as_str());
        Some(LogTarget {
            bucket: Expr::raw(format!("aws_s3_bucket.{target}.id")),
            prefix: &logs.prefix,
            after_policy: Expr::List(vec![Expr::raw(format!("aws_s3_bucket_policy.{target}"))]),
        })
    }
}

/// A bucket or registry the stack lets `destroy` empty first.
fn force_destroy(n: &Node) -> Expr {
    Expr::bool(n.tags.get(tag::FORCE_DESTROY).is_some_and(|v| v == "true"))
}

/// The bucket and its settings, each its own resource in provider 5.x:
/// public access blocked, owner-enforced objects, SSE, versioning, a policy
/// that refuses plain HTTP.
pub fn bucket(c: &Ctx, n: &Node, p: BucketProps) -> Vec<Block> {
    let name = ident(n.id.as_str());
    let id = Expr::raw(format!("aws_s3_bucket.{name}.id"));
    let bucket = Body::new().attr("bucket", c.name(n)).attr("force_destroy", force_destroy(n));
    let public = Body::new()
        .attr("bucket", id.clone())
        .attr("block_public_acls", c.value(&p.block_public_acls))
        .attr("block_public_policy", c.value(&p.block_public_policy))
        .attr("ignore_public_acls", c.value(&p.ignore_public_acls))
        .attr("restrict_public_buckets", c.value(&p.restrict_public_buckets));
    let ownership = Body::new()
        .attr("bucket", id.clone())
        .child("rule", Body::new().attr_opt("object_ownership", c.opt(&p.object_ownership)));
    let by_default = Body::new()
        .attr_opt("sse_algorithm", c.opt(&p.encryption))
        .attr_opt("kms_master_key_id", c.opt(&p.kms_key_id));
    let rule = Body::new()
        .attr_opt("bucket_key_enabled", c.opt(&p.bucket_key))
        .child("apply_server_side_encryption_by_default", by_default);
    let sse = Body::new().attr("bucket", id.clone()).child("rule", rule);
    let status = if p.versioning.unwrap_or(true) { "Enabled" } else { "Suspended" };
    let versioning = Body::new()
        .attr("bucket", id.clone())
        .child("versioning_configuration", Body::new().attr("status", Expr::string(status)));
    let mut blocks = vec![
        c.tagged(n, bucket),
        Block::resource("aws_s3_bucket_public_access_block", &name, public),
        Block::resource("aws_s3_bucket_ownership_controls", &name, ownership),
        Block::resource("aws_s3_bucket_server_side_encryption_configuration", &name, sse),
        Block::resource("aws_s3_bucket_versioning", &name, versioning),
    ];
    if let Some(target) = p.access_logs.as_ref().and_then(LogTarget::of) {
        let body = Body::new()
            .attr("bucket", id.clone())
            .attr("target_bucket", target.bucket)
            .attr("target_prefix", c.value(target.prefix))
            .attr("depends_on", target.after_policy);
        blocks.push(Block::resource("aws_s3_bucket_logging", &name, body));
    }
    if let Some(policy) = &p.policy {
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

pub fn ecr_repository(c: &Ctx, n: &Node, p: EcrRepositoryProps) -> Vec<Block> {
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("image_tag_mutability", c.value(&p.image_tag_mutability))
        .attr("force_delete", force_destroy(n))
        .child(
            "image_scanning_configuration",
            Body::new().attr("scan_on_push", c.value(&p.scan_on_push)),
        )
        .child(
            "encryption_configuration",
            Body::new().attr("encryption_type", c.value(&p.encryption)),
        );
    let mut blocks = vec![c.tagged(n, body)];
    if let Some(policy) = &p.lifecycle_policy {
        let body = Body::new()
            .attr("repository", Expr::raw(format!("{}.name", c.address(n))))
            .attr("policy", Expr::json(c.value(policy)));
        blocks.push(Block::resource("aws_ecr_lifecycle_policy", &ident(n.id.as_str()), body));
    }
    blocks
}

pub fn codecommit_repository(c: &Ctx, n: &Node, p: CodeCommitRepositoryProps) -> Vec<Block> {
    let body = Body::new()
        .attr("repository_name", c.name(n))
        .attr_opt("description", (!p.description.is_empty()).then(|| c.value(&p.description)));
    vec![c.tagged(n, body)]
}
