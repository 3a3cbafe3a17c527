//! Tag helpers shared by the services.

use std::collections::{BTreeMap, HashMap};

use aws_smithy_types::error::operation::BuildError;

use super::Aws;
use super::error::built;
use crate::apply::ProviderError;
use crate::graph::{Node, NodeId, Props, tag};
use crate::plan::hash::settings_hash;

pub type Tags = BTreeMap<String, String>;

/// A service's own tag type (`aws_sdk_ecr::types::Tag`, ...): each SDK has
/// one, a key and a value, whose getters may answer `Option` and whose builder
/// may fail; `sdk_tags!` says how for each, so one conversion serves them all.
pub trait SdkTag: Sized {
    /// The service, named in the error of a tag its builder refuses.
    const SERVICE: &'static str;
    fn build(key: &str, value: &str) -> Result<Self, BuildError>;
    /// A tag of just the key, as calls that remove tags by key take it.
    fn key_only(key: &str) -> Result<Self, BuildError>;
    /// The key and the value, an absent one as empty.
    fn pair(&self) -> (String, String);
}

/// The tags as the service's own type.
pub fn to_sdk<T: SdkTag>(tags: &Tags) -> Result<Vec<T>, ProviderError> {
    tags.iter().map(|(k, v)| built(T::SERVICE, T::build(k, v))).collect()
}

/// Tags as a service answered them in its own type.
pub fn from_sdk<T: SdkTag>(tags: &[T]) -> Tags {
    tags.iter().map(T::pair).collect()
}

/// Tags as a service that answers a map answered them (SQS, Logs, CodeCommit).
pub fn from_map(tags: Option<&HashMap<String, String>>) -> Tags {
    tags.cloned().unwrap_or_default().into_iter().collect()
}

/// The tags as the map such a service takes.
pub fn to_map(tags: &Tags) -> HashMap<String, String> {
    tags.clone().into_iter().collect()
}

/// An SDK getter's answer, `&str` or `Option<&str>`, as a string.
trait Text {
    fn text(self) -> String;
}

impl Text for &str {
    fn text(self) -> String {
        self.to_string()
    }
}

impl Text for Option<&str> {
    fn text(self) -> String {
        self.unwrap_or_default().to_string()
    }
}

/// An SDK builder's answer, the value or a `Result`, as a `Result`.
trait Built<T> {
    fn built(self) -> Result<T, BuildError>;
}

/// `"ecr" => aws_sdk_ecr::types::Tag`: the SDK's tag type and its service;
/// `{ tag_key, tag_value }` names getters and setters not called `key` and `value`.
macro_rules! sdk_tags {
    ($($service:literal => $tag:ty $({ $key:ident, $value:ident })?),* $(,)?) => {
        $(sdk_tags!(@one $service, $tag, $($key, $value)?);)*
    };
    (@one $service:literal, $tag:ty,) => {
        sdk_tags!(@one $service, $tag, key, value);
    };
    (@one $service:literal, $tag:ty, $key:ident, $value:ident) => {
        impl Built<$tag> for $tag {
            fn built(self) -> Result<$tag, BuildError> {
                Ok(self)
            }
        }

        impl Built<$tag> for Result<$tag, BuildError> {
            fn built(self) -> Result<$tag, BuildError> {
                self
            }
        }

        impl SdkTag for $tag {
            const SERVICE: &'static str = $service;

            fn build(key: &str, value: &str) -> Result<Self, BuildError> {
                <$tag>::builder().$key(key).$value(value).build().built()
            }

            fn key_only(key: &str) -> Result<Self, BuildError> {
                <$tag>::builder().$key(key).build().built()
            }

            fn pair(&self) -> (String, String) {
                (self.$key().text(), self.$value().text())
            }
        }
    };
}

sdk_tags! {
    "cloudfront" => aws_sdk_cloudfront::types::Tag,
    "cloudtrail" => aws_sdk_cloudtrail::types::Tag,
    "cloudwatch" => aws_sdk_cloudwatch::types::Tag,
    "ec2" => aws_sdk_ec2::types::Tag,
    "ecr" => aws_sdk_ecr::types::Tag,
    "elasticache" => aws_sdk_elasticache::types::Tag,
    "elbv2" => aws_sdk_elasticloadbalancingv2::types::Tag,
    "iam" => aws_sdk_iam::types::Tag,
    "kms" => aws_sdk_kms::types::Tag { tag_key, tag_value },
    "rds" => aws_sdk_rds::types::Tag,
    "s3" => aws_sdk_s3::types::Tag,
    "sns" => aws_sdk_sns::types::Tag,
    "tagging" => aws_sdk_resourcegroupstagging::types::Tag,
    "wafv2" => aws_sdk_wafv2::types::Tag,
}

/// Whether `tags` mark a resource of `stack`.
pub fn owned_by(tags: &Tags, stack: &str) -> bool {
    tags.get(tag::STACK).map(String::as_str) == Some(stack)
}

/// Keys set on the resource that the desired tags no longer have.
fn removed_keys(live: &Tags, desired: &Tags) -> Vec<String> {
    live.keys().filter(|k| !desired.contains_key(*k)).cloned().collect()
}

