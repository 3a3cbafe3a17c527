//! CloudFront: the origin access control of the assets bucket and the
//! distribution (the ALB as default origin, the bucket under `/static/*`).
//!
//! Every update and delete of a distribution needs its current ETag
//! (IfMatch). A distribution is deleted only once disabled and `Deployed`
//! again: the slowest delete of a stack, so it reports progress.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_cloudfront::types::{
    Aliases, CacheBehavior, CacheBehaviors, CustomOriginConfig, DefaultCacheBehavior, Distribution, DistributionConfig,
    DistributionConfigWithTags, HttpVersion, MinimumProtocolVersion, OriginAccessControlConfig, OriginAccessControlOriginTypes,
    OriginAccessControlSigningBehaviors, OriginAccessControlSigningProtocols, OriginProtocolPolicy, Origins, PriceClass, S3OriginConfig,
    SslSupportMethod, Tag, TagKeys, Tags as CfTags, ViewerCertificate, ViewerProtocolPolicy,
};

use super::error::{AwsResultExt, code_of, sdk_error};
use super::tagging::Tagged;
use super::tags::{self, Tags};
use super::wafv2::implied_tags;
use super::{Aws, retry};
use crate::apply::{DeleteOptions, Progress, ProviderError, Request};
use crate::graph::expand::ids;
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};
use crate::stack::names;

/// How often a wait for `Deployed` asks.
const POLL: Duration = Duration::from_secs(5);
/// Longest a distribution may take to deploy (real AWS: minutes).
const DEPLOY_WAIT: Duration = Duration::from_secs(45 * 60);

/// AWS managed cache and origin request policies: their documented fixed ids.
const MANAGED_POLICIES: &[(&str, &str)] = &[
    ("Managed-CachingOptimized", "658327ea-f89d-4fab-a63d-7e88639e58f6"),
    ("Managed-CachingDisabled", "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"),
    ("Managed-AllViewer", "216adef6-5c7f-47e4-b989-5492eafa07d3"),
];

fn policy_id(name: &str) -> String {
    MANAGED_POLICIES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(name, |(_, id)| id)
        .to_string()
}

fn policy_name(id: &str) -> String {
    MANAGED_POLICIES.iter().find(|(_, i)| *i == id).map_or(id, |(n, _)| n).to_string()
}

fn built<T, E: std::fmt::Display>(r: Result<T, E>) -> Result<T, ProviderError> {
    r.map_err(|e| ProviderError::new("cloudfront", "InvalidRequest", e.to_string()))
}

fn s<'a>(m: &'a Props, key: &str) -> &'a str {
    m.get(key).and_then(Value::as_str).unwrap_or_default()
}

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

// ---- origin access control -------------------------------------------------

fn oac_live(id: NodeId, name: &str, oac_id: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    LiveResource {
        id,
        kind: Kind::OriginAccessControl,
        name: name.to_string(),
        physical_id: oac_id.to_string(),
        attrs: [("id".to_string(), Value::str(oac_id)), ("name".to_string(), Value::str(name))]
            .into_iter()
            .collect(),
        props,
        tags,
    }
}

fn oac_config(name: &str, p: &Props) -> Result<OriginAccessControlConfig, ProviderError> {
    built(
        OriginAccessControlConfig::builder()
            .name(name)
            .description("stackctl")
            .origin_access_control_origin_type(OriginAccessControlOriginTypes::from(s(p, "origin_type")))
            .signing_behavior(OriginAccessControlSigningBehaviors::from(s(p, "signing_behavior")))
            .signing_protocol(OriginAccessControlSigningProtocols::from(s(p, "signing_protocol")))
            .build(),
    )
}

