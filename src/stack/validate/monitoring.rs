//! The `monitoring` section: log retention, CloudTrail and alarms.

use super::Checker;
use crate::stack::pos::Span;
use crate::stack::rules;

impl Checker<'_> {
    pub(super) fn monitoring(&mut self) {
        let Some(m) = &self.stack.monitoring else { return };
        if !rules::LOG_RETENTION_DAYS.contains(&*m.log_retention_days) {
            let near = rules::LOG_RETENTION_DAYS
                .iter()
                .min_by_key(|d| d.abs_diff(*m.log_retention_days))
                .copied()
                .unwrap_or(30);
            self.error(
                m.log_retention_days.span.or(m.span),
                "monitoring.log_retention_days",
                format!("CloudWatch Logs does not accept a retention of {} days", *m.log_retention_days),
                format!("use {near}, or another of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"),
            );
        }
        if *m.cloudtrail && !self.bucket_exists(&m.cloudtrail_bucket) {
            self.error(
                m.cloudtrail_bucket.span.or(m.cloudtrail.span).or(m.span),
                "monitoring.cloudtrail_bucket",
                format!(
                    "CloudTrail writes to bucket `{}`, which is not in `buckets`",
                    m.cloudtrail_bucket.value
                ),
                format!(
                    "add `- name: {}` under `buckets`, or set `cloudtrail_bucket` to one that exists",
                    m.cloudtrail_bucket.value
                ),
            );
        }
        let a = &m.alarms;
        let percent = [
            ("alb_5xx_percent", &a.alb_5xx_percent),
            ("db_cpu_percent", &a.db_cpu_percent),
            ("cache_cpu_percent", &a.cache_cpu_percent),
        ];
        for (key, value) in percent {
            if let Some(v) = value
                && !(v.value > 0.0 && v.value <= 100.0)
            {
                self.error(
                    v.span,
                    format!("monitoring.alarms.{key}"),
                    format!("{} is not a percentage above 0", v.value),
                    "use a value from 0 (exclusive) to 100",
                );
            }
        }
        let needs: [(&str, bool, Option<Span>, &str); 4] = [
            (
                "alb_5xx_percent",
                self.stack.load_balancer.is_some(),
                a.alb_5xx_percent.as_ref().map(|p| p.span),
                "load_balancer",
            ),
            (
                "db_cpu_percent",
                self.stack.database.is_some(),
                a.db_cpu_percent.as_ref().map(|p| p.span),
                "database",
            ),
            (
                "queue_oldest_message_s",
                !self.stack.queues.is_empty(),
                a.queue_oldest_message_s.as_ref().map(|p| p.span),
                "queues",
            ),
            (
                "cache_cpu_percent",
                self.stack.cache.is_some(),
                a.cache_cpu_percent.as_ref().map(|p| p.span),
                "cache",
            ),
        ];
        for (key, present, span, section) in needs {
            if let Some(span) = span
                && !present
            {
                self.error(
                    span,
                    format!("monitoring.alarms.{key}"),
                    format!("the alarm watches `{section}`, which the stack does not have"),
                    format!("remove `{key}` or add `{section}`"),
                );
            }
        }
    }
}
