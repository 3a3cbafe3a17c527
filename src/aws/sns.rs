//! SNS: the stack's alarm topic, encrypted with a KMS key, and its email
//! subscriptions. Subscriptions cannot carry tags: they are a property of
//! their topic (`subscriptions`, the endpoints), read through it.

use super::Aws;
use aws_sdk_sns::types::Subscription;

use super::classify::{Listing, every_page};
use super::error::{AwsResultExt, NotFound};
use super::props::changed;
use super::resource::{created_by_arn, known_by_arn};
use super::tagging::{self, Tagged};
use super::tags::{self, Tags};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::props::TopicProps;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};

const KMS_KEY: &str = "KmsMasterKeyId";
const EMAIL: &str = "email";

fn topic_name(arn: &str) -> &str {
    arn.rsplit(':').next().unwrap_or_default()
}

fn topic_arn(aws: &Aws, name: &str) -> String {
    format!("arn:aws:sns:{}:{}:{name}", aws.region, aws.account_id)
}

/// The stack's topics from the tagging API; names of ours taken by topics
/// without our tags from one ListTopics.
pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let found: Vec<LiveResource> = tagging::ours(tagged, "sns")
        .map(|(id, t)| known_by_arn(id, Kind::Topic, topic_name(&t.arn), &t.arn, t.tags.clone(), None))
        .collect();
    let listing = Listing::new(aws, desired, &[Kind::Topic], "a topic");
    let wanted: Vec<&Node> = listing.unfound(&found).collect();
    if wanted.is_empty() {
        return Ok((found, Vec::new()));
    }
    let existing = list_topic_names(aws).await?;
    let mut conflicts = Vec::new();
    for n in wanted.into_iter().filter(|n| existing.contains(&n.name)) {
        let arn = topic_arn(aws, &n.name);
        let t = sns_tags::list(&aws.sns, &arn).await?;
        conflicts.push(listing.held(n, &arn, &t));
    }
    Ok((found, conflicts))
}

async fn list_topic_names(aws: &Aws) -> Result<Vec<String>, ProviderError> {
    let topics = every_page(|token| async move {
        let page = aws.sns.list_topics().set_next_token(token).send().await.op("sns:ListTopics")?;
        Ok((page.topics().to_vec(), page.next_token().map(str::to_string)))
    })
    .await?;
    Ok(topics
        .iter()
        .filter_map(|t| t.topic_arn())
        .map(|a| topic_name(a).to_string())
        .collect())
}

/// The email endpoints subscribed to the topic, confirmed or not.
async fn subscriptions(aws: &Aws, arn: &str) -> Result<Vec<(String, String)>, ProviderError> {
    let subs = every_page(|token| async move {
        let page = aws
            .sns
            .list_subscriptions_by_topic()
            .topic_arn(arn)
            .set_next_token(token)
            .send()
            .await
            .op("sns:ListSubscriptionsByTopic")?;
        Ok((page.subscriptions().to_vec(), page.next_token().map(str::to_string)))
    })
    .await?;
    let endpoint = |s: &Subscription| {
        (
            s.endpoint().unwrap_or_default().to_string(),
            s.subscription_arn().unwrap_or_default().to_string(),
        )
    };
    Ok(subs.iter().filter(|s| s.protocol() == Some(EMAIL)).map(endpoint).collect())
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws
        .sns
        .get_topic_attributes()
        .topic_arn(&live.physical_id)
        .send()
        .await
        .op("sns:GetTopicAttributes")?;
    let key = out.attributes().and_then(|a| a.get(KMS_KEY)).cloned().unwrap_or_default();
    let mut emails: Vec<String> = subscriptions(aws, &live.physical_id).await?.into_iter().map(|(e, _)| e).collect();
    emails.sort();
    emails.dedup();
    Ok(TopicProps {
        kms_master_key_id: Value::Str(key),
        subscriptions: emails,
    }
    .into())
}

/// Subscribes the emails the topic lacks and unsubscribes those the stack
/// dropped. A subscription still waiting for its confirmation has no ARN yet
/// (`PendingConfirmation`): AWS removes it by itself after three days.
async fn sync_subscriptions(aws: &Aws, arn: &str, topic: &TopicProps) -> Result<(), ProviderError> {
    let want = &topic.subscriptions;
    let have = subscriptions(aws, arn).await?;
    for email in want.iter().filter(|e| !have.iter().any(|(h, _)| h == *e)) {
        aws.sns
            .subscribe()
            .topic_arn(arn)
            .protocol(EMAIL)
            .endpoint(email)
            .send()
            .await
            .op("sns:Subscribe")?;
    }
    for (_, sub) in have.iter().filter(|(h, s)| !want.contains(h) && s.starts_with("arn:")) {
        aws.sns.unsubscribe().subscription_arn(sub).send().await.op("sns:Unsubscribe")?;
    }
    Ok(())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let topic = TopicProps::try_from(p)?;
    let key = topic.kms_master_key_id.as_str().unwrap_or_default();
    let out = aws
        .sns
        .create_topic()
        .name(&req.node.name)
        .attributes(KMS_KEY, key)
        .set_tags(Some(tags::to_sdk(&tags::without_hash(&req.tags))?))
        .send()
        .await
        .op("sns:CreateTopic")?;
    let arn = out.topic_arn().unwrap_or_default().to_string();
    sync_subscriptions(aws, &arn, &topic).await?;
    // The settings hash, once the subscriptions it stands for are made.
    sns_tags::tag(&aws.sns, &arn, &tags::hash_only(&req.tags)).await?;
    Ok(created_by_arn(req, &arn))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let arn = &current.physical_id;
    let topic = TopicProps::try_from(&req.node.props)?;
    if changed(changes, &["kms_master_key_id"]) {
        aws.sns
            .set_topic_attributes()
            .topic_arn(arn)
            .attribute_name(KMS_KEY)
            .attribute_value(topic.kms_master_key_id.as_str().unwrap_or_default())
            .send()
            .await
            .op("sns:SetTopicAttributes")?;
    }
    if changes.iter().any(|c| c.attr.starts_with("subscriptions")) {
        sync_subscriptions(aws, arn, &topic).await?;
    }
    sns_tags::sync(&aws.sns, arn, &current.tags, &req.tags).await?;
    Ok(created_by_arn(req, arn))
}

pub async fn delete(aws: &Aws, current: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    // Deleting a topic deletes its subscriptions.
    let asked = aws.sns.delete_topic().topic_arn(&current.physical_id).send().await;
    asked.ok_if_gone("sns:DeleteTopic", NotFound::SNS)
}

// ---------------------------------------------------------------- import

/// The topic an ARN or name names.
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    let name = topic_name(aws_id);
    let arn = topic_arn(aws, name);
    let asked = aws.sns.get_topic_attributes().topic_arn(&arn).send().await;
    if asked.if_exists("sns:GetTopicAttributes", NotFound::SNS)?.is_none() {
        return Ok(super::service::Lookup::Missing);
    }
    let tags = sns_tags::list(&aws.sns, &arn).await?;
    Ok(super::adopt::found(
        node,
        known_by_arn(node.id.clone(), Kind::Topic, name, &arn, tags, None),
    ))
}

crate::tag_api! {
    mod sns_tags for aws_sdk_sns::Client: "sns" by resource_arn;
}

async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    sns_tags::tag(&aws.sns, &live.physical_id, tags).await
}

crate::service!(Sns, [Topic], adopt = (find, add_tags));
