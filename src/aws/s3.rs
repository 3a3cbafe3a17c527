//! S3 buckets: versioning, default encryption, public access block, object
//! ownership and policy are separate sub-resources of the bucket.

use aws_sdk_s3::types::{
    BucketLocationConstraint, BucketLoggingStatus, BucketVersioningStatus, CreateBucketConfiguration, Delete, LoggingEnabled,
    ObjectIdentifier, ObjectOwnership, OwnershipControls, OwnershipControlsRule, PublicAccessBlockConfiguration, ServerSideEncryption,
    ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration, ServerSideEncryptionRule, Tagging, VersioningConfiguration,
};

use super::classify::Listing;
use super::error::{self, AwsResultExt, NotFound, code_of, sdk_error};
use super::resource::from_request;
use super::tagging::{self, Tagged};
use super::tags::{self, Tags};
use super::{Aws, json};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::props::{AccessLogs, BucketProps};
use crate::graph::{Kind, Node, NodeId, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};

fn built<T, E: std::fmt::Display>(r: Result<T, E>) -> Result<T, ProviderError> {
    error::built("s3", r)
}

fn live(aws: &Aws, id: NodeId, name: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    let attrs = [
        ("name", Value::str(name)),
        ("arn", Value::str(format!("arn:aws:s3:::{name}"))),
        (
            "regional_domain_name",
            Value::str(format!("{name}.s3.{}.amazonaws.com", aws.region)),
        ),
    ];
    LiveResource::named(id, Kind::Bucket, name, &attrs, tags, props)
}

/// Buckets found by their tags; a desired bucket the tags do not show is looked
/// up by its name, which carries stack, region and account id: if it exists,
/// it is ours, created by an apply that stopped before tagging it.
pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let mut found: Vec<LiveResource> = tagging::ours(tagged, "s3")
        .map(|(id, t)| live(aws, id, t.arn.rsplit(':').next().unwrap_or_default(), t.tags.clone(), None))
        .collect();
    let mut conflicts = Vec::new();
    let missing: Vec<&Node> = Listing::new(aws, desired, &[Kind::Bucket], "a bucket").unfound(&found).collect();
    for n in missing {
        match aws
            .s3
            .head_bucket()
            .bucket(&n.name)
            .expected_bucket_owner(&aws.account_id)
            .send()
            .await
        {
            Ok(_) => found.push(live(aws, n.id.clone(), &n.name, Tags::new(), None)),
            Err(e)
                if matches!(code_of(&e), Some("NotFound" | "NoSuchBucket"))
                    || e.raw_response().is_some_and(|r| r.status().as_u16() == 404) => {}
            Err(e) if e.raw_response().is_some_and(|r| r.status().as_u16() == 403) => conflicts.push(Conflict {
                id: n.id.clone(),
                kind: n.kind,
                name: n.name.clone(),
                reason: "the bucket name is taken by another account".into(),
                aws_id: None,
            }),
            Err(e) => return Err(sdk_error("s3:HeadBucket", e)),
        }
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let b = &current.physical_id;
    // moto 5.2.1 answers GetBucketVersioning with a document the SDK rejects;
    // the setting is then unknown (absent), never a failed plan.
    let versioning = match aws.s3.get_bucket_versioning().bucket(b).send().await {
        Ok(v) => Some(v.status() == Some(&BucketVersioningStatus::Enabled)),
        Err(_) => None,
    };
    let (encryption, kms_key_id, bucket_key) = read_encryption(aws, b).await?;
    let asked = aws.s3.get_public_access_block().bucket(b).send().await;
    let block = asked.if_exists("s3:GetPublicAccessBlock", NotFound::PUBLIC_ACCESS_BLOCK)?;
    let block = block.and_then(|p| p.public_access_block_configuration().cloned());
    let block = block.unwrap_or_else(|| PublicAccessBlockConfiguration::builder().build());
    let asked = aws.s3.get_bucket_ownership_controls().bucket(b).send().await;
    let controls = asked.if_exists("s3:GetBucketOwnershipControls", NotFound::OWNERSHIP_CONTROLS)?;
    let object_ownership = controls
        .as_ref()
        .and_then(|o| o.ownership_controls())
        .and_then(|c| c.rules().first())
        .map(|rule| rule.object_ownership().as_str().to_string());
    let access_logs = read_access_logs(aws, b).await?;
    let asked = aws.s3.get_bucket_policy().bucket(b).send().await;
    let policy = asked.if_exists("s3:GetBucketPolicy", NotFound::BUCKET_POLICY)?;
    let policy = policy.as_ref().and_then(|p| p.policy()).and_then(json::parse);
    Ok(Props::from(BucketProps {
        versioning,
        encryption,
        kms_key_id,
        bucket_key,
        block_public_acls: block.block_public_acls().unwrap_or(false),
        block_public_policy: block.block_public_policy().unwrap_or(false),
        ignore_public_acls: block.ignore_public_acls().unwrap_or(false),
        restrict_public_buckets: block.restrict_public_buckets().unwrap_or(false),
        object_ownership,
        access_logs,
        policy,
    }))
}

