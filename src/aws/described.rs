//! Discovery of a kind that one paginated Describe call lists whole (the
//! ElastiCache and RDS groups and users): tags are read per resource of the
//! stack's prefix. Each kind's file says how to read its SDK type
//! (`Described`), makes its own Describe call and reads tags its service's way.

use std::future::Future;

use super::Aws;
use super::classify::Listing;
use super::service::Discovered;
use super::tags::Tags;
use crate::apply::ProviderError;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::LiveResource;

/// How discovery reads one kind's SDK type `T`.
pub struct Described<T> {
    kind: Kind,
    what: &'static str,
    name: fn(&T) -> Option<&str>,
    attrs: fn(&T) -> Vec<(&'static str, Value)>,
    props: Option<fn(&T) -> Props>,
}

impl<T> Described<T> {
    /// Resources of `kind`, called `what` (with its article: "a Redis user")
    /// in a conflict's reason. `name` tells the id or name the stack gives
    /// (`None`: pass it over; one being deleted is gone for the stack, its
    /// name is not free yet, which a create right after will say); `attrs`
    /// its attributes, its ARN among them; `props` its settings, where the
    /// Describe call tells them all (`None`: the hash tag vouches for them).
    pub const fn new(
        kind: Kind,
        what: &'static str,
        name: fn(&T) -> Option<&str>,
        attrs: fn(&T) -> Vec<(&'static str, Value)>,
        props: Option<fn(&T) -> Props>,
    ) -> Self {
        Described {
            kind,
            what,
            name,
            attrs,
            props,
        }
    }

    /// The stack's resources of the kind among those `page(marker)` lists
    /// (a page's items and the next marker), and the names they hold; `tags`
    /// reads a resource's tags by its ARN.
    pub async fn discover<P, PF, G, GF>(&'static self, aws: &Aws, desired: &[&Node], page: P, tags: G) -> Result<Discovered, ProviderError>
    where
        P: FnMut(Option<String>) -> PF,
        PF: Future<Output = Result<(Vec<T>, Option<String>), ProviderError>>,
        G: Fn(String) -> GF,
        GF: Future<Output = Result<Tags, ProviderError>>,
    {
        let listing = Listing::new(aws, desired, std::slice::from_ref(&self.kind), self.what);
        let tags_of = |item: &T| {
            let attrs = (self.attrs)(item);
            let arn = attrs.iter().find(|(k, _)| *k == "arn").and_then(|(_, v)| v.as_str());
            tags(arn.unwrap_or_default().to_string())
        };
        listing
            .classify(page, self.name, tags_of, |id, item, tags| {
                let name = (self.name)(item).unwrap_or_default();
                LiveResource::named(id, self.kind, name, &(self.attrs)(item), tags, self.props.map(|props| props(item)))
            })
            .await
    }
}
