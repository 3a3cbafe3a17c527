//! The backup vault's settings.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};
use crate::props;

/// A backup vault as the stack wants it, and as AWS reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupVaultProps {
    /// The KMS key encrypting its recovery points: a reference in the graph,
    /// its ARN once resolved. Set at creation only.
    pub encryption_key_arn: Value,
}

impl From<BackupVaultProps> for Props {
    fn from(v: BackupVaultProps) -> Props {
        props! { "encryption_key_arn" => v.encryption_key_arn }
    }
}

impl TryFrom<&Props> for BackupVaultProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<BackupVaultProps, PropsError> {
        let r = Reader::new(Kind::BackupVault, p);
        Ok(BackupVaultProps {
            encryption_key_arn: r.value("encryption_key_arn")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