/// Origin access controls cannot be tagged: ours is the one with the stack's
/// deterministic name (DESIGN: discovered by name).
async fn discover_oac(aws: &Aws, desired: &[&Node]) -> Result<Option<LiveResource>, ProviderError> {
    let name = names::named(&aws.stack, "assets");
    let mut marker = None;
    loop {
        let out = aws
            .cloudfront
            .list_origin_access_controls()
            .set_marker(marker)
            .send()
            .await
            .op("cloudfront:ListOriginAccessControls")?;
        let Some(list) = out.origin_access_control_list() else {
            return Ok(None);
        };
        if let Some(o) = list.items().iter().find(|o| o.name() == name) {
            let mut p = Props::new();
            p.insert("origin_type".into(), Value::str(o.origin_access_control_origin_type().as_str()));
            p.insert("signing_behavior".into(), Value::str(o.signing_behavior().as_str()));
            p.insert("signing_protocol".into(), Value::str(o.signing_protocol().as_str()));
            let id = ids::origin_access_control();
            let tags = implied_tags(aws, desired, &id, &p);
            return Ok(Some(oac_live(id, &name, o.id(), tags, Some(p))));
        }
        marker = list
            .next_marker()
            .filter(|m| !m.is_empty() && list.is_truncated())
            .map(str::to_string);
        if marker.is_none() {
            return Ok(None);
        }
    }
}

async fn create_oac(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let out = aws
        .cloudfront
        .create_origin_access_control()
        .origin_access_control_config(oac_config(&req.node.name, &req.node.props)?)
        .send()
        .await
        .op("cloudfront:CreateOriginAccessControl")?;
    let id = out.origin_access_control().map(|o| o.id()).unwrap_or_default();
    Ok(oac_live(
        req.node.id.clone(),
        &req.node.name,
        id,
        req.tags.clone(),
        Some(req.node.props.clone()),
    ))
}

async fn oac_etag(aws: &Aws, id: &str) -> Result<Option<String>, ProviderError> {
    match aws.cloudfront.get_origin_access_control().id(id).send().await {
        Ok(out) => Ok(Some(out.e_tag().unwrap_or_default().to_string())),
        Err(e) if code_of(&e) == Some("NoSuchOriginAccessControl") => Ok(None),
        Err(e) => Err(sdk_error("cloudfront:GetOriginAccessControl", e)),
    }
}

// ---- distribution ----------------------------------------------------------

fn dist_live(aws: &Aws, id: NodeId, name: &str, d: &Distribution, tags: Tags, props: Option<Props>) -> LiveResource {
    let attrs: BTreeMap<String, Value> = [
        ("id", d.id().to_string()),
        ("arn", distribution_arn(&aws.account_id, d.id())),
        ("domain_name", d.domain_name().to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), Value::Str(v)))
    .collect();
    LiveResource {
        id,
        kind: Kind::Distribution,
        name: name.to_string(),
        physical_id: d.id().to_string(),
        attrs,
        props,
        tags,
    }
}

fn origins(p: &Props) -> Result<Origins, ProviderError> {
    let mut items = Vec::new();
    for o in p.get("origins").map(Value::as_list).unwrap_or_default() {
        let Some(o) = o.as_map() else { continue };
        let mut b = aws_sdk_cloudfront::types::Origin::builder()
            .id(s(o, "id"))
            .domain_name(s(o, "domain_name"));
        match o.get("origin_access_control_id").and_then(Value::as_str) {
            // An S3 origin read through the OAC: no legacy access identity.
            Some(oac) => {
                b = b
                    .origin_access_control_id(oac)
                    .s3_origin_config(S3OriginConfig::builder().origin_access_identity("").build());
            }
            None => {
                let c = CustomOriginConfig::builder()
                    .http_port(80)
                    .https_port(443)
                    .origin_protocol_policy(OriginProtocolPolicy::from(s(o, "protocol_policy")))
                    .build();
                b = b.custom_origin_config(built(c)?);
            }
        }
        items.push(built(b.build())?);
    }
    built(Origins::builder().quantity(items.len() as i32).set_items(Some(items)).build())
}

