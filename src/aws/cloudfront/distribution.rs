//! The distribution: discovery by its comment, create (idempotent by
//! CallerReference), update, the wait for `Deployed`, and delete.
//!
//! Every update and delete of a distribution needs its current ETag
//! (IfMatch). A distribution is deleted only once disabled and `Deployed`
//! again: the slowest delete of a stack, so it reports progress.

use std::time::Duration;

use aws_sdk_cloudfront::types::{Distribution, DistributionConfig, DistributionConfigWithTags, Tags as CfTags};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::distribution_config::{described, distribution_config};
use crate::apply::{Progress, ProviderError, Request};
use crate::aws::error::{AwsResultExt, NotFound, built, code_of, sdk_error};
use crate::aws::resource::{from_request, settings_changed};
use crate::aws::tag_api::FromTags;
use crate::aws::tagging::Tagged;
use crate::aws::tags::{self, Tags};
use crate::aws::{Aws, call_log, retry};
use crate::graph::props::DistributionProps;
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};
use crate::stack::names;

/// How often a wait for `Deployed` asks.
const POLL: Duration = Duration::from_secs(5);
/// Longest a distribution may take to deploy (real AWS: minutes).
const DEPLOY_WAIT: Duration = Duration::from_secs(45 * 60);

/// The distribution's ARN as AWS documents it. (moto 5.2.1 returns ARNs
/// without the empty region field; tag calls use the ARN AWS returned, the
/// bucket policy this one.)
pub fn distribution_arn(account: &str, id: &str) -> String {
    format!("arn:aws:cloudfront::{account}:distribution/{id}")
}

/// An idempotent CallerReference: a retried create (the response was lost)
/// finds the same distribution instead of making a second one.
pub fn caller_reference(stack: &str, id: &NodeId, hash: &str) -> String {
    let short: String = hash.chars().take(16).collect();
    format!("stackctl/{stack}/{id}/{short}")
}

fn dist_live(aws: &Aws, id: NodeId, name: &str, d: &Distribution, tags: Tags, props: Option<Props>) -> LiveResource {
    let attrs = [
        ("id", Value::str(d.id())),
        ("arn", Value::str(distribution_arn(&aws.account_id, d.id()))),
        ("domain_name", Value::str(d.domain_name())),
    ];
    LiveResource::new(id, Kind::Distribution, name, d.id(), &attrs, tags, props)
}

/// The live distribution after a create or update: what was asked for.
fn applied(aws: &Aws, req: &Request, dist: &Distribution) -> LiveResource {
    let (id, tags, props) = from_request(req);
    dist_live(aws, id, &req.node.name, dist, tags, props)
}

crate::tag_api! {
    /// CloudFront names a distribution by its ARN and wraps its tags and keys
    /// in `Tags` / `TagKeys` (`tag_api`'s conversions).
    mod cloudfront_tags for aws_sdk_cloudfront::Client {
        list "cloudfront:ListTagsForResource" = list_tags_for_resource.resource -> tags;
        tag "cloudfront:TagResource" = tag_resource.resource.set_tags;
        untag "cloudfront:UntagResource" = untag_resource.resource.set_tag_keys;
    }
}

/// The stack's distributions: one ListDistributions, then the tags of those
/// whose comment is the stack's distribution name.
pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let name = names::named(&aws.stack, "cdn");
    let (mut found, mut conflicts) = (Vec::new(), Vec::new());
    let mut marker = None;
    loop {
        let out = aws
            .cloudfront
            .list_distributions()
            .set_marker(marker)
            .send()
            .await
            .op("cloudfront:ListDistributions")?;
        let Some(list) = out.distribution_list() else { break };
        for d in list.items().iter().filter(|d| d.comment() == name) {
            let tags = cloudfront_tags::listed_or_asked(&aws.cloudfront, tagged, d.arn()).await?;
            match tags.get(tag::ID) {
                Some(id) if tags::owned_by(&tags, &aws.stack) => {
                    let dist = built(
                        "cloudfront",
                        Distribution::builder()
                            .id(d.id())
                            .arn(d.arn())
                            .status(d.status())
                            .domain_name(d.domain_name())
                            .last_modified_time(*d.last_modified_time())
                            .in_progress_invalidation_batches(0)
                            .build(),
                    )?;
                    found.push(dist_live(aws, NodeId::new(id.clone()), &name, &dist, tags, None));
                }
                _ => conflicts.extend(desired.iter().filter(|n| n.kind == Kind::Distribution && n.name == name).map(|n| {
                    match tags.get(tag::STACK).filter(|s| **s != aws.stack) {
                        Some(owner) => Conflict::name_owned_by(n, &format!("distribution {}", d.id()), owner),
                        None => Conflict {
                            id: n.id.clone(),
                            kind: n.kind,
                            name: n.name.clone(),
                            reason: format!("distribution {} carries this name without this stack's tags", d.id()),
                            aws_id: Some(d.id().to_string()),
                        },
                    }
                })),
            }
        }
        marker = list
            .next_marker()
            .filter(|m| !m.is_empty() && list.is_truncated())
            .map(str::to_string);
        if marker.is_none() {
            break;
        }
    }
    Ok((found, conflicts))
}

