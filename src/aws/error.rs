//! AWS SDK errors as `ProviderError`: the operation, AWS's code and message.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::apply::ProviderError;

/// Converts an SDK error of `operation`.
pub fn sdk_error<E>(operation: &str, err: SdkError<E, HttpResponse>) -> ProviderError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let (code, message) = match &err {
        SdkError::ServiceError(service) => {
            let e = service.err();
            let message = match e.message().filter(|m| !m.trim().is_empty()) {
                Some(m) => m.to_string(),
                None => without_message(service.raw()),
            };
            (e.code().unwrap_or("Unknown").to_string(), message)
        }
        SdkError::TimeoutError(_) => ("Timeout".to_string(), "the request timed out".to_string()),
        SdkError::DispatchFailure(_) => (
            "ConnectionFailed".to_string(),
            format!("cannot reach the AWS endpoint: {}", error_chain(&err)),
        ),
        _ => ("RequestFailed".to_string(), format!("{}", DisplayErrorContext(&err))),
    };
    ProviderError::new(operation, code, message)
}

/// A request part the SDK's builder refused (a required field missing), as
/// `service`'s error.
pub fn built<T, E: std::fmt::Display>(service: &str, r: Result<T, E>) -> Result<T, ProviderError> {
    r.map_err(|e| ProviderError::new(service, "InvalidRequest", e.to_string()))
}

/// The messages of an error's sources, without debug dumps, each said once
/// (the outer message of an SDK error is a generic "dispatch failure").
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = err.source();
    while let Some(e) = next {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ")
}

/// What to show for an AWS error that came without a message: the HTTP status
/// and the request id, which AWS Support can trace.
fn without_message(raw: &HttpResponse) -> String {
    let request_id = ["x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id"]
        .iter()
        .find_map(|h| raw.headers().get(*h))
        .unwrap_or("none");
    format!(
        "AWS answered HTTP {} without an error message (request id {request_id})",
        raw.status().as_u16()
    )
}

/// Shorthand for `map_err(|e| sdk_error(op, e))`.
pub trait AwsResultExt<T> {
    fn op(self, operation: &str) -> Result<T, ProviderError>;

    /// The answer, or `None` where AWS said the resource asked about does not
    /// exist (`missing`); any other error as `op`.
    fn if_exists(self, operation: &str, missing: NotFound) -> Result<Option<T>, ProviderError>;

    /// Success where the call succeeded or AWS said the resource was already
    /// gone (`missing`): a delete that finds nothing left to delete has done
    /// its job. Any other error as `op`.
    fn ok_if_gone(self, operation: &str, missing: NotFound) -> Result<(), ProviderError>;
}

impl<T, E> AwsResultExt<T> for Result<T, SdkError<E, HttpResponse>>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    fn op(self, operation: &str) -> Result<T, ProviderError> {
        self.map_err(|e| sdk_error(operation, e))
    }

    fn if_exists(self, operation: &str, missing: NotFound) -> Result<Option<T>, ProviderError> {
        match self {
            Ok(out) => Ok(Some(out)),
            Err(e) if missing.matches(&e) => Ok(None),
            Err(e) => Err(sdk_error(operation, e)),
        }
    }

    fn ok_if_gone(self, operation: &str, missing: NotFound) -> Result<(), ProviderError> {
        self.if_exists(operation, missing).map(drop)
    }
}

/// How an AWS API says that the resource asked about does not exist: each
/// names it its own way (`DBInstanceNotFound`, `ResourceNotFoundException`),
/// so each resource type's codes are written once, here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotFound(&'static [&'static str]);

