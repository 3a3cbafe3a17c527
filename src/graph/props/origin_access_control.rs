//! The origin access control through which CloudFront reads the assets bucket.

crate::typed_props! {
    /// An origin access control as the stack wants it, and as AWS reports it.
    pub struct OriginAccessControlProps for OriginAccessControl {
        /// `s3`.
        pub origin_type: String,
        /// `always`: CloudFront signs every request to the origin.
        pub signing_behavior: String,
        /// `sigv4`.
        pub signing_protocol: String,
    }
}
