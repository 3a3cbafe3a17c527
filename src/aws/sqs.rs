//! SQS queues: settings are queue attributes, the redrive policy names the
//! dead-letter queue.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_sqs::types::QueueAttributeName as Attr;

use super::Aws;
use super::classify::{Listing, every_page};
use super::error::{AwsResultExt, NotFound, code_of, sdk_error};
use super::resource::{from_request, settings_changed};
use super::tagging::{self, Tagged};
use super::tags::Tags;
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::props::{QueueProps, Redrive};
use crate::graph::{Kind, Node, NodeId, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// A queue is known by its URL.
fn live(aws: &Aws, id: NodeId, name: &str, url: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    let arn = format!("arn:aws:sqs:{}:{}:{name}", aws.region, aws.account_id);
    let attrs = [("name", Value::str(name)), ("url", Value::str(url)), ("arn", Value::str(arn))];
    LiveResource::new(id, Kind::Queue, name, url, &attrs, tags, props)
}

/// Every queue of the stack: names and tags from the tagging API, URLs from one
/// ListQueues over the stack's name prefix.
pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let urls = list_urls(aws).await?;
    let mut found = Vec::new();
    for (id, t) in tagging::ours(tagged, "sqs") {
        let name = t.arn.rsplit(':').next().unwrap_or_default();
        if let Some(url) = urls.get(name) {
            found.push(live(aws, id, name, url, t.tags.clone(), None));
        }
    }
    let listing = Listing::new(aws, desired, &[Kind::Queue], "a queue");
    let mut conflicts = Vec::new();
    for n in listing.unfound(&found) {
        if let Some(url) = urls.get(&n.name) {
            let t = sqs_tags::list(&aws.sqs, url).await?;
            conflicts.push(listing.held(n, url, &t));
        }
    }
    Ok((found, conflicts))
}

async fn list_urls(aws: &Aws) -> Result<HashMap<String, String>, ProviderError> {
    let urls = every_page(|token| async move {
        let page = aws
            .sqs
            .list_queues()
            .queue_name_prefix(format!("{}-", aws.stack))
            .max_results(1000)
            .set_next_token(token)
            .send()
            .await
            .op("sqs:ListQueues")?;
        Ok((page.queue_urls().to_vec(), page.next_token().map(str::to_string)))
    })
    .await?;
    let by_name = |url: String| (url.rsplit('/').next().unwrap_or_default().to_string(), url);
    Ok(urls.into_iter().map(by_name).collect())
}

/// Reads a queue's settings in the normal form of the desired properties.
pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws
        .sqs
        .get_queue_attributes()
        .queue_url(&live.physical_id)
        .attribute_names(Attr::All)
        .send()
        .await
        .op("sqs:GetQueueAttributes")?;
    let attrs = out.attributes().cloned().unwrap_or_default();
    let get = |a: Attr| attrs.get(&a).cloned();
    let seconds = |a: Attr| {
        get(a.clone())
            .and_then(|v| v.parse::<u32>().ok())
            .ok_or_else(|| ProviderError::new("sqs:GetQueueAttributes", "MissingAttribute", format!("no {a} in the answer")))
    };
    let redrive_policy = get(Attr::RedrivePolicy)
        .and_then(|r| serde_json::from_str::<serde_json::Value>(&r).ok())
        .map(|redrive| {
            // AWS returns maxReceiveCount as a number or a string, depending on
            // how it was set.
            let count = match &redrive["maxReceiveCount"] {
                serde_json::Value::Number(n) => n.as_u64(),
                serde_json::Value::String(s) => s.parse().ok(),
                _ => None,
            };
            Redrive {
                dead_letter_target_arn: Value::str(redrive["deadLetterTargetArn"].as_str().unwrap_or_default()),
                max_receive_count: count.and_then(|c| u32::try_from(c).ok()).unwrap_or_default(),
            }
        });
    let queue = QueueProps {
        fifo: get(Attr::FifoQueue).as_deref() == Some("true"),
        visibility_timeout_s: seconds(Attr::VisibilityTimeout)?,
        message_retention_s: seconds(Attr::MessageRetentionPeriod)?,
        sqs_managed_sse: get(Attr::SqsManagedSseEnabled).as_deref() == Some("true"),
        redrive_policy,
    };
    Ok(queue.into())
}

