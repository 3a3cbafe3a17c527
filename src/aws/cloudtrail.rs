//! CloudTrail: one multi-region trail into the stack's logs bucket, logging.
//!
//! The bucket's policy (storage.rs) lets the trail write; CreateTrail checks
//! it, hence the trail's `ready` edge on the bucket.

use std::collections::BTreeMap;

use aws_sdk_cloudtrail::types::{ResourceTag, Trail};

use super::Aws;
use super::classify::{Listing, Owner};
use super::error::{AwsResultExt, NotFound};
use super::resource::{created_by_arn, known_by_arn, settings_changed, updated};
use super::retry;
use super::tagging::Tagged;
use super::tags::{self, Tags};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::props::TrailProps;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// How long CreateTrail retries a bucket policy it does not see yet.
const POLICY_VISIBLE_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// ListTags takes at most 20 trail ARNs.
const TAG_BATCH: usize = 20;

fn described(t: &Trail) -> Props {
    TrailProps {
        s3_bucket_name: t.s3_bucket_name().unwrap_or_default().to_string(),
        is_multi_region_trail: t.is_multi_region_trail().unwrap_or(false),
        include_global_service_events: t.include_global_service_events().unwrap_or(false),
        enable_log_file_validation: t.log_file_validation_enabled().unwrap_or(false),
        kms_key_id: t.kms_key_id().map(Value::str),
    }
    .into()
}

/// ListTags of `arns` (at most `TAG_BATCH`): each trail's ARN and tags.
async fn list_tags(aws: &Aws, arns: Vec<String>) -> Result<Vec<(String, Tags)>, ProviderError> {
    let out = aws
        .cloudtrail
        .list_tags()
        .set_resource_id_list(Some(arns))
        .send()
        .await
        .op("cloudtrail:ListTags")?;
    let tags_of = |r: &ResourceTag| (r.resource_id().unwrap_or_default().to_string(), tags::from_sdk(r.tags_list()));
    Ok(out.resource_tag_list().iter().map(tags_of).collect())
}

