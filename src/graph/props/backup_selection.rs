//! The backup selection's settings: the resources a plan backs up, and the
//! role it does so as.

use crate::graph::value::Value;

crate::typed_props! {
    /// A backup selection as the stack wants it, and as AWS reports it.
    pub struct BackupSelectionProps for BackupSelection {
        /// Its plan: a reference in the graph, the plan's id once resolved.
        pub backup_plan_id: Value,
        /// The role AWS Backup assumes: a reference in the graph, its ARN once
        /// resolved.
        pub iam_role_arn: Value,
        /// The resources backed up (the databases): references in the graph,
        /// ARNs once resolved.
        pub resource_arns: Vec<Value>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NodeId;
    use crate::graph::Props;

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