fn default_behavior(p: &Props) -> Result<DefaultCacheBehavior, ProviderError> {
    let b = p.get("default_behavior").and_then(Value::as_map).cloned().unwrap_or_default();
    let mut d = DefaultCacheBehavior::builder()
        .target_origin_id(s(&b, "target_origin_id"))
        .viewer_protocol_policy(ViewerProtocolPolicy::from(s(&b, "viewer_protocol_policy")))
        .cache_policy_id(policy_id(s(&b, "cache_policy")))
        .compress(true);
    if let Some(orp) = b.get("origin_request_policy").and_then(Value::as_str) {
        d = d.origin_request_policy_id(policy_id(orp));
    }
    built(d.build())
}

fn behaviors(p: &Props) -> Result<CacheBehaviors, ProviderError> {
    let mut items = Vec::new();
    for b in p.get("ordered_behaviors").map(Value::as_list).unwrap_or_default() {
        let Some(b) = b.as_map() else { continue };
        let mut c = CacheBehavior::builder()
            .path_pattern(s(b, "path_pattern"))
            .target_origin_id(s(b, "target_origin_id"))
            .viewer_protocol_policy(ViewerProtocolPolicy::from(s(b, "viewer_protocol_policy")))
            .cache_policy_id(policy_id(s(b, "cache_policy")))
            .compress(true);
        if let Some(orp) = b.get("origin_request_policy").and_then(Value::as_str) {
            c = c.origin_request_policy_id(policy_id(orp));
        }
        items.push(built(c.build())?);
    }
    built(
        CacheBehaviors::builder()
            .quantity(items.len() as i32)
            .set_items((!items.is_empty()).then_some(items))
            .build(),
    )
}

fn viewer_certificate(p: &Props) -> ViewerCertificate {
    match p.get("certificate_arn").and_then(Value::as_str) {
        Some(cert) => ViewerCertificate::builder()
            .acm_certificate_arn(cert)
            .ssl_support_method(SslSupportMethod::SniOnly)
            .minimum_protocol_version(MinimumProtocolVersion::from(s(p, "minimum_protocol_version")))
            .build(),
        None => ViewerCertificate::builder().cloud_front_default_certificate(true).build(),
    }
}

/// The whole DistributionConfig from the desired properties; `comment` is the
/// node's name (how discovery recognises the stack's distributions).
pub fn distribution_config(p: &Props, caller_reference: &str, comment: &str, enabled: bool) -> Result<DistributionConfig, ProviderError> {
    let aliases: Vec<String> = p
        .get("aliases")
        .map(Value::as_list)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    let aliases = built(
        Aliases::builder()
            .quantity(aliases.len() as i32)
            .set_items((!aliases.is_empty()).then_some(aliases))
            .build(),
    )?;
    built(
        DistributionConfig::builder()
            .caller_reference(caller_reference)
            .comment(comment)
            .enabled(enabled)
            .origins(origins(p)?)
            .default_cache_behavior(default_behavior(p)?)
            .cache_behaviors(behaviors(p)?)
            .aliases(aliases)
            .price_class(PriceClass::from(s(p, "price_class")))
            .http_version(HttpVersion::from(s(p, "http_version")))
            .is_ipv6_enabled(true)
            .web_acl_id(s(p, "web_acl_arn"))
            .viewer_certificate(viewer_certificate(p))
            .build(),
    )
}

