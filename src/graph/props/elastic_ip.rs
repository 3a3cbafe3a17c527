//! An Elastic IP's settings.

crate::typed_props! {
    /// An Elastic IP as the stack wants it, and as AWS reports it.
    pub struct ElasticIpProps for ElasticIp {
        /// `vpc`: the address is for use in a VPC.
        pub domain: String,
    }
}
