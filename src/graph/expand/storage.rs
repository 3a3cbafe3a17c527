//! Queues, buckets (with their policies), ECR registries and CodeCommit
//! repositories: the kinds a stack can hold many of.

use super::{Builder, Spec, ids};
use crate::graph::{Kind, Value, tag};
use crate::props;
use crate::stack::names;

/// SQS keeps messages at most 14 days; a dead-letter queue keeps them that long.
const MAX_RETENTION_S: u32 = 1_209_600;

pub fn queues(b: &mut Builder) {
    let stack = b.name().to_string();
    for q in &b.stack.queues {
        let fifo = q.name.ends_with(".fifo");
        let dead_letter = q.dead_letter.as_ref().map(|dl| {
            let dlq = b.add(Spec::new(
                ids::dead_letter_queue(&q.name),
                Kind::Queue,
                names::dead_letter_queue(&stack, &q.name),
                props! {
                    "fifo" => fifo,
                    "visibility_timeout_s" => *q.visibility_timeout_s,
                    "message_retention_s" => MAX_RETENTION_S,
                    "sqs_managed_sse" => true,
                },
            ));
            Value::Map(props! { "dead_letter_target_arn" => Value::reference(&dlq, "arn"), "max_receive_count" => *dl.max_receives })
        });
        let mut props = props! {
            "fifo" => fifo,
            "visibility_timeout_s" => *q.visibility_timeout_s,
            "message_retention_s" => *q.message_retention_s,
            "sqs_managed_sse" => true,
        };
        if let Some(redrive) = dead_letter {
            props.insert("redrive_policy".into(), redrive);
        }
        b.add(Spec::new(ids::queue(&q.name), Kind::Queue, names::queue(&stack, &q.name), props));
    }
}

pub fn bucket_name(b: &Builder, name: &str) -> String {
    names::bucket(b.name(), name, b.region(), b.ctx.account())
}

fn statement(sid: &str, effect: &str, principal: Value, action: Value, resource: Value, condition: Value) -> Value {
    Value::Map(props! {
        "Sid" => sid, "Effect" => effect, "Principal" => principal,
        "Action" => action, "Resource" => resource, "Condition" => condition,
    })
}

fn service(name: &str) -> Value {
    Value::Map(props! { "Service" => name })
}

/// What lets the log delivery service write the VPC's flow log into the
/// bucket, for this account's flow logs only (VPC user guide, "Amazon S3
/// bucket permissions for flow logs"). Written by the stack, because EC2
/// would otherwise add it to the policy itself, a change the next plan
/// would see as drift.
fn log_delivery_statements(arn: &str, region: &str, account: &str) -> [Value; 2] {
    let condition = |extra: Option<(&str, &str)>| {
        let mut equals = props! { "aws:SourceAccount" => account };
        if let Some((k, v)) = extra {
            equals.insert(k.into(), Value::str(v));
        }
        Value::Map(props! {
            "StringEquals" => Value::Map(equals),
            "ArnLike" => Value::Map(props! { "aws:SourceArn" => format!("arn:aws:logs:{region}:{account}:*") }),
        })
    };
    [
        statement(
            "FlowLogsAclCheck",
            "Allow",
            service("delivery.logs.amazonaws.com"),
            Value::from(vec!["s3:GetBucketAcl".to_string(), "s3:ListBucket".to_string()]),
            Value::str(arn),
            condition(None),
        ),
        statement(
            "FlowLogsWrite",
            "Allow",
            service("delivery.logs.amazonaws.com"),
            Value::str("s3:PutObject"),
            Value::str(format!("{arn}/{}/AWSLogs/{account}/*", super::logs::FLOW_LOGS_PREFIX)),
            condition(Some(("s3:x-amz-acl", "bucket-owner-full-control"))),
        ),
    ]
}

