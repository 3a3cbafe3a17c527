//! ECR repositories: tag mutability, scan on push, encryption, lifecycle policy.

use aws_sdk_ecr::types::{EncryptionConfiguration, EncryptionType, ImageScanningConfiguration, ImageTagMutability, Repository};

use super::classify::Listing;
use super::error::{AwsResultExt, NotFound, built, code_of, sdk_error};
use super::props::changed;
use super::resource::{self, updated};
use super::service::Discovered;
use super::tagging::Tagged;
use super::tags::{self, Tags};
use super::{Aws, json};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::props::EcrRepositoryProps;
use crate::graph::{Kind, Node, NodeId, Props, Value};
use crate::plan::{AttrChange, LiveResource};

fn live(id: NodeId, repo: &Repository, tags: Tags, props: Option<Props>) -> LiveResource {
    let name = repo.repository_name().unwrap_or_default();
    let attrs = [
        ("name", Value::str(name)),
        ("arn", Value::str(repo.repository_arn().unwrap_or_default())),
        ("url", Value::str(repo.repository_uri().unwrap_or_default())),
    ];
    LiveResource::named(id, Kind::EcrRepository, name, &attrs, tags, props)
}

/// What DescribeRepositories tells of a repository's settings; the lifecycle
/// policy needs its own call.
fn described(repo: &Repository) -> Props {
    EcrRepositoryProps {
        image_tag_mutability: repo.image_tag_mutability().map_or("MUTABLE", |m| m.as_str()).to_string(),
        scan_on_push: repo.image_scanning_configuration().is_some_and(|c| c.scan_on_push()),
        encryption: repo
            .encryption_configuration()
            .map_or("AES256", |e| e.encryption_type().as_str())
            .to_string(),
        lifecycle_policy: None,
    }
    .into()
}

crate::tag_api! {
    mod ecr_tags for aws_sdk_ecr::Client: "ecr" by resource_arn;
}

/// One DescribeRepositories for all; the tags of each repository of the
/// stack's prefix as the Tagging API listed them, else asked of ECR.
pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    // Repository names are paths: the stack's are `<stack>/...`.
    let listing = Listing::new(aws, desired, &[Kind::EcrRepository], "a repository").separated_by('/');
    let page = |token| async move {
        let page = aws.ecr.describe_repositories().max_results(1000).set_next_token(token).send().await;
        let page = page.op("ecr:DescribeRepositories")?;
        Ok((page.repositories().to_vec(), page.next_token().map(str::to_string)))
    };
    let tags = |repo: &Repository| {
        let arn = repo.repository_arn().unwrap_or_default().to_string();
        async move { ecr_tags::listed_or_asked(&aws.ecr, tagged, &arn).await }
    };
    let ours = |id, repo: &Repository, tags| live(id, repo, tags, None);
    listing.classify(page, Repository::repository_name, tags, ours).await
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws
        .ecr
        .describe_repositories()
        .repository_names(&current.physical_id)
        .send()
        .await
        .op("ecr:DescribeRepositories")?;
    let mut props = out.repositories().first().map(described).unwrap_or_default();
    let asked = aws.ecr.get_lifecycle_policy().repository_name(&current.physical_id).send().await;
    let policy = asked.if_exists("ecr:GetLifecyclePolicy", NotFound::ECR_LIFECYCLE_POLICY)?;
    if let Some(doc) = policy.as_ref().and_then(|p| p.lifecycle_policy_text()).and_then(json::parse) {
        props.insert("lifecycle_policy".into(), doc);
    }
    Ok(props)
}

async fn put_lifecycle(aws: &Aws, name: &str, repo: &EcrRepositoryProps) -> Result<(), ProviderError> {
    if let Some(policy) = &repo.lifecycle_policy {
        aws.ecr
            .put_lifecycle_policy()
            .repository_name(name)
            .lifecycle_policy_text(json::to_string(policy))
            .send()
            .await
            .op("ecr:PutLifecyclePolicy")?;
    }
    Ok(())
}

