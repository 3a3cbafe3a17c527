//! A web ACL's logging configuration: the log group WAF writes a record of
//! every inspected request to, and the headers it leaves out of each record.
//!
//! In the stack's props a web ACL's `logging` is a map of `log_destination`
//! (the log group's ARN) and `redacted_headers` (header names, lower case).
//! WAF adds the log group's resource policy for its log delivery itself when
//! the caller may (`logs:PutResourcePolicy`, `logs:DescribeResourcePolicies`).

use aws_sdk_wafv2::types::{FieldToMatch, LoggingConfiguration, Scope, SingleHeader};

use super::{built, client};
use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, code_of, sdk_error};
use crate::graph::{Props, Value};

/// The configuration `logging` asks for on the web ACL `acl_arn`.
fn configuration(acl_arn: &str, logging: &Props) -> Result<LoggingConfiguration, ProviderError> {
    let destination = logging
        .get("log_destination")
        .and_then(Value::as_str)
        .ok_or_else(|| ProviderError::new("stackctl", "MissingProperty", "a web ACL's logging has no log_destination"))?;
    let redacted = match logging.get("redacted_headers") {
        Some(Value::List(headers)) => headers
            .iter()
            .filter_map(Value::as_str)
            .map(|name| {
                let header = built(SingleHeader::builder().name(name).build())?;
                Ok(FieldToMatch::builder().single_header(header).build())
            })
            .collect::<Result<Vec<_>, ProviderError>>()?,
        _ => Vec::new(),
    };
    built(
        LoggingConfiguration::builder()
            .resource_arn(acl_arn)
            .log_destination_configs(destination)
            .set_redacted_fields((!redacted.is_empty()).then_some(redacted))
            .build(),
    )
}

/// Sets the web ACL's logging as `props` ask: on (PutLoggingConfiguration
/// replaces the whole configuration) or off.
pub(super) async fn apply(aws: &Aws, scope: &Scope, acl_arn: &str, props: &Props) -> Result<(), ProviderError> {
    match props.get("logging").and_then(Value::as_map) {
        Some(logging) => {
            client(aws, scope)
                .put_logging_configuration()
                .logging_configuration(configuration(acl_arn, logging)?)
                .send()
                .await
                .op("wafv2:PutLoggingConfiguration")?;
            Ok(())
        }
        None => remove(aws, scope, acl_arn).await,
    }
}

/// Stops the web ACL's logging; nothing to do when it has none.
pub(super) async fn remove(aws: &Aws, scope: &Scope, acl_arn: &str) -> Result<(), ProviderError> {
    match client(aws, scope).delete_logging_configuration().resource_arn(acl_arn).send().await {
        Ok(_) => Ok(()),
        Err(e) if code_of(&e) == Some("WAFNonexistentItemException") => Ok(()),
        Err(e) => Err(sdk_error("wafv2:DeleteLoggingConfiguration", e)),
    }
}

/// The web ACL's logging in the normal form of `expand`, if it has any.
pub(super) async fn read(aws: &Aws, scope: &Scope, acl_arn: &str) -> Result<Option<Value>, ProviderError> {
    let out = match client(aws, scope).get_logging_configuration().resource_arn(acl_arn).send().await {
        Ok(out) => out,
        Err(e) if code_of(&e) == Some("WAFNonexistentItemException") => return Ok(None),
        Err(e) => return Err(sdk_error("wafv2:GetLoggingConfiguration", e)),
    };
    let Some(config) = out.logging_configuration() else {
        return Ok(None);
    };
    Ok(Some(described(config)))
}

fn described(config: &LoggingConfiguration) -> Value {
    let mut logging = Props::new();
    if let Some(destination) = config.log_destination_configs().first() {
        logging.insert("log_destination".into(), Value::str(destination));
    }
    let headers: Vec<Value> = config
        .redacted_fields()
        .iter()
        .filter_map(|f| f.single_header())
        .map(|h| Value::str(h.name().to_ascii_lowercase()))
        .collect();
    if !headers.is_empty() {
        logging.insert("redacted_headers".into(), Value::List(headers));
    }
    Value::Map(logging)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::props;

    #[test]
    fn the_configuration_round_trips_through_the_aws_form() {
        let logging = props! {
            "log_destination" => "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-shop-regional",
            "redacted_headers" => Value::List(vec![Value::str("authorization"), Value::str("cookie")]),
        };
        let config =
            configuration("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop-regional/1", &logging).expect("a configuration");
        assert_eq!(described(&config), Value::Map(logging));
    }
}
