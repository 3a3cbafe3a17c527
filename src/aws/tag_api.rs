//! A service's tag API, declared once (`tag_api!`) instead of written out as
//! builder chains in every service: the Rust counterpart of the `tags_gen.go`
//! that terraform-provider-aws generates per service from a one-line
//! declaration.
//!
//! The services differ in data, not in logic: the operation names, the
//! builder setters for the resource id, the tags and the keys, and the shape
//! of their tags (the SDK's own `Tag` list, a string map, CloudFront's
//! wrapper). The setters are named in the declaration; the shapes are told
//! apart by the conversion traits below, from the type each setter takes.

use std::collections::HashMap;

use super::error::built;
use super::tags::{self, SdkTag, Tags};
use crate::apply::ProviderError;

/// What a tag operation's tags setter takes, made of the tags.
pub trait FromTags: Sized {
    fn from_tags(tags: &Tags) -> Result<Self, ProviderError>;
}

impl<T: SdkTag> FromTags for Vec<T> {
    fn from_tags(tags: &Tags) -> Result<Self, ProviderError> {
        tags::to_sdk(tags)
    }
}

impl FromTags for HashMap<String, String> {
    fn from_tags(tags: &Tags) -> Result<Self, ProviderError> {
        Ok(tags::to_map(tags))
    }
}

impl FromTags for aws_sdk_cloudfront::types::Tags {
    fn from_tags(tags: &Tags) -> Result<Self, ProviderError> {
        Ok(Self::builder().set_items(Some(tags::to_sdk(tags)?)).build())
    }
}

/// What an untag operation's keys setter takes, made of the keys.
pub trait FromKeys: Sized {
    fn from_keys(keys: Vec<String>) -> Result<Self, ProviderError>;
}

impl FromKeys for Vec<String> {
    fn from_keys(keys: Vec<String>) -> Result<Self, ProviderError> {
        Ok(keys)
    }
}

/// Keys sent as the service's tag without a value (CloudTrail RemoveTags,
/// EC2 DeleteTags: a value given there would delete only a tag that has it).
impl<T: SdkTag> FromKeys for Vec<T> {
    fn from_keys(keys: Vec<String>) -> Result<Self, ProviderError> {
        keys.iter().map(|k| built(T::SERVICE, T::key_only(k))).collect()
    }
}

impl FromKeys for aws_sdk_cloudfront::types::TagKeys {
    fn from_keys(keys: Vec<String>) -> Result<Self, ProviderError> {
        Ok(Self::builder().set_items(Some(keys)).build())
    }
}

/// The tags in a list operation's answer.
pub trait TagsOf {
    fn tags_of(self) -> Tags;
}

impl<T: SdkTag> TagsOf for &[T] {
    fn tags_of(self) -> Tags {
        tags::from_sdk(self)
    }
}

impl TagsOf for Option<&HashMap<String, String>> {
    fn tags_of(self) -> Tags {
        tags::from_map(self)
    }
}

impl TagsOf for Option<&aws_sdk_cloudfront::types::Tags> {
    fn tags_of(self) -> Tags {
        self.map(|t| t.items().tags_of()).unwrap_or_default()
    }
}

impl TagsOf for Option<&aws_sdk_wafv2::types::TagInfoForResource> {
    fn tags_of(self) -> Tags {
        self.map(|i| i.tag_list().tags_of()).unwrap_or_default()
    }
}

