//! `Pos<T>`: a value of the stack file together with where it was written.
//!
//! The model keeps positions on every value that validation may point at, so a
//! semantic error (an overlapping CIDR, a bucket that does not exist) names the
//! line and column the user has to edit, not only the first type error serde saw.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

/// A 1-based line and column in the stack file; `0:0` for a value that came from
/// a default rather than from the file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Span {
    pub line: u32,
    pub column: u32,
}

impl Span {
    pub const UNKNOWN: Span = Span { line: 0, column: 0 };

    pub fn is_known(self) -> bool {
        self.line > 0
    }

    /// This span, or `fallback` when this one came from a default.
    pub fn or(self, fallback: Span) -> Span {
        if self.is_known() { self } else { fallback }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A value with the span it was read from. Dereferences to the value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pos<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Pos<T> {
    pub fn new(value: T, span: Span) -> Self {
        Pos { value, span }
    }

    /// A value that the stack file did not write (a default).
    pub fn default_value(value: T) -> Self {
        Pos {
            value,
            span: Span::UNKNOWN,
        }
    }
}

impl<T> Deref for Pos<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Display> fmt::Display for Pos<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

// The JSON Schema of a positioned value is the schema of the value: positions
// are an implementation detail of the loader, invisible in the file format.
impl<T: schemars::JsonSchema> schemars::JsonSchema for Pos<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}
