//! Kubernetes: the IAM roles, the secrets key, the cluster, its node groups
//! and their launch templates, and the node groups' place behind the ALB.

use super::context::{Ctx, ident};
use super::hcl::{Block, Body, Expr};
use crate::graph::{Kind, Node, Value};
use crate::stack::names;

/// The role and one attachment per managed policy.
pub fn iam_role(c: &Ctx, n: &Node) -> Vec<Block> {
    let name = ident(n.id.as_str());
    let trust = Expr::Object(vec![
        ("Version".into(), Expr::string("2012-10-17")),
        (
            "Statement".into(),
            Expr::List(vec![Expr::Object(vec![
                ("Effect".into(), Expr::string("Allow")),
                (
                    "Principal".into(),
                    Expr::Object(vec![("Service".into(), c.prop(n, "assume_role_service"))]),
                ),
                ("Action".into(), Expr::string("sts:AssumeRole")),
            ])]),
        ),
    ]);
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("path", c.prop(n, "path"))
        .attr("assume_role_policy", Expr::json(trust))
        .attr("tags", c.tags(n));
    let mut blocks = vec![Block::resource("aws_iam_role", &name, body)];
    for (attachment, arn) in policy_attachments(n) {
        let body = Body::new()
            .attr("role", Expr::raw(format!("aws_iam_role.{name}.name")))
            .attr("policy_arn", Expr::string(&arn));
        blocks.push(Block::resource("aws_iam_role_policy_attachment", &attachment, body));
    }
    blocks
}

/// Terraform names and ARNs of a role's managed policy attachments.
fn policy_attachments(role: &Node) -> Vec<(String, String)> {
    let arns = role.props.get("managed_policy_arns").map(Value::as_list).unwrap_or_default();
    arns.iter()
        .filter_map(Value::as_str)
        .map(|arn| {
            let policy = arn.rsplit('/').next().unwrap_or(arn);
            (format!("{}_{}", ident(role.id.as_str()), ident(policy)), arn.to_string())
        })
        .collect()
}

/// A role's permissions must be attached before EKS uses it.
fn role_attachments_of(c: &Ctx, n: &Node) -> Vec<Expr> {
    n.props
        .values()
        .flat_map(Value::refs)
        .filter_map(|r| c.graph.get(&r.node))
        .filter(|role| role.kind == Kind::IamRole)
        .flat_map(policy_attachments)
        .map(|(name, _)| Expr::raw(format!("aws_iam_role_policy_attachment.{name}")))
        .collect()
}

/// The key, with the policy stackctl gives it (the account administers it, the
/// cluster role uses it), and the alias stackctl finds it by.
pub fn kms_key(c: &Ctx, n: &Node) -> Vec<Block> {
    let name = ident(n.id.as_str());
    let role = c.prop_opt(n, "cluster_role_arn").unwrap_or_else(|| Expr::raw("null"));
    let statement = |sid: &str, action: Expr, condition: Option<Expr>| {
        let principal = if sid == "AccountAdministersKey" {
            c.string_plain("arn:aws:iam::<account-id>:root")
        } else {
            role.clone()
        };
        let mut fields = vec![
            ("Sid".to_string(), Expr::string(sid)),
            ("Effect".to_string(), Expr::string("Allow")),
            ("Principal".to_string(), Expr::Object(vec![("AWS".into(), principal)])),
            ("Action".to_string(), action),
            ("Resource".to_string(), Expr::string("*")),
        ];
        if let Some(cond) = condition {
            fields.push(("Condition".to_string(), cond));
        }
        Expr::Object(fields)
    };
    let strings = |xs: &[&str]| Expr::List(xs.iter().map(|x| Expr::string(x)).collect());
    let grant_for_aws = Expr::Object(vec![(
        "Bool".into(),
        Expr::Object(vec![("kms:GrantIsForAWSResource".into(), Expr::string("true"))]),
    )]);
    // As the provider writes it (src/aws/eks/kms_key.rs): the account
    // administers the key; the cluster role uses it and lets EKS take grants;
    // a service (CloudWatch, for the alarm topic) encrypts through it.
    let mut statements = vec![statement("AccountAdministersKey", Expr::string("kms:*"), None)];
    if n.props.contains_key("cluster_role_arn") {
        statements.push(statement(
            "ClusterRoleUsesKey",
            strings(&["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"]),
            None,
        ));
        statements.push(statement(
            "ClusterRoleGrantsToEks",
            Expr::string("kms:CreateGrant"),
            Some(grant_for_aws),
        ));
    }
    if let Some(service) = c.prop_opt(n, "service_principal") {
        statements.push(Expr::Object(vec![
            ("Sid".to_string(), Expr::string("ServiceUsesKey")),
            ("Effect".to_string(), Expr::string("Allow")),
            ("Principal".to_string(), Expr::Object(vec![("Service".into(), service)])),
            ("Action".to_string(), strings(&["kms:Decrypt", "kms:GenerateDataKey*"])),
            ("Resource".to_string(), Expr::string("*")),
            (
                "Condition".to_string(),
                Expr::Object(vec![(
                    "StringEquals".into(),
                    Expr::Object(vec![("aws:SourceAccount".into(), Expr::raw("local.account_id"))]),
                )]),
            ),
        ]));
    }
    statements.extend(log_statements(c, n));
    let policy = Expr::Object(vec![
        ("Version".into(), Expr::string("2012-10-17")),
        ("Statement".into(), Expr::List(statements)),
    ]);
    let body = Body::new()
        .attr("description", c.prop(n, "description"))
        .attr("enable_key_rotation", c.prop(n, "enable_key_rotation"))
        .attr("policy", Expr::json(policy))
        .attr("tags", c.tags(n));
    let alias = Body::new()
        .attr("name", c.string_plain(&format!("alias/{}", n.name)))
        .attr("target_key_id", Expr::raw(format!("aws_kms_key.{name}.key_id")));
    vec![
        Block::resource("aws_kms_key", &name, body),
        Block::resource("aws_kms_alias", &name, alias),
    ]
}

