//! The Resource Groups Tagging API: every resource of the stack that it covers
//! (S3, SQS, Logs and more on real AWS) with its tags, in one paginated call.

use aws_sdk_resourcegroupstagging::types::ResourceTagMapping;

use super::Aws;
use super::classify::every_page;
use super::error::AwsResultExt;
use super::tags::{self, Tags};
use crate::apply::ProviderError;
use crate::graph::{NodeId, tag};

#[derive(Debug, Clone)]
pub struct Tagged {
    pub arn: String,
    pub tags: Tags,
}

impl Tagged {
    /// The service part of the ARN (`sqs`, `s3`, `logs`).
    pub fn service(&self) -> &str {
        self.arn.split(':').nth(2).unwrap_or_default()
    }

    /// Whether the ARN names a resource of `service` whose resource part (after
    /// the account) starts with one of `types` (`key/`, `db:`).
    pub fn is(&self, service: &str, types: &[&str]) -> bool {
        let resource = self.arn.splitn(6, ':').nth(5).unwrap_or_default();
        self.service() == service && types.iter().any(|p| resource.starts_with(p))
    }
}

/// The tags the Tagging API listed for `arn`, if it listed it. A resource
/// created moments ago may be missing (the API is eventually consistent): the
/// caller then asks the service itself.
pub fn listed<'a>(tagged: &'a [Tagged], arn: &str) -> Option<&'a Tags> {
    tagged.iter().find(|t| t.arn == arn).map(|t| &t.tags)
}

/// A resource's tags as the Tagging API listed them, else (a resource not
/// ours, or created moments ago and not listed yet: the listing is eventually
/// consistent) from `ask`, the service's own ListTagsForResource.
pub async fn listed_or<F, Fut>(tagged: &[Tagged], arn: &str, ask: F) -> Result<Tags, ProviderError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Tags, ProviderError>>,
{
    match listed(tagged, arn) {
        Some(t) => Ok(t.clone()),
        None => ask().await,
    }
}

/// The resources of `service` (the ARN's service part) in the listing, each
/// with the logical id its tags name (the listing holds only the stack's).
pub fn ours<'a>(tagged: &'a [Tagged], service: &'a str) -> impl Iterator<Item = (NodeId, &'a Tagged)> {
    let with_id = |t: &'a Tagged| Some((NodeId::new(t.tags.get(tag::ID)?.clone()), t));
    tagged.iter().filter(move |t| t.service() == service).filter_map(with_id)
}

/// Whether the Tagging API listed any resource of `service` (the ARN's service
/// part) whose resource part starts with one of `types` (`key/`, `db:`).
pub fn lists_any(tagged: &[Tagged], service: &str, types: &[&str]) -> bool {
    tagged.iter().any(|t| t.is(service, types))
}

pub async fn stack_resources(aws: &Aws) -> Result<Vec<Tagged>, ProviderError> {
    let filter = aws_sdk_resourcegroupstagging::types::TagFilter::builder()
        .key(tag::STACK)
        .values(&aws.stack)
        .build();
    let filter = &filter;
    let mappings = every_page(|token| async move {
        let page = aws
            .tagging
            .get_resources()
            .tag_filters(filter.clone())
            .resources_per_page(100)
            // A page also ends at this many tags (100 unless asked): each of
            // our resources carries about 7, so 500 lets a page hold ~70.
            .tags_per_page(500)
            .set_pagination_token(token)
            .send()
            .await
            .op("tagging:GetResources")?;
        let next = page.pagination_token().filter(|t| !t.is_empty()).map(str::to_string);
        Ok((page.resource_tag_mapping_list().to_vec(), next))
    })
    .await?;
    let tagged = |r: &ResourceTagMapping| Tagged {
        arn: r.resource_arn().unwrap_or_default().to_string(),
        tags: tags::from_sdk(r.tags()),
    };
    Ok(mappings.iter().map(tagged).collect())
}
