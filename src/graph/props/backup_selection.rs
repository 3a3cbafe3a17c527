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
