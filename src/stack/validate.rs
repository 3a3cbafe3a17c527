//! Semantic checks of a typed stack: everything AWS would refuse, and everything
//! inconsistent, found before any AWS call. Every check adds to one list, so a
//! file's problems are reported together.

use std::collections::HashMap;

use ipnet::Ipv4Net;

use super::diagnostic::Diagnostic;
use super::layout::NetworkLayout;
use super::model::*;
use super::names;
use super::pos::{Pos, Span};
use super::rules::{self, RuleResult};

/// Ownership tags stackctl adds (`stackctl:stack`, `stackctl:id`,
/// `stackctl:hash`, `stackctl:force-destroy`, `Name`), out of AWS's 50 per resource.
const RESERVED_TAGS: usize = 5;

/// Master user names RDS keeps for itself.
const RESERVED_DB_USERS: &[&str] = &["rdsadmin", "rdsrepladmin", "rds_superuser"];

pub fn validate(stack: &Stack) -> Vec<Diagnostic> {
    let mut c = Checker { out: Vec::new(), stack };
    c.top_level();
    c.network();
    c.waf();
    c.cdn();
    c.load_balancer();
    c.kubernetes();
    c.database();
    c.cache();
    c.queues();
    c.buckets();
    c.registries();
    c.monitoring();
    c.repositories();
    c.out
}

struct Checker<'a> {
    out: Vec<Diagnostic>,
    stack: &'a Stack,
}

