//! An ECR repository's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// An ECR repository as the stack wants it, and as AWS reports it.
    pub struct EcrRepositoryProps for EcrRepository {
        /// `IMMUTABLE` (a pushed tag never moves) or `MUTABLE`.
        pub image_tag_mutability: String,
        pub scan_on_push: bool,
        /// `AES256` or `KMS`; fixed at creation.
        pub encryption: String,
        /// The lifecycle policy document (ECR's JSON, as a value).
        pub lifecycle_policy: Option<Value>,
    }
}
