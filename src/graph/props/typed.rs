//! One declaration per kind: [`typed_props!`] turns a struct of typed fields
//! into the struct, its conversion into the property map and its reading
//! back, so a kind's settings are written once and every kind converts the
//! same way. A field's name is its key in the map; its type says how it is
//! read ([`PropValue`]). A kind declared so needs no tests of its own: this
//! module's tests cover the conversion, and
//! `every_node_has_the_typed_props_of_its_kind` every kind's map as `expand`
//! builds it.

use std::collections::BTreeMap;

use super::{PropsError, Reader};
use crate::graph::value::{Props, Value};

/// A setting's type: how it is read from a kind's property map and written
/// back. `write` gives `None` for a setting left out of the map.
pub trait PropValue: Sized {
    fn read(r: &Reader<'_>, key: &str) -> Result<Self, PropsError>;
    fn write(self) -> Option<Value>;
}

/// A struct kept as a map of settings: a kind's properties, or a block nested
/// in them (as a map, or as an item of a list of maps). [`typed_props!`]
/// implements it; a struct whose settings are spread over keys or chosen by a
/// key implements it by hand (with `From<Self> for Props`), and then nests
/// like any declared one.
pub trait MapProps: Sized + Into<Props> {
    fn read_map(r: &Reader<'_>) -> Result<Self, PropsError>;
}

/// Nested inside another struct's map, as a map.
impl<T: MapProps> PropValue for T {
    fn read(r: &Reader<'_>, key: &str) -> Result<Self, PropsError> {
        match r.map(key)? {
            Some(m) => T::read_map(&m),
            None => Err(r.error(key, "is missing")),
        }
    }
    fn write(self) -> Option<Value> {
        Some(Value::Map(self.into()))
    }
}

/// An item of a list of maps.
impl<T: MapProps> ListItem for T {
    const NOT_A_LIST: &'static str = "is not a list of maps";
    fn read_item(r: &Reader<'_>, key: &str, item: &Value) -> Result<Self, PropsError> {
        match item {
            Value::Map(m) => T::read_map(&r.nested(m)),
            _ => Err(r.error(key, "is not a list of maps")),
        }
    }
    fn write_item(self) -> Value {
        Value::Map(self.into())
    }
}

/// A field of a [`typed_props!`] struct: a [`PropValue`] under its key, or a
/// setting spread over keys of its own (see `AccessLogs`).
pub trait Field: Sized {
    fn read_field(r: &Reader<'_>, key: &str) -> Result<Self, PropsError>;
    fn write_field(self, key: &str, p: &mut Props);
}

impl<T: PropValue> Field for T {
    fn read_field(r: &Reader<'_>, key: &str) -> Result<Self, PropsError> {
        T::read(r, key)
    }
    fn write_field(self, key: &str, p: &mut Props) {
        if let Some(v) = self.write() {
            p.insert(key.to_string(), v);
        }
    }
}

/// What a list may hold: strings, values kept as they are, or maps read as a
/// struct of their own.
pub trait ListItem: Sized {
    /// What a setting that is not such a list is said to be not.
    const NOT_A_LIST: &'static str;
    fn read_item(r: &Reader<'_>, key: &str, item: &Value) -> Result<Self, PropsError>;
    fn write_item(self) -> Value;
}

/// A scalar setting: read by the [`Reader`] method of its name, written as
/// the [`Value`] that holds it. `Value` itself is kept as it is: a reference
/// before apply resolves it, its string after.
macro_rules! scalar_props {
    ($($ty:ty => $read:ident),* $(,)?) => {$(
        impl PropValue for $ty {
            fn read(r: &Reader<'_>, key: &str) -> Result<Self, PropsError> {
                r.$read(key)
            }
            fn write(self) -> Option<Value> {
                Some(Value::from(self))
            }
        }
    )*};
}

scalar_props!(bool => bool, u32 => u32, i64 => i64, f64 => f64, String => string, Value => value);

/// A map of strings (tags, parameters); a missing map is empty.
impl PropValue for BTreeMap<String, String> {
    fn read(r: &Reader<'_>, key: &str) -> Result<Self, PropsError> {
        r.string_map(key)
    }
    fn write(self) -> Option<Value> {
        Some(Value::Map(self.into_iter().map(|(k, v)| (k, Value::Str(v))).collect()))
    }
}

/// A map of values kept as they are (a metric's dimensions).
impl PropValue for Props {
    fn read(r: &Reader<'_>, key: &str) -> Result<Self, PropsError> {
        match r.map(key)? {
            Some(m) => Ok(m.props.clone()),
            None => Err(r.error(key, "is missing")),
        }
    }
    fn write(self) -> Option<Value> {
        Some(Value::Map(self))
    }
}

/// A setting that may be absent: left out of the map when `None`.
impl<T: PropValue> PropValue for Option<T> {
    fn read(r: &Reader<'_>, key: &str) -> Result<Self, PropsError> {
        if r.has(key) { T::read(r, key).map(Some) } else { Ok(None) }
    }
    fn write(self) -> Option<Value> {
        self.and_then(T::write)
    }
}

/// A list, written even when empty; a missing list is empty.
impl<T: ListItem> PropValue for Vec<T> {
    fn read(r: &Reader<'_>, key: &str) -> Result<Self, PropsError> {
        let items = r.values(key).map_err(|_| r.error(key, T::NOT_A_LIST))?;
        items.iter().map(|item| T::read_item(r, key, item)).collect()
    }
    fn write(self) -> Option<Value> {
        Some(Value::List(self.into_iter().map(T::write_item).collect()))
    }
}

impl ListItem for String {
    const NOT_A_LIST: &'static str = "is not a list of strings";
    fn read_item(r: &Reader<'_>, key: &str, item: &Value) -> Result<Self, PropsError> {
        item.as_str()
            .map(str::to_string)
            .ok_or_else(|| r.error(key, "is not a list of strings"))
    }
    fn write_item(self) -> Value {
        Value::Str(self)
    }
}

impl ListItem for Value {
    const NOT_A_LIST: &'static str = "is not a list";
    fn read_item(_: &Reader<'_>, _: &str, item: &Value) -> Result<Self, PropsError> {
        Ok(item.clone())
    }
    fn write_item(self) -> Value {
        self
    }
}

/// Declares a kind's typed properties: the struct (with `Debug`, `Clone` and
/// `PartialEq`), `From<Struct> for Props`, `TryFrom<&Props> for Struct`
/// (errors name the kind and the key), and [`MapProps`], so that it nests as a
/// map or a list of maps inside another kind's properties. A struct without
/// `for Kind` is only such a nested block (no `TryFrom`). A field's key is its
/// name, or the string after `as` (`pub lb_type as "type": String`); a field
/// `as ..` is a nested struct whose keys are spread over this map
/// (`pub settings as ..: DbSettings`). A list or map field `unless empty` is
/// left out of the map when empty (`pub user_group_ids unless empty:
/// Vec<Value>`), as a missing one reads back empty.
///
/// ```ignore
/// typed_props! {
///     /// A queue as the stack wants it.
///     pub struct QueueProps for Queue {
///         pub fifo: bool,
///         pub redrive_policy: Option<Redrive>,
///     }
/// }
/// ```
#[macro_export]
macro_rules! typed_props {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident $(for $kind:ident)? {
            $( $(#[$fmeta:meta])* $fvis:vis $field:ident $(as $key:tt)? $(unless $empty:ident)? : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        $vis struct $name {
            $( $(#[$fmeta])* $fvis $field: $ty, )*
        }

        impl $crate::graph::props::MapProps for $name {
            fn read_map(r: &$crate::graph::props::Reader<'_>) -> Result<Self, $crate::graph::props::PropsError> {
                Ok($name {
                    $( $field: $crate::typed_props!(@read r, $ty, $field $($key)?)?, )*
                })
            }
        }

        impl From<$name> for $crate::graph::Props {
            fn from(s: $name) -> $crate::graph::Props {
                #[allow(unused_mut)]
                let mut p = $crate::graph::Props::new();
                $( $crate::typed_props!(@write p, s.$field, $field $($key)? $(unless $empty)?); )*
                p
            }
        }

        $(
        impl TryFrom<&$crate::graph::Props> for $name {
            type Error = $crate::graph::props::PropsError;

            fn try_from(p: &$crate::graph::Props) -> Result<$name, $crate::graph::props::PropsError> {
                <$name as $crate::graph::props::MapProps>::read_map(&$crate::graph::props::Reader::new($crate::graph::Kind::$kind, p))
            }
        }
        )?
    };
    // A nested struct spread over this map's keys (`as ..`).
    (@read $r:ident, $ty:ty, $field:ident ..) => {
        <$ty as $crate::graph::props::MapProps>::read_map($r)
    };
    (@read $r:ident, $ty:ty, $field:ident $($key:literal)?) => {
        <$ty as $crate::graph::props::Field>::read_field($r, $crate::typed_props!(@key $field $($key)?))
    };
    // Left out when empty (`unless empty`).
    (@write $p:ident, $value:expr, $field:ident $($key:literal)? unless empty) => {
        if !$value.is_empty() {
            $crate::typed_props!(@write $p, $value, $field $($key)?)
        }
    };
    (@write $p:ident, $value:expr, $field:ident ..) => {
        $p.extend($crate::graph::Props::from($value))
    };
    (@write $p:ident, $value:expr, $field:ident $($key:literal)?) => {
        $crate::graph::props::Field::write_field($value, $crate::typed_props!(@key $field $($key)?), &mut $p)
    };
    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $key:literal) => { $key };
}

#[cfg(test)]
mod tests {
    use crate::graph::props::error_after;
    use crate::graph::{Props, Value};

    crate::typed_props! {
        /// A rule of the example below.
        pub struct Rule for SecurityGroup {
            pub port: u32,
            pub cidrs: Vec<String>,
        }
    }

    crate::typed_props! {
        /// Every shape a setting may have.
        pub struct Example for SecurityGroup {
            pub enabled: bool,
            pub ratio: f64,
            pub name: String,
            pub target: Value,
            pub retention: Option<u32>,
            pub tags: std::collections::BTreeMap<String, String>,
            pub ids: Vec<Value>,
            pub first: Option<Rule>,
            pub rules: Vec<Rule>,
            pub extra_rules unless empty: Vec<Rule>,
        }
    }

    fn example() -> Example {
        Example {
            enabled: true,
            ratio: 0.5,
            name: "web".into(),
            target: Value::str("arn:aws:sns:us-east-1:123456789012:t"),
            retention: None,
            tags: [("team".to_string(), "web".to_string())].into(),
            ids: vec![Value::str("sg-1")],
            first: Some(Rule {
                port: 443,
                cidrs: vec!["10.0.0.0/16".into()],
            }),
            rules: vec![Rule { port: 80, cidrs: vec![] }],
            extra_rules: vec![],
        }
    }

    #[test]
    fn a_declared_struct_round_trips_through_the_property_map() {
        let props = Props::from(example());
        assert!(!props.contains_key("retention"), "an absent option is left out");
        assert!(!props.contains_key("extra_rules"), "an empty list `unless empty` is left out");
        let more = Example {
            extra_rules: vec![Rule { port: 22, cidrs: vec![] }],
            ..example()
        };
        assert_eq!(Example::try_from(&Props::from(more.clone())), Ok(more));
        assert_eq!(props["rules"].as_list()[0].as_map().unwrap()["cidrs"], Value::List(vec![]));
        assert_eq!(Example::try_from(&props), Ok(example()));
    }

    #[test]
    fn errors_name_the_kind_and_the_key() {
        let e = error_after(example(), |props| {
            props.remove("name");
        });
        assert_eq!(e, "aws_security_group props: `name` is missing");
        let e = error_after(example(), |props| {
            props.insert("rules".into(), Value::List(vec![Value::str("x")]));
        });
        assert_eq!(e, "aws_security_group props: `rules` is not a list of maps");
        let e = error_after(example(), |props| {
            props.insert(
                "first".into(),
                Value::Map(crate::props! { "port" => "443", "cidrs" => Value::List(vec![]) }),
            );
        });
        assert_eq!(e, "aws_security_group props: `port` is not a whole number from 0 to 4294967295");
    }
}
