//! What every kind's mapping needs: Terraform names for logical ids,
//! references for the graph's references, and literals turned back into
//! variables (stack name, region, account id) or references (bucket names).

use std::collections::BTreeMap;

use super::hcl::{Expr, escape};
use crate::graph::{Kind, Node, Ref, ResourceGraph, Value, tag};
use crate::stack::names::ACCOUNT_PLACEHOLDER;

pub struct Ctx<'a> {
    pub graph: &'a ResourceGraph,
    pub stack: &'a str,
    pub region: &'a str,
    /// The stack file's own tags: they come from `var.tags`, not each resource.
    pub stack_tags: Vec<String>,
    /// Availability zones in the order subnets use them: `var.availability_zones`.
    pub zones: Vec<String>,
    /// Bucket name -> Terraform name of its `aws_s3_bucket`.
    buckets: BTreeMap<String, String>,
}

/// A Terraform identifier for a logical id: `network/subnet/private-a` ->
/// `network_subnet_private_a`.
pub fn ident(id: &str) -> String {
    let mut s: String = id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        s.insert(0, '_');
    }
    s
}

/// The Terraform resource type of a kind, as its spec declares (the plan
/// names a read replica `aws_db_instance_replica`; Terraform has one type for
/// both).
pub fn tf_type(kind: Kind) -> &'static str {
    kind.spec().terraform_type
}

impl<'a> Ctx<'a> {
    pub fn new(graph: &'a ResourceGraph, stack: &'a str, region: &'a str, stack_tags: Vec<String>) -> Self {
        let mut zones = Vec::new();
        let mut buckets = BTreeMap::new();
        for n in graph.nodes() {
            if n.kind == Kind::Subnet
                && let Some(z) = n.props.get("availability_zone").and_then(Value::as_str)
                && !zones.iter().any(|known| known == z)
            {
                zones.push(z.to_string());
            }
            if n.kind == Kind::Bucket {
                buckets.insert(n.name.clone(), ident(n.id.as_str()));
            }
        }
        Ctx {
            graph,
            stack,
            region,
            stack_tags,
            zones,
            buckets,
        }
    }

    /// `aws_vpc.network_vpc`
    pub fn address(&self, node: &Node) -> String {
        format!("{}.{}", tf_type(node.kind), ident(node.id.as_str()))
    }

    /// The Terraform expression for a reference of the graph.
    pub fn reference(&self, r: &Ref) -> Expr {
        let node = self.graph.get(&r.node).expect("references point into the graph");
        let base = self.address(node);
        Expr::Raw(match (node.kind, r.attr.as_str()) {
            // The node group's Auto Scaling group, as the provider exposes it.
            (Kind::EksNodeGroup, "autoscaling_group") => format!("{base}.resources[0].autoscaling_groups[0].name"),
            (_, attr) => format!("{base}.{attr}"),
        })
    }

    /// A property value as an expression.
    pub fn value(&self, v: &Value) -> Expr {
        match v {
            Value::Bool(b) => Expr::bool(*b),
            Value::Int(i) => Expr::int(*i),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Expr::raw(format!("{}", *f as i64)),
            Value::Float(f) => Expr::raw(f.to_string()),
            Value::Str(s) => self.string(s),
            Value::List(l) => Expr::List(l.iter().map(|v| self.value(v)).collect()),
            Value::Map(m) => Expr::Object(m.iter().map(|(k, v)| (k.clone(), self.value(v))).collect()),
            Value::Ref { reference } => self.reference(reference),
        }
    }

    /// The named property as an expression (a missing one is a bug of the mapping).
    pub fn prop(&self, node: &Node, key: &str) -> Expr {
        match node.props.get(key) {
            Some(v) => self.value(v),
            None => panic!("{} has no property `{key}`", node.id),
        }
    }

    pub fn prop_opt(&self, node: &Node, key: &str) -> Option<Expr> {
        node.props.get(key).map(|v| self.value(v))
    }

