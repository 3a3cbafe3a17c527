//! CodeCommit repositories: a description and tags.

use std::collections::BTreeMap;

use super::Aws;
use super::error::{AwsResultExt, NotFound, sdk_error};
use super::tagging::Tagged;
use super::tags::{self, Tags};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};

fn arn(aws: &Aws, name: &str) -> String {
    format!("arn:aws:codecommit:{}:{}:{name}", aws.region, aws.account_id)
}

fn live(aws: &Aws, id: NodeId, name: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    let attrs: BTreeMap<String, Value> = [
        ("name", Value::str(name)),
        ("arn", Value::str(arn(aws, name))),
        (
            "clone_url_http",
            Value::str(format!("https://git-codecommit.{}.amazonaws.com/v1/repos/{name}", aws.region)),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    LiveResource {
        id,
        kind: Kind::CodeCommitRepository,
        name: name.to_string(),
        physical_id: name.to_string(),
        attrs,
        props,
        tags,
    }
}

/// The resource's tags (`tagging::listed_or`: listed, else asked of the service).
async fn repository_tags(aws: &Aws, tagged: &[Tagged], name: &str) -> Result<Tags, ProviderError> {
    let arn = arn(aws, name);
    crate::aws::tagging::listed_or(tagged, &arn, || async {
        let out = aws
            .codecommit
            .list_tags_for_resource()
            .resource_arn(&arn)
            .send()
            .await
            .op("codecommit:ListTagsForResource")?;
        Ok(out.tags().cloned().unwrap_or_default().into_iter().collect())
    })
    .await
}

/// One ListRepositories, then the tags of each repository with the stack's prefix.
pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let prefix = format!("{}-", aws.stack);
    let mut names = Vec::new();
    let mut token = None;
    loop {
        let page = aws
            .codecommit
            .list_repositories()
            .set_next_token(token)
            .send()
            .await
            .op("codecommit:ListRepositories")?;
        names.extend(
            page.repositories()
                .iter()
                .filter_map(|r| r.repository_name())
                .filter(|n| n.starts_with(&prefix))
                .map(str::to_string),
        );
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    let mut found = Vec::new();
    let mut conflicts = Vec::new();
    for name in names {
        let tags = repository_tags(aws, tagged, &name).await?;
        match tags.get(tag::ID) {
            Some(id) if tags::owned_by(&tags, &aws.stack) => found.push(live(aws, NodeId::new(id.clone()), &name, tags.clone(), None)),
            _ => {
                if let Some(n) = desired.iter().find(|n| n.kind == Kind::CodeCommitRepository && n.name == name) {
                    conflicts.push(Conflict::name_held(n, "a repository", &name, &tags, &aws.stack));
                }
            }
        }
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws
        .codecommit
        .get_repository()
        .repository_name(&current.physical_id)
        .send()
        .await
        .op("codecommit:GetRepository")?;
    let mut props = Props::new();
    let description = out
        .repository_metadata()
        .and_then(|m| m.repository_description())
        .unwrap_or_default();
    props.insert("description".into(), Value::str(description));
    Ok(props)
}

/// AWS closed CodeCommit to new customers on 25 July 2024: an account (or
/// organization) that never had a repository gets `OperationNotAllowedException`
/// from CreateRepository. Say what that means and what to do, with AWS's words.
/// <https://aws.amazon.com/blogs/devops/how-to-migrate-your-aws-codecommit-repository-to-another-git-provider/>
fn not_allowed_explained(e: ProviderError) -> ProviderError {
    if e.code != "OperationNotAllowedException" {
        return e;
    }
    ProviderError::new(
        e.operation,
        e.code,
        format!(
            "this AWS account cannot create CodeCommit repositories (CodeCommit takes no new customers: \
             an account or organization without an existing repository is refused). Remove `repositories:` \
             from the stack file, or ask AWS Support to enable CodeCommit for this account. AWS said: {}",
            e.message
        ),
    )
}

fn description(props: &Props) -> &str {
    props.get("description").and_then(Value::as_str).unwrap_or_default()
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let mut call = aws
        .codecommit
        .create_repository()
        .repository_name(&req.node.name)
        .set_tags(Some(req.tags.clone().into_iter().collect()));
    if !description(&req.node.props).is_empty() {
        call = call.repository_description(description(&req.node.props));
    }
    call.send()
        .await
        .map_err(|e| not_allowed_explained(sdk_error("codecommit:CreateRepository", e)))?;
    Ok(live(
        aws,
        req.node.id.clone(),
        &req.node.name,
        req.tags.clone(),
        Some(req.node.props.clone()),
    ))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let name = &current.physical_id;
    if changes.iter().any(|c| c.attr == "description") {
        aws.codecommit
            .update_repository_description()
            .repository_name(name)
            .repository_description(description(&req.node.props))
            .send()
            .await
            .op("codecommit:UpdateRepositoryDescription")?;
    }
    let arn = arn(aws, name);
    let removed = tags::removed_keys(&current.tags, &req.tags);
    if !removed.is_empty() {
        aws.codecommit
            .untag_resource()
            .resource_arn(&arn)
            .set_tag_keys(Some(removed))
            .send()
            .await
            .op("codecommit:UntagResource")?;
    }
    aws.codecommit
        .tag_resource()
        .resource_arn(&arn)
        .set_tags(Some(req.tags.clone().into_iter().collect()))
        .send()
        .await
        .op("codecommit:TagResource")?;
    Ok(live(aws, req.node.id.clone(), name, req.tags.clone(), Some(req.node.props.clone())))
}

pub async fn delete(aws: &Aws, current: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    let asked = aws
        .codecommit
        .delete_repository()
        .repository_name(&current.physical_id)
        .send()
        .await;
    asked.if_exists("codecommit:DeleteRepository", NotFound::CODECOMMIT_REPOSITORY)?;
    Ok(())
}

// ---------------------------------------------------------------- import

/// The repository a name or ARN names.
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    let name = super::adopt::name_in(aws_id, &[':']);
    let asked = aws.codecommit.get_repository().repository_name(&name).send().await;
    if asked
        .if_exists("codecommit:GetRepository", NotFound::CODECOMMIT_REPOSITORY)?
        .is_none()
    {
        return Ok(super::service::Lookup::Missing);
    }
    let tags = repository_tags(aws, &[], &name).await?;
    Ok(super::adopt::found(node, live(aws, node.id.clone(), &name, tags, None)))
}

async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    aws.codecommit
        .tag_resource()
        .resource_arn(arn(aws, &live.physical_id))
        .set_tags(Some(tags.clone().into_iter().collect()))
        .send()
        .await
        .op("codecommit:TagResource")?;
    Ok(())
}

crate::service!(CodeCommit, [CodeCommitRepository], adopt = (find, add_tags));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_new_customer_is_told_what_to_do() {
        let aws_says =
            "CreateRepository request is not allowed because there is no existing repository in this account or AWS Organization";
        let e = not_allowed_explained(ProviderError::new(
            "codecommit:CreateRepository",
            "OperationNotAllowedException",
            aws_says,
        ));
        assert_eq!(e.code, "OperationNotAllowedException");
        assert!(e.message.contains("Remove `repositories:`"), "{}", e.message);
        assert!(e.message.contains(aws_says), "{}", e.message);
        let other = not_allowed_explained(ProviderError::new("codecommit:CreateRepository", "AccessDenied", "no"));
        assert_eq!(other.message, "no");
    }
}
