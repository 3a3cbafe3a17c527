//! The top level: the stack name, region, stack tags and backend.

use super::Checker;
use crate::stack::rules;

/// Ownership tags stackctl adds (`stackctl:stack`, `stackctl:id`,
/// `stackctl:hash`, `stackctl:force-destroy`, `Name`), out of AWS's 50 per resource.
const RESERVED_TAGS: usize = 5;

impl Checker<'_> {
    pub(super) fn top_level(&mut self) {
        let s = self.stack;
        self.rule(
            s.stack.span,
            "stack",
            "stack name",
            &s.stack,
            rules::stack_name(&s.stack),
            "use a short lower-case name such as `shop` or `shop-prod`",
        );
        if let Err(unknown) = crate::stack::regions::check(&s.region) {
            self.error(s.region.span, "region", unknown.message, unknown.help);
        }
        if s.tags.len() + RESERVED_TAGS > 50 {
            self.error(
                s.stack.span,
                "tags",
                format!(
                    "{} tags, but AWS allows 50 per resource and stackctl adds {RESERVED_TAGS}",
                    s.tags.len()
                ),
                format!("keep at most {} stack tags", 50 - RESERVED_TAGS),
            );
        }
        for (key, value) in &s.tags {
            if let Err(why) = rules::tag_key(key) {
                self.error(
                    value.span,
                    format!("tags.{key}"),
                    format!("tag key `{key}` {why}"),
                    "rename the tag",
                );
            }
            if let Err(why) = rules::tag_value(value) {
                self.error(value.span, format!("tags.{key}"), format!("tag value {why}"), "shorten the value");
            }
        }
        if let Some(backend) = &s.backend {
            if let Some(endpoint) = &backend.endpoint
                && !(endpoint.starts_with("http://") || endpoint.starts_with("https://"))
            {
                self.error(
                    endpoint.span,
                    "backend.endpoint",
                    format!("`{}` is not an http(s) URL", endpoint.value),
                    "write a URL such as `http://127.0.0.1:5000`",
                );
            }
            if let Some(bucket) = &backend.lock_bucket {
                self.rule(
                    bucket.span,
                    "backend.lock_bucket",
                    "lock bucket",
                    bucket,
                    rules::s3_bucket(bucket),
                    "name an existing S3 bucket",
                );
            }
        }
    }
}
