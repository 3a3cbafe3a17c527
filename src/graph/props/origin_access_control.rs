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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let oac = OriginAccessControlProps {
            origin_type: "s3".into(),
            signing_behavior: "always".into(),
            signing_protocol: "sigv4".into(),
        };
        assert_eq!(OriginAccessControlProps::try_from(&Props::from(oac.clone())), Ok(oac));
    }
}
