//! `stackctl import`'s AWS side: the resource an import names, looked up by its
//! AWS id (name, tags, and the live resource the service's `read` takes), and
//! the ownership tags added to it, kind by kind.

use super::Aws;
use super::error::AwsResultExt;
use super::tags::Tags;
use crate::apply::ProviderError;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::LiveResource;
use crate::plan::import::Found;

/// What AWS has under an id.
pub enum Lookup {
    /// The resource, as the stack would see it once adopted (settings not read yet).
    Found(Box<LiveResource>, Found),
    Missing,
    /// This version cannot import the kind yet.
    Unsupported,
}

/// The last segment of an ARN (`...:role/path/name` -> `name`) or the id itself.
fn name_in(aws_id: &str, separators: &[char]) -> String {
    if aws_id.starts_with("arn:") {
        aws_id.rsplit(separators).next().unwrap_or(aws_id).to_string()
    } else {
        aws_id.to_string()
    }
}

fn resource(node: &Node, name: &str, physical_id: &str, attrs: &[(&str, String)], tags: Tags) -> Lookup {
    let found = Found {
        name: Some(name.to_string()),
        tags: tags.clone(),
    };
    let mut attrs: std::collections::BTreeMap<String, Value> = attrs.iter().map(|(k, v)| (k.to_string(), Value::str(v))).collect();
    attrs.insert("name".into(), Value::str(name));
    let live = Box::new(LiveResource {
        id: node.id.clone(),
        kind: node.kind,
        name: name.to_string(),
        physical_id: physical_id.to_string(),
        attrs,
        props: None,
        tags,
    });
    Lookup::Found(live, found)
}

/// Looks up `aws_id` as a resource of `node`'s kind.
pub async fn look_up(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    match node.kind {
        Kind::Vpc | Kind::Subnet => ec2(aws, node, aws_id).await,
        Kind::Queue => sqs(aws, node, aws_id).await,
        Kind::Bucket => s3(aws, node, &name_in(aws_id, &[':'])).await,
        Kind::EcrRepository => ecr(aws, node, name_in(aws_id, &[':']).trim_start_matches("repository/")).await,
        Kind::IamRole => iam(aws, node, &name_in(aws_id, &['/'])).await,
        Kind::LogGroup => {
            logs(
                aws,
                node,
                aws_id.split(":log-group:").last().unwrap_or(aws_id).trim_end_matches(":*"),
            )
            .await
        }
        Kind::DbSubnetGroup => rds_subnet_group(aws, node, &name_in(aws_id, &[':'])).await,
        _ => Ok(Lookup::Unsupported),
    }
}

/// The settings of a looked-up resource, in the normal form of the desired
/// properties (what the plan compares).
pub async fn settings(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    match (&live.props, live.kind) {
        (Some(p), _) => Ok(p.clone()),
        (None, Kind::Subnet) => subnet_props(aws, &live.physical_id).await,
        (None, kind) => super::service(kind)?.read(aws, live).await,
    }
}

/// Adds `tags` to the resource; its other tags stay.
pub async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    let id = live.physical_id.as_str();
    let arn = || live.attrs.get("arn").and_then(Value::as_str).unwrap_or_default().to_string();
    match live.kind {
        Kind::Vpc | Kind::Subnet => {
            let mut desired = live.tags.clone();
            desired.extend(tags.clone());
            super::ec2::sync_tags(aws, id, &live.tags, &desired).await
        }
        Kind::Queue => {
            aws.sqs
                .tag_queue()
                .queue_url(id)
                .set_tags(Some(tags.clone().into_iter().collect()))
                .send()
                .await
                .op("sqs:TagQueue")?;
            Ok(())
        }
        Kind::Bucket => {
            let mut all = live.tags.clone();
            all.extend(tags.clone());
            let tagging = super::s3::tagging(&all)?;
            aws.s3
                .put_bucket_tagging()
                .bucket(id)
                .tagging(tagging)
                .send()
                .await
                .op("s3:PutBucketTagging")?;
            Ok(())
        }
        Kind::EcrRepository => {
            let set = super::ecr::ecr_tags(tags)?;
            aws.ecr
                .tag_resource()
                .resource_arn(arn())
                .set_tags(Some(set))
                .send()
                .await
                .op("ecr:TagResource")?;
            Ok(())
        }
        Kind::IamRole => {
            let set = super::iam::iam_tags(tags)?;
            aws.iam
                .tag_role()
                .role_name(id)
                .set_tags(Some(set))
                .send()
                .await
                .op("iam:TagRole")?;
            Ok(())
        }
        Kind::LogGroup => {
            aws.logs
                .tag_resource()
                .resource_arn(arn().trim_end_matches(":*"))
                .set_tags(Some(tags.clone().into_iter().collect()))
                .send()
                .await
                .op("logs:TagResource")?;
            Ok(())
        }
        Kind::DbSubnetGroup => {
            let mut desired = live.tags.clone();
            desired.extend(tags.clone());
            super::rds::sync_tags(aws, &arn(), &live.tags, &desired).await
        }
        other => Err(super::unsupported(other)),
    }
}

