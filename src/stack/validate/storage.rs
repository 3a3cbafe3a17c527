//! The named components: `queues`, `buckets`, `registries` and `repositories`.

use std::collections::HashMap;

use super::Checker;
use crate::stack::pos::Span;
use crate::stack::{names, rules};

impl Checker<'_> {
    pub(super) fn queues(&mut self) {
        let stack = self.name().to_string();
        let mut all_names = Vec::new();
        for (i, q) in self.stack.queues.iter().enumerate() {
            let key = |f: &str| format!("queues[{i}].{f}");
            if let Err(why) = rules::component_name(&q.name) {
                self.error(
                    q.name.span,
                    key("name"),
                    format!("queue name {why}"),
                    "use letters, digits, `-` and `_`",
                );
                continue;
            }
            let full = names::queue(&stack, &q.name);
            self.rule(
                q.name.span,
                &key("name"),
                "queue name",
                &full,
                rules::sqs_queue(&full),
                "use letters, digits, `-` and `_`, at most 80 characters with the stack prefix",
            );
            all_names.push((&q.name, key("name"), full));
            if let Some(dl) = &q.dead_letter {
                let dlq = names::dead_letter_queue(&stack, &q.name);
                self.rule(
                    q.name.span,
                    &key("name"),
                    "dead-letter queue name",
                    &dlq,
                    rules::sqs_queue(&dlq),
                    "shorten the queue name",
                );
                all_names.push((&q.name, key("name"), dlq));
                if !(1..=1000).contains(&*dl.max_receives) {
                    self.error(
                        dl.max_receives.span,
                        key("dead_letter.max_receives"),
                        format!("max_receives {} is outside 1 to 1000", *dl.max_receives),
                        "use a value such as 5",
                    );
                }
            }
            if *q.visibility_timeout_s > 43_200 {
                self.error(
                    q.visibility_timeout_s.span,
                    key("visibility_timeout_s"),
                    format!("{} s is longer than SQS allows (43200, 12 hours)", *q.visibility_timeout_s),
                    "use 0 to 43200",
                );
            }
            if !(60..=1_209_600).contains(&*q.message_retention_s) {
                self.error(
                    q.message_retention_s.span.or(q.span),
                    key("message_retention_s"),
                    format!("{} s is outside what SQS keeps (60 to 1209600)", *q.message_retention_s),
                    "use 60 s to 14 days (1209600)",
                );
            }
        }
        let mut seen: HashMap<String, Span> = HashMap::new();
        for (name, key, full) in all_names {
            match seen.get(&full) {
                Some(first) => self.error(
                    name.span,
                    key,
                    format!("queue `{full}` would be created twice (first at {first})"),
                    "rename one of the queues",
                ),
                None => {
                    seen.insert(full, name.span);
                }
            }
        }
    }

    pub(super) fn buckets(&mut self) {
        let (stack, region) = (self.name().to_string(), self.region().to_string());
        self.names_once("buckets", &self.stack.buckets, |b| &b.name, "bucket");
        for (i, b) in self.stack.buckets.iter().enumerate() {
            // A 12-digit stand-in for the account id, so the length is checked as AWS will.
            let full = names::bucket(&stack, &b.name, &region, "123456789012");
            let ok = rules::component_name(&b.name).and(rules::s3_bucket(&full));
            if let Err(why) = ok {
                self.error(
                    b.name.span,
                    format!("buckets[{i}].name"),
                    format!("bucket `{}` (AWS name `{}`) {why}", b.name.value, names::bucket(&stack, &b.name, &region, names::ACCOUNT_PLACEHOLDER)),
                    "use lower-case letters, digits and hyphens; the AWS name adds the stack, region and account id and must fit in 63 characters",
                );
            }
        }
        self.bucket_encryption();
        self.logs_bucket();
    }

    /// `encryption` is `kms` or `s3`; the logs bucket stays `s3` while it
    /// receives access logs (ELB and S3 deliver them only under SSE-S3).
    fn bucket_encryption(&mut self) {
        let logs = self.stack.logs_bucket().map(|l| l.name.value.clone());
        for (i, b) in self.stack.buckets.iter().enumerate() {
            let Some(e) = &b.encryption else { continue };
            if e.value != "kms" && e.value != "s3" {
                self.error(
                    e.span,
                    format!("buckets[{i}].encryption"),
                    format!("`{}` is not an encryption stackctl knows", e.value),
                    "write `kms` (the stack's bucket key) or `s3` (S3's own keys, SSE-S3)",
                );
            } else if e.value == "kms" && logs.as_ref() == Some(&b.name.value) {
                self.error(
                    e.span,
                    format!("buckets[{i}].encryption"),
                    format!(
                        "bucket `{}` receives the ALB's and the other buckets' access logs, which AWS delivers only into buckets encrypted with S3's own keys",
                        b.name.value
                    ),
                    "remove `encryption` from this bucket, or write `encryption: s3`",
                );
            } else if e.value == "s3" && logs.as_ref() != Some(&b.name.value) {
                self.warn(
                    e.span,
                    format!("buckets[{i}].encryption"),
                    "S3's own keys: anyone allowed to read the bucket reads its objects, and key use is not logged in CloudTrail",
                    "leave encryption at its default, kms",
                );
            }
        }
    }

    /// The logs bucket receives the others' access logs: it cannot log into
    /// itself (each delivery would be logged again), nor be served by the CDN.
    fn logs_bucket(&mut self) {
        let Some(logs) = self.stack.logs_bucket() else { return };
        let i = self.stack.buckets.iter().position(|b| b.name.value == logs.name.value).unwrap_or(0);
        if *logs.access_logs && logs.access_logs.span.is_known() {
            self.error(
                logs.access_logs.span,
                format!("buckets[{i}].access_logs"),
                format!(
                    "bucket `{}` receives the stack's logs and cannot log its own requests into itself",
                    logs.name.value
                ),
                "remove `access_logs` from this bucket (it is the one the others log into)",
            );
        }
        let assets = self.stack.cdn.as_ref().and_then(|c| c.static_assets_bucket.as_ref());
        if let Some(assets) = assets.filter(|a| a.value == logs.name.value) {
            self.error(
                assets.span,
                "cdn.static_assets_bucket",
                format!(
                    "bucket `{}` receives the stack's logs (`monitoring.cloudtrail_bucket`): the CDN would serve them",
                    assets.value
                ),
                "serve another bucket, or set `monitoring.cloudtrail_bucket` to a bucket only for logs",
            );
        }
    }

    pub(super) fn registries(&mut self) {
        let stack = self.name().to_string();
        self.names_once("registries", &self.stack.registries, |r| &r.name, "registry");
        for (i, r) in self.stack.registries.iter().enumerate() {
            let full = names::ecr_repository(&stack, &r.name);
            self.rule(
                r.name.span,
                &format!("registries[{i}].name"),
                "repository name",
                &full,
                rules::ecr_repository(&full),
                "use lower-case letters and digits, separated by single `.`, `_` or `-`",
            );
            if *r.keep_images == 0 {
                self.error(
                    r.keep_images.span,
                    format!("registries[{i}].keep_images"),
                    "keep_images is 0: every image would expire",
                    "keep at least 1 image",
                );
            }
            if !*r.immutable_tags {
                self.warn(
                    r.immutable_tags.span,
                    format!("registries[{i}].immutable_tags"),
                    "image tags can be overwritten",
                    "leave immutable_tags at its default, true",
                );
            }
        }
    }

    pub(super) fn repositories(&mut self) {
        let stack = self.name().to_string();
        self.names_once("repositories", &self.stack.repositories, |r| &r.name, "repository");
        for (i, r) in self.stack.repositories.iter().enumerate() {
            let full = names::codecommit(&stack, &r.name);
            self.rule(
                r.name.span,
                &format!("repositories[{i}].name"),
                "repository name",
                &full,
                rules::component_name(&r.name).and(rules::codecommit_repository(&full)),
                "use letters, digits, `.`, `_` and `-`",
            );
            if r.description.len() > 1000 {
                self.error(
                    r.description.span,
                    format!("repositories[{i}].description"),
                    "the description is longer than 1000 characters",
                    "shorten it",
                );
            }
        }
    }
}
