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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Props;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let vault = BackupVaultProps {
            encryption_key_arn: Value::str("arn:aws:kms:us-east-1:123456789012:key/1234abcd"),
        };
        assert_eq!(BackupVaultProps::try_from(&Props::from(vault.clone())), Ok(vault));
        let e = BackupVaultProps::try_from(&Props::new()).unwrap_err();
        assert_eq!(e.to_string(), "aws_backup_vault props: `encryption_key_arn` is missing");
    }
}