/// Declares a service's tag API as a module of async functions taking the
/// service's SDK client and the resource's id:
///
/// ```ignore
/// crate::tag_api! {
///     /// RDS names a resource by its ARN.
///     mod rds_tags for aws_sdk_rds::Client {
///         list "rds:ListTagsForResource" = list_tags_for_resource.resource_name -> tag_list;
///         tag "rds:AddTagsToResource" = add_tags_to_resource.resource_name.set_tags;
///         untag "rds:RemoveTagsFromResource" = remove_tags_from_resource.resource_name.set_tag_keys;
///     }
/// }
/// ```
///
/// Each line reads as the call it makes: `tag` is
/// `client.add_tags_to_resource().resource_name(id).set_tags(Some(tags))`,
/// logged as `rds:AddTagsToResource`; `list` answers the tags in the answer's
/// `tag_list()`. It makes `list(client, id)` and `listed_or_asked(client,
/// tagged, id)` (when declared), `tag(client, id, tags)`, and with `untag`,
/// `untag(client, id, keys)` and `sync(client, id, live, desired)`
/// (`tags::sync`: the removed keys untagged, then every desired tag written). A service whose calls differ (batched lists, EC2's CreateTags
/// of the changed tags only) writes those by hand.
///
/// `mod ecr_tags for aws_sdk_ecr::Client: "ecr" by resource_arn;` declares the
/// API most services share (terraform-provider-aws's defaults):
/// ListTagsForResource answering `tags`, TagResource setting `tags`,
/// UntagResource setting `tag_keys`, each naming the resource with the setter
/// given, logged as `ecr:ListTagsForResource`, ...
#[macro_export]
macro_rules! tag_api {
    (
        $(#[$doc:meta])*
        $vis:vis mod $name:ident for $client:ty: $service:literal by $id:ident;
    ) => {
        $crate::tag_api! { @module [$(#[$doc])*] $vis mod $name for $client {
            list concat!($service, ":ListTagsForResource") => list_tags_for_resource.$id -> tags;
            tag concat!($service, ":TagResource") => tag_resource.$id.set_tags;
            untag concat!($service, ":UntagResource") => untag_resource.$id.set_tag_keys;
        }}
    };
    (
        $(#[$doc:meta])*
        $vis:vis mod $name:ident for $client:ty {
            $(list $list_log:literal = $list:ident . $list_id:ident -> $answer:ident;)?
            tag $tag_log:literal = $tag:ident . $tag_id:ident . $tags:ident;
            $(untag $untag_log:literal = $untag:ident . $untag_id:ident . $keys:ident;)?
        }
    ) => {
        $crate::tag_api! { @module [$(#[$doc])*] $vis mod $name for $client {
            $(list $list_log => $list.$list_id -> $answer;)?
            tag $tag_log => $tag.$tag_id.$tags;
            $(untag $untag_log => $untag.$untag_id.$keys;)?
        }}
    };
    (
        @module [$(#[$doc:meta])*] $vis:vis mod $name:ident for $client:ty {
            $(list $list_log:expr => $list:ident . $list_id:ident -> $answer:ident;)?
            tag $tag_log:expr => $tag:ident . $tag_id:ident . $tags:ident;
            $(untag $untag_log:expr => $untag:ident . $untag_id:ident . $keys:ident;)?
        }
    ) => {
        $(#[$doc])*
        $vis mod $name {
            use $crate::apply::ProviderError;
            use $crate::aws::error::AwsResultExt;
            use $crate::aws::tags::Tags;

            $(
                pub async fn list(client: &$client, id: &str) -> Result<Tags, ProviderError> {
                    let out = client.$list().$list_id(id).send().await.op($list_log)?;
                    Ok($crate::aws::tag_api::TagsOf::tags_of(out.$answer()))
                }

                /// The resource's tags as the Tagging API listed them, else
                /// asked with `list` (`tagging::listed_or`). Not every service's
                /// discovery reads the listing.
                #[allow(dead_code)]
                pub async fn listed_or_asked(
                    client: &$client,
                    tagged: &[$crate::aws::tagging::Tagged],
                    id: &str,
                ) -> Result<Tags, ProviderError> {
                    $crate::aws::tagging::listed_or(tagged, id, || list(client, id)).await
                }
            )?

            pub async fn tag(client: &$client, id: &str, tags: &Tags) -> Result<(), ProviderError> {
                let tags = $crate::aws::tag_api::FromTags::from_tags(tags)?;
                client.$tag().$tag_id(id).$tags(Some(tags)).send().await.op($tag_log)?;
                Ok(())
            }

            $(
                pub async fn untag(client: &$client, id: &str, keys: Vec<String>) -> Result<(), ProviderError> {
                    let keys = $crate::aws::tag_api::FromKeys::from_keys(keys)?;
                    client.$untag().$untag_id(id).$keys(Some(keys)).send().await.op($untag_log)?;
                    Ok(())
                }

                /// Makes the resource's tags `desired` (`tags::sync`).
                pub async fn sync(client: &$client, id: &str, live: &Tags, desired: &Tags) -> Result<(), ProviderError> {
                    let untag = |keys| untag(client, id, keys);
                    $crate::aws::tags::sync(live, desired, untag, || tag(client, id, desired)).await
                }

                /// As `sync`, but sends nothing where the tags already match
                /// (the hash tag changes with every settings change, so the
                /// tags themselves are compared, not the plan's changes).
                #[allow(dead_code)]
                pub async fn sync_changed(client: &$client, id: &str, live: &Tags, desired: &Tags) -> Result<(), ProviderError> {
                    if live == desired {
                        return Ok(());
                    }
                    sync(client, id, live, desired).await
                }
            )?
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<String> {
        vec!["a".to_string(), "b".to_string()]
    }

    #[test]
    fn keys_sent_as_tags_carry_no_value() {
        // EC2 DeleteTags with a value deletes only a tag holding that value.
        let ec2: Vec<aws_sdk_ec2::types::Tag> = FromKeys::from_keys(keys()).unwrap();
        assert!(ec2.iter().all(|t| t.value().is_none()));
        assert_eq!(ec2.iter().filter_map(|t| t.key()).collect::<Vec<_>>(), ["a", "b"]);
        let trail: Vec<aws_sdk_cloudtrail::types::Tag> = FromKeys::from_keys(keys()).unwrap();
        assert!(trail.iter().all(|t| t.value().is_none()));
        let cf: aws_sdk_cloudfront::types::TagKeys = FromKeys::from_keys(keys()).unwrap();
        assert_eq!(cf.items(), keys());
    }

    #[test]
    fn every_shape_of_tags_carries_the_same_pairs() {
        let t: Tags = [("k", "v"), ("e", "")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let map: HashMap<String, String> = FromTags::from_tags(&t).unwrap();
        assert_eq!(Some(&map).tags_of(), t);
        let cf: aws_sdk_cloudfront::types::Tags = FromTags::from_tags(&t).unwrap();
        assert_eq!(Some(&cf).tags_of(), t);
        let sns: Vec<aws_sdk_sns::types::Tag> = FromTags::from_tags(&t).unwrap();
        assert_eq!(sns.as_slice().tags_of(), t);
        let waf = aws_sdk_wafv2::types::TagInfoForResource::builder()
            .set_tag_list(Some(FromTags::from_tags(&t).unwrap()))
            .build();
        assert_eq!(Some(&waf).tags_of(), t);
        assert_eq!(None::<&HashMap<String, String>>.tags_of(), Tags::new());
    }
}
