//! The registry of kinds: one declaration per resource kind ([`KindSpec`]),
//! holding every fact the core needs about it (its type name, the settings
//! that force a replacement, the lists compared as sets, its outputs, its
//! place in the delete order, how it is imported). The core looks a kind up
//! here instead of matching on it, so adding a kind is adding its spec to the
//! file of its service group (and its variant to [`Kind`] and `Kind::ALL`).

mod backup;
mod compute;
mod data;
mod edge;
mod network;
mod ops;
mod storage;

use std::sync::LazyLock;

use super::node::Kind;
use super::props::PropsError;
use super::value::Props;

/// Everything the core knows about one kind of resource.
#[derive(Debug, Clone, Copy)]
pub struct KindSpec {
    pub kind: Kind,
    /// The Terraform-style type name shown in plans (`aws_vpc`).
    pub type_name: &'static str,
    /// The Terraform resource type `export terraform` writes; the type name
    /// unless Terraform has one type for two of our kinds.
    pub terraform_type: &'static str,
    /// The delete order. A kind depends only on kinds of a lower rank (the
    /// exceptions are listed in `every_dependency_points_to_a_lower_rank`);
    /// resources the stack no longer describes (orphans) are deleted from the
    /// highest rank down, each after the orphans of a higher rank. Ranks are
    /// unique (`delete_order_of_orphans` states the order).
    pub rank: u16,
    /// Settings AWS cannot change in place: a different value replaces the
    /// resource (delete, then create under the same deterministic name).
    pub replace_on: &'static [&'static str],
    /// List settings AWS returns in an order of its own, compared as sets
    /// (besides every `*_ids` and `*_arns` list, see [`KindSpec::is_set`]).
    pub sets: &'static [&'static str],
    /// The attributes `stackctl output` shows and apply prints at its end.
    pub outputs: &'static [Output],
    /// A setting the node's id and name carry (see `Kind::identity_prop`).
    pub identity_prop: Option<&'static str>,
    /// EC2 resources have no name of their own: a `Name` tag gives them one.
    pub named_by_tag: bool,
    /// AWS accepts the create at once but makes the resource usable minutes
    /// later (`creating` -> `available`): apply waits for it unless `--no-wait`.
    pub settles_after_create: bool,
    /// AWS refuses to delete it while its deletion protection is on: destroy
    /// checks these before deleting anything.
    pub deletion_protection: bool,
    /// How `stackctl import` makes a resource of this kind the stack's.
    pub adoption: Adoption,
    /// The shapes of the AWS ids and ARNs that name a resource of this kind.
    pub aws_ids: &'static [IdShape],
    /// Its typed properties (`typed::<QueueProps>`): reads a property map
    /// as the kind's struct and writes it back, so that every map `expand`
    /// builds is checked against the struct the provider reads.
    pub props: Option<PropsRoundTrip>,
}

/// A property map read as a kind's typed properties and written back.
pub type PropsRoundTrip = fn(&Props) -> Result<Props, PropsError>;

/// The round trip of the typed properties `T`.
pub fn typed<T>(props: &Props) -> Result<Props, PropsError>
where
    T: for<'a> TryFrom<&'a Props, Error = PropsError> + Into<Props>,
{
    Ok(T::try_from(props)?.into())
}

/// An attribute `stackctl output` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    pub attr: &'static str,
    /// The attribute of the Terraform resource that holds the same value.
    pub terraform: &'static str,
}

impl Output {
    /// An output Terraform names the same way.
    pub const fn same(attr: &'static str) -> Output {
        Output { attr, terraform: attr }
    }
    pub const fn terraform(attr: &'static str, terraform: &'static str) -> Output {
        Output { attr, terraform }
    }
}

/// How a kind's resource becomes the stack's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adoption {
    /// Tagged with the ownership tags.
    Tags,
    /// It cannot be tagged: discovery takes the one with the stack's
    /// deterministic name as the stack's, so there is nothing to import.
    ByName,
    /// It cannot be tagged: it is read through its parent (named here), which
    /// is what is imported.
    ThroughParent(&'static str),
}

/// A shape of AWS id that names a resource of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdShape {
    /// An id starting so (`vpc-`, a KMS `alias/`).
    Prefix(&'static str),
    /// An `http(s)://` URL (an SQS queue URL).
    Url,
    /// An ARN of `service` whose resource part starts with `resource`
    /// (empty: any resource of the service).
    Arn { service: &'static str, resource: &'static str },
}

impl IdShape {
    /// An ARN of `service` whose resource part starts with `resource`.
    pub const fn arn(service: &'static str, resource: &'static str) -> IdShape {
        IdShape::Arn { service, resource }
    }
}

impl KindSpec {
    /// A kind with no replacing settings, sets, outputs or waits, adopted by
    /// tagging: the defaults each spec overrides.
    pub const fn new(kind: Kind, type_name: &'static str, rank: u16) -> KindSpec {
        KindSpec {
            kind,
            type_name,
            terraform_type: type_name,
            rank,
            replace_on: &[],
            sets: &[],
            outputs: &[],
            identity_prop: None,
            named_by_tag: false,
            settles_after_create: false,
            deletion_protection: false,
            adoption: Adoption::Tags,
            aws_ids: &[],
            props: None,
        }
    }

    /// Whether the list setting `key` is compared as a set: ids and ARNs
    /// (`subnet_ids`, `policy_arns`) always are, as AWS returns them in an
    /// order of its own; other lists when the spec says so.
    pub fn is_set(&self, key: &str) -> bool {
        key.ends_with("_ids") || key.ends_with("_arns") || self.sets.contains(&key)
    }
}

/// Every spec, by service group.
const GROUPS: &[&[KindSpec]] = &[
    network::SPECS,
    compute::SPECS,
    data::SPECS,
    edge::SPECS,
    storage::SPECS,
    ops::SPECS,
    backup::SPECS,
];

/// The specs indexed by the kind's discriminant.
static BY_KIND: LazyLock<Vec<&'static KindSpec>> = LazyLock::new(|| {
    let mut by_kind: Vec<Option<&'static KindSpec>> = vec![None; Kind::ALL.len()];
    for spec in GROUPS.iter().flat_map(|g| g.iter()) {
        let slot = &mut by_kind[spec.kind as usize];
        assert!(slot.is_none(), "two specs for {:?}", spec.kind);
        *slot = Some(spec);
    }
    Kind::ALL
        .iter()
        .map(|k| by_kind[*k as usize].unwrap_or_else(|| panic!("no spec for {k:?} in src/graph/kinds")))
        .collect()
});

/// The spec of `kind`.
pub fn spec(kind: Kind) -> &'static KindSpec {
    BY_KIND[kind as usize]
}

#[cfg(test)]
mod tests;
