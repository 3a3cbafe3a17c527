//! AWS SDK errors as `ProviderError`: the operation, AWS's code and message.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::apply::ProviderError;

/// Converts an SDK error of `operation`.
pub fn sdk_error<E, R>(operation: &str, err: SdkError<E, R>) -> ProviderError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let (code, message) = match &err {
        SdkError::ServiceError(service) => {
            let e = service.err();
            (
                e.code().unwrap_or("Unknown").to_string(),
                e.message().unwrap_or_default().to_string(),
            )
        }
        SdkError::TimeoutError(_) => ("Timeout".to_string(), "the request timed out".to_string()),
        SdkError::DispatchFailure(_) => (
            "ConnectionFailed".to_string(),
            format!("cannot reach the AWS endpoint: {}", chain(&err)),
        ),
        _ => ("RequestFailed".to_string(), format!("{}", DisplayErrorContext(&err))),
    };
    ProviderError::new(operation, code, message)
}

/// The messages of an error and its sources, without debug dumps, each said once.
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
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

/// Shorthand for `map_err(|e| sdk_error(op, e))`.
pub trait AwsResultExt<T> {
    fn op(self, operation: &str) -> Result<T, ProviderError>;
}

impl<T, E, R> AwsResultExt<T> for Result<T, SdkError<E, R>>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    fn op(self, operation: &str) -> Result<T, ProviderError> {
        self.map_err(|e| sdk_error(operation, e))
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