impl Checker<'_> {
    fn error(&mut self, span: Span, key: impl Into<String>, msg: impl Into<String>, help: impl Into<String>) {
        self.out.push(Diagnostic::error(span, key, msg).help(help));
    }

    fn warn(&mut self, span: Span, key: impl Into<String>, msg: impl Into<String>, help: impl Into<String>) {
        self.out.push(Diagnostic::warning(span, key, msg).help(help));
    }

    /// Reports a naming rule failure of a derived AWS name.
    fn rule(&mut self, span: Span, key: &str, what: &str, name: &str, result: RuleResult, help: &str) {
        if let Err(why) = result {
            self.error(span, key, format!("{what} `{name}` {why}"), help.to_string());
        }
    }

    fn name(&self) -> &str {
        &self.stack.stack
    }

    fn region(&self) -> &str {
        &self.stack.region
    }

    /// The number of AZs the network spans (0 without a network).
    fn az_count(&self) -> u32 {
        self.stack.network.as_ref().map_or(0, |n| *n.availability_zones)
    }

    fn bucket_exists(&self, name: &str) -> bool {
        self.stack.buckets.iter().any(|b| *b.name == name)
    }

    /// Components that live in the VPC need a `network` section with enough AZs.
    fn needs_network<T>(&mut self, section: &Option<Pos<T>>, key: &str, min_azs: u32, why: &str) {
        let Some(section) = section else { return };
        match &self.stack.network {
            None => self.error(
                section.span,
                key,
                format!("`{key}` runs inside a VPC, but the stack has no `network` section"),
                "add `network:` with a `cidr` and `availability_zones: 2`",
            ),
            Some(n) if *n.availability_zones < min_azs => self.error(
                n.availability_zones.span.or(n.span),
                "network.availability_zones",
                format!(
                    "{why} needs subnets in at least {min_azs} availability zones, the network has {}",
                    *n.availability_zones
                ),
                format!("set `availability_zones: {min_azs}` or more"),
            ),
            Some(_) => {}
        }
    }

    fn duplicates<'n>(&mut self, items: impl Iterator<Item = (&'n Pos<String>, String)>, what: &str) {
        let mut seen: HashMap<String, Span> = HashMap::new();
        for (name, key) in items {
            if let Some(first) = seen.get(name.as_str()) {
                self.error(
                    name.span,
                    key,
                    format!("{what} `{}` is defined twice (first at {first})", name.value),
                    format!("give each {what} its own name"),
                );
            } else {
                seen.insert(name.value.clone(), name.span);
            }
        }
    }

    fn top_level(&mut self) {
        let s = self.stack;
        self.rule(
            s.stack.span,
            "stack",
            "stack name",
            &s.stack,
            rules::stack_name(&s.stack),
            "use a short lower-case name such as `shop` or `shop-prod`",
        );
        if let Err(why) = rules::region(&s.region) {
            self.error(
                s.region.span,
                "region",
                format!("`{}` {why}", s.region.value),
                "write a region such as `us-east-1` or `eu-west-1`",
            );
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

    fn network(&mut self) {
        let Some(n) = &self.stack.network else { return };
        let vpc = match n.cidr.parse::<Ipv4Net>() {
            Ok(vpc) => vpc,
            Err(_) => {
                self.error(
                    n.cidr.span.or(n.span),
                    "network.cidr",
                    format!("`{}` is not an IPv4 CIDR", n.cidr.value),
                    "write a private range such as `10.20.0.0/16`",
                );
                return;
            }
        };
        let cidr_span = n.cidr.span.or(n.span);
        if vpc.network() != vpc.addr() {
            self.error(
                cidr_span,
                "network.cidr",
                format!("`{}` has host bits set", n.cidr.value),
                format!("write `{}`", vpc.trunc()),
            );
        }
        if !(16..=24).contains(&vpc.prefix_len()) {
            self.error(
                cidr_span,
                "network.cidr",
                format!("a VPC of /{} is outside what stackctl lays out (/16 to /24)", vpc.prefix_len()),
                "use a prefix between /16 and /24, for example `10.20.0.0/16`",
            );
        }
        if !vpc.addr().is_private() {
            self.warn(
                cidr_span,
                "network.cidr",
                format!("`{}` is not a private (RFC 1918) range", n.cidr.value),
                "use 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 unless you own this range",
            );
        }
        let azs = *n.availability_zones;
        if !(1..=6).contains(&azs) {
            self.error(
                n.availability_zones.span.or(n.span),
                "network.availability_zones",
                format!("{azs} availability zones; stackctl lays out 1 to 6"),
                "use 2 or 3",
            );
            return;
        }
        let mut all: Vec<(Ipv4Net, Span, String)> = Vec::new();
        for (key, list) in [("public_subnets", &n.public_subnets), ("private_subnets", &n.private_subnets)] {
            let Some(list) = list else { continue };
            if list.len() != azs as usize {
                self.error(
                    list.first().map_or(n.span, |c| c.span),
                    format!("network.{key}"),
                    format!("{} subnets listed for {azs} availability zones", list.len()),
                    format!("list exactly one CIDR per availability zone ({azs})"),
                );
            }
            for (i, cidr) in list.iter().enumerate() {
                let k = format!("network.{key}[{i}]");
                match cidr.parse::<Ipv4Net>() {
                    Err(_) => self.error(
                        cidr.span,
                        k,
                        format!("`{}` is not an IPv4 CIDR", cidr.value),
                        "write a CIDR such as `10.20.1.0/24`",
                    ),
                    Ok(net) if !vpc.contains(&net) => self.error(
                        cidr.span,
                        k,
                        format!("subnet `{net}` is not inside the VPC `{vpc}`"),
                        format!("pick a range inside `{vpc}`"),
                    ),
                    Ok(net) if net.prefix_len() > 28 => self.error(
                        cidr.span,
                        k,
                        format!("subnet `{net}` is smaller than AWS allows (/28)"),
                        "use /28 or larger",
                    ),
                    Ok(net) => all.push((net, cidr.span, k)),
                }
            }
        }
        for (i, (a, _, ka)) in all.iter().enumerate() {
            for (b, span_b, kb) in &all[i + 1..] {
                if a.contains(b) || b.contains(a) {
                    self.error(
                        *span_b,
                        kb.clone(),
                        format!("subnet `{b}` overlaps `{a}` ({ka})"),
                        "give every subnet its own range",
                    );
                }
            }
        }
        // With one list given and the other carved from the VPC, the carved
        // subnets must not collide with the given ones.
        let carved_and_given = n.public_subnets.is_some() != n.private_subnets.is_some();
        if let (true, Some(layout)) = (carved_and_given, NetworkLayout::of(n, self.region())) {
            let (given_key, given, carved) = match &n.public_subnets {
                Some(list) => ("public_subnets", list, layout.subnets.iter().map(|s| s.private).collect::<Vec<_>>()),
                None => (
                    "private_subnets",
                    n.private_subnets.as_ref().expect("one list is given"),
                    layout.subnets.iter().map(|s| s.public).collect(),
                ),
            };
            for (i, cidr) in given.iter().enumerate() {
                let Ok(net) = cidr.parse::<Ipv4Net>() else { continue };
                if let Some(c) = carved.iter().find(|c| c.contains(&net) || net.contains(*c)) {
                    self.error(
                        cidr.span,
                        format!("network.{given_key}[{i}]"),
                        format!("subnet `{net}` overlaps `{c}`, which stackctl carves for the other subnets"),
                        "list both `public_subnets` and `private_subnets`, or neither",
                    );
                }
            }
        }
    }

    fn waf(&mut self) {
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
            if !rules::WAF_MANAGED_RULE_GROUPS.contains(&rule.as_str()) {
                self.error(
                    rule.span.or(w.span),
                    format!("waf.managed_rules[{i}]"),
                    format!("`{}` is not an AWS managed rule group", rule.value),
                    format!("use one of {}", rules::WAF_MANAGED_RULE_GROUPS.join(", ")),
                );
            }
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
        if self.stack.load_balancer.is_none() && self.stack.cdn.is_none() {
            self.warn(
                w.span,
                "waf",
                "the stack has no load_balancer or cdn for the web ACLs to protect",
                "remove `waf` or add the front door it protects",
            );
        }
    }

    fn cdn(&mut self) {
        let Some(cdn) = &self.stack.cdn else { return };
        if self.stack.load_balancer.is_none() {
            self.error(
                cdn.span,
                "cdn",
                "the distribution's default origin is the load balancer, but the stack has no `load_balancer`",
                "add a `load_balancer` section",
            );
        }
        if !rules::PRICE_CLASSES.contains(&cdn.price_class.as_str()) {
            self.error(
                cdn.price_class.span.or(cdn.span),
                "cdn.price_class",
                format!("`{}` is not a CloudFront price class", cdn.price_class.value),
                format!("use one of {}", rules::PRICE_CLASSES.join(", ")),
            );
        }
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

    fn load_balancer(&mut self) {
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
        let (stack, span) = (self.name().to_string(), lb.span);
        for (what, name) in [
            ("load balancer name", names::alb(&stack)),
            ("target group name", names::target_group(&stack)),
        ] {
            self.rule(span, "load_balancer", what, &name, rules::elb_name(&name), "shorten the stack name");
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

    fn kubernetes(&mut self) {
        self.needs_network(&self.stack.kubernetes, "kubernetes", 2, "an EKS cluster");
        let Some(k) = &self.stack.kubernetes else { return };
        let version_ok = k
            .version
            .split_once('.')
            .is_some_and(|(major, minor)| major == "1" && minor.parse::<u32>().is_ok());
        if !version_ok {
            self.error(
                k.version.span,
                "kubernetes.version",
                format!("`{}` is not an EKS Kubernetes version", k.version.value),
                "write a quoted minor version such as \"1.31\"",
            );
        }
        let cluster = names::eks_cluster(self.name());
        self.rule(
            k.span,
            "kubernetes",
            "cluster name",
            &cluster,
            rules::eks_cluster(&cluster),
            "shorten the stack name",
        );
        for role in [names::eks_cluster_role(self.name()), names::eks_node_role(self.name())] {
            self.rule(
                k.span,
                "kubernetes",
                "IAM role name",
                &role,
                rules::iam_role(&role),
                "shorten the stack name",
            );
        }
        for (i, cidr) in k.public_access_cidrs.iter().enumerate() {
            let key = format!("kubernetes.public_access_cidrs[{i}]");
            match cidr.parse::<Ipv4Net>() {
                Err(_) => self.error(
                    cidr.span,
                    key,
                    format!("`{}` is not an IPv4 CIDR", cidr.value),
                    "write a CIDR such as `203.0.113.0/24`",
                ),
                Ok(net) if net.prefix_len() == 0 => self.warn(
                    cidr.span,
                    key,
                    "the Kubernetes API is open to the whole internet",
                    "list only your office or CI ranges, or none for a private endpoint",
                ),
                Ok(_) => {}
            }
        }
        for (i, log) in k.logging.iter().enumerate() {
            if !rules::EKS_LOG_TYPES.contains(&log.as_str()) {
                self.error(
                    log.span.or(k.span),
                    format!("kubernetes.logging[{i}]"),
                    format!("`{}` is not an EKS control-plane log type", log.value),
                    format!("use one of {}", rules::EKS_LOG_TYPES.join(", ")),
                );
            }
        }
        if k.node_groups.is_empty() {
            self.error(
                k.span,
                "kubernetes.node_groups",
                "the cluster has no node groups",
                "add at least one node group with `name`, `instance_types` and sizes",
            );
        }
        self.duplicates(
            k.node_groups
                .iter()
                .enumerate()
                .map(|(i, g)| (&g.name, format!("kubernetes.node_groups[{i}].name"))),
            "node group",
        );
        for (i, g) in k.node_groups.iter().enumerate() {
            let key = |f: &str| format!("kubernetes.node_groups[{i}].{f}");
            self.rule(
                g.name.span,
                &key("name"),
                "node group name",
                &g.name,
                rules::component_name(&g.name).and(rules::eks_nodegroup(&g.name)),
                "use letters, digits and hyphens",
            );
            if g.instance_types.is_empty() {
                self.error(
                    g.span,
                    key("instance_types"),
                    "no instance types",
                    "list at least one, such as `[m6i.large]`",
                );
            }
            for (j, t) in g.instance_types.iter().enumerate() {
                let ok = t.split_once('.').is_some_and(|(family, size)| {
                    !family.is_empty() && !size.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
                });
                if !ok {
                    self.error(
                        t.span,
                        format!("kubernetes.node_groups[{i}].instance_types[{j}]"),
                        format!("`{}` is not an EC2 instance type", t.value),
                        "write a type such as `m6i.large`",
                    );
                }
            }
            let (min, desired, max) = (*g.min_size, *g.desired_size, *g.max_size);
            if max == 0 {
                self.error(
                    g.max_size.span,
                    key("max_size"),
                    "max_size is 0: the group could never run a node",
                    "set max_size to 1 or more",
                );
            }
            if min > desired {
                self.error(
                    g.desired_size.span,
                    key("desired_size"),
                    format!("desired_size {desired} is below min_size {min}"),
                    format!("set desired_size to at least {min}"),
                );
            }
            if desired > max {
                self.error(
                    g.desired_size.span,
                    key("desired_size"),
                    format!("desired_size {desired} is above max_size {max}"),
                    format!("set desired_size to at most {max}, or raise max_size"),
                );
            }
            if !(1..=16384).contains(&*g.disk_size_gb) {
                self.error(
                    g.disk_size_gb.span.or(g.span),
                    key("disk_size_gb"),
                    format!("disk size {} GiB is outside 1 to 16384", *g.disk_size_gb),
                    "use a size such as 50",
                );
            }
        }
    }

    fn database(&mut self) {
        self.needs_network(&self.stack.database, "database", 2, "an RDS subnet group");
        let Some(db) = &self.stack.database else { return };
        let stack = self.name().to_string();
        let version_ok = !db.engine_version.is_empty() && db.engine_version.split('.').all(|p| p.parse::<u32>().is_ok());
        if !version_ok {
            self.error(
                db.engine_version.span,
                "database.engine_version",
                format!("`{}` is not an engine version", db.engine_version.value),
                "write a quoted version such as \"16.4\"",
            );
        }
        if !db.instance_class.starts_with("db.") || db.instance_class.split('.').count() != 3 {
            self.error(
                db.instance_class.span,
                "database.instance_class",
                format!("`{}` is not an RDS instance class", db.instance_class.value),
                "write a class such as `db.r6g.large`",
            );
        }
        if !(20..=65536).contains(&*db.storage_gb) {
            self.error(
                db.storage_gb.span.or(db.span),
                "database.storage_gb",
                format!("{} GiB is outside what RDS allocates (20 to 65536)", *db.storage_gb),
                "use at least 20",
            );
        }
        if *db.backup_retention_days > 35 {
            self.error(
                db.backup_retention_days.span,
                "database.backup_retention_days",
                format!("{} days is more than RDS keeps (35)", *db.backup_retention_days),
                "use 1 to 35",
            );
        }
        if *db.read_replicas > 15 {
            self.error(
                db.read_replicas.span,
                "database.read_replicas",
                format!("{} read replicas; RDS allows 15", *db.read_replicas),
                "use at most 15",
            );
        }
        if *db.read_replicas > 0 && *db.backup_retention_days == 0 {
            self.error(
                db.backup_retention_days.span.or(db.read_replicas.span),
                "database.backup_retention_days",
                "read replicas need automated backups on the primary, but backup_retention_days is 0",
                "set backup_retention_days to 1 or more, or read_replicas to 0",
            );
        }
        let user = &db.master_username;
        let user_ok = (1..=16).contains(&user.len())
            && user.starts_with(|c: char| c.is_ascii_alphabetic())
            && user.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !RESERVED_DB_USERS.contains(&user.as_str());
        if !user_ok {
            self.error(
                user.span.or(db.span),
                "database.master_username",
                format!("`{}` is not a master user name RDS accepts", user.value),
                "1 to 16 letters, digits or `_`, starting with a letter, not one RDS reserves (rdsadmin)",
            );
        }
        let mut ids = vec![names::db_primary(&stack)];
        ids.extend((1..=*db.read_replicas).map(|n| names::db_replica(&stack, n)));
        for id in ids {
            self.rule(
                db.span,
                "database",
                "DB instance identifier",
                &id,
                rules::rds_identifier(&id),
                "shorten the stack name",
            );
        }
        if !*db.deletion_protection {
            self.warn(
                db.deletion_protection.span,
                "database.deletion_protection",
                "deletion protection is off: a destroy deletes the database",
                "leave deletion_protection at its default, true, for a database with data",
            );
        }
        if !*db.final_snapshot {
            self.warn(
                db.final_snapshot.span,
                "database.final_snapshot",
                "no final snapshot: deleting the database loses its data",
                "leave final_snapshot at its default, true",
            );
        }
    }

    fn cache(&mut self) {
        self.needs_network(&self.stack.cache, "cache", 1, "a cache subnet group");
        let Some(c) = &self.stack.cache else { return };
        if !c.node_type.starts_with("cache.") || c.node_type.split('.').count() != 3 {
            self.error(
                c.node_type.span,
                "cache.node_type",
                format!("`{}` is not an ElastiCache node type", c.node_type.value),
                "write a type such as `cache.r6g.large`",
            );
        }
        let version_ok = !c.engine_version.is_empty() && c.engine_version.split('.').all(|p| p.parse::<u32>().is_ok());
        if !version_ok {
            self.error(
                c.engine_version.span.or(c.span),
                "cache.engine_version",
                format!("`{}` is not a Redis engine version", c.engine_version.value),
                "write a quoted version such as \"7.1\"",
            );
        }
        if *c.replicas > 5 {
            self.error(
                c.replicas.span,
                "cache.replicas",
                format!("{} replicas; a Redis shard has at most 5", *c.replicas),
                "use 0 to 5",
            );
        }
        if *c.replicas > 0 && self.stack.network.is_some() && self.az_count() < 2 {
            self.error(
                c.replicas.span,
                "cache.replicas",
                "automatic failover with replicas needs at least 2 availability zones",
                "set `network.availability_zones: 2`, or `replicas: 0`",
            );
        }
        let id = names::cache_group(self.name());
        self.rule(
            c.span,
            "cache",
            "replication group id",
            &id,
            rules::elasticache_group(&id),
            "shorten the stack name",
        );
        if !*c.encryption_at_rest {
            self.warn(
                c.encryption_at_rest.span,
                "cache.encryption_at_rest",
                "Redis data is stored unencrypted",
                "leave encryption_at_rest at its default, true",
            );
        }
        if !*c.encryption_in_transit {
            self.warn(
                c.encryption_in_transit.span,
                "cache.encryption_in_transit",
                "Redis traffic is not encrypted",
                "leave encryption_in_transit at its default, true",
            );
        }
    }

    fn queues(&mut self) {
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

    fn buckets(&mut self) {
        let (stack, region) = (self.name().to_string(), self.region().to_string());
        self.duplicates(
            self.stack
                .buckets
                .iter()
                .enumerate()
                .map(|(i, b)| (&b.name, format!("buckets[{i}].name"))),
            "bucket",
        );
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
    }

    fn registries(&mut self) {
        let stack = self.name().to_string();
        self.duplicates(
            self.stack
                .registries
                .iter()
                .enumerate()
                .map(|(i, r)| (&r.name, format!("registries[{i}].name"))),
            "registry",
        );
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

    fn monitoring(&mut self) {
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

    fn repositories(&mut self) {
        let stack = self.name().to_string();
        self.duplicates(
            self.stack
                .repositories
                .iter()
                .enumerate()
                .map(|(i, r)| (&r.name, format!("repositories[{i}].name"))),
            "repository",
        );
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