async fn ec2(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    let filter = aws_sdk_ec2::types::Filter::builder().name("resource-id").values(aws_id).build();
    let out = aws.ec2.describe_tags().filters(filter).send().await.op("ec2:DescribeTags")?;
    let tags: Tags = out
        .tags()
        .iter()
        .map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string()))
        .collect();
    let missing = |c: Option<&str>| c.is_some_and(|c| c.ends_with(".NotFound") || c.ends_with(".Malformed"));
    let exists = match node.kind {
        Kind::Vpc => match aws.ec2.describe_vpcs().vpc_ids(aws_id).send().await {
            Ok(o) => !o.vpcs().is_empty(),
            Err(e) if missing(super::error::code_of(&e)) => false,
            Err(e) => return Err(super::error::sdk_error("ec2:DescribeVpcs", e)),
        },
        _ => match aws.ec2.describe_subnets().subnet_ids(aws_id).send().await {
            Ok(o) => !o.subnets().is_empty(),
            Err(e) if missing(super::error::code_of(&e)) => false,
            Err(e) => return Err(super::error::sdk_error("ec2:DescribeSubnets", e)),
        },
    };
    if !exists {
        return Ok(Lookup::Missing);
    }
    let name = tags.get("Name").cloned().unwrap_or_default();
    let Lookup::Found(live, mut found) = resource(node, &name, aws_id, &[("id", aws_id.to_string())], tags) else {
        unreachable!("resource() always finds")
    };
    found.name = live.tags.get("Name").cloned();
    Ok(Lookup::Found(live, found))
}

async fn subnet_props(aws: &Aws, id: &str) -> Result<Props, ProviderError> {
    let out = aws.ec2.describe_subnets().subnet_ids(id).send().await.op("ec2:DescribeSubnets")?;
    let mut props = Props::new();
    if let Some(s) = out.subnets().first() {
        props.insert("vpc_id".into(), Value::str(s.vpc_id().unwrap_or_default()));
        props.insert("cidr_block".into(), Value::str(s.cidr_block().unwrap_or_default()));
        props.insert("availability_zone".into(), Value::str(s.availability_zone().unwrap_or_default()));
        props.insert(
            "map_public_ip_on_launch".into(),
            Value::Bool(s.map_public_ip_on_launch().unwrap_or(false)),
        );
    }
    Ok(props)
}

async fn sqs(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    let name = aws_id.rsplit(['/', ':']).next().unwrap_or(aws_id);
    let url = match aws.sqs.get_queue_url().queue_name(name).send().await {
        Ok(o) => o.queue_url().unwrap_or_default().to_string(),
        Err(e) if super::error::code_of(&e).is_some_and(|c| c.contains("NonExistentQueue") || c == "QueueDoesNotExist") => {
            return Ok(Lookup::Missing);
        }
        Err(e) => return Err(super::error::sdk_error("sqs:GetQueueUrl", e)),
    };
    let tags = aws.sqs.list_queue_tags().queue_url(&url).send().await.op("sqs:ListQueueTags")?;
    let tags: Tags = tags.tags().cloned().unwrap_or_default().into_iter().collect();
    let arn = format!("arn:aws:sqs:{}:{}:{name}", aws.region, aws.account_id);
    Ok(resource(node, name, &url, &[("url", url.clone()), ("arn", arn)], tags))
}

async fn s3(aws: &Aws, node: &Node, name: &str) -> Result<Lookup, ProviderError> {
    match aws.s3.get_bucket_tagging().bucket(name).send().await {
        Ok(o) => {
            let tags = o.tag_set().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect();
            Ok(resource(node, name, name, &[("arn", format!("arn:aws:s3:::{name}"))], tags))
        }
        Err(e) => match super::error::code_of(&e) {
            Some("NoSuchTagSet") => Ok(resource(node, name, name, &[("arn", format!("arn:aws:s3:::{name}"))], Tags::new())),
            Some("NoSuchBucket") => Ok(Lookup::Missing),
            _ => Err(super::error::sdk_error("s3:GetBucketTagging", e)),
        },
    }
}

async fn ecr(aws: &Aws, node: &Node, name: &str) -> Result<Lookup, ProviderError> {
    let repo = match aws.ecr.describe_repositories().repository_names(name).send().await {
        Ok(o) => o.repositories().first().cloned(),
        Err(e) if super::error::code_of(&e) == Some("RepositoryNotFoundException") => None,
        Err(e) => return Err(super::error::sdk_error("ecr:DescribeRepositories", e)),
    };
    let Some(repo) = repo else { return Ok(Lookup::Missing) };
    let arn = repo.repository_arn().unwrap_or_default().to_string();
    let tags = aws
        .ecr
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .op("ecr:ListTagsForResource")?;
    let tags = tags.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect();
    let url = repo.repository_uri().unwrap_or_default().to_string();
    Ok(resource(node, name, name, &[("arn", arn), ("url", url)], tags))
}

