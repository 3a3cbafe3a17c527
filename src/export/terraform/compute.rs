//! Kubernetes: the IAM roles, the secrets key, the cluster, its node groups
//! and their launch templates, and the node groups' place behind the ALB.

use super::context::{Ctx, ident, typed};
use super::hcl::{Block, Body, Expr};
use crate::graph::props::{EksClusterProps, EksNodeGroupProps, IamRoleProps, KmsKeyProps, LaunchTemplateProps, TargetGroupAttachmentProps};
use crate::graph::{Kind, Node, Value};
use crate::stack::names;

/// The role and one attachment per managed policy.
pub fn iam_role(c: &Ctx, n: &Node, p: IamRoleProps) -> Vec<Block> {
    let name = ident(n.id.as_str());
    let trust = Expr::Object(vec![
        ("Version".into(), Expr::string("2012-10-17")),
        (
            "Statement".into(),
            Expr::List(vec![Expr::Object(vec![
                ("Effect".into(), Expr::string("Allow")),
                (
                    "Principal".into(),
                    Expr::Object(vec![("Service".into(), c.value(&p.assume_role_service))]),
                ),
                ("Action".into(), Expr::string("sts:AssumeRole")),
            ])]),
        ),
    ]);
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("path", c.value(&p.path))
        .attr("assume_role_policy", Expr::json(trust));
    let mut blocks = vec![c.tagged(n, body)];
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
    let p: IamRoleProps = typed(role);
    p.managed_policy_arns
        .into_iter()
        .map(|arn| {
            let policy = arn.rsplit('/').next().unwrap_or(&arn);
            (format!("{}_{}", ident(role.id.as_str()), ident(policy)), arn.clone())
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
pub fn kms_key(c: &Ctx, n: &Node, p: KmsKeyProps) -> Vec<Block> {
    let name = ident(n.id.as_str());
    let account = c.string_plain("arn:aws:iam::<account-id>:root");
    // As the provider writes it (src/aws/eks/kms_key.rs): the account
    // administers the key; the cluster role uses it and lets EKS take grants;
    // a service (CloudWatch, for the alarm topic) encrypts through it.
    let mut statements = vec![statement("AccountAdministersKey", aws(account), Expr::string("kms:*"), None)];
    if let Some(role) = &p.cluster_role_arn {
        let grant_for_aws = condition("Bool", "kms:GrantIsForAWSResource", Expr::string("true"));
        statements.push(statement(
            "ClusterRoleUsesKey",
            aws(c.value(role)),
            strings(&["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"]),
            None,
        ));
        statements.push(statement(
            "ClusterRoleGrantsToEks",
            aws(c.value(role)),
            Expr::string("kms:CreateGrant"),
            Some(grant_for_aws),
        ));
    }
    if let Some(service) = &p.service_principal {
        statements.push(statement(
            "ServiceUsesKey",
            service_principal(c.value(service)),
            strings(&["kms:Decrypt", "kms:GenerateDataKey*"]),
            Some(condition("StringEquals", "aws:SourceAccount", Expr::raw("local.account_id"))),
        ));
    }
    statements.extend(log_statements(c, &p));
    let policy = Expr::Object(vec![
        ("Version".into(), Expr::string("2012-10-17")),
        ("Statement".into(), Expr::List(statements)),
    ]);
    let body = Body::new()
        .attr("description", c.value(&p.description))
        .attr("enable_key_rotation", c.value(&p.enable_key_rotation))
        .attr("policy", Expr::json(policy));
    let alias = Body::new()
        .attr("name", c.string_plain(&format!("alias/{}", n.name)))
        .attr("target_key_id", Expr::raw(format!("aws_kms_key.{name}.key_id")));
    vec![c.tagged(n, body), Block::resource("aws_kms_alias", &name, alias)]
}

/// Node settings EKS leaves to the template: IMDSv2, an encrypted root volume.
pub fn launch_template(c: &Ctx, n: &Node, p: LaunchTemplateProps) -> Vec<Block> {
    let metadata = Body::new()
        .attr("http_endpoint", Expr::string("enabled"))
        .attr("http_tokens", c.value(&p.metadata_http_tokens))
        .attr("http_put_response_hop_limit", c.value(&p.metadata_hop_limit));
    let ebs = Body::new()
        .attr("volume_size", c.value(&p.root_volume_gb))
        .attr("volume_type", Expr::string("gp3"))
        .attr("encrypted", c.value(&p.root_volume_encrypted))
        .attr("delete_on_termination", Expr::bool(true));
    let root = Body::new().attr("device_name", Expr::string("/dev/xvda")).child("ebs", ebs);
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("vpc_security_group_ids", c.value(&p.security_group_ids))
        .child("metadata_options", metadata)
        .child("block_device_mappings", root);
    vec![c.tagged(n, body)]
}

pub fn eks_cluster(c: &Ctx, n: &Node, p: EksClusterProps) -> Vec<Block> {
    let vpc = Body::new()
        .attr("subnet_ids", c.value(&p.subnet_ids))
        .attr("security_group_ids", c.value(&p.security_group_ids))
        .attr("endpoint_private_access", c.value(&p.endpoint_private_access))
        .attr("endpoint_public_access", c.value(&p.endpoint_public_access))
        .attr_opt(
            "public_access_cidrs",
            (!p.public_access_cidrs.is_empty()).then(|| c.value(&p.public_access_cidrs)),
        );
    let encryption = Body::new()
        .attr("resources", Expr::List(vec![Expr::string("secrets")]))
        .child("provider", Body::new().attr_opt("key_arn", c.opt(&p.secrets_kms_key_arn)));
    let body = Body::new()
        .attr("name", c.name(n))
        .attr("role_arn", c.value(&p.role_arn))
        .attr("version", c.value(&p.version))
        .attr("enabled_cluster_log_types", c.value(&p.enabled_log_types))
        .child("vpc_config", vpc)
        .child("encryption_config", encryption)
        .child(
            "access_config",
            Body::new().attr("authentication_mode", c.value(&p.authentication_mode)),
        );
    vec![tagged_after(c, n, body, role_attachments_of(c, n))]
}

pub fn eks_node_group(c: &Ctx, n: &Node, p: EksNodeGroupProps) -> Vec<Block> {
    let scaling = Body::new()
        .attr("desired_size", c.value(&p.desired_size))
        .attr("max_size", c.value(&p.max_size))
        .attr("min_size", c.value(&p.min_size));
    let mut body = Body::new()
        .attr("cluster_name", c.value(&p.cluster_name))
        .attr("node_group_name", c.name(n))
        .attr("node_role_arn", c.value(&p.node_role_arn))
        .attr("subnet_ids", c.value(&p.subnet_ids))
        .attr("instance_types", c.value(&p.instance_types))
        .attr_opt("labels", (!p.labels.is_empty()).then(|| c.value(&p.labels)))
        .child("scaling_config", scaling);
    if let Some(template) = &p.launch_template_id {
        body = body.child("launch_template", launch_template_version(c, template));
    }
    let mut body = body.attr("tags", c.tags(n));
    if n.ignore_changes.iter().any(|a| a == "desired_size") {
        // Set at creation; the cluster autoscaler owns it afterwards.
        body = body.child(
            "lifecycle",
            Body::new().attr("ignore_changes", Expr::raw("[scaling_config[0].desired_size]")),
        );
    }
    let body = body.attr_opt("depends_on", depends_on(c, n, role_attachments_of(c, n)));
    vec![c.resource(n, body)]
}

/// A node group's launch template, at its latest version.
fn launch_template_version(c: &Ctx, template: &Value) -> Body {
    let name = template.refs().first().map(|r| ident(r.node.as_str())).unwrap_or_else(|| ident(""));
    Body::new()
        .attr("id", c.value(template))
        .attr("version", Expr::raw(format!("aws_launch_template.{name}.latest_version")))
}

pub fn target_group_attachment(c: &Ctx, n: &Node, p: TargetGroupAttachmentProps) -> Vec<Block> {
    let body = Body::new()
        .attr("autoscaling_group_name", c.value(&p.autoscaling_group_name))
        .attr("lb_target_group_arn", c.value(&p.target_group_arn));
    vec![c.resource(n, body)]
}

/// A tagged resource that also waits for the graph's ordering-only edges
/// and `extra` (`depends_on` last, after the tags).
pub fn tagged_after(c: &Ctx, n: &Node, body: Body, extra: Vec<Expr>) -> Block {
    let body = body.attr("tags", c.tags(n)).attr_opt("depends_on", depends_on(c, n, extra));
    c.resource(n, body)
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

/// A statement of a key policy: `principal` may `action` on the key.
fn statement(sid: &str, principal: Expr, action: Expr, condition: Option<Expr>) -> Expr {
    let mut fields = vec![
        ("Sid".to_string(), Expr::string(sid)),
        ("Effect".to_string(), Expr::string("Allow")),
        ("Principal".to_string(), principal),
        ("Action".to_string(), action),
        ("Resource".to_string(), Expr::string("*")),
    ];
    if let Some(cond) = condition {
        fields.push(("Condition".to_string(), cond));
    }
    Expr::Object(fields)
}

/// `{ AWS = ... }`: an account or a role.
fn aws(principal: Expr) -> Expr {
    Expr::Object(vec![("AWS".into(), principal)])
}

/// `{ Service = ... }`: an AWS service.
fn service_principal(service: Expr) -> Expr {
    Expr::Object(vec![("Service".into(), service)])
}

/// `{ OPERATOR = { KEY = VALUE } }`
fn condition(operator: &str, key: &str, value: Expr) -> Expr {
    Expr::Object(vec![(operator.into(), Expr::Object(vec![(key.into(), value)]))])
}

fn strings(xs: &[&str]) -> Expr {
    Expr::List(xs.iter().map(|x| Expr::string(x)).collect())
}

/// The statements of the stack's key for logs, as src/aws/eks/kms_logs.rs
/// writes them: CloudWatch Logs of the region, the stack's trail.
fn log_statements(c: &Ctx, p: &KmsKeyProps) -> Vec<Expr> {
    let mut out = Vec::new();
    if let Some(logs) = &p.logs_principal {
        let arns = c.string(&format!("arn:aws:logs:{}:{}:*", c.region, names::ACCOUNT_PLACEHOLDER));
        out.push(statement(
            "CloudWatchLogsUsesKey",
            service_principal(c.value(logs)),
            strings(&[
                "kms:Encrypt*",
                "kms:Decrypt*",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:Describe*",
            ]),
            Some(condition("ArnLike", "kms:EncryptionContext:aws:logs:arn", arns)),
        ));
    }
    if let Some(trail) = &p.cloudtrail_source_arn {
        let trails = c.string(&format!("arn:aws:cloudtrail:*:{}:trail/*", names::ACCOUNT_PLACEHOLDER));
        let condition = Expr::Object(vec![
            ("StringEquals".into(), Expr::Object(vec![("aws:SourceArn".into(), c.value(trail))])),
            (
                "StringLike".into(),
                Expr::Object(vec![("kms:EncryptionContext:aws:cloudtrail:arn".into(), trails)]),
            ),
        ]);
        let cloudtrail = || service_principal(Expr::string("cloudtrail.amazonaws.com"));
        out.push(statement(
            "CloudTrailEncryptsLogs",
            cloudtrail(),
            Expr::string("kms:GenerateDataKey*"),
            Some(condition),
        ));
        out.push(statement(
            "CloudTrailDescribesKey",
            cloudtrail(),
            Expr::string("kms:DescribeKey"),
            None,
        ));
    }
    if let Some(source) = &p.cloudfront_source_arn {
        // As src/aws/eks/kms_buckets.rs writes it.
        out.push(statement(
            "CloudFrontDecryptsForDistributions",
            service_principal(Expr::string("cloudfront.amazonaws.com")),
            strings(&["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"]),
            Some(condition("ArnLike", "AWS:SourceArn", c.value(source))),
        ));
    }
    out
}