/// Makes a resource's tags `desired`: `untag` the keys it has that `desired`
/// lacks (no call when there are none), then `tag` (each service's `tag`
/// writes what it must: the whole map, or EC2's changed tags only). Removing
/// first is what every service did by hand before; the call log shows it.
pub async fn sync<U, T>(
    live: &Tags,
    desired: &Tags,
    untag: impl FnOnce(Vec<String>) -> U,
    tag: impl FnOnce() -> T,
) -> Result<(), ProviderError>
where
    U: Future<Output = Result<(), ProviderError>>,
    T: Future<Output = Result<(), ProviderError>>,
{
    let removed = removed_keys(live, desired);
    if !removed.is_empty() {
        untag(removed).await?;
    }
    tag().await
}

/// The tags of `desired` that `live` lacks or holds with another value.
pub fn changed(live: &Tags, desired: &Tags) -> Tags {
    desired
        .iter()
        .filter(|(k, v)| live.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The tags without `stackctl:hash`. The hash vouches for settings, so it is
/// written only after every setting it stands for has been applied: a create or
/// update that stops half-way then leaves a stale hash, which the next plan sees.
pub fn without_hash(tags: &Tags) -> Tags {
    tags.iter()
        .filter(|(k, _)| k.as_str() != crate::graph::tag::HASH)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Just the `stackctl:hash` tag, to write last.
pub fn hash_only(tags: &Tags) -> Tags {
    tags.iter()
        .filter(|(k, _)| k.as_str() == crate::graph::tag::HASH)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The tags a resource that AWS cannot tag stands for: the desired ownership
/// tags, and a hash of the settings read, so that the diff compares settings
/// (equal settings, equal hash) and never proposes to "retag" it.
pub fn implied_tags(aws: &Aws, desired: &[&Node], id: &NodeId, props: &Props) -> Tags {
    let mut t = match desired.iter().find(|n| &n.id == id) {
        Some(n) => {
            let mut t = n.tags.clone();
            t.insert(tag::HASH.to_string(), settings_hash(props, &n.ignore_changes));
            t
        }
        None => Tags::new(),
    };
    t.insert(tag::STACK.to_string(), aws.stack.clone());
    t.insert(tag::ID.to_string(), id.to_string());
    t
}

/// Whether the user allowed destroy to delete the resource's content.
pub fn force_destroy(tags: &Tags) -> bool {
    tags.get(tag::FORCE_DESTROY).map(String::as_str) == Some("true")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> Tags {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn every_sdks_tag_type_carries_the_same_pairs_there_and_back() {
        let t = tags(&[(tag::STACK, "s"), (tag::ID, "db"), ("empty", "")]);
        let ecr: Vec<aws_sdk_ecr::types::Tag> = to_sdk(&t).unwrap();
        assert_eq!(from_sdk(&ecr), t);
        let ec2: Vec<aws_sdk_ec2::types::Tag> = to_sdk(&t).unwrap();
        assert_eq!(from_sdk(&ec2), t);
        let kms: Vec<aws_sdk_kms::types::Tag> = to_sdk(&t).unwrap();
        assert!(kms.iter().any(|k| k.tag_key() == tag::ID && k.tag_value() == "db"));
        assert_eq!(from_sdk(&kms), t);
        assert_eq!(from_map(Some(&to_map(&t))), t);
        assert_eq!(from_map(None), Tags::new());
    }

    /// The calls `sync` makes, in order, for `live` made `desired`.
    async fn sync_calls(live: &Tags, desired: &Tags) -> Vec<String> {
        let calls = std::sync::Mutex::new(Vec::new());
        let untag = |keys: Vec<String>| {
            calls.lock().unwrap().push(format!("untag {}", keys.join(",")));
            async { Ok(()) }
        };
        let tag = || {
            let keys: Vec<&str> = desired.keys().map(String::as_str).collect();
            calls.lock().unwrap().push(format!("tag {}", keys.join(",")));
            async { Ok(()) }
        };
        sync(live, desired, untag, tag).await.unwrap();
        calls.into_inner().unwrap()
    }

    #[tokio::test]
    async fn sync_removes_the_keys_no_longer_wanted_then_tags() {
        let (live, desired) = (tags(&[("a", "1"), ("b", "2"), ("c", "3")]), tags(&[("b", "9"), ("d", "4")]));
        assert_eq!(sync_calls(&live, &desired).await, ["untag a,c", "tag b,d"]);
        // Nothing removed: no untag call, as AWS would refuse an empty key list.
        assert_eq!(sync_calls(&tags(&[("b", "2")]), &desired).await, ["tag b,d"]);
    }

    #[test]
    fn changed_is_what_is_new_or_has_another_value() {
        let (live, desired) = (tags(&[("a", "1"), ("b", "2")]), tags(&[("a", "1"), ("b", "9"), ("c", "3")]));
        assert_eq!(changed(&live, &desired), tags(&[("b", "9"), ("c", "3")]));
    }

    #[test]
    fn an_absent_value_reads_as_empty() {
        let trail = aws_sdk_cloudtrail::types::Tag::builder().key("k").build().unwrap();
        assert_eq!(from_sdk(&[trail]), tags(&[("k", "")]));
    }
}
