//! Queues, ECR registries and CodeCommit repositories: the kinds a stack can
//! hold many of (buckets are in `buckets.rs`).

use super::{Builder, Spec, ids};
use crate::graph::props::{CodeCommitRepositoryProps, EcrRepositoryProps, QueueProps, Redrive};
use crate::graph::{Kind, Value, tag};
use crate::props;
use crate::stack::names;

/// SQS keeps messages at most 14 days; a dead-letter queue keeps them that long.
const MAX_RETENTION_S: u32 = 1_209_600;

pub fn queues(b: &mut Builder) {
    let stack = b.name().to_string();
    for q in &b.stack.queues {
        let fifo = q.name.ends_with(".fifo");
        let redrive_policy = q.dead_letter.as_ref().map(|dl| {
            let dead_letter = QueueProps {
                fifo,
                visibility_timeout_s: *q.visibility_timeout_s,
                message_retention_s: MAX_RETENTION_S,
                sqs_managed_sse: true,
                redrive_policy: None,
            };
            let dlq = b.add(Spec::new(
                ids::dead_letter_queue(&q.name),
                Kind::Queue,
                names::dead_letter_queue(&stack, &q.name),
                dead_letter.into(),
            ));
            Redrive {
                dead_letter_target_arn: Value::reference(&dlq, "arn"),
                max_receive_count: *dl.max_receives,
            }
        });
        let queue = QueueProps {
            fifo,
            visibility_timeout_s: *q.visibility_timeout_s,
            message_retention_s: *q.message_retention_s,
            sqs_managed_sse: true,
            redrive_policy,
        };
        b.add(Spec::new(
            ids::queue(&q.name),
            Kind::Queue,
            names::queue(&stack, &q.name),
            queue.into(),
        ));
    }
}

pub fn bucket_name(b: &Builder, name: &str) -> String {
    names::bucket(b.name(), name, b.region(), b.ctx.account())
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
            EcrRepositoryProps {
                image_tag_mutability: if *r.immutable_tags { "IMMUTABLE" } else { "MUTABLE" }.into(),
                scan_on_push: *r.scan_on_push,
                encryption: "AES256".into(),
                lifecycle_policy: Some(lifecycle),
            }
            .into(),
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
            CodeCommitRepositoryProps {
                description: r.description.value.clone(),
            }
            .into(),
        ));
    }
}