async fn iam(aws: &Aws, node: &Node, name: &str) -> Result<Lookup, ProviderError> {
    let role = match aws.iam.get_role().role_name(name).send().await {
        Ok(o) => o.role().cloned(),
        Err(e) if super::error::code_of(&e) == Some("NoSuchEntity") => None,
        Err(e) => return Err(super::error::sdk_error("iam:GetRole", e)),
    };
    let Some(role) = role else { return Ok(Lookup::Missing) };
    // Discovery reads roles in full; so does import.
    let (tags, props) = super::iam::read_role(aws, &role).await?;
    let Lookup::Found(mut live, found) = resource(node, name, name, &[("arn", role.arn().to_string())], tags) else {
        unreachable!("resource() always finds")
    };
    live.props = Some(props);
    Ok(Lookup::Found(live, found))
}

async fn logs(aws: &Aws, node: &Node, name: &str) -> Result<Lookup, ProviderError> {
    let out = aws
        .logs
        .describe_log_groups()
        .log_group_name_prefix(name)
        .send()
        .await
        .op("logs:DescribeLogGroups")?;
    let Some(group) = out.log_groups().iter().find(|g| g.log_group_name() == Some(name)) else {
        return Ok(Lookup::Missing);
    };
    let arn = group.arn().unwrap_or_default().trim_end_matches(":*").to_string();
    let tags = aws
        .logs
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .op("logs:ListTagsForResource")?;
    let tags = tags.tags().cloned().unwrap_or_default().into_iter().collect();
    Ok(resource(node, name, name, &[("arn", arn)], tags))
}

async fn rds_subnet_group(aws: &Aws, node: &Node, name: &str) -> Result<Lookup, ProviderError> {
    let group = match aws.rds.describe_db_subnet_groups().db_subnet_group_name(name).send().await {
        Ok(o) => o.db_subnet_groups().first().cloned(),
        Err(e) if super::error::code_of(&e) == Some("DBSubnetGroupNotFoundFault") => None,
        Err(e) => return Err(super::error::sdk_error("rds:DescribeDBSubnetGroups", e)),
    };
    let Some(group) = group else { return Ok(Lookup::Missing) };
    let arn = group.db_subnet_group_arn().unwrap_or_default().to_string();
    let tags = super::rds::tags_for(aws, &[], &arn).await?;
    Ok(resource(node, name, name, &[("arn", arn)], tags))
}

/// One resource an import will tag, and what apply would change on it then.
pub struct Adoptee {
    pub live: LiveResource,
    /// The tags import adds (the ownership tags).
    pub tags: Tags,
    /// The plan that follows for it: the file's settings against AWS's.
    pub then: crate::plan::ResourceChange,
}

/// Checks that `aws_id` may become `id` of the stack and what adopting it
/// means. `planned` is the stack's plan (its graph and live state).
pub async fn prepare(
    aws: &Aws,
    planned: &crate::plan::PlannedApply,
    id: &crate::graph::NodeId,
    aws_id: &str,
) -> Result<Result<Adoptee, crate::plan::import::ImportError>, ProviderError> {
    use crate::plan::import::{self, ImportError};
    let Some(node) = planned.graph.get(id) else {
        return Ok(Err(ImportError::UnknownId(id.clone())));
    };
    if let Some(refusal) = import::untaggable(node) {
        return Ok(Err(refusal));
    }
    if let Err(e) = import::check_kind(node, aws_id) {
        return Ok(Err(e));
    }
    if let Some(l) = planned.live.get(id).filter(|l| super::tags::owned_by(&l.tags, &aws.stack)) {
        let (kind, aws_id) = (l.kind, l.physical_id.clone());
        return Ok(Err(ImportError::AlreadyOwned {
            id: id.clone(),
            kind,
            aws_id,
        }));
    }
    let (mut live, found) = match look_up(aws, node, aws_id).await? {
        Lookup::Found(live, found) => (*live, found),
        Lookup::Missing => {
            let (kind, aws_id, region) = (node.kind, aws_id.to_string(), aws.region.clone());
            return Ok(Err(ImportError::NotFound { kind, aws_id, region }));
        }
        Lookup::Unsupported => return Ok(Err(ImportError::Unsupported(node.kind))),
    };
    if let Err(e) = import::check_found(&aws.stack, node, aws_id, &found) {
        return Ok(Err(e));
    }
    live.props = Some(settings(aws, &live).await?);
    let tags = import::ownership_tags(&aws.stack, node);
    let mut after = live.clone();
    after.tags.extend(tags.clone());
    let then = crate::plan::compare_live(node, &after, &planned.live);
    Ok(Ok(Adoptee { live, tags, then }))
}