impl NotFound {
    pub const DB_INSTANCE: NotFound = NotFound(&["DBInstanceNotFound"]);
    pub const DB_SUBNET_GROUP: NotFound = NotFound(&["DBSubnetGroupNotFoundFault"]);
    pub const DB_PARAMETER_GROUP: NotFound = NotFound(&["DBParameterGroupNotFound"]);
    pub const CACHE_SUBNET_GROUP: NotFound = NotFound(&["CacheSubnetGroupNotFoundFault"]);
    pub const REPLICATION_GROUP: NotFound = NotFound(&["ReplicationGroupNotFoundFault"]);
    pub const CACHE_CLUSTER: NotFound = NotFound(&["CacheClusterNotFound"]);
    pub const CACHE_USER: NotFound = NotFound(&["UserNotFound"]);
    pub const CACHE_USER_GROUP: NotFound = NotFound(&["UserGroupNotFound"]);
    /// EKS clusters, node groups and their updates.
    pub const EKS: NotFound = NotFound(&["ResourceNotFoundException"]);
    pub const ECR_REPOSITORY: NotFound = NotFound(&["RepositoryNotFoundException"]);
    pub const ECR_LIFECYCLE_POLICY: NotFound = NotFound(&["LifecyclePolicyNotFoundException"]);
    pub const CODECOMMIT_REPOSITORY: NotFound = NotFound(&["RepositoryDoesNotExistException"]);
    pub const SECURITY_GROUP: NotFound = NotFound(&["InvalidGroup.NotFound"]);
    pub const FLOW_LOG: NotFound = NotFound(&["InvalidFlowLogId.NotFound"]);
    pub const ROUTE_TABLE: NotFound = NotFound(&["InvalidRouteTableID.NotFound"]);
    pub const VPC: NotFound = NotFound(&["InvalidVpcID.NotFound"]);
    pub const SUBNET: NotFound = NotFound(&["InvalidSubnetID.NotFound"]);
    pub const INTERNET_GATEWAY: NotFound = NotFound(&["InvalidInternetGatewayID.NotFound"]);
    /// A launch template id EC2 does not know, or one it cannot have made.
    pub const LAUNCH_TEMPLATE: NotFound = NotFound(&["InvalidLaunchTemplateId.NotFound", "InvalidLaunchTemplateId.Malformed"]);
    pub const ELASTIC_IP: NotFound = NotFound(&["InvalidAllocationID.NotFound"]);
    pub const NAT_GATEWAY: NotFound = NotFound(&["NatGatewayNotFound"]);
    /// IAM roles, policies and instance profiles.
    pub const IAM: NotFound = NotFound(&["NoSuchEntity"]);
    pub const TRAIL: NotFound = NotFound(&["TrailNotFoundException"]);
    pub const LOAD_BALANCER: NotFound = NotFound(&["LoadBalancerNotFound"]);
    pub const LISTENER: NotFound = NotFound(&["ListenerNotFound"]);
    pub const TARGET_GROUP: NotFound = NotFound(&["TargetGroupNotFound"]);
    /// A load balancer, target group or listener `stackctl import` asks for:
    /// ELB refuses a malformed ARN or name as a validation error.
    pub const ELBV2_IMPORT: NotFound = NotFound(&["LoadBalancerNotFound", "TargetGroupNotFound", "ListenerNotFound", "ValidationError"]);
    /// An ACM certificate: a malformed ARN names none either.
    pub const CERTIFICATE: NotFound = NotFound(&["ResourceNotFoundException", "InvalidArnException"]);
    /// SNS topics and subscriptions.
    pub const SNS: NotFound = NotFound(&["NotFound"]);
    pub const DASHBOARD: NotFound = NotFound(&["ResourceNotFound"]);
    pub const ORIGIN_ACCESS_CONTROL: NotFound = NotFound(&["NoSuchOriginAccessControl"]);
    /// WAFv2 web ACLs, their associations and logging configurations.
    pub const WAF: NotFound = NotFound(&["WAFNonexistentItemException"]);
    pub const DISTRIBUTION: NotFound = NotFound(&["NoSuchDistribution"]);
    /// Backup vaults, plans and selections.
    pub const BACKUP: NotFound = NotFound(&["ResourceNotFoundException"]);
    /// A backup vault or plan `stackctl import` asks for: a malformed plan id
    /// is refused as an invalid parameter.
    pub const BACKUP_IMPORT: NotFound = NotFound(&["ResourceNotFoundException", "InvalidParameterValueException"]);
    pub const QUEUE: NotFound = NotFound(&["AWS.SimpleQueueService.NonExistentQueue"]);
    /// KMS keys and aliases.
    pub const KMS: NotFound = NotFound(&["NotFoundException"]);
    pub const LOG_GROUP: NotFound = NotFound(&["ResourceNotFoundException"]);
    pub const BUCKET: NotFound = NotFound(&["NoSuchBucket"]);
    /// A bucket's settings that may be absent: no answer is no setting.
    pub const PUBLIC_ACCESS_BLOCK: NotFound = NotFound(&["NoSuchPublicAccessBlockConfiguration"]);
    pub const OWNERSHIP_CONTROLS: NotFound = NotFound(&["OwnershipControlsNotFoundError"]);
    pub const BUCKET_POLICY: NotFound = NotFound(&["NoSuchBucketPolicy"]);
    pub const BUCKET_ENCRYPTION: NotFound = NotFound(&["ServerSideEncryptionConfigurationNotFoundError"]);

