//! A web ACL's logging configuration: the log group WAF writes a record of
//! every inspected request to, and the headers it leaves out of each record.
//!
//! WAF adds the log group's resource policy for its log delivery itself when
//! the caller may (`logs:PutResourcePolicy`, `logs:DescribeResourcePolicies`).

use aws_sdk_wafv2::types::{FieldToMatch, LoggingConfiguration, Scope, SingleHeader};

use super::client;
use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound, built};
use crate::graph::Value;
use crate::graph::props::WafLogging;

/// The configuration `logging` asks for on the web ACL `acl_arn`.
fn configuration(acl_arn: &str, logging: &WafLogging) -> Result<LoggingConfiguration, ProviderError> {
    let redacted = logging
        .redacted_headers
        .iter()
        .map(|name| {
            let header = built("wafv2", SingleHeader::builder().name(name).build())?;
            Ok(FieldToMatch::builder().single_header(header).build())
        })
        .collect::<Result<Vec<_>, ProviderError>>()?;
    built(
        "wafv2",
        LoggingConfiguration::builder()
            .resource_arn(acl_arn)
            .log_destination_configs(logging.log_destination.as_str().unwrap_or_default())
            .set_redacted_fields((!redacted.is_empty()).then_some(redacted))
            .build(),
    )
}

/// Sets the web ACL's logging: on (PutLoggingConfiguration replaces the whole
/// configuration) or off.
pub(super) async fn apply(aws: &Aws, scope: &Scope, acl_arn: &str, logging: Option<&WafLogging>) -> Result<(), ProviderError> {
    match logging {
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
    let asked = client(aws, scope).delete_logging_configuration().resource_arn(acl_arn).send().await;
    asked.ok_if_gone("wafv2:DeleteLoggingConfiguration", NotFound::WAF)
}

/// The web ACL's logging in the normal form of `expand`, if it has any.
pub(super) async fn read(aws: &Aws, scope: &Scope, acl_arn: &str) -> Result<Option<WafLogging>, ProviderError> {
    let asked = client(aws, scope).get_logging_configuration().resource_arn(acl_arn).send().await;
    let Some(out) = asked.if_exists("wafv2:GetLoggingConfiguration", NotFound::WAF)? else {
        return Ok(None);
    };
    let Some(config) = out.logging_configuration() else {
        return Ok(None);
    };
    Ok(Some(described(config)))
}

fn described(config: &LoggingConfiguration) -> WafLogging {
    WafLogging {
        // WAF takes exactly one destination.
        log_destination: Value::str(config.log_destination_configs().first().map_or("", String::as_str)),
        redacted_headers: config
            .redacted_fields()
            .iter()
            .filter_map(|f| f.single_header())
            .map(|h| h.name().to_ascii_lowercase())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configuration_round_trips_through_the_aws_form() {
        let logging = WafLogging {
            log_destination: Value::str("arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-shop-regional"),
            redacted_headers: vec!["authorization".into(), "cookie".into()],
        };
        let config =
            configuration("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop-regional/1", &logging).expect("a configuration");
        assert_eq!(described(&config), logging);
    }
}
