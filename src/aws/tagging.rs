//! The Resource Groups Tagging API: every resource of the stack that it covers
//! (S3, SQS, Logs and more on real AWS) with its tags, in one paginated call.

use super::Aws;
use super::error::AwsResultExt;
use super::tags::Tags;
use crate::apply::ProviderError;
use crate::graph::tag;

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
}

pub async fn stack_resources(aws: &Aws) -> Result<Vec<Tagged>, ProviderError> {
    let filter = aws_sdk_resourcegroupstagging::types::TagFilter::builder()
        .key(tag::STACK)
        .values(&aws.stack)
        .build();
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = aws
            .tagging
            .get_resources()
            .tag_filters(filter.clone())
            .resources_per_page(100)
            .set_pagination_token(token.clone())
            .send()
            .await
            .op("tagging:GetResources")?;
        for r in page.resource_tag_mapping_list() {
            let tags = r.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect();
            out.push(Tagged {
                arn: r.resource_arn().unwrap_or_default().to_string(),
                tags,
            });
        }
        token = page.pagination_token().filter(|t| !t.is_empty()).map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    Ok(out)
}