fn props_map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A DistributionConfig in the normal form of `expand`.
pub fn described(c: &DistributionConfig) -> Props {
    let mut p = Props::new();
    p.insert("enabled".into(), Value::Bool(c.enabled()));
    p.insert(
        "price_class".into(),
        Value::str(c.price_class().map_or("PriceClass_All", |x| x.as_str())),
    );
    p.insert("http_version".into(), Value::str(c.http_version().map_or("http2", |x| x.as_str())));
    let origins = c
        .origins()
        .map(|o| o.items())
        .unwrap_or_default()
        .iter()
        .map(|o| {
            let mut m = vec![("id", Value::str(o.id())), ("domain_name", Value::str(o.domain_name()))];
            match o.origin_access_control_id().filter(|x| !x.is_empty()) {
                Some(oac) => m.push(("origin_access_control_id", Value::str(oac))),
                None => m.push((
                    "protocol_policy",
                    Value::str(o.custom_origin_config().map_or("", |c| c.origin_protocol_policy().as_str())),
                )),
            }
            props_map(m)
        })
        .collect();
    p.insert("origins".into(), Value::List(origins));
    if let Some(d) = c.default_cache_behavior() {
        let mut m = vec![
            ("target_origin_id", Value::str(d.target_origin_id())),
            ("viewer_protocol_policy", Value::str(d.viewer_protocol_policy().as_str())),
            ("cache_policy", Value::str(policy_name(d.cache_policy_id().unwrap_or_default()))),
        ];
        if let Some(orp) = d.origin_request_policy_id().filter(|x| !x.is_empty()) {
            m.push(("origin_request_policy", Value::str(policy_name(orp))));
        }
        p.insert("default_behavior".into(), props_map(m));
    }
    let behaviors = c
        .cache_behaviors()
        .map(|b| b.items())
        .unwrap_or_default()
        .iter()
        .map(|b| {
            let mut m = vec![
                ("path_pattern", Value::str(b.path_pattern())),
                ("target_origin_id", Value::str(b.target_origin_id())),
                ("viewer_protocol_policy", Value::str(b.viewer_protocol_policy().as_str())),
                ("cache_policy", Value::str(policy_name(b.cache_policy_id().unwrap_or_default()))),
            ];
            if let Some(orp) = b.origin_request_policy_id().filter(|x| !x.is_empty()) {
                m.push(("origin_request_policy", Value::str(policy_name(orp))));
            }
            props_map(m)
        })
        .collect();
    p.insert("ordered_behaviors".into(), Value::List(behaviors));
    let aliases = c.aliases().map(|a| a.items()).unwrap_or_default().iter().map(Value::str).collect();
    p.insert("aliases".into(), Value::List(aliases));
    if let Some(acl) = c.web_acl_id().filter(|x| !x.is_empty()) {
        p.insert("web_acl_arn".into(), Value::str(acl));
    }
    if let Some(v) = c.viewer_certificate()
        && let Some(cert) = v.acm_certificate_arn().filter(|x| !x.is_empty())
    {
        p.insert("certificate_arn".into(), Value::str(cert));
        if let Some(m) = v.minimum_protocol_version() {
            p.insert("minimum_protocol_version".into(), Value::str(m.as_str()));
        }
    }
    p
}

async fn cf_tags_of(aws: &Aws, arn: &str) -> Result<Tags, ProviderError> {
    let out = aws
        .cloudfront
        .list_tags_for_resource()
        .resource(arn)
        .send()
        .await
        .op("cloudfront:ListTagsForResource")?;
    Ok(out
        .tags()
        .map(|t| t.items())
        .unwrap_or_default()
        .iter()
        .map(|t| (t.key().to_string(), t.value().unwrap_or_default().to_string()))
        .collect())
}

