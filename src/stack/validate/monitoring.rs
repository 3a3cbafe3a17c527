//! The `monitoring` section: log retention, CloudTrail and alarms.

use super::Checker;
use crate::stack::model::Alarms;
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
        self.alarm_percentages(&m.alarms);
        self.notify(m, m.span);
        self.alarm_sections(&m.alarms);
    }

    /// Thresholds given in percent are percentages.
    fn alarm_percentages(&mut self, a: &Alarms) {
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
    }

    /// An alarm watches a part of the stack the stack has.
    fn alarm_sections(&mut self, a: &Alarms) {
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

    /// `monitoring.notify`: email addresses or SNS topic ARNs of the stack's
    /// region. An alarm has at most 5 actions per state, one of them the
    /// stack's topic (PutMetricAlarm, AlarmActions).
    fn notify(&mut self, m: &crate::stack::model::Monitoring, span: Span) {
        let topic_prefix = format!("arn:aws:sns:{}:", self.region());
        let mut arns = 0;
        for (i, to) in m.notify.iter().enumerate() {
            if to.starts_with("arn:") {
                arns += 1;
                let parts: Vec<&str> = to.split(':').collect();
                let ok = to.starts_with(&topic_prefix)
                    && parts.len() == 6
                    && parts[4].len() == 12
                    && parts[4].chars().all(|c| c.is_ascii_digit())
                    && !parts[5].is_empty();
                if !ok {
                    self.error(
                        to.span,
                        format!("monitoring.notify[{i}]"),
                        format!("`{}` is not an SNS topic ARN of region {}", to.value, self.region()),
                        format!("write `{topic_prefix}<account id>:<topic name>`, or an email address"),
                    );
                }
            } else if !is_email(to) {
                self.error(
                    to.span,
                    format!("monitoring.notify[{i}]"),
                    format!("`{}` is neither an email address nor an SNS topic ARN", to.value),
                    "write an address such as `oncall@example.com` or a topic ARN",
                );
            }
        }
        if arns > 4 {
            self.error(
                m.notify[0].span,
                "monitoring.notify",
                format!("{arns} topic ARNs; an alarm notifies at most 5 targets, one of them the stack's topic"),
                "list at most 4 topic ARNs",
            );
        }
        let any_alarm = m.alarms.alb_5xx_percent.is_some()
            || m.alarms.db_cpu_percent.is_some()
            || m.alarms.queue_oldest_message_s.is_some()
            || m.alarms.cache_cpu_percent.is_some();
        if any_alarm && m.notify.is_empty() {
            self.warn(
                span,
                "monitoring.notify",
                "alarms notify the stack's SNS topic, which nobody is subscribed to",
                "add `notify: [you@example.com]`",
            );
        }
    }
}

fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}
