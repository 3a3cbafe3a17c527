//! The VPC's settings.

crate::typed_props! {
    /// A VPC as the stack wants it, and as AWS reports it.
    pub struct VpcProps for Vpc {
        /// Fixed at creation.
        pub cidr_block: String,
        pub enable_dns_hostnames: bool,
        pub enable_dns_support: bool,
        /// Whether the VPC's default security group is kept without rules.
        pub restrict_default_security_group: bool,
        /// Whether the VPC's default network ACL's inbound rules are narrowed.
        pub restrict_default_network_acl: bool,
    }
}
