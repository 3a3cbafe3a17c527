//! The SDK may re-send a request that failed with a 5xx or timed out: right for
//! reads and idempotent writes, wrong for a create without an idempotency token,
//! which on AWS may have happened before the error (a duplicate VPC, a second
//! KMS key, or `AlreadyExists` on the retry). On every client, this refuses the
//! SDK's retry of such creates, except for throttling, which AWS answers before
//! doing anything; `create::exactly_once` then finds out whether the create
//! happened (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
//!
//! The operation's name is only in the operation's config bag, which retry
//! classifiers do not see: an interceptor reads it after each attempt and hands
//! it to the classifier through a thread-local. The orchestrator runs the
//! `read_after_attempt` hooks and then the classifiers in one poll, with no
//! await between them, so no other request can run on the thread in between.

use std::cell::RefCell;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{FinalizerInterceptorContextRef, InterceptorContext};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::retries::classifiers::{ClassifyRetry, RetryAction, RetryClassifierPriority, RetryReason};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::retry::ErrorKind;

use super::call_log::operation_name;

/// Creates whose request carries an idempotency token stackctl derives from the
/// stack, the logical id and the settings hash (`create::token`): AWS answers a
/// re-sent one with the resource the first one made, so the SDK may retry them.
/// `CreateTags` creates no resource and is idempotent.
pub const RETRY_SAFE_CREATES: &[&str] = &[
    "CreateNatGateway",
    "CreateFlowLogs",
    "CreateLaunchTemplate",
    "CreateCluster",
    "CreateNodegroup",
    "CreateDistributionWithTags",
    "CreateTags",
];

/// Whether a failed attempt of `operation` may not be re-sent blindly: it
/// creates something and carries no idempotency token.
pub fn unsafe_to_resend(operation: &str) -> bool {
    ["Create", "Allocate", "Run", "Request"].iter().any(|p| operation.starts_with(p)) && !RETRY_SAFE_CREATES.contains(&operation)
}

thread_local! {
    /// The operation of the attempt just finished, when it is unsafe to resend.
    static UNSAFE_ATTEMPT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Interceptor half: names the attempt's operation for the classifier.
#[derive(Debug, Clone, Default)]
pub struct WatchCreates;

impl Intercept for WatchCreates {
    fn name(&self) -> &'static str {
        "stackctl::WatchCreates"
    }

    fn read_after_attempt(
        &self,
        _: &FinalizerInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let flag = cfg.load::<Metadata>().is_some_and(|m| unsafe_to_resend(m.name()));
        let flagged = operation_name(cfg).filter(|_| flag);
        UNSAFE_ATTEMPT.with(|c| *c.borrow_mut() = flagged);
        Ok(())
    }
}

/// Classifier half: runs after the SDK's own classifiers and forbids a retry
/// they asked for, unless it is a throttling retry.
#[derive(Debug, Clone, Default)]
pub struct NoBlindCreateRetry;

impl ClassifyRetry for NoBlindCreateRetry {
    fn classify_retry(&self, _: &InterceptorContext) -> RetryAction {
        RetryAction::NoActionIndicated
    }

    fn classify_retry_v2(&self, _: &InterceptorContext, previous: &RetryAction) -> RetryAction {
        let operation = UNSAFE_ATTEMPT.with(|c| c.borrow_mut().take());
        match (operation, previous) {
            (Some(op), RetryAction::RetryIndicated(RetryReason::RetryableError { kind, .. })) if *kind != ErrorKind::ThrottlingError => {
                tracing::info!("{op}: not re-sent after an ambiguous failure; looking for what it created");
                RetryAction::RetryForbidden
            }
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "stackctl::NoBlindCreateRetry"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::client::interceptors::context::Input;

    fn after(operation: Option<&str>, previous: RetryAction) -> RetryAction {
        UNSAFE_ATTEMPT.with(|c| *c.borrow_mut() = operation.map(str::to_string));
        let ctx = InterceptorContext::new(Input::doesnt_matter());
        NoBlindCreateRetry.classify_retry_v2(&ctx, &previous)
    }

    #[test]
    fn only_throttling_of_a_create_without_a_token_is_retried() {
        let server = RetryAction::retryable_error(ErrorKind::ServerError);
        let transient = RetryAction::retryable_error(ErrorKind::TransientError);
        let throttled = RetryAction::retryable_error(ErrorKind::ThrottlingError);
        assert_eq!(after(Some("EC2.CreateVpc"), server.clone()), RetryAction::RetryForbidden);
        assert_eq!(after(Some("EC2.CreateVpc"), transient), RetryAction::RetryForbidden);
        assert_eq!(after(Some("EC2.CreateVpc"), throttled), RetryAction::NoActionIndicated);
        assert_eq!(after(None, server), RetryAction::NoActionIndicated);
        // The flag is used once: the next classification is not affected.
        assert_eq!(
            NoBlindCreateRetry.classify_retry_v2(
                &InterceptorContext::new(Input::doesnt_matter()),
                &RetryAction::retryable_error(ErrorKind::ServerError)
            ),
            RetryAction::NoActionIndicated
        );
    }

    #[test]
    fn creates_without_a_token_are_not_resent() {
        for op in [
            "CreateVpc",
            "CreateSubnet",
            "AllocateAddress",
            "CreateKey",
            "CreateRole",
            "CreateDBInstance",
            "CreateBucket",
        ] {
            assert!(unsafe_to_resend(op), "{op}");
        }
        for op in [
            "CreateNatGateway",
            "CreateFlowLogs",
            "CreateCluster",
            "CreateTags",
            "DescribeVpcs",
            "PutBucketTagging",
            "ModifyVpcAttribute",
        ] {
            assert!(!unsafe_to_resend(op), "{op}");
        }
    }
}