fn mutability(repo: &EcrRepositoryProps) -> ImageTagMutability {
    ImageTagMutability::from(repo.image_tag_mutability.as_str())
}

fn scan(repo: &EcrRepositoryProps) -> ImageScanningConfiguration {
    ImageScanningConfiguration::builder().scan_on_push(repo.scan_on_push).build()
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let repo = EcrRepositoryProps::try_from(p)?;
    let encryption = EncryptionConfiguration::builder()
        .encryption_type(EncryptionType::from(repo.encryption.as_str()))
        .build();
    let encryption = built("ecr", encryption)?;
    let out = aws
        .ecr
        .create_repository()
        .repository_name(&req.node.name)
        .image_tag_mutability(mutability(&repo))
        .image_scanning_configuration(scan(&repo))
        .encryption_configuration(encryption)
        .set_tags(Some(tags::to_sdk(&tags::without_hash(&req.tags))?))
        .send()
        .await
        .op("ecr:CreateRepository")?;
    put_lifecycle(aws, &req.node.name, &repo).await?;
    let repo = out
        .repository()
        .cloned()
        .unwrap_or_else(|| Repository::builder().repository_name(&req.node.name).build());
    let (id, tags, props) = resource::from_request(req);
    let created = live(id, &repo, tags, props);
    // The settings hash, once the lifecycle policy it stands for is set.
    add_tags(aws, &created, &tags::hash_only(&req.tags)).await?;
    Ok(created)
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let name = &current.physical_id;
    let repo = EcrRepositoryProps::try_from(&req.node.props)?;
    if changed(changes, &["image_tag_mutability"]) {
        aws.ecr
            .put_image_tag_mutability()
            .repository_name(name)
            .image_tag_mutability(mutability(&repo))
            .send()
            .await
            .op("ecr:PutImageTagMutability")?;
    }
    if changed(changes, &["scan_on_push"]) {
        aws.ecr
            .put_image_scanning_configuration()
            .repository_name(name)
            .image_scanning_configuration(scan(&repo))
            .send()
            .await
            .op("ecr:PutImageScanningConfiguration")?;
    }
    if changed(changes, &["lifecycle_policy"]) {
        put_lifecycle(aws, name, &repo).await?;
    }
    ecr_tags::sync(&aws.ecr, resource::arn(current), &current.tags, &req.tags).await?;
    Ok(updated(current, req))
}

/// A repository with images is deleted only with `force_destroy: true`.
pub async fn delete(aws: &Aws, current: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    let force = tags::force_destroy(&current.tags);
    match aws
        .ecr
        .delete_repository()
        .repository_name(&current.physical_id)
        .force(force)
        .send()
        .await
    {
        Ok(_) => Ok(()),
        Err(e) if NotFound::ECR_REPOSITORY.matches(&e) => Ok(()),
        Err(e) if code_of(&e) == Some("RepositoryNotEmptyException") => Err(ProviderError::new(
            "ecr:DeleteRepository",
            "RepositoryNotEmptyException",
            format!(
                "repository {} still holds images; delete them, or set `force_destroy: true` on it in the stack file and apply",
                current.physical_id
            ),
        )),
        Err(e) => Err(sdk_error("ecr:DeleteRepository", e)),
    }
}

// ---------------------------------------------------------------- import

/// The repository a name or ARN names.
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    let name = super::adopt::arn_resource(aws_id).trim_start_matches("repository/");
    let asked = aws.ecr.describe_repositories().repository_names(name).send().await;
    let repo = asked
        .if_exists("ecr:DescribeRepositories", NotFound::ECR_REPOSITORY)?
        .and_then(|o| o.repositories().first().cloned());
    let Some(repo) = repo else {
        return Ok(super::service::Lookup::Missing);
    };
    let tags = ecr_tags::list(&aws.ecr, repo.repository_arn().unwrap_or_default()).await?;
    Ok(super::adopt::found(node, live(node.id.clone(), &repo, tags, None)))
}

async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    ecr_tags::tag(&aws.ecr, resource::arn(live), tags).await
}

crate::service!(Ecr, [EcrRepository], adopt = (find, add_tags));
