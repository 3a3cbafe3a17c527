//! The backup selection's settings: the resources a plan backs up, and the
//! role it does so as.

use super::{PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};
use crate::props;

/// A backup selection as the stack wants it, and as AWS reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupSelectionProps {
    /// Its plan: a reference in the graph, the plan's id once resolved.
    pub backup_plan_id: Value,
    /// The role AWS Backup assumes: a reference in the graph, its ARN once
    /// resolved.
    pub iam_role_arn: Value,
    /// The resources backed up (the databases): references in the graph,
    /// ARNs once resolved.
    pub resource_arns: Vec<Value>,
}

impl From<BackupSelectionProps> for Props {
    fn from(s: BackupSelectionProps) -> Props {
        props! {
            "backup_plan_id" => s.backup_plan_id,
            "iam_role_arn" => s.iam_role_arn,
            "resource_arns" => s.resource_arns,
        }
    }
}

impl TryFrom<&Props> for BackupSelectionProps {
    type Error = PropsError;

    fn try_from(p: &Props) -> Result<BackupSelectionProps, PropsError> {
        let r = Reader::new(Kind::BackupSelection, p);
        Ok(BackupSelectionProps {
            backup_plan_id: r.value("backup_plan_id")?,
            iam_role_arn: r.value("iam_role_arn")?,
            resource_arns: r.values("resource_arns")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NodeId;

    #[test]
    fn props_round_trip_through_the_property_map() {
        let selection = BackupSelectionProps {
            backup_plan_id: Value::reference(&NodeId::new("backup/plan"), "id"),
            iam_role_arn: Value::str("arn:aws:iam::123456789012:role/stackctl/shop/shop-backup"),
            resource_arns: vec![Value::reference(&NodeId::new("database/primary"), "arn")],
        };
        assert_eq!(BackupSelectionProps::try_from(&Props::from(selection.clone())), Ok(selection));
        let e = BackupSelectionProps::try_from(&Props::new()).unwrap_err();
        assert_eq!(e.to_string(), "aws_backup_selection props: `backup_plan_id` is missing");
    }
}
