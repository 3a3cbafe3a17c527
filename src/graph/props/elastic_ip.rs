//! An Elastic IP's settings.

crate::typed_props! {
    /// An Elastic IP as the stack wants it, and as AWS reports it.
    pub struct ElasticIpProps for ElasticIp {
        /// `vpc`: the address is for use in a VPC.
        pub domain: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let eip = ElasticIpProps { domain: "vpc".into() };
        assert_eq!(ElasticIpProps::try_from(&Props::from(eip.clone())), Ok(eip));
        let e = ElasticIpProps::try_from(&Props::new()).unwrap_err();
        assert_eq!(e.to_string(), "aws_eip props: `domain` is missing");
    }
}
