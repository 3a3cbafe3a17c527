//! Deterministic AWS names, from the stack name and a component's name.
//!
//! One place computes every name, so that `validate` checks exactly the names
//! that `expand` will create, and a re-run finds the same resources again.

/// The account id is not known offline; names that contain it use this
/// placeholder (12 characters, like an account id) until a provider fills it in.
pub const ACCOUNT_PLACEHOLDER: &str = "<account-id>";

pub fn vpc(stack: &str) -> String {
    format!("{stack}-vpc")
}
pub fn alb(stack: &str) -> String {
    format!("{stack}-alb")
}
pub fn target_group(stack: &str) -> String {
    format!("{stack}-nodes")
}
pub fn eks_cluster(stack: &str) -> String {
    format!("{stack}-eks")
}
pub fn eks_cluster_role(stack: &str) -> String {
    format!("{stack}-eks-cluster")
}
pub fn eks_node_role(stack: &str) -> String {
    format!("{stack}-eks-nodes")
}
/// IAM path of every role of the stack, so one ListRoles call finds them all.
pub fn iam_path(stack: &str) -> String {
    format!("/stackctl/{stack}/")
}
pub fn db_primary(stack: &str) -> String {
    format!("{stack}-db")
}
/// The DB parameter group of a family (`postgres17`, `mysql8.0`): one per family,
/// because RDS never changes a group's family and a major upgrade needs the new
/// family's group beside the old one. Group names take no dots.
pub fn db_parameter_group(stack: &str, family: &str) -> String {
    format!("{stack}-db-{}", family.replace('.', "-"))
}
pub fn db_replica(stack: &str, n: u32) -> String {
    format!("{stack}-db-replica-{n}")
}
pub fn cache_group(stack: &str) -> String {
    format!("{stack}-cache")
}

/// The application's Redis user: its id and its name (IAM authentication
/// wants them equal).
pub fn cache_app_user(stack: &str) -> String {
    format!("{stack}-cache-app")
}

/// The user that stands in for AWS's `default` user (whose id `default` is
/// taken): named `default`, switched off.
pub fn cache_default_user(stack: &str) -> String {
    format!("{stack}-cache-default")
}

pub fn cache_user_group(stack: &str) -> String {
    format!("{stack}-cache-users")
}
pub fn web_acl(stack: &str, scope: &str) -> String {
    format!("{stack}-{scope}")
}
/// WAF logs only to log groups whose name starts so.
pub const WAF_LOGS_PREFIX: &str = "aws-waf-logs-";
/// A web ACL's log group.
pub fn waf_log_group(stack: &str, scope: &str) -> String {
    format!("{WAF_LOGS_PREFIX}{stack}-{scope}")
}
pub fn queue(stack: &str, name: &str) -> String {
    format!("{stack}-{name}")
}
/// The dead-letter queue of `name`; a FIFO queue's DLQ must be FIFO too.
pub fn dead_letter_queue(stack: &str, name: &str) -> String {
    match name.strip_suffix(".fifo") {
        Some(base) => format!("{stack}-{base}-dlq.fifo"),
        None => format!("{stack}-{name}-dlq"),
    }
}
/// Bucket names are global: they carry the region and the account id.
pub fn bucket(stack: &str, name: &str, region: &str, account: &str) -> String {
    format!("{stack}-{name}-{region}-{account}")
}
pub fn ecr_repository(stack: &str, name: &str) -> String {
    format!("{stack}/{name}")
}
pub fn app_log_group(stack: &str) -> String {
    format!("/stackctl/{stack}/app")
}
/// EKS writes control-plane logs here; creating it first sets its retention.
pub fn eks_log_group(stack: &str) -> String {
    format!("/aws/eks/{}/cluster", eks_cluster(stack))
}
/// The SNS topic every alarm of the stack notifies.
pub fn alarm_topic(stack: &str) -> String {
    format!("{stack}-alarms")
}
pub fn alarm(stack: &str, what: &str) -> String {
    format!("{stack}-{what}")
}
/// The backup vault and the backup plan are named after the stack.
pub fn backup_vault(stack: &str) -> String {
    stack.to_string()
}
pub fn backup_plan(stack: &str) -> String {
    stack.to_string()
}
/// The selection of the stack's databases in its backup plan.
pub fn backup_selection(stack: &str) -> String {
    format!("{stack}-databases")
}
/// The role AWS Backup assumes.
pub fn backup_role(stack: &str) -> String {
    format!("{stack}-backup")
}
pub fn trail(stack: &str) -> String {
    format!("{stack}-trail")
}
pub fn codecommit(stack: &str, name: &str) -> String {
    format!("{stack}-{name}")
}
pub fn named(stack: &str, what: &str) -> String {
    format!("{stack}-{what}")
}

/// A name as messages show it: whole up to 64 characters, else its start and
/// its length, so that a 1 MB name makes a short error, not a 1 MB one.
pub fn abbreviate(name: &str) -> std::borrow::Cow<'_, str> {
    const SHOWN: usize = 64;
    match name.char_indices().nth(SHOWN) {
        None => name.into(),
        Some((cut, _)) => format!("{}... ({} characters)", &name[..cut], name.chars().count()).into(),
    }
}

/// Stands in for an invalid stack name while the rest of the file is checked:
/// every derived name would repeat the stack name's error (and building them
/// from a 1 MB name costs seconds), so they are built from this valid one.
pub const STAND_IN_STACK: &str = "stack";

#[cfg(test)]
mod tests {
    #[test]
    fn abbreviates_long_names_only() {
        assert_eq!(super::abbreviate("shop"), "shop");
        let long = "a".repeat(100);
        assert_eq!(super::abbreviate(&long), format!("{}... (100 characters)", "a".repeat(64)));
    }
}
