//! The AWS provider: one module per service, each implementing `Service` by
//! listing the units of its kinds (`resource::Resource`: discovery, read,
//! create, update, delete, readiness, import), one per kind file. Depends on
//! the core, never the other way round.

pub mod acm;
pub mod adopt;
mod autoscaling;
mod backup;
pub mod call_log;
mod classify;
mod cloudfront;
mod cloudtrail;
mod cloudwatch;
mod codecommit;
pub mod config;
pub(crate) mod create;
mod create_retry;
mod described;
mod discover;
pub(crate) mod ec2;
mod ecr;
mod eks;
mod elasticache;
mod elbv2;
pub mod error;
mod iam;
mod json;
mod logs;
mod props;
mod rds;
pub mod resource;
mod retry;
mod s3;
pub mod service;
mod sns;
mod sqs;
mod tag_api;
pub mod tagging;
mod tags;
mod trace;
mod wafv2;

use async_trait::async_trait;
use aws_config::Region;

pub use config::{ConnectError, Connection};
pub use discover::{discover, read_settings};
pub use ec2::offered_zones;
pub use rds::final_snapshots;

use crate::apply::{DeleteOptions, Progress, Provider, ProviderError, Request};
use crate::graph::Kind;
use crate::plan::{AttrChange, LiveResource};
use service::Service;

/// Every service module, in the order discovery runs them.
const SERVICES: &[&dyn Service] = &[
    &ec2::Ec2,
    &iam::Iam,
    &eks::Eks,
    &autoscaling::AutoScaling,
    &rds::Rds,
    &elasticache::ElastiCache,
    &elbv2::Elbv2,
    &wafv2::Wafv2,
    &cloudfront::CloudFront,
    &sqs::Sqs,
    &sns::Sns,
    &s3::S3,
    &ecr::Ecr,
    &logs::Logs,
    &cloudwatch::CloudWatch,
    &cloudtrail::CloudTrail,
    &codecommit::CodeCommit,
    &backup::Backup,
];

fn service_of(kind: Kind) -> Option<&'static dyn Service> {
    SERVICES.iter().copied().find(|s| s.resource(kind).is_some())
}

/// Clients of every service a stack uses, for one stack in one account.
pub struct Aws {
    pub stack: String,
    pub region: String,
    pub account_id: String,
    /// ACM in the stack's region (the ALB's certificate).
    pub(crate) acm: aws_sdk_acm::Client,
    /// ACM in us-east-1: CloudFront's certificates live there whatever the region.
    pub(crate) acm_global: aws_sdk_acm::Client,
    pub(crate) autoscaling: aws_sdk_autoscaling::Client,
    pub(crate) backup: aws_sdk_backup::Client,
    pub(crate) cloudfront: aws_sdk_cloudfront::Client,
    pub(crate) cloudtrail: aws_sdk_cloudtrail::Client,
    pub(crate) cloudwatch: aws_sdk_cloudwatch::Client,
    pub(crate) codecommit: aws_sdk_codecommit::Client,
    pub(crate) ec2: aws_sdk_ec2::Client,
    pub(crate) ecr: aws_sdk_ecr::Client,
    pub(crate) eks: aws_sdk_eks::Client,
    pub(crate) elasticache: aws_sdk_elasticache::Client,
    pub(crate) elbv2: aws_sdk_elasticloadbalancingv2::Client,
    pub(crate) iam: aws_sdk_iam::Client,
    pub(crate) kms: aws_sdk_kms::Client,
    pub(crate) logs: aws_sdk_cloudwatchlogs::Client,
    /// CloudWatch Logs in us-east-1: a CloudFront web ACL logs only there.
    pub(crate) logs_global: aws_sdk_cloudwatchlogs::Client,
    pub(crate) rds: aws_sdk_rds::Client,
    pub(crate) s3: aws_sdk_s3::Client,
    pub(crate) sns: aws_sdk_sns::Client,
    pub(crate) sqs: aws_sdk_sqs::Client,
    pub(crate) tagging: aws_sdk_resourcegroupstagging::Client,
    /// WAFv2 in the stack's region (REGIONAL web ACLs).
    pub(crate) wafv2: aws_sdk_wafv2::Client,
    /// WAFv2 in us-east-1: CLOUDFRONT web ACLs live there whatever the region.
    pub(crate) wafv2_global: aws_sdk_wafv2::Client,
}