/// Buckets with their settings and policy. Every bucket refuses plain HTTP; the
/// CloudTrail bucket lets the trail write, the static-assets bucket lets only
/// this stack's distribution read (so it follows the distribution).
pub fn buckets(b: &mut Builder) {
    let (stack, region, account) = (b.name().to_string(), b.region().to_string(), b.ctx.account().to_string());
    let trail_bucket = b
        .stack
        .monitoring
        .as_ref()
        .filter(|m| *m.cloudtrail)
        .map(|m| m.cloudtrail_bucket.value.clone());
    let assets_bucket = b
        .stack
        .cdn
        .as_ref()
        .and_then(|c| c.static_assets_bucket.as_ref())
        .map(|s| s.value.clone());
    let flow_logs_bucket = super::logs::flow_logs_bucket(b);
    for bucket in &b.stack.buckets {
        let arn = format!("arn:aws:s3:::{}", bucket_name(b, &bucket.name));
        let mut statements = vec![statement(
            "DenyInsecureTransport",
            "Deny",
            Value::str("*"),
            Value::str("s3:*"),
            Value::from(vec![arn.clone(), format!("{arn}/*")]),
            Value::Map(props! { "Bool" => Value::Map(props! { "aws:SecureTransport" => "false" }) }),
        )];
        if trail_bucket.as_deref() == Some(bucket.name.as_str()) {
            let trail_arn = format!("arn:aws:cloudtrail:{region}:{account}:trail/{}", names::trail(&stack));
            let source = Value::Map(props! { "StringEquals" => Value::Map(props! { "aws:SourceArn" => trail_arn.clone() }) });
            statements.push(statement(
                "CloudTrailAclCheck",
                "Allow",
                service("cloudtrail.amazonaws.com"),
                Value::str("s3:GetBucketAcl"),
                Value::str(arn.clone()),
                source,
            ));
            statements.push(statement(
                "CloudTrailWrite",
                "Allow",
                service("cloudtrail.amazonaws.com"),
                Value::str("s3:PutObject"),
                Value::str(format!("{arn}/AWSLogs/{account}/*")),
                Value::Map(props! { "StringEquals" => Value::Map(props! { "s3:x-amz-acl" => "bucket-owner-full-control", "aws:SourceArn" => trail_arn }) }),
            ));
        }
        if flow_logs_bucket.as_deref() == Some(bucket.name.as_str()) {
            statements.extend(log_delivery_statements(&arn, &region, &account));
        }
        if assets_bucket.as_deref() == Some(bucket.name.as_str()) && b.has(&ids::distribution()) {
            statements.push(statement(
                "CloudFrontRead",
                "Allow",
                service("cloudfront.amazonaws.com"),
                Value::str("s3:GetObject"),
                Value::str(format!("{arn}/*")),
                Value::Map(
                    props! { "StringEquals" => Value::Map(props! { "AWS:SourceArn" => Value::reference(&ids::distribution(), "arn") }) },
                ),
            ));
        }
        let mut spec = Spec::new(
            ids::bucket(&bucket.name),
            Kind::Bucket,
            bucket_name(b, &bucket.name),
            props! {
                "versioning" => *bucket.versioning,
                "encryption" => "AES256",
                "block_public_acls" => true,
                "block_public_policy" => true,
                "ignore_public_acls" => true,
                "restrict_public_buckets" => true,
                "object_ownership" => "BucketOwnerEnforced",
                "policy" => Value::Map(props! { "Version" => "2012-10-17", "Statement" => statements }),
            },
        );
        if *bucket.force_destroy {
            // Kept on the bucket itself, so a destroy without the stack file
            // (or after the bucket left it) still knows it may empty it.
            spec = spec.tag(tag::FORCE_DESTROY, "true");
        }
        b.add(spec);
    }
}

pub fn registries(b: &mut Builder) {
    let stack = b.name().to_string();
    for r in &b.stack.registries {
        let lifecycle = Value::Map(props! {
            "rules" => vec![Value::Map(props! {
                "rulePriority" => 1u32,
                "description" => format!("Keep the newest {} images", *r.keep_images),
                "selection" => Value::Map(props! { "tagStatus" => "any", "countType" => "imageCountMoreThan", "countNumber" => *r.keep_images }),
                "action" => Value::Map(props! { "type" => "expire" }),
            })],
        });
        let mut spec = Spec::new(
            ids::registry(&r.name),
            Kind::EcrRepository,
            names::ecr_repository(&stack, &r.name),
            props! {
                "image_tag_mutability" => if *r.immutable_tags { "IMMUTABLE" } else { "MUTABLE" },
                "scan_on_push" => *r.scan_on_push,
                "encryption" => "AES256",
                "lifecycle_policy" => lifecycle,
            },
        );
        if *r.force_destroy {
            spec = spec.tag(tag::FORCE_DESTROY, "true");
        }
        b.add(spec);
    }
}

pub fn repositories(b: &mut Builder) {
    let stack = b.name().to_string();
    for r in &b.stack.repositories {
        b.add(Spec::new(
            ids::repository(&r.name),
            Kind::CodeCommitRepository,
            names::codecommit(&stack, &r.name),
            props! { "description" => r.description.value.clone() },
        ));
    }
}
