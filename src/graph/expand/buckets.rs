//! Buckets with their settings and policies. Every bucket refuses plain HTTP.
//! The logs bucket (`monitoring.cloudtrail_bucket`) receives the trail, the
//! ALB's access logs and the other buckets' server access logs, so it is
//! expanded first (the ALB and the other buckets name it); it never logs into
//! itself. The static-assets bucket lets only this stack's distribution read
//! (so it follows the distribution).

use super::storage::bucket_name;
use super::{Builder, Spec, ids};
use crate::graph::props::{AccessLogs, BucketProps, KmsKeyProps};
use crate::graph::{Kind, Value, tag};
use crate::props;
use crate::stack::Pos;
use crate::stack::model::Bucket;
use crate::stack::names;

/// Where server access logs go, under the logs bucket.
pub const ACCESS_LOG_PREFIX: &str = "s3-access/";
/// Where the ALB's access logs go, under the logs bucket (ELB adds
/// `AWSLogs/<account>/elasticloadbalancing/<region>/...`).
pub const ALB_LOG_PREFIX: &str = "alb";

fn statement(sid: &str, effect: &str, principal: Value, action: Value, resource: Value, condition: Option<Value>) -> Value {
    let mut s = props! { "Sid" => sid, "Effect" => effect, "Principal" => principal, "Action" => action, "Resource" => resource };
    if let Some(c) = condition {
        s.insert("Condition".into(), c);
    }
    Value::Map(s)
}

fn service(name: &str) -> Value {
    Value::Map(props! { "Service" => name })
}

/// The logs bucket, before the front door that names it.
pub fn logs_bucket(b: &mut Builder) {
    if let Some(bucket) = b.stack.logs_bucket() {
        add(b, bucket, true);
    }
}

/// Every other bucket.
pub fn buckets(b: &mut Builder) {
    let logs = b.stack.logs_bucket().map(|l| l.name.value.clone());
    let others: Vec<&Pos<Bucket>> = b.stack.buckets.iter().filter(|x| Some(&x.name.value) != logs.as_ref()).collect();
    if others.iter().any(|x| kms_encrypted(x, false)) {
        buckets_key(b);
    }
    for bucket in others {
        add(b, bucket, false);
    }
}

fn add(b: &mut Builder, bucket: &Bucket, is_logs: bool) {
    let arn = format!("arn:aws:s3:::{}", bucket_name(b, &bucket.name));
    let mut statements = vec![statement(
        "DenyInsecureTransport",
        "Deny",
        Value::str("*"),
        Value::str("s3:*"),
        Value::from(vec![arn.clone(), format!("{arn}/*")]),
        Some(Value::Map(
            props! { "Bool" => Value::Map(props! { "aws:SecureTransport" => "false" }) },
        )),
    )];
    if is_logs {
        statements.extend(trail_delivery(b, &arn));
        statements.extend(alb_delivery(b, &arn));
        statements.extend(access_log_delivery(b, &arn));
        if super::logs::flow_logs_bucket(b).is_some() {
            statements.extend(flow_log_delivery(b, &arn));
        }
    }
    let assets = b.stack.cdn.as_ref().and_then(|c| c.static_assets_bucket.as_ref());
    if assets.is_some_and(|a| a.value == bucket.name.value) && b.has(&ids::distribution()) {
        statements.push(statement(
            "CloudFrontRead",
            "Allow",
            service("cloudfront.amazonaws.com"),
            Value::str("s3:GetObject"),
            Value::str(format!("{arn}/*")),
            Some(Value::Map(
                props! { "StringEquals" => Value::Map(props! { "AWS:SourceArn" => Value::reference(&ids::distribution(), "arn") }) },
            )),
        ));
    }
    let kms = kms_encrypted(bucket, is_logs);
    let logs = b.stack.logs_bucket().map(|l| l.name.value.clone());
    let access_logs = logs.filter(|_| !is_logs && *bucket.access_logs).map(|target| AccessLogs {
        bucket: Value::reference(&ids::bucket(&target), "name"),
        prefix: format!("{ACCESS_LOG_PREFIX}{}/", bucket.name.value),
    });
    let props = BucketProps {
        versioning: Some(*bucket.versioning),
        encryption: Some(if kms { "aws:kms" } else { "AES256" }.into()),
        kms_key_id: kms.then(|| Value::reference(&ids::buckets_key(), "arn")),
        // One data key per bucket for a while instead of a KMS request per
        // object: S3 Bucket Keys cut KMS requests (and their cost) by up to 99%.
        bucket_key: kms.then_some(true),
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
        object_ownership: Some("BucketOwnerEnforced".into()),
        access_logs,
        policy: Some(Value::Map(props! { "Version" => "2012-10-17", "Statement" => statements })),
    };
    let mut spec = Spec::new(ids::bucket(&bucket.name), Kind::Bucket, bucket_name(b, &bucket.name), props.into());
    // The logs bucket holds only what the stack's own services wrote (the
    // trail's files, access logs), which never stops on AWS: without this,
    // every destroy would stop at it. `force_destroy: false` keeps it.
    let force = if bucket.force_destroy.span.is_known() {
        *bucket.force_destroy
    } else {
        is_logs
    };
    if force {
        // Kept on the bucket itself, so a destroy without the stack file
        // (or after the bucket left it) still knows it may empty it.
        spec = spec.tag(tag::FORCE_DESTROY, "true");
    }
    b.add(spec);
}

