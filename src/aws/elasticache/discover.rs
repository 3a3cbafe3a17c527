//! Discovery of an ElastiCache kind: one paginated Describe call lists every
//! resource of the kind (with every setting but a replication group's), tags
//! are read per resource of the stack's prefix. Each kind's file says how to
//! read its SDK type (`Described`) and makes its own Describe call.

use std::future::Future;

use super::{Aws, tags_for};
use crate::apply::ProviderError;
use crate::aws::classify::Listing;
use crate::aws::service::Discovered;
use crate::aws::tagging::Tagged;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::LiveResource;

/// How discovery reads one kind's SDK type `T`.
pub(super) struct Described<T> {
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
    pub(super) const fn new(
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
    /// (a page's items and the next marker), and the names they hold.
    pub(super) async fn discover<P, PF>(
        &'static self,
        aws: &Aws,
        tagged: &[Tagged],
        desired: &[&Node],
        page: P,
    ) -> Result<Discovered, ProviderError>
    where
        P: FnMut(Option<String>) -> PF,
        PF: Future<Output = Result<(Vec<T>, Option<String>), ProviderError>>,
    {
        let listing = Listing::new(aws, desired, std::slice::from_ref(&self.kind), self.what);
        let tags = |item: &T| {
            let attrs = (self.attrs)(item);
            let arn = attrs.iter().find(|(k, _)| *k == "arn").and_then(|(_, v)| v.as_str());
            let arn = arn.unwrap_or_default().to_string();
            async move { tags_for(aws, tagged, &arn).await }
        };
        listing
            .classify(page, self.name, tags, |id, item, tags| {
                let name = (self.name)(item).unwrap_or_default();
                LiveResource::named(id, self.kind, name, &(self.attrs)(item), tags, self.props.map(|props| props(item)))
            })
            .await
    }
}
