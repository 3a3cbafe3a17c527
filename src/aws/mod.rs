//! The AWS provider: one module per service, each implementing discovery,
//! read, create, update and delete for its kinds. Depends on the core, never
//! the other way round.

mod codecommit;
pub mod config;
mod discover;
mod ec2;
mod ecr;
pub mod error;
mod iam;
mod json;
mod logs;
mod retry;
mod s3;
mod sqs;
mod tagging;
mod tags;

use async_trait::async_trait;

pub use config::Connection;
pub use discover::{discover, read_settings};

use crate::apply::{DeleteOptions, Progress, Provider, ProviderError, Request};
use crate::graph::Kind;
use crate::plan::{AttrChange, LiveResource};
use error::AwsResultExt;

/// Clients of every service a stack uses, for one stack in one account.
pub struct Aws {
    pub stack: String,
    pub region: String,
    pub account_id: String,
    pub(crate) codecommit: aws_sdk_codecommit::Client,
    pub(crate) ec2: aws_sdk_ec2::Client,
    pub(crate) iam: aws_sdk_iam::Client,
    pub(crate) sqs: aws_sdk_sqs::Client,
    pub(crate) s3: aws_sdk_s3::Client,
    pub(crate) ecr: aws_sdk_ecr::Client,
    pub(crate) logs: aws_sdk_cloudwatchlogs::Client,
    pub(crate) tagging: aws_sdk_resourcegroupstagging::Client,
}

impl Aws {
    /// Loads the configuration and asks STS who we are: the account id is part
    /// of bucket names, and a failure here says "no credentials" early.
    pub async fn connect(conn: &Connection, stack: &str) -> Result<Aws, ProviderError> {
        let sdk = config::load(conn).await;
        let sts = aws_sdk_sts::Client::new(&sdk);
        let me = sts.get_caller_identity().send().await.op("sts:GetCallerIdentity")?;
        let account_id = me.account().unwrap_or_default().to_string();
        let s3_config = aws_sdk_s3::config::Builder::from(&sdk)
            // Emulators on a loopback address cannot serve virtual-hosted buckets.
            .force_path_style(config::has_endpoint_override(conn, &sdk))
            .build();
        Ok(Aws {
            stack: stack.to_string(),
            region: conn.region.clone(),
            account_id,
            codecommit: aws_sdk_codecommit::Client::new(&sdk),
            ec2: aws_sdk_ec2::Client::new(&sdk),
            iam: aws_sdk_iam::Client::new(&sdk),
            sqs: aws_sdk_sqs::Client::new(&sdk),
            s3: aws_sdk_s3::Client::from_conf(s3_config),
            ecr: aws_sdk_ecr::Client::new(&sdk),
            logs: aws_sdk_cloudwatchlogs::Client::new(&sdk),
            tagging: aws_sdk_resourcegroupstagging::Client::new(&sdk),
        })
    }

    /// The kinds this version manages; the plan lists the others as unmanaged.
    pub fn supports(kind: Kind) -> bool {
        ec2::supports(kind)
            || matches!(
                kind,
                Kind::IamRole | Kind::Queue | Kind::Bucket | Kind::EcrRepository | Kind::LogGroup | Kind::CodeCommitRepository
            )
    }
}

pub(crate) fn unsupported(kind: Kind) -> ProviderError {
    ProviderError::new(
        "stackctl",
        "UnsupportedKind",
        format!("{kind} is not managed by this version of stackctl"),
    )
}

#[async_trait]
impl Provider for Aws {
    fn supports(&self, kind: Kind) -> bool {
        Aws::supports(kind)
    }

    async fn create(&self, req: &Request) -> Result<LiveResource, ProviderError> {
        match req.node.kind {
            k if ec2::supports(k) => ec2::create(self, req).await,
            Kind::IamRole => iam::create(self, req).await,
            Kind::Queue => sqs::create(self, req).await,
            Kind::Bucket => s3::create(self, req).await,
            Kind::EcrRepository => ecr::create(self, req).await,
            Kind::LogGroup => logs::create(self, req).await,
            Kind::CodeCommitRepository => codecommit::create(self, req).await,
            other => Err(unsupported(other)),
        }
    }

    async fn update(&self, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
        match req.node.kind {
            k if ec2::supports(k) => ec2::update(self, req, live, changes).await,
            Kind::IamRole => iam::update(self, req, live, changes).await,
            Kind::Queue => sqs::update(self, req, live, changes).await,
            Kind::Bucket => s3::update(self, req, live, changes).await,
            Kind::EcrRepository => ecr::update(self, req, live, changes).await,
            Kind::LogGroup => logs::update(self, req, live, changes).await,
            Kind::CodeCommitRepository => codecommit::update(self, req, live, changes).await,
            other => Err(unsupported(other)),
        }
    }

    async fn delete(&self, live: &LiveResource, options: DeleteOptions) -> Result<(), ProviderError> {
        let _ = options;
        match live.kind {
            k if ec2::supports(k) => ec2::delete(self, live).await,
            Kind::IamRole => iam::delete(self, live).await,
            Kind::Queue => sqs::delete(self, live).await,
            Kind::Bucket => s3::delete(self, live).await,
            Kind::EcrRepository => ecr::delete(self, live).await,
            Kind::LogGroup => logs::delete(self, live).await,
            Kind::CodeCommitRepository => codecommit::delete(self, live).await,
            other => Err(unsupported(other)),
        }
    }

    async fn wait_ready(&self, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
        match live.kind {
            k if ec2::supports(k) => ec2::wait_ready(self, live, progress).await,
            // Roles, queues, buckets, registries and log groups are usable
            // as soon as they are created.
            _ => Ok(live.clone()),
        }
    }
}
