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
