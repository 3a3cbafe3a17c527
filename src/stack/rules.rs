//! AWS naming and value rules (see AWS-RULES.md, Names and limits), as pure
//! functions: `Err` carries what is wrong, phrased to follow the name.

pub type RuleResult = Result<(), String>;

fn lower_alnum_hyphen(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

/// Our own rule for stack names: they prefix every AWS name, so they keep to the
/// strictest character set among those services (S3, RDS, ElastiCache).
pub fn stack_name(name: &str) -> RuleResult {
    if name.is_empty() || name.len() > 24 {
        return Err(format!("must be 1 to 24 characters, it has {}", name.len()));
    }
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err("must start with a lower-case letter".into());
    }
    if !name.chars().all(lower_alnum_hyphen) {
        return Err("may hold only lower-case letters, digits and hyphens".into());
    }
    no_double_or_trailing_hyphen(name)
}

/// A component's own name inside the stack (queue, bucket, node group...).
pub fn component_name(name: &str) -> RuleResult {
    if name.is_empty() {
        return Err("must not be empty".into());
    }
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err("must start with a letter or digit".into());
    }
    Ok(())
}

fn no_double_or_trailing_hyphen(name: &str) -> RuleResult {
    if name.contains("--") {
        return Err("must not contain two hyphens in a row".into());
    }
    if name.ends_with('-') {
        return Err("must not end with a hyphen".into());
    }
    Ok(())
}

fn max_len(name: &str, max: usize) -> RuleResult {
    if name.len() > max {
        return Err(format!("is {} characters long, the limit is {max}", name.len()));
    }
    Ok(())
}

pub fn s3_bucket(name: &str) -> RuleResult {
    if name.len() < 3 {
        return Err("must be at least 3 characters".into());
    }
    max_len(name, 63)?;
    if !name.chars().all(|c| lower_alnum_hyphen(c) || c == '.') {
        return Err("may hold only lower-case letters, digits, dots and hyphens".into());
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return Err("must start and end with a letter or digit".into());
    }
    if name.contains("..") || name.contains(".-") || name.contains("-.") {
        return Err("must not have two dots, or a dot and a hyphen, next to each other".into());
    }
    Ok(())
}

pub fn rds_identifier(name: &str) -> RuleResult {
    max_len(name, 63)?;
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err("must start with a letter".into());
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err("may hold only letters, digits and hyphens".into());
    }
    no_double_or_trailing_hyphen(name)
}

pub fn elasticache_group(name: &str) -> RuleResult {
    max_len(name, 40)?;
    rds_identifier(name)
}

pub fn sqs_queue(name: &str) -> RuleResult {
    max_len(name, 80)?;
    let base = name.strip_suffix(".fifo").unwrap_or(name);
    if !base.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err("may hold only letters, digits, hyphens and underscores (and a `.fifo` suffix)".into());
    }
    Ok(())
}

/// ALB and target group names.
pub fn elb_name(name: &str) -> RuleResult {
    max_len(name, 32)?;
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err("may hold only letters, digits and hyphens".into());
    }
    no_double_or_trailing_hyphen(name)
}

pub fn eks_cluster(name: &str) -> RuleResult {
    max_len(name, 100)
}

pub fn eks_nodegroup(name: &str) -> RuleResult {
    max_len(name, 63)?;
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err("may hold only letters, digits, hyphens and underscores".into());
    }
    Ok(())
}

pub fn iam_role(name: &str) -> RuleResult {
    max_len(name, 64)
}

pub fn ecr_repository(name: &str) -> RuleResult {
    max_len(name, 256)?;
    let ok = name.split('/').all(|part| {
        !part.is_empty()
            && part
                .split(['.', '_', '-'])
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
    });
    if !ok {
        return Err("must be lower-case letters and digits, separated by single `.`, `_` or `-`".into());
    }
    Ok(())
}

pub fn codecommit_repository(name: &str) -> RuleResult {
    max_len(name, 100)?;
    if name.ends_with(".git") {
        return Err("must not end with `.git`".into());
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.') {
        return Err("may hold only letters, digits, `.`, `_` and `-`".into());
    }
    Ok(())
}

pub fn tag_key(key: &str) -> RuleResult {
    if key.is_empty() {
        return Err("must not be empty".into());
    }
    max_len(key, 128)?;
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err("must not start with `aws:`, which AWS reserves".into());
    }
    if key.starts_with("stackctl:") {
        return Err("must not start with `stackctl:`, which stackctl reserves for ownership".into());
    }
    Ok(())
}

pub fn tag_value(value: &str) -> RuleResult {
    max_len(value, 256)
}

/// Retention values CloudWatch Logs accepts.
pub const LOG_RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

pub const EKS_LOG_TYPES: &[&str] = &["api", "audit", "authenticator", "controllerManager", "scheduler"];

pub const PRICE_CLASSES: &[&str] = &["PriceClass_100", "PriceClass_200", "PriceClass_All"];

/// AWS managed rule groups (vendor `AWS`) that a web ACL can reference.
pub const WAF_MANAGED_RULE_GROUPS: &[&str] = &[
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesAdminProtectionRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
    "AWSManagedRulesLinuxRuleSet",
    "AWSManagedRulesUnixRuleSet",
    "AWSManagedRulesWindowsRuleSet",
    "AWSManagedRulesPHPRuleSet",
    "AWSManagedRulesWordPressRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesAnonymousIpList",
    "AWSManagedRulesBotControlRuleSet",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_names() {
        assert!(stack_name("shop").is_ok());
        assert!(stack_name("shop-2").is_ok());
        assert!(stack_name("Shop").is_err());
        assert!(stack_name("2shop").is_err());
        assert!(stack_name("shop-").is_err());
        assert!(stack_name("sh--op").is_err());
        assert!(stack_name("").is_err());
        assert!(stack_name(&"a".repeat(25)).is_err());
    }

    #[test]
    fn bucket_names() {
        assert!(s3_bucket("shop-logs-us-east-1-123456789012").is_ok());
        assert!(s3_bucket("a..b").is_err());
        assert!(s3_bucket("a<b>").is_err());
        assert!(s3_bucket("-ab").is_err());
        assert!(s3_bucket("ab").is_err());
    }

    #[test]
    fn rds_identifiers() {
        assert!(rds_identifier("shop-db-replica-1").is_ok());
        assert!(rds_identifier("1db").is_err());
        assert!(rds_identifier(&format!("a{}", "b".repeat(63))).is_err());
    }

    #[test]
    fn queues_and_fifo() {
        assert!(sqs_queue("shop-orders.fifo").is_ok());
        assert!(sqs_queue("shop.orders").is_err());
        assert!(sqs_queue(&"q".repeat(81)).is_err());
    }

    #[test]
    fn ecr_names() {
        assert!(ecr_repository("shop/web").is_ok());
        assert!(ecr_repository("shop/web-api_v2.x").is_ok());
        assert!(ecr_repository("shop/Web").is_err());
        assert!(ecr_repository("shop/web--api").is_err());
    }

    #[test]
    fn tags() {
        assert!(tag_key("team").is_ok());
        assert!(tag_key("aws:foo").is_err());
        assert!(tag_key("stackctl:stack").is_err());
        assert!(tag_value(&"v".repeat(257)).is_err());
    }
}
