//! CodeCommit repositories: a description and tags.

use aws_sdk_codecommit::types::RepositoryNameIdPair;

use super::Aws;
use super::classify::Listing;
use super::error::{AwsResultExt, NotFound, sdk_error};
use super::props::changed;
use super::resource::from_request;
use super::service::Discovered;
use super::tagging::Tagged;
use super::tags::{self, Tags};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::props::CodeCommitRepositoryProps;
use crate::graph::{Kind, Node, NodeId, Props, Value};
use crate::plan::{AttrChange, LiveResource};

fn arn(aws: &Aws, name: &str) -> String {
    format!("arn:aws:codecommit:{}:{}:{name}", aws.region, aws.account_id)
}

fn live(aws: &Aws, id: NodeId, name: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    let attrs = [
        ("name", Value::str(name)),
        ("arn", Value::str(arn(aws, name))),
        (
            "clone_url_http",
            Value::str(format!("https://git-codecommit.{}.amazonaws.com/v1/repos/{name}", aws.region)),
        ),
    ];
    LiveResource::named(id, Kind::CodeCommitRepository, name, &attrs, tags, props)
}

crate::tag_api! {
    mod codecommit_tags for aws_sdk_codecommit::Client: "codecommit" by resource_arn;
}

/// One ListRepositories, then the tags of each repository with the stack's
/// prefix (as the Tagging API listed them, else asked of CodeCommit).
pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let listing = Listing::new(aws, desired, &[Kind::CodeCommitRepository], "a repository");
    let page = |token| async move {
        let page = aws.codecommit.list_repositories().set_next_token(token).send().await;
        let page = page.op("codecommit:ListRepositories")?;
        Ok((page.repositories().to_vec(), page.next_token().map(str::to_string)))
    };
    let tags = |r: &RepositoryNameIdPair| {
        let arn = arn(aws, r.repository_name().unwrap_or_default());
        async move { codecommit_tags::listed_or_asked(&aws.codecommit, tagged, &arn).await }
    };
    let ours = |id, r: &RepositoryNameIdPair, tags| live(aws, id, r.repository_name().unwrap_or_default(), tags, None);
    listing.classify(page, RepositoryNameIdPair::repository_name, tags, ours).await
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws
        .codecommit
        .get_repository()
        .repository_name(&current.physical_id)
        .send()
        .await
        .op("codecommit:GetRepository")?;
    let description = out
        .repository_metadata()
        .and_then(|m| m.repository_description())
        .unwrap_or_default()
        .to_string();
    Ok(CodeCommitRepositoryProps { description }.into())
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

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let repository = CodeCommitRepositoryProps::try_from(&req.node.props)?;
    let mut call = aws
        .codecommit
        .create_repository()
        .repository_name(&req.node.name)
        .set_tags(Some(tags::to_map(&req.tags)));
    if !repository.description.is_empty() {
        call = call.repository_description(repository.description);
    }
    call.send()
        .await
        .map_err(|e| not_allowed_explained(sdk_error("codecommit:CreateRepository", e)))?;
    let (id, tags, props) = from_request(req);
    Ok(live(aws, id, &req.node.name, tags, props))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let (name, repository) = (&current.physical_id, CodeCommitRepositoryProps::try_from(&req.node.props)?);
    if changed(changes, &["description"]) {
        aws.codecommit
            .update_repository_description()
            .repository_name(name)
            .repository_description(repository.description)
            .send()
            .await
            .op("codecommit:UpdateRepositoryDescription")?;
    }
    let arn = arn(aws, name);
    codecommit_tags::sync(&aws.codecommit, &arn, &current.tags, &req.tags).await?;
    let (id, tags, props) = from_request(req);
    Ok(live(aws, id, name, tags, props))
}

pub async fn delete(aws: &Aws, current: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    let asked = aws
        .codecommit
        .delete_repository()
        .repository_name(&current.physical_id)
        .send()
        .await;
    asked.ok_if_gone("codecommit:DeleteRepository", NotFound::CODECOMMIT_REPOSITORY)
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
    let tags = codecommit_tags::list(&aws.codecommit, &arn(aws, &name)).await?;
    Ok(super::adopt::found(node, live(aws, node.id.clone(), &name, tags, None)))
}

async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    codecommit_tags::tag(&aws.codecommit, &arn(aws, &live.physical_id), tags).await
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
