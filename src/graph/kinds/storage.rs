//! Queues, buckets and repositories.

use super::{IdShape, KindSpec, Output, typed};
use crate::graph::Kind;
use crate::graph::props::{BucketProps, CodeCommitRepositoryProps, EcrRepositoryProps, QueueProps};

pub const SPECS: &[KindSpec] = &[
    // SQS cannot turn a standard queue into a FIFO one (the name ends `.fifo`).
    KindSpec {
        replace_on: &["fifo"],
        outputs: &[Output::same("url")],
        aws_ids: &[IdShape::Url, IdShape::arn("sqs", "")],
        props: Some(typed::<QueueProps>),
        ..KindSpec::new(Kind::Queue, "aws_sqs_queue", 270)
    },
    // Before the trail and flow log that write into the logs bucket.
    KindSpec {
        outputs: &[Output::terraform("name", "bucket")],
        aws_ids: &[IdShape::arn("s3", "")],
        props: Some(typed::<BucketProps>),
        ..KindSpec::new(Kind::Bucket, "aws_s3_bucket", 280)
    },
    // ECR cannot change a repository's encryption once created.
    KindSpec {
        replace_on: &["encryption"],
        outputs: &[Output::terraform("url", "repository_url")],
        aws_ids: &[IdShape::arn("ecr", "")],
        props: Some(typed::<EcrRepositoryProps>),
        ..KindSpec::new(Kind::EcrRepository, "aws_ecr_repository", 290)
    },
    KindSpec {
        outputs: &[Output::same("clone_url_http")],
        aws_ids: &[IdShape::arn("codecommit", "")],
        props: Some(typed::<CodeCommitRepositoryProps>),
        ..KindSpec::new(Kind::CodeCommitRepository, "aws_codecommit_repository", 360)
    },
];
