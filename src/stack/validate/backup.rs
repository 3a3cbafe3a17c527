//! `backup`: AWS Backup of the stack's databases (opt-in).

use super::Checker;
use crate::stack::model::DEFAULT_BACKUP_SCHEDULE;

/// Days AWS Backup keeps a recovery point in cold storage at least: a rule's
/// retention must be its cold-storage transition plus this (API reference,
/// Lifecycle: "DeleteAfterDays ... must be at least 90 days after the number of
/// days specified in MoveToColdStorageAfterDays").
pub const COLD_STORAGE_MIN_DAYS: u32 = 90;

/// `cron(minutes hours day-of-month month day-of-week year)`, the form AWS
/// Backup's ScheduleExpression takes.
fn is_cron(expr: &str) -> bool {
    expr.strip_prefix("cron(")
        .and_then(|e| e.strip_suffix(')'))
        .is_some_and(|fields| fields.split_whitespace().count() == 6)
}

impl Checker<'_> {
    pub(super) fn backup(&mut self) {
        let Some(b) = &self.stack.backup else { return };
        if self.stack.database.is_none() {
            self.error(
                b.span,
                "backup",
                "`backup` protects the stack's databases, but the stack has no `database` section",
                "add a `database:` section, or remove `backup:` (Redis keeps its own snapshots: `cache.snapshot_retention_days`)",
            );
        }
        if !is_cron(&b.schedule) {
            self.error(
                b.schedule.span.or(b.span),
                "backup.schedule",
                format!("`{}` is not a cron expression AWS Backup accepts", b.schedule.value),
                format!("write six fields in UTC, minutes to year, such as `{DEFAULT_BACKUP_SCHEDULE}` (05:00 every day)"),
            );
        }
        let retention = *b.retention_days;
        if retention == 0 {
            self.error(
                b.retention_days.span.or(b.span),
                "backup.retention_days",
                "a retention of 0 days would delete each backup as it is made",
                "keep recovery points 1 day or more (35 by default)",
            );
        }
        if let Some(cold) = &b.cold_storage_after_days
            && retention < cold.value.saturating_add(COLD_STORAGE_MIN_DAYS)
        {
            let least = cold.value.saturating_add(COLD_STORAGE_MIN_DAYS);
            self.error(
                b.retention_days.span.or(cold.span),
                "backup.retention_days",
                format!(
                    "{retention} days is less than {} days in cold storage plus the 90 days AWS Backup keeps a recovery point there",
                    cold.value
                ),
                format!("set `retention_days: {least}` or more, or remove `cold_storage_after_days`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_cron;

    #[test]
    fn a_schedule_is_a_six_field_cron_expression() {
        assert!(is_cron("cron(0 5 * * ? *)"));
        assert!(is_cron("cron(30 2 ? * SUN *)"));
        assert!(!is_cron("cron(0 5 * * ?)"));
        assert!(!is_cron("rate(1 day)"));
        assert!(!is_cron("0 5 * * ? *"));
    }
}
