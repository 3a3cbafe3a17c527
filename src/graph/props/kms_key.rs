//! A KMS key of the stack: the EKS secrets key, the logs key, the buckets key,
//! the alarm topic's key and the backup vault's key. Each is one key policy
//! with the statements its use needs (aws/eks/kms_key.rs).

use crate::graph::value::Value;

crate::typed_props! {
    /// A key as the stack wants it, and as AWS reports it (the uses from its
    /// policy's statements, each present only where the policy grants it).
    pub struct KmsKeyProps for KmsKey {
        pub description: String,
        pub enable_key_rotation: bool,
        /// The EKS cluster role that uses the key for secrets: a reference in the
        /// graph, its ARN once resolved.
        pub cluster_role_arn: Option<Value>,
        /// A service of the account that encrypts and decrypts with the key
        /// (`cloudwatch.amazonaws.com`, `backup.amazonaws.com`).
        pub service_principal: Option<String>,
        /// CloudWatch Logs of the region (`logs.<region>.amazonaws.com`).
        pub logs_principal: Option<String>,
        /// The trail allowed to encrypt its log files with the key.
        pub cloudtrail_source_arn: Option<String>,
        /// The distributions (an ARN pattern) allowed to decrypt through the key.
        pub cloudfront_source_arn: Option<String>,
    }
}

impl KmsKeyProps {
    /// A key with `description`, rotated yearly, that a service of the account
    /// (`backup.amazonaws.com`) encrypts and decrypts with.
    pub fn for_service(service: &str, description: String) -> KmsKeyProps {
        KmsKeyProps {
            service_principal: Some(service.to_string()),
            ..KmsKeyProps::rotated(description)
        }
    }

    /// A key with `description`, rotated yearly, for no use yet.
    pub fn rotated(description: String) -> KmsKeyProps {
        KmsKeyProps {
            description,
            enable_key_rotation: true,
            cluster_role_arn: None,
            service_principal: None,
            logs_principal: None,
            cloudtrail_source_arn: None,
            cloudfront_source_arn: None,
        }
    }
}