/// A Get call's item with the ETag its next change must name; none when the
/// distribution is gone.
async fn with_etag<O, E, T: Clone>(
    call: impl Future<Output = Result<O, SdkError<E, HttpResponse>>>,
    operation: &str,
    parts: impl FnOnce(&O) -> (Option<&T>, Option<&str>),
) -> Result<Option<(T, String)>, ProviderError>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let Some(out) = call.await.if_exists(operation, NotFound::DISTRIBUTION)? else {
        return Ok(None);
    };
    let (item, etag) = parts(&out);
    Ok(item.cloned().map(|i| (i, etag.unwrap_or_default().to_string())))
}

async fn get_config(aws: &Aws, id: &str) -> Result<Option<(DistributionConfig, String)>, ProviderError> {
    let call = aws.cloudfront.get_distribution_config().id(id).send();
    with_etag(call, "cloudfront:GetDistributionConfig", |o| (o.distribution_config(), o.e_tag())).await
}

/// The distribution (status, AWS's ARN) and its current ETag.
async fn get_distribution(aws: &Aws, id: &str) -> Result<Option<(Distribution, String)>, ProviderError> {
    let call = aws.cloudfront.get_distribution().id(id).send();
    with_etag(call, "cloudfront:GetDistribution", |o| (o.distribution(), o.e_tag())).await
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    Ok(get_config(aws, &live.physical_id)
        .await?
        .map(|(c, _)| described(&c).into())
        .unwrap_or_default())
}

/// Our distribution with this CallerReference, if a create already made it.
async fn by_caller_reference(aws: &Aws, reference: &str, comment: &str) -> Result<Option<Distribution>, ProviderError> {
    let out = aws
        .cloudfront
        .list_distributions()
        .send()
        .await
        .op("cloudfront:ListDistributions")?;
    for d in out.distribution_list().map(|l| l.items()).unwrap_or_default() {
        if d.comment() != comment {
            continue;
        }
        if let Some((c, _)) = get_config(aws, d.id()).await?
            && c.caller_reference() == reference
        {
            return Ok(get_distribution(aws, d.id()).await?.map(|(d, _)| d));
        }
    }
    Ok(None)
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let wanted = DistributionProps::try_from(&req.node.props)?;
    let hash = req.tags.get(tag::HASH).map(String::as_str).unwrap_or_default();
    let reference = caller_reference(&aws.stack, &req.node.id, hash);
    let config = distribution_config(&wanted, &reference, &req.node.name, wanted.enabled)?;
    let with_tags = DistributionConfigWithTags::builder()
        .distribution_config(config)
        .tags(CfTags::from_tags(&req.tags)?)
        .build();
    let dist = match aws
        .cloudfront
        .create_distribution_with_tags()
        .distribution_config_with_tags(with_tags)
        .send()
        .await
    {
        Ok(out) => out.distribution().cloned(),
        // A retry after a lost response: the same reference made it already.
        Err(e) if code_of(&e) == Some("DistributionAlreadyExists") => by_caller_reference(aws, &reference, &req.node.name).await?,
        Err(e) => return Err(sdk_error("cloudfront:CreateDistributionWithTags", e)),
    };
    let dist = dist.ok_or_else(|| {
        ProviderError::new(
            "cloudfront:CreateDistributionWithTags",
            "NoDistribution",
            "no distribution returned",
        )
    })?;
    Ok(applied(aws, req, &dist))
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let wanted = DistributionProps::try_from(&req.node.props)?;
    let id = &live.physical_id;
    let (current, etag) = get_config(aws, id)
        .await?
        .ok_or_else(|| ProviderError::new("cloudfront:GetDistributionConfig", "NoSuchDistribution", id.clone()))?;
    if settings_changed(changes) {
        // The CallerReference of a distribution never changes.
        let config = distribution_config(&wanted, current.caller_reference(), &req.node.name, wanted.enabled)?;
        update_config(aws, id, etag, config).await?;
    }
    let (dist, _) = get_distribution(aws, id)
        .await?
        .ok_or_else(|| ProviderError::new("cloudfront:GetDistribution", "NoSuchDistribution", id.clone()))?;
    cloudfront_tags::sync(&aws.cloudfront, dist.arn(), &live.tags, &req.tags).await?;
    Ok(applied(aws, req, &dist))
}

