//! How discovery sorts what a service lists: a resource with the stack's
//! ownership tags (and its logical id) is ours; one that holds the name of a
//! desired node without them is a conflict (`Conflict::name_held`: importable,
//! or another stack's); anything else is someone else's and left alone.

use std::future::Future;

use super::Aws;
use super::service::Discovered;
use super::tags::{self, Tags};
use crate::apply::ProviderError;
use crate::graph::{Kind, Node, NodeId, tag};
use crate::plan::{Conflict, LiveResource};

/// Whose a listed resource is.
pub enum Owner {
    /// The stack's: the logical id its tags name.
    Ours(NodeId),
    /// It holds the name of a desired node without the stack's tags.
    Held(Conflict),
    /// Someone else's, with a name the stack does not want.
    Other,
}

/// One resource type as discovery lists it: which desired nodes its names
/// belong to, and what it is called in a conflict's reason.
pub struct Listing<'a> {
    stack: &'a str,
    desired: &'a [&'a Node],
    kinds: &'static [Kind],
    /// With its article: "a DB subnet group".
    what: &'static str,
    /// What follows the stack's name in the names it gives: `-`, or `/` for
    /// names that are paths (ECR repositories).
    separator: char,
}

impl<'a> Listing<'a> {
    pub fn new(aws: &'a Aws, desired: &'a [&'a Node], kinds: &'static [Kind], what: &'static str) -> Self {
        Listing {
            stack: &aws.stack,
            desired,
            kinds,
            what,
            separator: '-',
        }
    }

    /// The same, for names the stack gives as `<stack><separator>...`.
    pub fn separated_by(self, separator: char) -> Self {
        Listing { separator, ..self }
    }

    /// Whether `name` is one the stack gives (`<stack>-...`): only those are
    /// worth reading tags for.
    pub fn has_prefix(&self, name: &str) -> bool {
        name.strip_prefix(self.stack).is_some_and(|rest| rest.starts_with(self.separator))
    }

    /// Whose the resource named `name` with `tags` (as AWS has them) is; a
    /// conflict names it by `name`, which is how `stackctl import` takes it.
    pub fn owner(&self, name: &str, tags: &Tags) -> Owner {
        self.owner_known_as(name, name, tags)
    }

    /// The same, for a resource `stackctl import` takes by another id
    /// (`aws_id`: an ARN, a URL).
    pub fn owner_known_as(&self, name: &str, aws_id: &str, tags: &Tags) -> Owner {
        if let Some(id) = tags.get(tag::ID).filter(|_| tags::owned_by(tags, self.stack)) {
            return Owner::Ours(NodeId::new(id.clone()));
        }
        match self.desired.iter().find(|n| self.kinds.contains(&n.kind) && n.name == name) {
            Some(n) => Owner::Held(self.held(n, aws_id, tags)),
            None => Owner::Other,
        }
    }

    /// The conflict of desired node `n`, whose name the resource `aws_id`
    /// with `tags` holds.
    pub fn held(&self, n: &Node, aws_id: &str, tags: &Tags) -> Conflict {
        Conflict::name_held(n, self.what, aws_id, tags, self.stack)
    }

    /// The desired nodes of the listing's kinds that none of `found` is: for
    /// services found through the Tagging API, the names to look up one by
    /// one for a resource that holds them without the stack's tags.
    pub fn unfound<'b>(&'b self, found: &'b [LiveResource]) -> impl Iterator<Item = &'a Node> + 'b {
        let wanted = |n: &&&Node| self.kinds.contains(&n.kind) && !found.iter().any(|f| f.name == n.name);
        self.desired.iter().filter(wanted).copied()
    }

    /// Lists every page (`page(marker)` answers a page's items and the next
    /// marker) and sorts each item that `name` names with the stack's prefix
    /// (`None`: pass it over), with the tags `tags` reads for it. `live` makes
    /// one of ours into the live resource of the logical id its tags name.
    pub async fn classify<T, P, PF, G, GF>(
        &self,
        mut page: P,
        name: impl Fn(&T) -> Option<&str>,
        mut tags: G,
        live: impl Fn(NodeId, &T, Tags) -> LiveResource,
    ) -> Result<Discovered, ProviderError>
    where
        P: FnMut(Option<String>) -> PF,
        PF: Future<Output = Result<(Vec<T>, Option<String>), ProviderError>>,
        G: FnMut(&T) -> GF,
        GF: Future<Output = Result<Tags, ProviderError>>,
    {
        let (mut found, mut conflicts) = (Vec::new(), Vec::new());
        let mut marker = None;
        loop {
            let (items, next) = page(marker).await?;
            for item in &items {
                let Some(name) = name(item).filter(|n| self.has_prefix(n)) else {
                    continue;
                };
                let tags = tags(item).await?;
                match self.owner(name, &tags) {
                    Owner::Ours(id) => found.push(live(id, item, tags)),
                    Owner::Held(c) => conflicts.push(c),
                    Owner::Other => {}
                }
            }
            marker = next;
            if marker.is_none() {
                break;
            }
        }
        Ok((found, conflicts))
    }
}

/// Every item of a paginated List or Describe call: `page(marker)` answers a
/// page's items and the next marker (`None` after the last page).
pub async fn every_page<T, P, PF>(mut page: P) -> Result<Vec<T>, ProviderError>
where
    P: FnMut(Option<String>) -> PF,
    PF: Future<Output = Result<(Vec<T>, Option<String>), ProviderError>>,
{
    let mut all = Vec::new();
    let mut marker = None;
    loop {
        let (items, next) = page(marker).await?;
        all.extend(items);
        marker = next;
        if marker.is_none() {
            return Ok(all);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(kind: Kind, name: &str) -> Node {
        Node {
            id: NodeId::new("db"),
            kind,
            name: name.into(),
            props: Default::default(),
            tags: Default::default(),
            deps: vec![],
            ignore_changes: vec![],
        }
    }

    fn listing<'a>(desired: &'a [&'a Node]) -> Listing<'a> {
        Listing {
            stack: "s",
            desired,
            kinds: &[Kind::DbInstance, Kind::DbReplica],
            what: "a DB instance",
            separator: '-',
        }
    }

    fn tags(pairs: &[(&str, &str)]) -> Tags {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn names_of_the_stack_have_its_prefix_and_a_hyphen() {
        let l = listing(&[]);
        assert!(l.has_prefix("s-db"));
        assert!(!l.has_prefix("sx-db"));
        assert!(!l.has_prefix("s"));
        assert!(l.separated_by('/').has_prefix("s/web"));
    }

    #[test]
    fn a_resource_is_ours_by_its_stack_and_id_tags_else_a_conflict_if_we_want_its_name() {
        let n = node(Kind::DbInstance, "s-db");
        let desired = [&n];
        let l = listing(&desired);
        let ours = tags(&[(tag::STACK, "s"), (tag::ID, "db")]);
        assert!(matches!(l.owner("s-db", &ours), Owner::Ours(id) if id.as_str() == "db"));
        let Owner::Held(c) = l.owner("s-db", &tags(&[])) else {
            panic!("not a conflict")
        };
        assert_eq!(c.aws_id.as_deref(), Some("s-db"));
        let Owner::Held(c) = l.owner("s-db", &tags(&[(tag::STACK, "t"), (tag::ID, "db")])) else {
            panic!("not a conflict")
        };
        assert_eq!(c.aws_id, None);
        assert!(matches!(l.owner("s-other", &tags(&[])), Owner::Other));
    }
}