/// The default encryption's algorithm and KMS key, and the Bucket Key when
/// it is on: none of them when the bucket has no default encryption.
async fn read_encryption(aws: &Aws, b: &str) -> Result<(Option<String>, Option<Value>, Option<bool>), ProviderError> {
    let asked = aws.s3.get_bucket_encryption().bucket(b).send().await;
    let encryption = asked.if_exists("s3:GetBucketEncryption", NotFound::BUCKET_ENCRYPTION)?;
    let config = encryption.as_ref().and_then(|e| e.server_side_encryption_configuration());
    let rule = config.and_then(|c| c.rules().first());
    let default = rule.and_then(|r| r.apply_server_side_encryption_by_default());
    Ok((
        default.map(|d| d.sse_algorithm().as_str().to_string()),
        default.and_then(|d| d.kms_master_key_id()).map(Value::str),
        rule.and_then(|r| r.bucket_key_enabled()).filter(|on| *on),
    ))
}

fn tagging(tags: &Tags) -> Result<Tagging, ProviderError> {
    built(Tagging::builder().set_tag_set(Some(tags::to_sdk(tags)?)).build())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let name = &req.node.name;
    let bucket = BucketProps::try_from(&req.node.props)?;
    let mut config = CreateBucketConfiguration::builder();
    if aws.region != "us-east-1" {
        config = config.location_constraint(BucketLocationConstraint::from(aws.region.as_str()));
    }
    match aws
        .s3
        .create_bucket()
        .bucket(name)
        .create_bucket_configuration(config.build())
        .send()
        .await
    {
        Ok(_) => {}
        // A retried create of ours (the name carries our account id).
        Err(e) if code_of(&e) == Some("BucketAlreadyOwnedByYou") => {}
        Err(e) => return Err(sdk_error("s3:CreateBucket", e)),
    }
    // Tag at once: S3 may drop tags given at creation (emulators do), and an
    // untagged bucket must never stay behind. The settings hash comes last.
    put_tags(aws, name, &tags::without_hash(&req.tags)).await?;
    apply_settings(aws, name, &bucket, None).await?;
    put_tags(aws, name, &req.tags).await?;
    let (id, tags, props) = from_request(req);
    Ok(live(aws, id, name, tags, props))
}

/// PutBucketTagging: the whole set.
async fn put_tags(aws: &Aws, name: &str, tags: &Tags) -> Result<(), ProviderError> {
    aws.s3
        .put_bucket_tagging()
        .bucket(name)
        .tagging(tagging(tags)?)
        .send()
        .await
        .op("s3:PutBucketTagging")?;
    Ok(())
}