/// A client of `$krate` from the shared config, with the call log attached.
macro_rules! client {
    ($krate:ident, $sdk:expr, $log:expr) => {
        client!($krate, $sdk, $log, |b| b)
    };
    ($krate:ident, $sdk:expr, $log:expr, $tweak:expr) => {{
        let b = $krate::config::Builder::from($sdk)
            .interceptor(trace::Trace::new($log))
            .interceptor(create_retry::WatchCreates)
            .retry_classifier(create_retry::NoBlindCreateRetry);
        #[allow(clippy::redundant_closure_call)]
        let b = ($tweak)(b);
        $krate::Client::from_conf(b.build())
    }};
}

impl Aws {
    /// Loads the configuration and asks STS who we are: the account id is part
    /// of bucket names, and a failure here says "no credentials" early.
    pub async fn connect(conn: &Connection, stack: &str) -> Result<Aws, ConnectError> {
        let sdk = config::load(conn).await;
        config::check_credentials(conn, &sdk).await?;
        let log = call_log::CallLog::from_env();
        let log = log.as_ref();
        let sts = client!(aws_sdk_sts, &sdk, log, |b: aws_sdk_sts::config::Builder| b
            .retry_config(config::first_contact_retry()));
        let account_id = config::first_contact(conn, &sdk, &sts).await?;
        // Emulators on a loopback address cannot serve virtual-hosted buckets.
        let path_style = config::has_endpoint_override(conn, &sdk);
        let global = Region::new("us-east-1");
        Ok(Aws {
            stack: stack.to_string(),
            region: conn.region.clone(),
            account_id,
            acm: client!(aws_sdk_acm, &sdk, log),
            acm_global: client!(aws_sdk_acm, &sdk, log, |b: aws_sdk_acm::config::Builder| b.region(global.clone())),
            autoscaling: client!(aws_sdk_autoscaling, &sdk, log),
            backup: client!(aws_sdk_backup, &sdk, log),
            cloudfront: client!(aws_sdk_cloudfront, &sdk, log, |b: aws_sdk_cloudfront::config::Builder| b
                .region(global.clone())),
            cloudtrail: client!(aws_sdk_cloudtrail, &sdk, log),
            cloudwatch: client!(aws_sdk_cloudwatch, &sdk, log),
            codecommit: client!(aws_sdk_codecommit, &sdk, log),
            ec2: client!(aws_sdk_ec2, &sdk, log),
            ecr: client!(aws_sdk_ecr, &sdk, log),
            eks: client!(aws_sdk_eks, &sdk, log),
            elasticache: client!(aws_sdk_elasticache, &sdk, log),
            elbv2: client!(aws_sdk_elasticloadbalancingv2, &sdk, log),
            iam: client!(aws_sdk_iam, &sdk, log),
            kms: client!(aws_sdk_kms, &sdk, log),
            logs: client!(aws_sdk_cloudwatchlogs, &sdk, log),
            logs_global: client!(aws_sdk_cloudwatchlogs, &sdk, log, |b: aws_sdk_cloudwatchlogs::config::Builder| b
                .region(global.clone())),
            rds: client!(aws_sdk_rds, &sdk, log),
            s3: client!(aws_sdk_s3, &sdk, log, |b: aws_sdk_s3::config::Builder| b
                .force_path_style(path_style)),
            sns: client!(aws_sdk_sns, &sdk, log),
            sqs: client!(aws_sdk_sqs, &sdk, log),
            tagging: client!(aws_sdk_resourcegroupstagging, &sdk, log),
            wafv2: client!(aws_sdk_wafv2, &sdk, log),
            wafv2_global: client!(aws_sdk_wafv2, &sdk, log, |b: aws_sdk_wafv2::config::Builder| b
                .region(global.clone())),
        })
    }

    /// The kinds this version manages; the plan lists the others as unmanaged.
    pub fn supports(kind: Kind) -> bool {
        service_of(kind).is_some()
    }
}

pub(crate) fn unsupported(kind: Kind) -> ProviderError {
    ProviderError::new(
        "stackctl",
        "UnsupportedKind",
        format!("{kind} is not managed by this version of stackctl"),
    )
}

fn service(kind: Kind) -> Result<&'static dyn Service, ProviderError> {
    service_of(kind).ok_or_else(|| unsupported(kind))
}

#[async_trait]
impl Provider for Aws {
    fn supports(&self, kind: Kind) -> bool {
        Aws::supports(kind)
    }

    async fn create(&self, req: &Request) -> Result<LiveResource, ProviderError> {
        create::exactly_once(self, service(req.node.kind)?, req).await
    }

    async fn update(&self, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
        service(req.node.kind)?.update(self, req, live, changes).await
    }

    async fn delete(&self, live: &LiveResource, options: DeleteOptions) -> Result<(), ProviderError> {
        service(live.kind)?.delete(self, live, options).await
    }

    async fn wait_ready(&self, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
        service(live.kind)?.wait_ready(self, live, progress).await
    }
}