/// The stack's distributions: one ListDistributions, then the tags of those
/// whose comment is the stack's distribution name.
async fn discover_distributions(aws: &Aws, desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
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
            let tags = cf_tags_of(aws, d.arn()).await?;
            match tags.get(tag::ID) {
                Some(id) if tags::owned_by(&tags, &aws.stack) => {
                    let dist = built(
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
                _ => conflicts.extend(
                    desired
                        .iter()
                        .filter(|n| n.kind == Kind::Distribution && n.name == name)
                        .map(|n| Conflict {
                            id: n.id.clone(),
                            kind: n.kind,
                            name: n.name.clone(),
                            reason: format!("distribution {} carries this name without this stack's tags", d.id()),
                        }),
                ),
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

pub async fn discover(aws: &Aws, _: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let (mut found, conflicts) = discover_distributions(aws, desired).await?;
    if let Some(oac) = discover_oac(aws, desired).await? {
        found.push(oac);
    }
    Ok((found, conflicts))
}

async fn get_config(aws: &Aws, id: &str) -> Result<Option<(DistributionConfig, String)>, ProviderError> {
    match aws.cloudfront.get_distribution_config().id(id).send().await {
        Ok(out) => Ok(out
            .distribution_config()
            .cloned()
            .map(|c| (c, out.e_tag().unwrap_or_default().to_string()))),
        Err(e) if code_of(&e) == Some("NoSuchDistribution") => Ok(None),
        Err(e) => Err(sdk_error("cloudfront:GetDistributionConfig", e)),
    }
}

/// The distribution (status, AWS's ARN) and its current ETag.
async fn get_distribution(aws: &Aws, id: &str) -> Result<Option<(Distribution, String)>, ProviderError> {
    match aws.cloudfront.get_distribution().id(id).send().await {
        Ok(out) => Ok(out
            .distribution()
            .cloned()
            .map(|d| (d, out.e_tag().unwrap_or_default().to_string()))),
        Err(e) if code_of(&e) == Some("NoSuchDistribution") => Ok(None),
        Err(e) => Err(sdk_error("cloudfront:GetDistribution", e)),
    }
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    match live.kind {
        Kind::OriginAccessControl => {
            let out = aws
                .cloudfront
                .get_origin_access_control()
                .id(&live.physical_id)
                .send()
                .await
                .op("cloudfront:GetOriginAccessControl")?;
            let mut p = Props::new();
            if let Some(c) = out.origin_access_control().and_then(|o| o.origin_access_control_config()) {
                p.insert("origin_type".into(), Value::str(c.origin_access_control_origin_type().as_str()));
                p.insert("signing_behavior".into(), Value::str(c.signing_behavior().as_str()));
                p.insert("signing_protocol".into(), Value::str(c.signing_protocol().as_str()));
            }
            Ok(p)
        }
        _ => Ok(get_config(aws, &live.physical_id)
            .await?
            .map(|(c, _)| described(&c))
            .unwrap_or_default()),
    }
}

fn cf_tags(tags: &Tags) -> Result<CfTags, ProviderError> {
    let items = tags
        .iter()
        .map(|(k, v)| built(Tag::builder().key(k).value(v).build()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CfTags::builder().set_items(Some(items)).build())
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
    if req.node.kind == Kind::OriginAccessControl {
        return create_oac(aws, req).await;
    }
    let p = &req.node.props;
    let hash = req.tags.get(tag::HASH).map(String::as_str).unwrap_or_default();
    let reference = caller_reference(&aws.stack, &req.node.id, hash);
    let enabled = p.get("enabled").and_then(Value::as_bool).unwrap_or(true);
    let config = distribution_config(p, &reference, &req.node.name, enabled)?;
    let with_tags = DistributionConfigWithTags::builder()
        .distribution_config(config)
        .tags(cf_tags(&req.tags)?)
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
    Ok(dist_live(
        aws,
        req.node.id.clone(),
        &req.node.name,
        &dist,
        req.tags.clone(),
        Some(p.clone()),
    ))
}

async fn retag(aws: &Aws, arn: &str, live: &Tags, desired: &Tags) -> Result<(), ProviderError> {
    let removed = tags::removed_keys(live, desired);
    if !removed.is_empty() {
        aws.cloudfront
            .untag_resource()
            .resource(arn)
            .tag_keys(TagKeys::builder().set_items(Some(removed)).build())
            .send()
            .await
            .op("cloudfront:UntagResource")?;
    }
    aws.cloudfront
        .tag_resource()
        .resource(arn)
        .tags(cf_tags(desired)?)
        .send()
        .await
        .op("cloudfront:TagResource")?;
    Ok(())
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let settings = changes.iter().any(|c| !c.attr.starts_with("tags"));
    if live.kind == Kind::OriginAccessControl {
        if settings && let Some(etag) = oac_etag(aws, &live.physical_id).await? {
            aws.cloudfront
                .update_origin_access_control()
                .id(&live.physical_id)
                .if_match(etag)
                .origin_access_control_config(oac_config(&req.node.name, p)?)
                .send()
                .await
                .op("cloudfront:UpdateOriginAccessControl")?;
        }
        let mut updated = live.clone();
        updated.tags = req.tags.clone();
        updated.props = Some(p.clone());
        return Ok(updated);
    }
    let id = &live.physical_id;
    let (current, etag) = get_config(aws, id)
        .await?
        .ok_or_else(|| ProviderError::new("cloudfront:GetDistributionConfig", "NoSuchDistribution", id.clone()))?;
    if settings {
        // The CallerReference of a distribution never changes.
        let enabled = p.get("enabled").and_then(Value::as_bool).unwrap_or(true);
        let config = distribution_config(p, current.caller_reference(), &req.node.name, enabled)?;
        aws.cloudfront
            .update_distribution()
            .id(id)
            .if_match(etag)
            .distribution_config(config)
            .send()
            .await
            .op("cloudfront:UpdateDistribution")?;
    }
    let (dist, _) = get_distribution(aws, id)
        .await?
        .ok_or_else(|| ProviderError::new("cloudfront:GetDistribution", "NoSuchDistribution", id.clone()))?;
    retag(aws, dist.arn(), &live.tags, &req.tags).await?;
    Ok(dist_live(
        aws,
        req.node.id.clone(),
        &req.node.name,
        &dist,
        req.tags.clone(),
        Some(p.clone()),
    ))
}

/// Polls GetDistribution until the distribution is `Deployed`; its ETag then.
async fn wait_deployed(
    aws: &Aws,
    id: &str,
    report: &(dyn Fn(String) + Send + Sync),
) -> Result<Option<(Distribution, String)>, ProviderError> {
    let started = tokio::time::Instant::now();
    retry::poll(POLL, || async {
        let Some((d, etag)) = get_distribution(aws, id).await? else {
            return Ok(Some(None));
        };
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

pub async fn wait_ready(aws: &Aws, live: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    if live.kind == Kind::Distribution {
        wait_deployed(aws, &live.physical_id, progress).await?;
    }
    Ok(live.clone())
}

async fn delete_distribution(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let id = &live.physical_id;
    let Some((mut config, etag)) = get_config(aws, id).await? else {
        return Ok(());
    };
    // AWS deletes only a disabled distribution, and only once that change is
    // deployed (minutes).
    if config.enabled() {
        config.enabled = false;
        aws.cloudfront
            .update_distribution()
            .id(id)
            .if_match(etag)
            .distribution_config(config)
            .send()
            .await
            .op("cloudfront:UpdateDistribution")?;
    }
    let report = |msg: String| tracing::info!("waiting for {msg} to be disabled");
    let Some((_, etag)) = wait_deployed(aws, id, &report).await? else {
        return Ok(());
    };
    match aws.cloudfront.delete_distribution().id(id).if_match(etag).send().await {
        Ok(_) => Ok(()),
        Err(e) if code_of(&e) == Some("NoSuchDistribution") => Ok(()),
        Err(e) => Err(sdk_error("cloudfront:DeleteDistribution", e)),
    }
}

pub async fn delete(aws: &Aws, live: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    if live.kind == Kind::Distribution {
        return delete_distribution(aws, live).await;
    }
    let Some(etag) = oac_etag(aws, &live.physical_id).await? else {
        return Ok(());
    };
    // The distribution that used it was deleted a moment ago.
    retry::until_not(&["OriginAccessControlInUse"], Duration::from_secs(300), || async {
        match aws
            .cloudfront
            .delete_origin_access_control()
            .id(&live.physical_id)
            .if_match(&etag)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if code_of(&e) == Some("NoSuchOriginAccessControl") => Ok(()),
            Err(e) => Err(sdk_error("cloudfront:DeleteOriginAccessControl", e)),
        }
    })
    .await
}

crate::service!(CloudFront, [OriginAccessControl, Distribution], wait = wait_ready);

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, Value)]) -> Value {
        Value::Map(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    fn desired() -> Props {
        let mut p = Props::new();
        p.insert("enabled".into(), Value::Bool(true));
        p.insert("price_class".into(), Value::str("PriceClass_100"));
        p.insert("http_version".into(), Value::str("http2and3"));
        p.insert(
            "origins".into(),
            Value::List(vec![
                map(&[
                    ("id", Value::str("alb")),
                    ("domain_name", Value::str("shop-alb-1.elb.amazonaws.com")),
                    ("protocol_policy", Value::str("http-only")),
                ]),
                map(&[
                    ("id", Value::str("assets")),
                    ("domain_name", Value::str("b.s3.us-east-1.amazonaws.com")),
                    ("origin_access_control_id", Value::str("E123")),
                ]),
            ]),
        );
        p.insert(
            "default_behavior".into(),
            map(&[
                ("target_origin_id", Value::str("alb")),
                ("viewer_protocol_policy", Value::str("redirect-to-https")),
                ("cache_policy", Value::str("Managed-CachingDisabled")),
                ("origin_request_policy", Value::str("Managed-AllViewer")),
            ]),
        );
        p.insert(
            "ordered_behaviors".into(),
            Value::List(vec![map(&[
                ("path_pattern", Value::str("/static/*")),
                ("target_origin_id", Value::str("assets")),
                ("viewer_protocol_policy", Value::str("redirect-to-https")),
                ("cache_policy", Value::str("Managed-CachingOptimized")),
            ])]),
        );
        p.insert("aliases".into(), Value::List(vec![]));
        p.insert("web_acl_arn".into(), Value::str("arn:aws:wafv2:us-east-1:1:global/webacl/x/y"));
        p
    }

    #[test]
    fn config_uses_managed_policy_ids_and_reads_back_equal() {
        let p = desired();
        let c = distribution_config(&p, "ref", "shop-cdn", true).unwrap();
        let d = c.default_cache_behavior().unwrap();
        assert_eq!(d.cache_policy_id(), Some("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"));
        assert_eq!(d.origin_request_policy_id(), Some("216adef6-5c7f-47e4-b989-5492eafa07d3"));
        let assets = &c.origins().unwrap().items()[1];
        assert_eq!(assets.origin_access_control_id(), Some("E123"));
        assert_eq!(assets.s3_origin_config().map(|s| s.origin_access_identity()), Some(""));
        assert!(c.viewer_certificate().unwrap().cloud_front_default_certificate().unwrap_or(false));
        assert_eq!(c.comment(), "shop-cdn");
        assert_eq!(described(&c), p);
    }

    #[test]
    fn a_certificate_brings_its_minimum_tls_version() {
        let mut p = desired();
        p.insert("aliases".into(), Value::List(vec![Value::str("shop.example.com")]));
        p.insert("certificate_arn".into(), Value::str("arn:aws:acm:us-east-1:1:certificate/c"));
        p.insert("minimum_protocol_version".into(), Value::str("TLSv1.2_2021"));
        let c = distribution_config(&p, "ref", "shop-cdn", true).unwrap();
        let v = c.viewer_certificate().unwrap();
        assert_eq!(v.ssl_support_method().map(|m| m.as_str()), Some("sni-only"));
        assert_ne!(v.cloud_front_default_certificate(), Some(true));
        assert_eq!(described(&c), p);
    }

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
