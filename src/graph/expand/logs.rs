//! The stack's logs: its log groups, the key that encrypts them and the trail.

use super::storage::bucket_name;
use super::{Builder, Spec, ids};
use crate::graph::props::{FlowLogProps, KmsKeyProps, LogGroupProps, TrailProps};
use crate::graph::{Kind, NodeId, Value};
use crate::stack::names;

const DEFAULT_RETENTION_DAYS: u32 = 365;

pub struct LogGroups {
    pub eks: Option<NodeId>,
}

fn retention(b: &Builder) -> u32 {
    b.stack
        .monitoring
        .as_ref()
        .map_or(DEFAULT_RETENTION_DAYS, |m| *m.log_retention_days)
}

fn trail_on(b: &Builder) -> bool {
    b.stack.monitoring.as_ref().is_some_and(|m| *m.cloudtrail)
}

/// The stack's key for logs, unless `monitoring.encrypt_logs` is off or the
/// stack has no log group and no trail. Its policy lets CloudWatch Logs of the
/// region and the stack's trail use it (aws/eks/kms_logs.rs).
fn logs_key(b: &mut Builder) -> Option<NodeId> {
    let encrypt = b.stack.monitoring.as_ref().is_none_or(|m| *m.encrypt_logs);
    let any = b.stack.monitoring.is_some() || b.stack.kubernetes.is_some();
    if !encrypt || !any {
        return None;
    }
    let (stack, region) = (b.name().to_string(), b.region().to_string());
    let key = KmsKeyProps {
        logs_principal: Some(format!("logs.{region}.amazonaws.com")),
        cloudtrail_source_arn: trail_on(b).then(|| trail_arn(b)),
        ..KmsKeyProps::rotated(format!("Encryption of the logs of stack {stack}"))
    };
    Some(b.kms_key(ids::logs_key(), "logs", key))
}

/// The trail's ARN, known before it exists (its name is deterministic).
fn trail_arn(b: &Builder) -> String {
    format!(
        "arn:aws:cloudtrail:{}:{}:trail/{}",
        b.region(),
        b.ctx.account(),
        names::trail(b.name())
    )
}

fn log_group(b: &mut Builder, id: &str, name: String, key: Option<&NodeId>) -> NodeId {
    let group = LogGroupProps {
        retention_days: Some(retention(b)),
        kms_key_id: key.map(|key| Value::reference(key, "arn")),
        region: None,
    };
    b.add(Spec::new(ids::log_group(id), Kind::LogGroup, name, group.into()))
}

/// The log group a web ACL logs to, in the web ACL's region: CloudWatch Logs
/// takes a web ACL's logs only in its own region, us-east-1 for CloudFront's.
/// Encrypted with the logs key when it is in the key's region (a key serves
/// only its own region).
pub fn waf_log_group(b: &mut Builder, label: &str, region: &str) -> NodeId {
    let name = names::waf_log_group(b.name(), label);
    let id = format!("waf-{label}");
    if region == b.region() {
        let key = b.has(&ids::logs_key()).then(ids::logs_key);
        return log_group(b, &id, name, key.as_ref());
    }
    let group = LogGroupProps {
        retention_days: Some(retention(b)),
        kms_key_id: None,
        region: Some(region.to_string()),
    };
    b.add(Spec::new(ids::log_group(&id), Kind::LogGroup, name, group.into()))
}

pub fn log_groups(b: &mut Builder) -> LogGroups {
    let stack = b.name().to_string();
    let key = logs_key(b);
    if b.stack.monitoring.is_some() {
        log_group(b, "app", names::app_log_group(&stack), key.as_ref());
    }
    let eks = b
        .stack
        .kubernetes
        .as_ref()
        .map(|_| log_group(b, "eks", names::eks_log_group(&stack), key.as_ref()));
    LogGroups { eks }
}

pub fn trail(b: &mut Builder) {
    let Some(m) = b.stack.monitoring.as_ref() else { return };
    if !*m.cloudtrail {
        return;
    }
    let bucket = m.cloudtrail_bucket.value.clone();
    let stack = b.name().to_string();
    let name = bucket_name(b, &bucket);
    let trail = TrailProps {
        s3_bucket_name: name,
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        kms_key_id: b.has(&ids::logs_key()).then(|| Value::reference(&ids::logs_key(), "arn")),
    };
    b.add(
        Spec::new(ids::trail(), Kind::Trail, names::trail(&stack), trail.into())
            // CloudTrail checks the bucket's policy when the trail is created.
            .ready(&ids::bucket(&bucket)),
    );
}