    /// A string: a bucket's name or ARN becomes a reference to the bucket, and
    /// the stack name, region and account id become variables, so the same
    /// configuration serves another environment.
    pub fn string(&self, s: &str) -> Expr {
        if let Some(b) = self.buckets.get(s) {
            return Expr::raw(format!("aws_s3_bucket.{b}.bucket"));
        }
        let mut out = String::new();
        let mut rest = s;
        while !rest.is_empty() {
            if let Some((len, expr)) = self.bucket_at(rest) {
                out.push_str(&format!("${{{expr}}}"));
                rest = &rest[len..];
                continue;
            }
            let at_start = rest.len() == s.len();
            let before = s[..s.len() - rest.len()].chars().last();
            if let Some(after) = rest.strip_prefix(ACCOUNT_PLACEHOLDER) {
                out.push_str("${local.account_id}");
                rest = after;
            } else if let Some(after) = rest.strip_prefix(self.region)
                && !before.is_some_and(|c| c.is_ascii_alphanumeric())
                && !after.starts_with(|c: char| c.is_ascii_digit())
            {
                out.push_str("${var.region}");
                rest = after;
            } else if let Some(after) = rest.strip_prefix(self.stack)
                && (at_start || matches!(before, Some('/' | ':')))
                && after.starts_with(['-', '/'])
            {
                out.push_str("${var.stack}");
                rest = after;
            } else {
                let c = rest.chars().next().expect("rest is not empty");
                if matches!(c, '$' | '%') && rest[1..].starts_with('{') {
                    // `${` and `%{` would start a template sequence.
                    out.push(c);
                }
                out.push_str(&escape(&c.to_string()));
                rest = &rest[c.len_utf8()..];
            }
        }
        // `"${x}"` alone is `x`.
        if let Some(inner) = out.strip_prefix("${").and_then(|o| o.strip_suffix('}'))
            && !inner.contains(['$', '}'])
        {
            return Expr::raw(inner);
        }
        Expr::raw(format!("\"{out}\""))
    }

    /// A bucket's ARN (`arn:aws:s3:::NAME`) or regional domain name at the
    /// start of `s`: its length and the expression that replaces it.
    fn bucket_at(&self, s: &str) -> Option<(usize, String)> {
        for (name, b) in &self.buckets {
            let arn = format!("arn:aws:s3:::{name}");
            if s.starts_with(&arn) && !s[arn.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-') {
                return Some((arn.len(), format!("aws_s3_bucket.{b}.arn")));
            }
            let domain = format!("{name}.s3.{}.amazonaws.com", self.region);
            if s.starts_with(&domain) {
                return Some((domain.len(), format!("aws_s3_bucket.{b}.bucket_regional_domain_name")));
            }
        }
        None
    }

    /// The node's AWS name, with the stack name and region as variables.
    pub fn name(&self, node: &Node) -> Expr {
        self.string_plain(&node.name)
    }

    /// Like `string`, but never a reference to a bucket (a bucket's own name).
    pub fn string_plain(&self, s: &str) -> Expr {
        let without = Ctx {
            graph: self.graph,
            stack: self.stack,
            region: self.region,
            stack_tags: Vec::new(),
            zones: Vec::new(),
            buckets: BTreeMap::new(),
        };
        without.string(s)
    }

    /// `tags = merge(local.tags, {...})`: the stack's tags and ownership tag
    /// come from `local.tags`; the node's own (`stackctl:id`, `Name`, ...) follow.
    pub fn tags(&self, node: &Node) -> Expr {
        let own: Vec<(String, Expr)> = node
            .tags
            .iter()
            .filter(|(k, _)| k.as_str() != tag::STACK && !self.stack_tags.contains(k))
            // The logical id is a literal: it must match whatever the stack is called.
            .map(|(k, v)| (k.clone(), if k == tag::ID { Expr::string(v) } else { self.string_plain(v) }))
            .collect();
        Expr::Call("merge", Box::new(Expr::raw(format!("local.tags, {}", inline_object(&own)))))
    }
}

/// `{ "a" = "b", c = d }` on one line.
fn inline_object(fields: &[(String, Expr)]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| {
            let key = if super::hcl::is_identifier(k) && !k.contains('-') {
                k.clone()
            } else {
                format!("\"{}\"", escape(k))
            };
            match v {
                Expr::Raw(s) => format!("{key} = {s}"),
                _ => unreachable!("tag values are strings"),
            }
        })
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(e: Expr) -> String {
        match e {
            Expr::Raw(s) => s,
            other => panic!("not a raw expression: {other:?}"),
        }
    }

    #[test]
    fn names_become_variables_where_stackctl_derives_them() {
        let g = ResourceGraph::new();
        let c = Ctx::new(&g, "web", "eu-west-1", Vec::new());
        assert_eq!(raw(c.string("web-orders")), "\"${var.stack}-orders\"");
        // A registry named like the stack: only the stack's prefix is a variable.
        assert_eq!(raw(c.string("web/web")), "\"${var.stack}/web\"");
        assert_eq!(raw(c.string("/stackctl/web/app")), "\"/stackctl/${var.stack}/app\"");
        assert_eq!(raw(c.string("webshop-x")), "\"webshop-x\"");
        assert_eq!(
            raw(c.string("arn:aws:cloudtrail:eu-west-1:<account-id>:trail/web-trail")),
            "\"arn:aws:cloudtrail:${var.region}:${local.account_id}:trail/${var.stack}-trail\""
        );
        assert_eq!(raw(c.string("${not} %{a template}")), "\"$${not} %%{a template}\"");
        assert_eq!(raw(c.string("<account-id>")), "local.account_id");
    }

    #[test]
    fn identifiers_are_terraform_names() {
        assert_eq!(ident("network/subnet/private-a"), "network_subnet_private_a");
        assert_eq!(ident("1x"), "_1x");
    }
}
