//! A WAFv2 web ACL's settings: its rules and where it logs.

use super::{MapProps, PropsError, Reader};
use crate::graph::value::{Props, Value};
use crate::props;

crate::typed_props! {
    /// A web ACL as the stack wants it, and as AWS reports it.
    pub struct WebAclProps for WebAcl {
        /// `REGIONAL` (the ALB's) or `CLOUDFRONT`.
        pub scope: String,
        /// Where it lives: the stack's region, or us-east-1 for CLOUDFRONT.
        pub region: String,
        /// `allow` or `block`: what happens to a request no rule decides.
        pub default_action: String,
        /// By priority, lowest first.
        pub rules: Vec<WafRule>,
        /// Where WAF logs the requests it inspects; none when logging is off.
        pub logging: Option<WafLogging>,
    }
}

crate::typed_props! {
    /// One rule of a web ACL.
    pub struct WafRule {
        pub statement as ..: WafStatement,
        pub name: String,
        pub priority: u32,
    }
}

/// What a rule checks, by the key it is written under.
#[derive(Debug, Clone, PartialEq)]
pub enum WafStatement {
    /// `managed_rule_group`: an AWS managed rule group, with its own actions.
    ManagedRuleGroup(String),
    /// `rate_limit`: blocks a client IP above this many requests in 5 minutes.
    RateLimit(i64),
    /// Another statement (a rule changed outside stackctl): no key, so the
    /// plan shows the difference.
    Other,
}

crate::typed_props! {
    /// A web ACL's `LoggingConfiguration`.
    pub struct WafLogging {
        /// The log group's ARN: a reference in the graph, a string once resolved.
        pub log_destination: Value,
        /// Header names (lower case) left out of every record; not written when
        /// empty.
        pub redacted_headers unless empty: Vec<String>,
    }
}

impl From<WafStatement> for Props {
    fn from(s: WafStatement) -> Props {
        match s {
            WafStatement::ManagedRuleGroup(g) => props! { "managed_rule_group" => g },
            WafStatement::RateLimit(l) => props! { "rate_limit" => l },
            WafStatement::Other => Props::new(),
        }
    }
}

impl MapProps for WafStatement {
    fn read_map(r: &Reader<'_>) -> Result<WafStatement, PropsError> {
        Ok(match (r.optional_str("managed_rule_group")?, r.optional("rate_limit")) {
            (Some(g), _) => WafStatement::ManagedRuleGroup(g),
            (None, Some(_)) => WafStatement::RateLimit(r.i64("rate_limit")?),
            (None, None) => WafStatement::Other,
        })
    }
}

#[cfg(test)]
impl WebAclProps {
    /// A regional web ACL with the managed common rule set and a rate limit,
    /// without logging: a fixture for the tests that build AWS requests.
    pub fn example() -> WebAclProps {
        WebAclProps {
            scope: "REGIONAL".into(),
            region: "eu-west-1".into(),
            default_action: "allow".into(),
            rules: vec![
                WafRule {
                    name: "AWSManagedRulesCommonRuleSet".into(),
                    priority: 0,
                    statement: WafStatement::ManagedRuleGroup("AWSManagedRulesCommonRuleSet".into()),
                },
                WafRule {
                    name: "rate-limit".into(),
                    priority: 1,
                    statement: WafStatement::RateLimit(2000),
                },
            ],
            logging: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::props::error_after;

    /// The example with a rule of someone else's and logging.
    fn acl() -> WebAclProps {
        let mut acl = WebAclProps::example();
        acl.rules.push(WafRule {
            name: "theirs".into(),
            priority: 2,
            statement: WafStatement::Other,
        });
        WebAclProps {
            logging: Some(WafLogging {
                log_destination: Value::str("arn:aws:logs:eu-west-1:1:log-group:aws-waf-logs-shop-regional"),
                redacted_headers: vec!["authorization".into(), "cookie".into()],
            }),
            ..acl
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(WebAclProps::try_from(&Props::from(acl())), Ok(acl()));
        let quiet = WebAclProps { logging: None, ..acl() };
        assert_eq!(WebAclProps::try_from(&Props::from(quiet.clone())), Ok(quiet));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let e = error_after(acl(), |props| {
            props.remove("default_action");
        });
        assert_eq!(e, "aws_wafv2_web_acl props: `default_action` is missing");
        let e = error_after(acl(), |props| {
            props.insert(
                "rules".into(),
                Value::List(vec![Value::Map(props! { "name" => "x", "priority" => "1" })]),
            );
        });
        assert_eq!(e, "aws_wafv2_web_acl props: `priority` is not a whole number from 0 to 4294967295");
    }
}