/// UpdateDistribution: the whole config, against the ETag of the one it replaces.
async fn update_config(aws: &Aws, id: &str, etag: String, config: DistributionConfig) -> Result<(), ProviderError> {
    aws.cloudfront
        .update_distribution()
        .id(id)
        .if_match(etag)
        .distribution_config(config)
        .send()
        .await
        .op("cloudfront:UpdateDistribution")?;
    Ok(())
}

/// Polls GetDistribution until the distribution is `Deployed`; its ETag then.
/// `ready` dependents wait until the distribution is deployed.
async fn wait_ready(aws: &Aws, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    wait_deployed(aws, &live.physical_id, progress).await?;
    Ok(live.clone())
}

pub async fn wait_deployed(
    aws: &Aws,
    id: &str,
    report: &(dyn Fn(String) + Send + Sync),
) -> Result<Option<(Distribution, String)>, ProviderError> {
    let started = tokio::time::Instant::now();
    retry::poll(POLL, || async {
        let Some((d, etag)) = get_distribution(aws, id).await? else {
            return Ok(Some(None));
        };
        call_log::observed(&format!("cloudfront:distribution/{id}"), d.status());
        if d.status() == "Deployed" {
            return Ok(Some(Some((d, etag))));
        }
        if started.elapsed() > DEPLOY_WAIT {
            return Err(ProviderError::new(
                "cloudfront:GetDistribution",
                "Timeout",
                format!("distribution {id} still {} after {:?}", d.status(), DEPLOY_WAIT),
            ));
        }
        report(format!("distribution {id} {} ({} s)", d.status(), started.elapsed().as_secs()));
        Ok(None)
    })
    .await
}

pub async fn delete(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let id = &live.physical_id;
    let Some((mut config, etag)) = get_config(aws, id).await? else {
        return Ok(());
    };
    // AWS deletes only a disabled distribution, and only once that change is
    // deployed (minutes).
    if config.enabled() {
        config.enabled = false;
        update_config(aws, id, etag, config).await?;
    }
    let report = |msg: String| tracing::info!("waiting for {msg} to be disabled");
    let Some((_, etag)) = wait_deployed(aws, id, &report).await? else {
        return Ok(());
    };
    let asked = aws.cloudfront.delete_distribution().id(id).if_match(etag).send().await;
    asked.ok_if_gone("cloudfront:DeleteDistribution", NotFound::DISTRIBUTION)
}

// ---------------------------------------------------------------- import

/// The distribution an id or ARN names; the stack names it by its comment.
pub async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<crate::aws::service::Lookup, ProviderError> {
    let id = crate::aws::adopt::name_in(aws_id, &['/']);
    let Some((d, _)) = get_distribution(aws, &id).await? else {
        return Ok(crate::aws::service::Lookup::Missing);
    };
    let comment = d.distribution_config().map(|c| c.comment()).unwrap_or_default().to_string();
    let tags = cloudfront_tags::list(&aws.cloudfront, d.arn()).await?;
    Ok(crate::aws::adopt::found(
        node,
        dist_live(aws, node.id.clone(), &comment, &d, tags, None),
    ))
}

/// Tag calls take the ARN AWS returns.
pub async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    let (d, _) = get_distribution(aws, &live.physical_id)
        .await?
        .ok_or_else(|| ProviderError::new("cloudfront:GetDistribution", "NoSuchDistribution", live.physical_id.clone()))?;
    let tags = crate::aws::adopt::merged(&live.tags, tags);
    cloudfront_tags::sync(&aws.cloudfront, d.arn(), &live.tags, &tags).await
}

crate::resource!(Distributions for Distribution: discover, read, create, update, delete, wait, adopt);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caller_reference_is_stable_per_stack_node_and_settings() {
        let id = NodeId::new("cdn/distribution");
        let a = caller_reference("shop", &id, "0123456789abcdef0123");
        assert_eq!(a, "stackctl/shop/cdn/distribution/0123456789abcdef");
        assert_eq!(a, caller_reference("shop", &id, "0123456789abcdef0123"));
        assert_ne!(a, caller_reference("shop2", &id, "0123456789abcdef0123"));
        assert_ne!(a, caller_reference("shop", &id, "fedcba9876543210"));
    }

    #[test]
    fn arn_has_the_empty_region_field() {
        assert_eq!(
            distribution_arn("123456789012", "E1"),
            "arn:aws:cloudfront::123456789012:distribution/E1"
        );
    }
}