/// Whether a bucket is encrypted with the stack's bucket key: `kms` unless it
/// says `s3`, except the logs bucket (see `Bucket::encryption`).
fn kms_encrypted(bucket: &Bucket, is_logs: bool) -> bool {
    match &bucket.encryption {
        Some(e) => e.value == "kms",
        None => !is_logs,
    }
}

/// The stack's bucket key: the account administers it through IAM (as KMS's
/// default policy does), and CloudFront may decrypt through it for this
/// account's distributions, which read the assets bucket through their origin
/// access control (CloudFront developer guide, "Restrict access to an Amazon
/// S3 origin", SSE-KMS). The distribution's own ARN would make a cycle
/// (distribution -> bucket -> key -> distribution), so the condition names
/// the account's distributions.
fn buckets_key(b: &mut Builder) {
    let stack = b.name().to_string();
    let distributions = || format!("arn:aws:cloudfront::{}:distribution/*", b.ctx.account());
    let key = KmsKeyProps {
        cloudfront_source_arn: b.has(&ids::distribution()).then(distributions),
        ..KmsKeyProps::rotated(format!("Encryption of the buckets of stack {stack}"))
    };
    b.kms_key(ids::buckets_key(), "buckets", key);
}

/// CloudTrail checks the bucket's ACL and writes under `AWSLogs/<account>/`,
/// for the stack's trail only.
fn trail_delivery(b: &Builder, arn: &str) -> Vec<Value> {
    if !b.stack.monitoring.as_ref().is_some_and(|m| *m.cloudtrail) {
        return Vec::new();
    }
    let (region, account) = (b.region(), b.ctx.account());
    let trail_arn = format!("arn:aws:cloudtrail:{region}:{account}:trail/{}", names::trail(b.name()));
    let source = Value::Map(props! { "StringEquals" => Value::Map(props! { "aws:SourceArn" => trail_arn.clone() }) });
    vec![
        statement(
            "CloudTrailAclCheck",
            "Allow",
            service("cloudtrail.amazonaws.com"),
            Value::str("s3:GetBucketAcl"),
            Value::str(arn),
            Some(source),
        ),
        statement(
            "CloudTrailWrite",
            "Allow",
            service("cloudtrail.amazonaws.com"),
            Value::str("s3:PutObject"),
            Value::str(format!("{arn}/AWSLogs/{account}/*")),
            Some(Value::Map(
                props! { "StringEquals" => Value::Map(props! { "s3:x-amz-acl" => "bucket-owner-full-control", "aws:SourceArn" => trail_arn }) },
            )),
        ),
    ]
}

/// Whether the ALB writes access logs into the logs bucket.
pub fn alb_logs_on(b: &Builder) -> bool {
    b.stack.logs_bucket().is_some() && b.stack.load_balancer.as_ref().is_some_and(|lb| *lb.access_logs)
}

/// ELB writes the ALB's access logs as the service principal
/// `logdelivery.elasticloadbalancing.amazonaws.com`, under the prefix and this
/// account only. AWS first documented that principal for the regions opened
/// since August 2022 and now recommends it in every region in place of the
/// region's Elastic Load Balancing account (ELB user guide, "Enable access logs
/// for your Application Load Balancer", step 2). A policy naming that account
/// is a grant to another account, which auditors report
/// (`s3_bucket_cross_account_access`); a service principal is not.
fn alb_delivery(b: &Builder, arn: &str) -> Vec<Value> {
    if !alb_logs_on(b) {
        return Vec::new();
    }
    vec![statement(
        "ElbAccessLogs",
        "Allow",
        service("logdelivery.elasticloadbalancing.amazonaws.com"),
        Value::str("s3:PutObject"),
        Value::str(format!("{arn}/{ALB_LOG_PREFIX}/AWSLogs/{}/*", b.ctx.account())),
        None,
    )]
}

