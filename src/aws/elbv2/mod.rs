//! The application load balancer, its target group and listeners.
//!
//! Discovery is one DescribeLoadBalancers and one DescribeTargetGroups over the
//! account, filtered by the stack's name prefix, DescribeListeners per load
//! balancer of the stack, and DescribeTags in batches of 20 ARNs.
//!
//! One module per kind. Discovery is here: the tags of load balancers and
//! target groups are read in the same batches.

mod adopt;
mod listener;
mod load_balancer;
mod target_group;

pub use load_balancer::load_balancer_arn;

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::Aws;
use super::classify::every_page;
use super::error::AwsResultExt;
use super::service::Discovered;
use super::tagging::{self, Tagged};
use super::tags::{self, Tags};
use crate::apply::{ProviderError, Request};
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{Conflict, LiveResource};

/// DescribeTags takes at most 20 ARNs.
const TAG_BATCH: usize = 20;
/// Longest a delete waits for the load balancer to be gone.
const DELETE_WAIT: Duration = Duration::from_secs(300);

/// Every item of a paginated Describe call (`send(marker)` asks for a page,
/// `parts` takes its items and next marker) that `name` names with the
/// stack's `prefix`: DescribeLoadBalancers and DescribeTargetGroups take exact
/// names only, so the account's are listed and the stack's kept.
async fn named_with_prefix<T, O, E, S, SF>(
    prefix: &str,
    name: fn(&T) -> Option<&str>,
    operation: &str,
    send: S,
    parts: fn(O) -> (Vec<T>, Option<String>),
) -> Result<Vec<T>, ProviderError>
where
    S: Fn(Option<String>) -> SF,
    SF: Future<Output = Result<O, SdkError<E, HttpResponse>>>,
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let all = every_page(|marker| {
        let page = send(marker);
        async move { Ok(parts(page.await.op(operation)?)) }
    })
    .await?;
    Ok(all.into_iter().filter(|t| name(t).is_some_and(|n| n.starts_with(prefix))).collect())
}

fn resource(id: NodeId, kind: Kind, name: &str, arn: &str, extra: &[(&str, String)], tags: Tags, props: Option<Props>) -> LiveResource {
    with_extra(super::resource::known_by_arn(id, kind, name, arn, tags, props), extra)
}

/// The live resource after a create: what we asked for.
fn created(req: &Request, arn: &str, extra: &[(&str, String)]) -> LiveResource {
    with_extra(super::resource::created_by_arn(req, arn), extra)
}

/// `live` with the attributes a kind has beyond its name and ARN.
fn with_extra(mut live: LiveResource, extra: &[(&str, String)]) -> LiveResource {
    live.attrs.extend(extra.iter().map(|(k, v)| (k.to_string(), Value::str(v))));
    live
}

/// The tags of `arns`: those the Tagging API listed as it listed them, the
/// others (not ours, or created moments ago) asked of ELB in batches.
async fn describe_tags(aws: &Aws, tagged: &[Tagged], arns: &[String]) -> Result<BTreeMap<String, Tags>, ProviderError> {
    let mut out = BTreeMap::new();
    let mut unlisted = Vec::new();
    for arn in arns {
        match tagging::listed(tagged, arn) {
            Some(t) => drop(out.insert(arn.clone(), t.clone())),
            None => unlisted.push(arn.clone()),
        }
    }
    for batch in unlisted.chunks(TAG_BATCH) {
        let page = aws
            .elbv2
            .describe_tags()
            .set_resource_arns(Some(batch.to_vec()))
            .send()
            .await
            .op("elbv2:DescribeTags")?;
        for d in page.tag_descriptions() {
            out.insert(d.resource_arn().unwrap_or_default().to_string(), tags::from_sdk(d.tags()));
        }
    }
    Ok(out)
}

/// The conflict of a resource holding `n`'s name with `tags` that are not
/// the stack's: importable as `aws_id`, unless another stack owns it.
fn conflict(aws: &Aws, n: &Node, what: &str, aws_id: &str, tags: Option<&Tags>) -> Conflict {
    Conflict::name_held(n, &format!("a {what}"), aws_id, tags.unwrap_or(&Tags::new()), &aws.stack)
}

/// The load balancers and target groups with their tags in shared batches,
/// then the listeners of ours.
async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let prefix = format!("{}-", aws.stack);
    let lbs = load_balancer::all_load_balancers(aws, &prefix).await?;
    let tgs = target_group::all_target_groups(aws, &prefix).await?;
    let mut arns: Vec<String> = lbs.iter().filter_map(|l| l.load_balancer_arn()).map(str::to_string).collect();
    arns.extend(tgs.iter().filter_map(|t| t.target_group_arn()).map(str::to_string));
    let tags = describe_tags(aws, tagged, &arns).await?;
    let owned = |arn: &str| {
        tags.get(arn)
            .filter(|t| tags::owned_by(t, &aws.stack) && t.contains_key(tag::ID))
            .cloned()
    };
    let mut found = Vec::new();
    let mut conflicts = Vec::new();
    // A load balancer or target group (`what`) listed as `arn` and `name`: ours
    // by its tags, or holding the name of a desired one.
    let mut sort = |kind: Kind, what: &str, arn: &str, name: &str, extra: &[(&str, String)], props: Option<Props>| match owned(arn) {
        Some(t) => found.push(resource(NodeId::new(&t[tag::ID]), kind, name, arn, extra, t, props)),
        None => conflicts.extend(
            desired
                .iter()
                .filter(|n| n.kind == kind && n.name == name)
                .map(|n| conflict(aws, n, what, arn, tags.get(arn))),
        ),
    };
    for lb in &lbs {
        let (arn, name) = (
            lb.load_balancer_arn().unwrap_or_default(),
            lb.load_balancer_name().unwrap_or_default(),
        );
        let extra = load_balancer::lb_extra(arn, lb.dns_name().unwrap_or_default());
        sort(Kind::LoadBalancer, "load balancer", arn, name, &extra, None);
    }
    for tg in &tgs {
        let (arn, name) = (
            tg.target_group_arn().unwrap_or_default(),
            tg.target_group_name().unwrap_or_default(),
        );
        let props = target_group::tg_described(tg);
        sort(Kind::TargetGroup, "target group", arn, name, &[], Some(props));
    }
    // Listeners have no names: those of our load balancers, by their tags.
    let ours: Vec<String> = found
        .iter()
        .filter(|f| f.kind == Kind::LoadBalancer)
        .map(|f| f.physical_id.clone())
        .collect();
    let (listeners, taken) = listener::discover(aws, tagged, &ours, desired).await?;
    found.extend(listeners);
    conflicts.extend(taken);
    Ok((found, conflicts))
}

crate::tag_api! {
    /// AddTags and RemoveTags take a list of ARNs; DescribeTags is batched
    /// (`describe_tags`).
    mod elbv2_tags for aws_sdk_elasticloadbalancingv2::Client {
        tag "elbv2:AddTags" = add_tags.resource_arns.set_tags;
        untag "elbv2:RemoveTags" = remove_tags.resource_arns.set_tag_keys;
    }
}

/// After every update: the tags (AddTags rewrites them all).
async fn sync_tags(aws: &Aws, live: &LiveResource, desired: &Tags) -> Result<(), ProviderError> {
    elbv2_tags::sync(&aws.elbv2, &live.physical_id, &live.tags, desired).await
}

crate::service!(
    Elbv2: [load_balancer::LoadBalancers, target_group::TargetGroups, listener::Listeners],
    discover = discover,
    sync_tags = sync_tags,
    adopt = (adopt::find, adopt::add_tags),
);