/// The settings of the public access block.
const PUBLIC_ACCESS_BLOCK: &[&str] = &[
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

/// Writes the settings of `bucket`; with `only`, just those attributes.
async fn apply_settings(aws: &Aws, name: &str, bucket: &BucketProps, only: Option<&[&str]>) -> Result<(), ProviderError> {
    let wanted = |attr: &str| only.is_none_or(|o| o.contains(&attr));
    if PUBLIC_ACCESS_BLOCK.iter().any(|a| wanted(a)) {
        put_public_access_block(aws, name, bucket).await?;
    }
    if wanted("object_ownership") {
        put_ownership(aws, name, bucket.object_ownership.as_deref().unwrap_or("BucketOwnerEnforced")).await?;
    }
    if wanted("encryption") || wanted("kms_key_id") || wanted("bucket_key") {
        put_encryption(aws, name, bucket).await?;
    }
    if wanted("versioning") {
        let on = bucket.versioning.unwrap_or(true);
        // A new bucket is unversioned: only an existing one needs "Suspended".
        if on || only.is_some() {
            put_versioning(aws, name, on).await?;
        }
    }
    if wanted("access_logs_bucket") || wanted("access_logs_prefix") {
        put_access_logs(aws, name, bucket.access_logs.as_ref()).await?;
    }
    if wanted("policy") {
        put_policy(aws, name, bucket.policy.as_ref()).await?;
    }
    Ok(())
}

async fn put_public_access_block(aws: &Aws, name: &str, bucket: &BucketProps) -> Result<(), ProviderError> {
    let block = PublicAccessBlockConfiguration::builder()
        .block_public_acls(bucket.block_public_acls)
        .block_public_policy(bucket.block_public_policy)
        .ignore_public_acls(bucket.ignore_public_acls)
        .restrict_public_buckets(bucket.restrict_public_buckets)
        .build();
    aws.s3
        .put_public_access_block()
        .bucket(name)
        .public_access_block_configuration(block)
        .send()
        .await
        .op("s3:PutPublicAccessBlock")?;
    Ok(())
}

async fn put_ownership(aws: &Aws, name: &str, ownership: &str) -> Result<(), ProviderError> {
    let rule = built(
        OwnershipControlsRule::builder()
            .object_ownership(ObjectOwnership::from(ownership))
            .build(),
    )?;
    let controls = built(OwnershipControls::builder().rules(rule).build())?;
    aws.s3
        .put_bucket_ownership_controls()
        .bucket(name)
        .ownership_controls(controls)
        .send()
        .await
        .op("s3:PutBucketOwnershipControls")?;
    Ok(())
}

/// Default encryption: SSE-S3 (`AES256`) or SSE-KMS (`aws:kms`) under
/// `kms_key_id`, with an S3 Bucket Key when `bucket_key` says so.
async fn put_encryption(aws: &Aws, name: &str, bucket: &BucketProps) -> Result<(), ProviderError> {
    let algo = bucket.encryption.as_deref().unwrap_or("AES256");
    let key = bucket.kms_key_id.as_ref().and_then(Value::as_str).map(str::to_string);
    let default = built(
        ServerSideEncryptionByDefault::builder()
            .sse_algorithm(ServerSideEncryption::from(algo))
            .set_kms_master_key_id(key)
            .build(),
    )?;
    let rule = ServerSideEncryptionRule::builder()
        .apply_server_side_encryption_by_default(default)
        .set_bucket_key_enabled(bucket.bucket_key)
        .build();
    let config = built(ServerSideEncryptionConfiguration::builder().rules(rule).build())?;
    aws.s3
        .put_bucket_encryption()
        .bucket(name)
        .server_side_encryption_configuration(config)
        .send()
        .await
        .op("s3:PutBucketEncryption")?;
    Ok(())
}

async fn put_versioning(aws: &Aws, name: &str, on: bool) -> Result<(), ProviderError> {
    let status = if on {
        BucketVersioningStatus::Enabled
    } else {
        BucketVersioningStatus::Suspended
    };
    let config = VersioningConfiguration::builder().status(status).build();
    aws.s3
        .put_bucket_versioning()
        .bucket(name)
        .versioning_configuration(config)
        .send()
        .await
        .op("s3:PutBucketVersioning")?;
    Ok(())
}

/// Server access logs into the logs bucket, or none.
async fn put_access_logs(aws: &Aws, name: &str, logs: Option<&AccessLogs>) -> Result<(), ProviderError> {
    let mut status = BucketLoggingStatus::builder();
    if let Some((target, prefix)) = logs.and_then(|l| Some((l.bucket.as_str()?, &l.prefix))) {
        status = status.logging_enabled(built(
            LoggingEnabled::builder().target_bucket(target).target_prefix(prefix).build(),
        )?);
    }
    aws.s3
        .put_bucket_logging()
        .bucket(name)
        .bucket_logging_status(status.build())
        .send()
        .await
        .op("s3:PutBucketLogging")?;
    Ok(())
}

/// The policy, or none: one the stack dropped is deleted.
async fn put_policy(aws: &Aws, name: &str, policy: Option<&Value>) -> Result<(), ProviderError> {
    match policy {
        Some(policy) => {
            aws.s3
                .put_bucket_policy()
                .bucket(name)
                .policy(json::to_string(policy))
                .send()
                .await
                .op("s3:PutBucketPolicy")?;
        }
        None => {
            aws.s3
                .delete_bucket_policy()
                .bucket(name)
                .send()
                .await
                .op("s3:DeleteBucketPolicy")?;
        }
    }
    Ok(())
}

/// Where the bucket's server access logs go, if anywhere.
async fn read_access_logs(aws: &Aws, name: &str) -> Result<Option<AccessLogs>, ProviderError> {
    let out = aws.s3.get_bucket_logging().bucket(name).send().await.op("s3:GetBucketLogging")?;
    Ok(out.logging_enabled().map(|l| AccessLogs {
        bucket: Value::str(l.target_bucket()),
        prefix: l.target_prefix().to_string(),
    }))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let name = &current.physical_id;
    let attrs: Vec<&str> = changes.iter().map(|c| c.attr.as_str()).filter(|a| !a.starts_with("tags")).collect();
    if !attrs.is_empty() {
        apply_settings(aws, name, &BucketProps::try_from(&req.node.props)?, Some(&attrs)).await?;
    }
    // Last: the new settings hash vouches only for what was applied.
    put_tags(aws, name, &req.tags).await?;
    let (id, tags, props) = from_request(req);
    Ok(live(aws, id, name, tags, props))
}

/// Deletes the bucket; one that holds objects is emptied only when the stack
/// said `force_destroy: true` (kept as a tag on the bucket).
pub async fn delete(aws: &Aws, current: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    let name = &current.physical_id;
    let force = tags::force_destroy(&current.tags);
    loop {
        let asked = aws.s3.list_object_versions().bucket(name).max_keys(1000).send().await;
        let Some(page) = asked.if_exists("s3:ListObjectVersions", NotFound::BUCKET)? else {
            return Ok(());
        };
        let versions = page.versions().iter().map(|v| (v.key(), v.version_id()));
        let markers = page.delete_markers().iter().map(|m| (m.key(), m.version_id()));
        let objects = versions.chain(markers).map(object).collect::<Result<Vec<_>, _>>()?;
        if objects.is_empty() {
            break;
        }
        if !force {
            return Err(ProviderError::new(
                "s3:DeleteBucket",
                "BucketNotEmpty",
                format!(
                    "bucket {name} still holds objects; empty it, or set `force_destroy: true` on it in the stack file and apply, to let destroy delete them"
                ),
            ));
        }
        let batch = built(Delete::builder().set_objects(Some(objects)).quiet(true).build())?;
        let out = aws
            .s3
            .delete_objects()
            .bucket(name)
            .delete(batch)
            .send()
            .await
            .op("s3:DeleteObjects")?;
        // Objects S3 refused (a policy's deny, an object lock) would be listed
        // again forever: stop and say which.
        if let Some(e) = out.errors().first() {
            return Err(ProviderError::new(
                "s3:DeleteObjects",
                e.code().unwrap_or("DeleteObjectsFailed"),
                format!(
                    "S3 refused to delete {} object(s) of bucket {name}, {} first: {}",
                    out.errors().len(),
                    e.key().unwrap_or_default(),
                    e.message().unwrap_or_default()
                ),
            ));
        }
    }
    let asked = aws.s3.delete_bucket().bucket(name).send().await;
    asked.ok_if_gone("s3:DeleteBucket", NotFound::BUCKET)
}

/// An object version (or delete marker) by its key and version id.
fn object((key, version): (Option<&str>, Option<&str>)) -> Result<ObjectIdentifier, ProviderError> {
    built(
        ObjectIdentifier::builder()
            .key(key.unwrap_or_default())
            .set_version_id(version.map(str::to_string))
            .build(),
    )
}

// ---------------------------------------------------------------- import

/// The bucket a name or ARN names.
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    let name = super::adopt::name_in(aws_id, &[':']);
    let tags = match aws.s3.get_bucket_tagging().bucket(&name).send().await {
        Ok(o) => tags::from_sdk(o.tag_set()),
        Err(e) => match code_of(&e) {
            Some("NoSuchTagSet") => Tags::new(),
            Some("NoSuchBucket") => return Ok(super::service::Lookup::Missing),
            _ => return Err(sdk_error("s3:GetBucketTagging", e)),
        },
    };
    Ok(super::adopt::found(node, live(aws, node.id.clone(), &name, tags, None)))
}

/// PutBucketTagging replaces the set: the bucket's tags and `tags`.
async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    put_tags(aws, &live.physical_id, &super::adopt::merged(&live.tags, tags)).await
}

crate::service!(S3, [Bucket], adopt = (find, add_tags));