/// One DescribeTrails (it returns every setting); tags from the Tagging API's
/// listing, else ListTags in batches (a trail not listed yet, or not ours).
pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let listing = Listing::new(aws, desired, &[Kind::Trail], "a trail");
    let out = aws
        .cloudtrail
        .describe_trails()
        .include_shadow_trails(false)
        .send()
        .await
        .op("cloudtrail:DescribeTrails")?;
    let trails: Vec<&Trail> = out
        .trail_list()
        .iter()
        .filter(|t| t.name().is_some_and(|n| listing.has_prefix(n)))
        .collect();
    let mut tags_by_arn: BTreeMap<String, Tags> = BTreeMap::new();
    let mut arns: Vec<String> = Vec::new();
    for arn in trails.iter().filter_map(|t| t.trail_arn()) {
        match crate::aws::tagging::listed(tagged, arn) {
            Some(t) => {
                tags_by_arn.insert(arn.to_string(), t.clone());
            }
            None => arns.push(arn.to_string()),
        }
    }
    for batch in arns.chunks(TAG_BATCH) {
        tags_by_arn.extend(list_tags(aws, batch.to_vec()).await?);
    }
    let (mut found, mut conflicts) = (Vec::new(), Vec::new());
    for t in trails {
        let (name, arn) = (t.name().unwrap_or_default(), t.trail_arn().unwrap_or_default());
        let tags = tags_by_arn.get(arn).cloned().unwrap_or_default();
        match listing.owner_known_as(name, arn, &tags) {
            Owner::Ours(id) => found.push(known_by_arn(id, Kind::Trail, name, arn, tags, Some(described(t)))),
            Owner::Held(c) => conflicts.push(c),
            Owner::Other => {}
        }
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws
        .cloudtrail
        .get_trail()
        .name(&current.name)
        .send()
        .await
        .op("cloudtrail:GetTrail")?;
    Ok(out.trail().map(described).unwrap_or_default())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let (p, name) = (&req.node.props, &req.node.name);
    let trail = TrailProps::try_from(p)?;
    let key = trail.kms_key_id.as_ref().and_then(Value::as_str).map(str::to_string);
    let create_tags = tags::to_sdk(&tags::without_hash(&req.tags))?;
    // CloudTrail reads the bucket policy put a moment ago through an
    // eventually consistent view: retry its refusal, bounded.
    let out = retry::until_not(&["InsufficientS3BucketPolicyException"], POLICY_VISIBLE_WAIT, || async {
        aws.cloudtrail
            .create_trail()
            .name(name)
            .s3_bucket_name(&trail.s3_bucket_name)
            .is_multi_region_trail(trail.is_multi_region_trail)
            .include_global_service_events(trail.include_global_service_events)
            .enable_log_file_validation(trail.enable_log_file_validation)
            .set_kms_key_id(key.clone())
            .set_tags_list(Some(create_tags.clone()))
            .send()
            .await
            .op("cloudtrail:CreateTrail")
    })
    .await?;
    let arn = out.trail_arn().unwrap_or_default().to_string();
    // A trail records nothing until started. (By name: AWS takes a name or
    // an ARN in the trail's home region; moto 5.2.1 only a name.)
    aws.cloudtrail
        .start_logging()
        .name(name)
        .send()
        .await
        .op("cloudtrail:StartLogging")?;
    // The hash tag last: a trail created but never started must not look done.
    trail_tags::tag(&aws.cloudtrail, &arn, &tags::hash_only(&req.tags)).await?;
    Ok(created_by_arn(req, &arn))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let trail = TrailProps::try_from(p)?;
    let arn = &current.physical_id;
    if settings_changed(changes) {
        aws.cloudtrail
            .update_trail()
            .name(&current.name)
            .s3_bucket_name(&trail.s3_bucket_name)
            .is_multi_region_trail(trail.is_multi_region_trail)
            .include_global_service_events(trail.include_global_service_events)
            .enable_log_file_validation(trail.enable_log_file_validation)
            // An empty id turns encryption off (UpdateTrail keeps what is not sent).
            .kms_key_id(trail.kms_key_id.as_ref().and_then(Value::as_str).unwrap_or_default())
            .send()
            .await
            .op("cloudtrail:UpdateTrail")?;
    }
    trail_tags::sync(&aws.cloudtrail, arn, &current.tags, &req.tags).await?;
    Ok(updated(current, req))
}

pub async fn delete(aws: &Aws, current: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    let asked = aws.cloudtrail.delete_trail().name(&current.name).send().await;
    asked.ok_if_gone("cloudtrail:DeleteTrail", NotFound::TRAIL)
}

// ---------------------------------------------------------------- import

/// The trail an ARN or name names.
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    let asked = aws
        .cloudtrail
        .describe_trails()
        .trail_name_list(aws_id)
        .include_shadow_trails(false)
        .send()
        .await;
    let Some(out) = asked.if_exists("cloudtrail:DescribeTrails", NotFound::TRAIL)? else {
        return Ok(super::service::Lookup::Missing);
    };
    let named = |t: &&Trail| t.name() == Some(aws_id) || t.trail_arn() == Some(aws_id);
    let Some(t) = out.trail_list().iter().find(named) else {
        return Ok(super::service::Lookup::Missing);
    };
    let (name, arn) = (t.name().unwrap_or_default(), t.trail_arn().unwrap_or_default());
    let tags = list_tags(aws, vec![arn.to_string()])
        .await?
        .into_iter()
        .flat_map(|(_, t)| t)
        .collect();
    Ok(super::adopt::found(
        node,
        known_by_arn(node.id.clone(), Kind::Trail, name, arn, tags, Some(described(t))),
    ))
}

crate::tag_api! {
    /// RemoveTags takes the keys as tags without values; ListTags is batched
    /// (`list_tags`).
    mod trail_tags for aws_sdk_cloudtrail::Client {
        tag "cloudtrail:AddTags" = add_tags.resource_id.set_tags_list;
        untag "cloudtrail:RemoveTags" = remove_tags.resource_id.set_tags_list;
    }
}

async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    trail_tags::tag(&aws.cloudtrail, &live.physical_id, tags).await
}

crate::service!(CloudTrail, [Trail], adopt = (find, add_tags));