/// S3's log delivery writes each other bucket's access logs under its own
/// prefix, for this account only (S3 user guide, "Permissions for log delivery").
fn access_log_delivery(b: &Builder, arn: &str) -> Vec<Value> {
    let logs = b.stack.logs_bucket().map(|l| l.name.value.clone());
    b.stack
        .buckets
        .iter()
        .filter(|x| *x.access_logs && logs.as_ref() != Some(&x.name.value))
        .map(|x| {
            let condition = props! {
                "ArnLike" => Value::Map(props! { "aws:SourceArn" => format!("arn:aws:s3:::{}", bucket_name(b, &x.name)) }),
                "StringEquals" => Value::Map(props! { "aws:SourceAccount" => b.ctx.account() }),
            };
            statement(
                &format!("S3ServerAccessLogs{}", x.name.value.replace(['-', '.'], "")),
                "Allow",
                service("logging.s3.amazonaws.com"),
                Value::str("s3:PutObject"),
                Value::str(format!("{arn}/{ACCESS_LOG_PREFIX}{}/*", x.name.value)),
                Some(Value::Map(condition)),
            )
        })
        .collect()
}

/// What lets the log delivery service write the VPC's flow log into the
/// bucket, for this account's flow logs only (VPC user guide, "Amazon S3
/// bucket permissions for flow logs"). Written by the stack, because EC2
/// would otherwise add it to the policy itself, a change the next plan
/// would see as drift.
fn flow_log_delivery(b: &Builder, arn: &str) -> [Value; 2] {
    let (region, account) = (b.region(), b.ctx.account());
    let condition = |extra: Option<(&str, &str)>| {
        let mut equals = props! { "aws:SourceAccount" => account };
        if let Some((k, v)) = extra {
            equals.insert(k.into(), Value::str(v));
        }
        Some(Value::Map(props! {
            "StringEquals" => Value::Map(equals),
            "ArnLike" => Value::Map(props! { "aws:SourceArn" => format!("arn:aws:logs:{region}:{account}:*") }),
        }))
    };
    [
        statement(
            "FlowLogsAclCheck",
            "Allow",
            service("delivery.logs.amazonaws.com"),
            Value::from(vec!["s3:GetBucketAcl".to_string(), "s3:ListBucket".to_string()]),
            Value::str(arn),
            condition(None),
        ),
        statement(
            "FlowLogsWrite",
            "Allow",
            service("delivery.logs.amazonaws.com"),
            Value::str("s3:PutObject"),
            Value::str(format!("{arn}/{}/AWSLogs/{account}/*", super::logs::FLOW_LOGS_PREFIX)),
            condition(Some(("s3:x-amz-acl", "bucket-owner-full-control"))),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use crate::graph::{ResourceGraph, Value};

    use super::ids;
    use crate::graph::expand::tests::seed;

    /// The principal of the logs bucket's ELB statement.
    fn elb_writer(g: &ResourceGraph) -> Option<Value> {
        let logs = g.get(&ids::bucket("logs")).expect("the logs bucket");
        let Some(Value::List(statements)) = logs.props["policy"].as_map().and_then(|p| p.get("Statement")).cloned() else {
            return None;
        };
        statements.iter().find_map(|s| {
            let s = s.as_map()?;
            (s.get("Sid") == Some(&Value::str("ElbAccessLogs"))).then(|| s["Principal"].clone())
        })
    }

    #[test]
    fn elb_writes_as_its_service_principal_in_every_region() {
        for region in ["us-east-1", "ap-south-2"] {
            let g = seed(|s| s.replace("region: us-east-1", &format!("region: {region}")));
            let writer = elb_writer(&g).and_then(|p| p.as_map().cloned()).expect("the ELB statement");
            assert_eq!(
                writer.get("Service"),
                Some(&Value::str("logdelivery.elasticloadbalancing.amazonaws.com"))
            );
            assert!(!writer.contains_key("AWS"), "no other account in {region}: {writer:?}");
        }
    }

    #[test]
    fn access_logs_off_leaves_no_target_and_no_statement() {
        let g = seed(|s| {
            s.replace("  - name: assets\n", "  - name: assets\n    access_logs: false\n")
                .replace("load_balancer:\n", "load_balancer:\n  access_logs: false\n")
        });
        assert!(elb_writer(&g).is_none());
        let assets = g.get(&ids::bucket("assets")).expect("the assets bucket");
        assert!(!assets.props.contains_key("access_logs_bucket"));
        assert!(!g.get(&ids::alb()).expect("the ALB").props.contains_key("access_logs_bucket"));
    }

    #[test]
    fn the_logs_bucket_is_force_destroyed_unless_it_says_otherwise() {
        let force = |g: &ResourceGraph, b: &str| {
            g.get(&ids::bucket(b))
                .and_then(|n| n.tags.get(crate::graph::tag::FORCE_DESTROY).cloned())
        };
        let g = seed(|s| s);
        assert_eq!(force(&g, "logs").as_deref(), Some("true"));
        assert_eq!(force(&g, "assets"), None);
        let g = seed(|s| s.replace("  - name: logs ", "  - name: logs\n    force_destroy: false\n   "));
        assert_eq!(force(&g, "logs"), None);
    }
}