/// The bucket the VPC's flow log goes to: the stack's logs bucket
/// (`monitoring.cloudtrail_bucket`, when the stack has it), unless
/// `network.flow_logs` is off or the stack has no network.
pub fn flow_logs_bucket(b: &Builder) -> Option<String> {
    b.stack.network.as_ref().filter(|n| *n.flow_logs)?;
    b.stack.logs_bucket().map(|l| l.name.value.clone())
}

/// Where in the logs bucket flow logs go (AWS adds `AWSLogs/<account>/...`).
pub const FLOW_LOGS_PREFIX: &str = "vpc-flow-logs";

/// The VPC's flow log: all traffic, 10-minute aggregation (the cheaper of
/// the two intervals AWS offers), plain text into the logs bucket.
pub fn flow_log(b: &mut Builder) {
    let Some(bucket) = flow_logs_bucket(b) else { return };
    if !b.has(&ids::vpc()) {
        return;
    }
    let stack = b.name().to_string();
    let flow_log = FlowLogProps {
        resource_id: Value::reference(&ids::vpc(), "id"),
        traffic_type: "ALL".into(),
        log_destination_type: "s3".into(),
        log_destination: format!("arn:aws:s3:::{}/{FLOW_LOGS_PREFIX}/", bucket_name(b, &bucket)),
        max_aggregation_interval: 600,
    };
    b.add(
        Spec::new(
            ids::flow_log(),
            Kind::FlowLog,
            names::named(&stack, "vpc-flow-log"),
            flow_log.into(),
        )
        // EC2 checks that the bucket lets the log delivery service write.
        .ready(&ids::bucket(&bucket)),
    );
}

#[cfg(test)]
mod tests {
    use crate::graph::{Kind, Value};

    use super::ids;
    use crate::graph::expand::tests::seed;

    #[test]
    fn log_groups_and_the_trail_are_encrypted_with_the_logs_key_by_default() {
        let g = seed(|s| s);
        let key = g.get(&ids::logs_key()).expect("the logs key");
        assert_eq!(key.props["logs_principal"], Value::str("logs.us-east-1.amazonaws.com"));
        assert_eq!(
            key.props["cloudtrail_source_arn"],
            Value::str("arn:aws:cloudtrail:us-east-1:<account-id>:trail/shop-trail")
        );
        assert_eq!(key.props["enable_key_rotation"], Value::Bool(true));
        let users: Vec<_> = g
            .nodes()
            .iter()
            .filter(|n| n.props.get("kms_key_id") == Some(&Value::reference(&ids::logs_key(), "arn")))
            .map(|n| n.kind)
            .collect();
        assert_eq!(users, [Kind::LogGroup, Kind::LogGroup, Kind::LogGroup, Kind::LogGroup, Kind::Trail]);
    }

    #[test]
    fn encrypt_logs_off_leaves_no_key_and_no_key_id() {
        let g = seed(|s| s.replace("  dashboard: true\n", "  dashboard: true\n  encrypt_logs: false\n"));
        assert!(g.get(&ids::logs_key()).is_none());
        let logs = g.nodes().iter().filter(|n| matches!(n.kind, Kind::LogGroup | Kind::Trail));
        assert!(logs.into_iter().all(|n| !n.props.contains_key("kms_key_id")));
    }

    #[test]
    fn each_web_acl_logs_to_a_group_in_its_own_region() {
        let g = seed(|s| s.replace("region: us-east-1", "region: eu-west-1"));
        for (label, region, encrypted) in [("regional", "eu-west-1", true), ("cloudfront", "us-east-1", false)] {
            let acl = g.get(&ids::web_acl(label)).expect("the web ACL");
            let group_id = ids::log_group(&format!("waf-{label}"));
            let logging = acl.props["logging"].as_map().expect("logging").clone();
            assert_eq!(logging["log_destination"], Value::reference(&group_id, "arn"));
            let group = g.get(&group_id).expect("the web ACL's log group");
            assert_eq!(group.name, format!("aws-waf-logs-shop-{label}"));
            let elsewhere = group.props.get("region").and_then(Value::as_str);
            assert_eq!(elsewhere, (region != "eu-west-1").then_some(region), "{label}");
            // A key serves its own region only.
            assert_eq!(group.props.contains_key("kms_key_id"), encrypted, "{label}");
        }
    }

    #[test]
    fn waf_logging_off_leaves_no_group_and_no_configuration() {
        let g = seed(|s| s.replace("waf:\n", "waf:\n  logging: false\n"));
        assert!(g.get(&ids::log_group("waf-regional")).is_none());
        let acl = g.get(&ids::web_acl("regional")).expect("the web ACL");
        assert!(!acl.props.contains_key("logging"));
    }
}