    /// Whether `code` is one of these.
    pub fn is(self, code: Option<&str>) -> bool {
        code.is_some_and(|c| self.0.contains(&c))
    }

    /// Whether AWS answered `err` with one of these codes.
    pub fn matches<E: ProvideErrorMetadata, R>(self, err: &SdkError<E, R>) -> bool {
        self.is(code_of(err))
    }
}

/// The AWS error code of an SDK error, if AWS answered with one.
pub fn code_of<E, R>(err: &SdkError<E, R>) -> Option<&str>
where
    E: ProvideErrorMetadata,
{
    match err {
        SdkError::ServiceError(s) => s.err().code(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_elasticache::operation::delete_user::DeleteUserError;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    #[test]
    fn not_found_is_told_by_the_resource_types_own_codes() {
        assert!(NotFound::DB_INSTANCE.is(Some("DBInstanceNotFound")));
        assert!(!NotFound::DB_INSTANCE.is(Some("DBSubnetGroupNotFoundFault")));
        assert!(!NotFound::EKS.is(None));
    }

    /// DeleteUser's error where AWS answered with `code`.
    fn delete_user_refused(code: &str) -> SdkError<DeleteUserError, HttpResponse> {
        let raw = HttpResponse::new(StatusCode::try_from(400).unwrap(), SdkBody::empty());
        let meta = aws_smithy_types::error::ErrorMetadata::builder()
            .code(code)
            .message("said so")
            .build();
        SdkError::service_error(DeleteUserError::generic(meta), raw)
    }

    #[test]
    fn a_delete_is_done_when_it_succeeds_or_finds_the_resource_already_gone() {
        let (op, missing) = ("elasticache:DeleteUser", NotFound::CACHE_USER);
        let deleted: Result<(), SdkError<DeleteUserError, HttpResponse>> = Ok(());
        assert!(deleted.ok_if_gone(op, missing).is_ok());
        assert!(Err::<(), _>(delete_user_refused("UserNotFound")).ok_if_gone(op, missing).is_ok());
        let refused = Err::<(), _>(delete_user_refused("InvalidUserState")).ok_if_gone(op, missing);
        let e = refused.expect_err("another error fails the delete");
        assert_eq!(e.to_string(), "elasticache:DeleteUser failed: InvalidUserState: said so");
    }

    #[test]
    fn an_error_without_a_message_shows_the_status_and_request_id() {
        let mut raw = HttpResponse::new(StatusCode::try_from(403).unwrap(), SdkBody::empty());
        raw.headers_mut().insert("x-amzn-RequestId", "4f1c-example");
        let err = aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityError::generic(
            aws_smithy_types::error::ErrorMetadata::builder()
                .code("UnrecognizedClientException")
                .build(),
        );
        let e = sdk_error("sts:GetCallerIdentity", SdkError::service_error(err, raw));
        assert_eq!(
            e.to_string(),
            "sts:GetCallerIdentity failed: UnrecognizedClientException: AWS answered HTTP 403 without an error message (request id 4f1c-example)"
        );
    }
}