/// The queue attributes that express `queue` (all but `fifo` can change later).
fn attributes(queue: &QueueProps, include_fifo: bool) -> HashMap<Attr, String> {
    let mut a = HashMap::new();
    a.insert(Attr::VisibilityTimeout, queue.visibility_timeout_s.to_string());
    a.insert(Attr::MessageRetentionPeriod, queue.message_retention_s.to_string());
    a.insert(Attr::SqsManagedSseEnabled, queue.sqs_managed_sse.to_string());
    if include_fifo && queue.fifo {
        a.insert(Attr::FifoQueue, "true".into());
    }
    let redrive = match &queue.redrive_policy {
        Some(r) => serde_json::json!({
            "deadLetterTargetArn": r.dead_letter_target_arn.as_str().unwrap_or_default(),
            "maxReceiveCount": r.max_receive_count,
        })
        .to_string(),
        // An empty policy removes a dead-letter queue that the file dropped.
        None => String::new(),
    };
    if !redrive.is_empty() || !include_fifo {
        a.insert(Attr::RedrivePolicy, redrive);
    }
    a
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let name = &req.node.name;
    let queue = QueueProps::try_from(&req.node.props)?;
    let mut attempt = 0;
    let url = loop {
        let mut call = aws
            .sqs
            .create_queue()
            .queue_name(name)
            .set_attributes(Some(attributes(&queue, true)));
        for (k, v) in &req.tags {
            call = call.tags(k, v);
        }
        match call.send().await {
            Ok(out) => break out.queue_url().unwrap_or_default().to_string(),
            // AWS keeps a deleted queue's name for 60 seconds (a replacement
            // hits this): wait it out, within a bound.
            Err(e) if code_of(&e) == Some("AWS.SimpleQueueService.QueueDeletedRecently") && attempt < 14 => {
                attempt += 1;
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
            Err(e) => return Err(sdk_error("sqs:CreateQueue", e)),
        }
    };
    let (id, tags, props) = from_request(req);
    Ok(live(aws, id, name, &url, tags, props))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let url = &current.physical_id;
    if settings_changed(changes) {
        let attrs = attributes(&QueueProps::try_from(&req.node.props)?, false);
        aws.sqs
            .set_queue_attributes()
            .queue_url(url)
            .set_attributes(Some(attrs))
            .send()
            .await
            .op("sqs:SetQueueAttributes")?;
    }
    sqs_tags::sync(&aws.sqs, url, &current.tags, &req.tags).await?;
    let (id, tags, props) = from_request(req);
    Ok(live(aws, id, &req.node.name, url, tags, props))
}

pub async fn delete(aws: &Aws, current: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    let asked = aws.sqs.delete_queue().queue_url(&current.physical_id).send().await;
    asked.ok_if_gone("sqs:DeleteQueue", NotFound::QUEUE)
}

// ---------------------------------------------------------------- import

/// The queue a URL, ARN or name names.
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    let name = aws_id.rsplit(['/', ':']).next().unwrap_or(aws_id);
    let url = match aws.sqs.get_queue_url().queue_name(name).send().await {
        Ok(o) => o.queue_url().unwrap_or_default().to_string(),
        Err(e) if code_of(&e).is_some_and(|c| c.contains("NonExistentQueue") || c == "QueueDoesNotExist") => {
            return Ok(super::service::Lookup::Missing);
        }
        Err(e) => return Err(sdk_error("sqs:GetQueueUrl", e)),
    };
    let tags = sqs_tags::list(&aws.sqs, &url).await?;
    Ok(super::adopt::found(node, live(aws, node.id.clone(), name, &url, tags, None)))
}

crate::tag_api! {
    /// SQS names a queue by its URL.
    mod sqs_tags for aws_sdk_sqs::Client {
        list "sqs:ListQueueTags" = list_queue_tags.queue_url -> tags;
        tag "sqs:TagQueue" = tag_queue.queue_url.set_tags;
        untag "sqs:UntagQueue" = untag_queue.queue_url.set_tag_keys;
    }
}

async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    sqs_tags::tag(&aws.sqs, &live.physical_id, tags).await
}

crate::service!(Sqs, [Queue], adopt = (find, add_tags));
