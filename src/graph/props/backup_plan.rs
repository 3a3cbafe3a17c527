//! The backup plan's settings: its one rule.

use crate::graph::value::Value;

crate::typed_props! {
    /// A backup plan as the stack wants it, and as AWS reports it (its first
    /// rule: a plan of the stack has one).
    pub struct BackupPlanProps for BackupPlan {
        pub rule_name: String,
        /// The vault the recovery points go to: a reference in the graph, its
        /// name once resolved.
        pub target_vault_name: Value,
        /// A cron expression (`cron(0 5 * * ? *)`).
        pub schedule: String,
        /// How long a recovery point is kept; absent where AWS reports no limit.
        pub retention_days: Option<u32>,
        /// When a recovery point moves to cold storage, if it does.
        pub cold_storage_after_days: Option<u32>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NodeId;
    use crate::graph::Props;

    fn plan() -> BackupPlanProps {
        BackupPlanProps {
            rule_name: "databases".into(),
            target_vault_name: Value::reference(&NodeId::new("backup/vault"), "name"),
            schedule: "cron(0 5 * * ? *)".into(),
            retention_days: Some(35),
            cold_storage_after_days: None,
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(BackupPlanProps::try_from(&Props::from(plan())), Ok(plan()));
        let cold = BackupPlanProps {
            cold_storage_after_days: Some(30),
            retention_days: Some(120),
            ..plan()
        };
        assert_eq!(BackupPlanProps::try_from(&Props::from(cold.clone())), Ok(cold));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let mut props = Props::from(plan());
        props.remove("schedule");
        let e = BackupPlanProps::try_from(&props).unwrap_err();
        assert_eq!(e.to_string(), "aws_backup_plan props: `schedule` is missing");
        let mut props = Props::from(plan());
        props.insert("retention_days".into(), Value::str("35"));
        let e = BackupPlanProps::try_from(&props).unwrap_err();
        assert_eq!(
            e.to_string(),
            "aws_backup_plan props: `retention_days` is not a whole number from 0 to 4294967295"
        );
    }
}
