//! The backup vault's settings.

use crate::graph::value::Value;

crate::typed_props! {
    /// A backup vault as the stack wants it, and as AWS reports it.
    pub struct BackupVaultProps for BackupVault {
        /// The KMS key encrypting its recovery points: a reference in the graph,
        /// its ARN once resolved. Set at creation only.
        pub encryption_key_arn: Value,
    }
}