/// Node settings EKS leaves to the template: IMDSv2, an encrypted root volume.
pub fn launch_template(c: &Ctx, n: &Node) -> Vec<Block> {
    let metadata = Body::new()
        .attr("http_endpoint", Expr::string("enabled"))
        .attr("http_tokens", c.prop(n, "metadata_http_tokens"))
        .attr("http_put_response_hop_limit", c.prop(n, "metadata_hop_limit"));
    let ebs = Body::new()
        .attr("volume_size", c.prop(n, "root_volume_gb"))
        .attr("volume_type", Expr::string("gp3"))
        .attr("encrypted", c.prop(n, "root_volume_encrypted"))
        .attr("delete_on_termination", Expr::bool(true));
    let root = Body::new().attr("device_name", Expr::string("/dev/xvda")).child("ebs", ebs);
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("vpc_security_group_ids", c.prop(n, "security_group_ids"))
        .child("metadata_options", metadata)
        .child("block_device_mappings", root)
        .attr("tags", c.tags(n));
    vec![Block::resource("aws_launch_template", &ident(n.id.as_str()), body)]
}

pub fn eks_cluster(c: &Ctx, n: &Node) -> Vec<Block> {
    let public_cidrs = n.props.get("public_access_cidrs").map(Value::as_list).unwrap_or_default();
    let vpc = Body::new()
        .attr("subnet_ids", c.prop(n, "subnet_ids"))
        .attr("security_group_ids", c.prop(n, "security_group_ids"))
        .attr("endpoint_private_access", c.prop(n, "endpoint_private_access"))
        .attr("endpoint_public_access", c.prop(n, "endpoint_public_access"))
        .attr_opt(
            "public_access_cidrs",
            (!public_cidrs.is_empty()).then(|| c.prop(n, "public_access_cidrs")),
        );
    let encryption = Body::new()
        .attr("resources", Expr::List(vec![Expr::string("secrets")]))
        .child("provider", Body::new().attr("key_arn", c.prop(n, "secrets_kms_key_arn")));
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("role_arn", c.prop(n, "role_arn"))
        .attr("version", c.prop(n, "version"))
        .attr("enabled_cluster_log_types", c.prop(n, "enabled_log_types"))
        .child("vpc_config", vpc)
        .child("encryption_config", encryption)
        .child(
            "access_config",
            Body::new().attr("authentication_mode", c.prop(n, "authentication_mode")),
        )
        .attr("tags", c.tags(n))
        .attr_opt("depends_on", depends_on(c, n, role_attachments_of(c, n)));
    vec![Block::resource("aws_eks_cluster", &ident(n.id.as_str()), body)]
}

pub fn eks_node_group(c: &Ctx, n: &Node) -> Vec<Block> {
    let scaling = Body::new()
        .attr("desired_size", c.prop(n, "desired_size"))
        .attr("max_size", c.prop(n, "max_size"))
        .attr("min_size", c.prop(n, "min_size"));
    let template = ident(
        n.props
            .get("launch_template_id")
            .and_then(|v| v.refs().first().map(|r| r.node.to_string()))
            .unwrap_or_default()
            .as_str(),
    );
    let launch = Body::new()
        .attr("id", c.prop(n, "launch_template_id"))
        .attr("version", Expr::raw(format!("aws_launch_template.{template}.latest_version")));
    let labels = n.props.get("labels").and_then(Value::as_map).filter(|m| !m.is_empty());
    let mut body = Body::new()
        .attr("cluster_name", c.prop(n, "cluster_name"))
        .attr("node_group_name", c.name(n))
        .attr("node_role_arn", c.prop(n, "node_role_arn"))
        .attr("subnet_ids", c.prop(n, "subnet_ids"))
        .attr("instance_types", c.prop(n, "instance_types"))
        .attr_opt("labels", labels.map(|_| c.prop(n, "labels")))
        .child("scaling_config", scaling)
        .child("launch_template", launch)
        .attr("tags", c.tags(n));
    if n.ignore_changes.iter().any(|a| a == "desired_size") {
        // Set at creation; the cluster autoscaler owns it afterwards.
        body = body.child(
            "lifecycle",
            Body::new().attr("ignore_changes", Expr::raw("[scaling_config[0].desired_size]")),
        );
    }
    let body = body.attr_opt("depends_on", depends_on(c, n, role_attachments_of(c, n)));
    vec![Block::resource("aws_eks_node_group", &ident(n.id.as_str()), body)]
}

