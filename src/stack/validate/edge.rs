//! The front door: `waf`, `cdn` and `load_balancer`.

use super::Checker;
use crate::stack::{names, rules};

impl Checker<'_> {
    pub(super) fn waf(&mut self) {
        let Some(w) = &self.stack.waf else { return };
        if w.managed_rules.is_empty() {
            self.warn(
                w.span,
                "waf.managed_rules",
                "no managed rule groups: the web ACLs only rate-limit",
                "add `AWSManagedRulesCommonRuleSet`",
            );
        }
        for (i, rule) in w.managed_rules.iter().enumerate() {
            let key = format!("waf.managed_rules[{i}]");
            let span = rule.span.or(w.span);
            self.one_of(rule, span, key, rules::WAF_MANAGED_RULE_GROUPS, "an AWS managed rule group");
        }
        self.duplicates(
            w.managed_rules
                .iter()
                .enumerate()
                .map(|(i, r)| (r, format!("waf.managed_rules[{i}]"))),
            "managed rule group",
        );
        let rate = *w.rate_limit_per_5min;
        if !(10..=2_000_000_000).contains(&rate) {
            self.error(
                w.rate_limit_per_5min.span.or(w.span),
                "waf.rate_limit_per_5min",
                format!("rate limit {rate} is outside what WAF accepts (10 to 2,000,000,000)"),
                "use a value such as 2000",
            );
        }
        if !*w.logging {
            self.warn(
                w.logging.span,
                "waf.logging",
                "the web ACLs keep no record of the requests they block or allow",
                "leave logging at its default, true",
            );
        }
        if self.stack.load_balancer.is_none() && self.stack.cdn.is_none() {
            self.warn(
                w.span,
                "waf",
                "the stack has no load_balancer or cdn for the web ACLs to protect",
                "remove `waf` or add the front door it protects",
            );
        }
    }

    pub(super) fn cdn(&mut self) {
        let Some(cdn) = &self.stack.cdn else { return };
        if self.stack.load_balancer.is_none() {
            self.error(
                cdn.span,
                "cdn",
                "the distribution's default origin is the load balancer, but the stack has no `load_balancer`",
                "add a `load_balancer` section",
            );
        }
        let span = cdn.price_class.span.or(cdn.span);
        self.one_of(
            &cdn.price_class,
            span,
            "cdn.price_class",
            rules::PRICE_CLASSES,
            "a CloudFront price class",
        );
        if let Some(bucket) = &cdn.static_assets_bucket
            && !self.bucket_exists(bucket)
        {
            self.error(
                bucket.span,
                "cdn.static_assets_bucket",
                format!("there is no bucket `{}` in `buckets`", bucket.value),
                format!("add `- name: {}` under `buckets`, or name one that exists", bucket.value),
            );
        }
        if let Some(arn) = &cdn.certificate_arn
            && !arn.starts_with("arn:aws:acm:us-east-1:")
        {
            self.error(
                arn.span,
                "cdn.certificate_arn",
                "CloudFront takes only ACM certificates from us-east-1",
                "request the certificate in us-east-1 and use its ARN (`arn:aws:acm:us-east-1:...`)",
            );
        }
        if !cdn.aliases.is_empty() && cdn.certificate_arn.is_none() {
            self.error(
                cdn.aliases[0].span,
                "cdn.aliases",
                "custom domain names need a certificate",
                "add `certificate_arn:` with an ACM certificate (us-east-1) covering the aliases",
            );
        }
        if self.stack.waf.is_none() {
            self.warn(
                cdn.span,
                "cdn",
                "the distribution has no web ACL in front of it",
                "add a `waf` section",
            );
        }
    }

    pub(super) fn load_balancer(&mut self) {
        self.needs_network(&self.stack.load_balancer, "load_balancer", 2, "an Application Load Balancer");
        let Some(lb) = &self.stack.load_balancer else { return };
        let port = *lb.target_port;
        if !(1..=65535).contains(&port) {
            self.error(
                lb.target_port.span.or(lb.span),
                "load_balancer.target_port",
                format!("port {port} is not a TCP port"),
                "use a port from 1 to 65535",
            );
        }
        if !lb.health_check_path.starts_with('/') || lb.health_check_path.len() > 1024 {
            self.error(
                lb.health_check_path.span.or(lb.span),
                "load_balancer.health_check_path",
                format!("`{}` is not an absolute path of up to 1024 characters", lb.health_check_path.value),
                "write a path such as `/healthz`",
            );
        }
        if let Some(arn) = &lb.certificate_arn
            && !arn.starts_with(&format!("arn:aws:acm:{}:", self.region()))
        {
            self.error(
                arn.span,
                "load_balancer.certificate_arn",
                format!("the ALB needs an ACM certificate from the stack's region ({})", self.region()),
                format!("use an ARN that starts with `arn:aws:acm:{}:`", self.region()),
            );
        }
        self.origin_domain();
        let (stack, span) = (self.name().to_string(), lb.span);
        for (what, name) in [
            ("load balancer name", names::alb(&stack)),
            ("target group name", names::target_group(&stack)),
        ] {
            self.rule(span, "load_balancer", what, &name, rules::elb_name(&name), "shorten the stack name");
        }
        if !*lb.deletion_protection {
            self.warn(
                lb.deletion_protection.span,
                "load_balancer.deletion_protection",
                "deletion protection is off: a destroy or a mistaken delete removes the stack's entry point",
                "leave deletion_protection at its default, true",
            );
        }
        if self.stack.waf.is_none() {
            self.warn(
                lb.span,
                "load_balancer",
                "the load balancer has no web ACL in front of it",
                "add a `waf` section",
            );
        }
    }

    /// CloudFront in front of an ALB with a certificate: port 80 redirects to
    /// HTTPS, so CloudFront must call the ALB over HTTPS by a name the
    /// certificate covers, or every request loops back to it.
    fn origin_domain(&mut self) {
        let Some(lb) = &self.stack.load_balancer else { return };
        let cdn = self.stack.cdn.as_ref();
        match (&lb.certificate_arn, &lb.domain_name, cdn) {
            (Some(cert), None, Some(_)) => self.error(
                cert.span,
                "load_balancer.certificate_arn",
                "with a certificate the ALB redirects port 80 to HTTPS, and CloudFront cannot call it \
                 over HTTPS by its own DNS name (no certificate covers `*.elb.amazonaws.com`)",
                "add `domain_name:` with a name the certificate covers and that points at the ALB, \
                 or remove `certificate_arn` so that port 80 forwards",
            ),
            (None, Some(name), _) => self.error(
                name.span,
                "load_balancer.domain_name",
                "an origin domain name needs a certificate that covers it",
                "add `certificate_arn:` with an ACM certificate for this name, or remove `domain_name`",
            ),
            (Some(_), Some(name), None) => self.error(
                name.span,
                "load_balancer.domain_name",
                "`domain_name` is the name CloudFront calls the ALB by, but the stack has no `cdn`",
                "add a `cdn` section, or remove `domain_name`",
            ),
            (Some(_), Some(name), Some(cdn)) => {
                if let Err(why) = dns_name(name) {
                    self.error(
                        name.span,
                        "load_balancer.domain_name",
                        format!("`{}` {why}", name.value),
                        "write a fully qualified name such as `origin.example.com`",
                    );
                } else if cdn.aliases.iter().any(|a| a.eq_ignore_ascii_case(name)) {
                    self.error(
                        name.span,
                        "load_balancer.domain_name",
                        format!(
                            "`{}` is also an alias of the distribution: CloudFront would call itself",
                            name.value
                        ),
                        "use a separate name for the origin, such as `origin.example.com`",
                    );
                }
            }
            _ => {}
        }
    }
}

/// A fully qualified DNS name as an ACM certificate covers it: two labels or
/// more, each 1-63 letters, digits or hyphens, no wildcard, 253 characters at most.
fn dns_name(name: &str) -> rules::RuleResult {
    let labels: Vec<&str> = name.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if name.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err("is not a fully qualified lower-case domain name".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn origin_domain_names() {
        assert!(super::dns_name("origin.example.com").is_ok());
        assert!(super::dns_name("example").is_err());
        assert!(super::dns_name("*.example.com").is_err());
        assert!(super::dns_name("Origin.example.com").is_err());
        assert!(super::dns_name("a..b").is_err());
    }
}