pub fn target_group_attachment(c: &Ctx, n: &Node) -> Vec<Block> {
    let body = Body::new()
        .attr("autoscaling_group_name", c.prop(n, "autoscaling_group_name"))
        .attr("lb_target_group_arn", c.prop(n, "target_group_arn"));
    vec![Block::resource("aws_autoscaling_attachment", &ident(n.id.as_str()), body)]
}

/// `depends_on` for the edges no property carries (ordering-only edges of
/// the graph), plus `extra`; `None` when there are none.
pub fn depends_on(c: &Ctx, n: &Node, mut extra: Vec<Expr>) -> Option<Expr> {
    let referenced: Vec<_> = n.props.values().flat_map(Value::refs).map(|r| r.node.clone()).collect();
    for edge in n.deps.iter().filter(|e| !referenced.contains(&e.to)) {
        let Some(target) = c.graph.get(&edge.to) else { continue };
        let address = if target.kind == Kind::Bucket {
            // What needs a bucket (CloudTrail) needs its policy.
            format!("aws_s3_bucket_policy.{}", ident(target.id.as_str()))
        } else {
            c.address(target)
        };
        extra.push(Expr::raw(address));
    }
    (!extra.is_empty()).then_some(Expr::List(extra))
}

/// A service principal's statement of a key policy.
fn service_statement(sid: &str, service: Expr, action: Expr, condition: Option<Expr>) -> Expr {
    let mut fields = vec![
        ("Sid".to_string(), Expr::string(sid)),
        ("Effect".to_string(), Expr::string("Allow")),
        ("Principal".to_string(), Expr::Object(vec![("Service".into(), service)])),
        ("Action".to_string(), action),
        ("Resource".to_string(), Expr::string("*")),
    ];
    if let Some(cond) = condition {
        fields.push(("Condition".to_string(), cond));
    }
    Expr::Object(fields)
}

/// The statements of the stack's key for logs, as src/aws/eks/kms_logs.rs
/// writes them: CloudWatch Logs of the region, the stack's trail.
fn log_statements(c: &Ctx, n: &Node) -> Vec<Expr> {
    let strings = |xs: &[&str]| Expr::List(xs.iter().map(|x| Expr::string(x)).collect());
    let cond = |op: &str, key: &str, value: Expr| Expr::Object(vec![(op.into(), Expr::Object(vec![(key.into(), value)]))]);
    let mut out = Vec::new();
    if let Some(logs) = c.prop_opt(n, "logs_principal") {
        let arns = c.string(&format!("arn:aws:logs:{}:{}:*", c.region, names::ACCOUNT_PLACEHOLDER));
        out.push(service_statement(
            "CloudWatchLogsUsesKey",
            logs,
            strings(&[
                "kms:Encrypt*",
                "kms:Decrypt*",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:Describe*",
            ]),
            Some(cond("ArnLike", "kms:EncryptionContext:aws:logs:arn", arns)),
        ));
    }
    if let Some(trail) = c.prop_opt(n, "cloudtrail_source_arn") {
        let trails = c.string(&format!("arn:aws:cloudtrail:*:{}:trail/*", names::ACCOUNT_PLACEHOLDER));
        let condition = Expr::Object(vec![
            ("StringEquals".into(), Expr::Object(vec![("aws:SourceArn".into(), trail)])),
            (
                "StringLike".into(),
                Expr::Object(vec![("kms:EncryptionContext:aws:cloudtrail:arn".into(), trails)]),
            ),
        ]);
        let service = || Expr::string("cloudtrail.amazonaws.com");
        out.push(service_statement(
            "CloudTrailEncryptsLogs",
            service(),
            Expr::string("kms:GenerateDataKey*"),
            Some(condition),
        ));
        out.push(service_statement(
            "CloudTrailDescribesKey",
            service(),
            Expr::string("kms:DescribeKey"),
            None,
        ));
    }
    if let Some(source) = c.prop_opt(n, "cloudfront_source_arn") {
        // As src/aws/eks/kms_buckets.rs writes it.
        out.push(service_statement(
            "CloudFrontDecryptsForDistributions",
            Expr::string("cloudfront.amazonaws.com"),
            strings(&["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"]),
            Some(cond("ArnLike", "AWS:SourceArn", source)),
        ));
    }
    out
}
