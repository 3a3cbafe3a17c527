//! What every kind's mapping needs: Terraform names for logical ids,
//! references for the graph's references, and literals turned back into
//! variables (stack name, region, account id) or references (bucket names).

use std::collections::BTreeMap;

use super::hcl::{Block, Body, Expr, escape};
use crate::graph::props::{LogGroupProps, PropsError, SubnetProps, WebAclProps};
use crate::graph::{Kind, Node, NodeId, Props, Ref, ResourceGraph, Value, tag};
use crate::stack::names::{ACCOUNT_PLACEHOLDER, WAF_LOGS_PREFIX};

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
    /// What lives in us-east-1 whatever the stack's region: CloudFront's web
    /// ACLs and the log groups they log to.
    in_us_east_1: Vec<NodeId>,
}

/// The region of CloudFront's web ACLs and of their logs.
pub const US_EAST_1: &str = "us-east-1";

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

/// The node's typed properties. `expand` builds every node from its kind's
/// struct and `every_node_has_the_typed_props_of_its_kind` reads every map
/// back, so a map that does not read is a bug of stackctl, never of the
/// stack: it stops the export rather than write a wrong configuration.
pub fn typed<T>(node: &Node) -> T
where
    T: for<'p> TryFrom<&'p Props, Error = PropsError>,
{
    T::try_from(&node.props).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (every node holds the typed props of its kind: \
             every_node_has_the_typed_props_of_its_kind)",
            node.id
        )
    })
}

/// What of `node` lives in us-east-1: a CloudFront web ACL and the log group
/// it logs to (AWS takes a web ACL's logs only in the ACL's region), and a
/// log group the graph puts there (`region`, for a stack elsewhere).
fn us_east_1_of(node: &Node) -> Vec<NodeId> {
    match node.kind {
        Kind::WebAcl => {
            let acl: WebAclProps = typed(node);
            if acl.scope != "CLOUDFRONT" {
                return Vec::new();
            }
            let logs = acl.logging.iter().flat_map(|l| l.log_destination.refs());
            std::iter::once(node.id.clone()).chain(logs.map(|r| r.node.clone())).collect()
        }
        Kind::LogGroup if typed::<LogGroupProps>(node).region.as_deref() == Some(US_EAST_1) => vec![node.id.clone()],
        _ => Vec::new(),
    }
}

/// A setting as HCL: strings turn back into variables and references
/// ([`Ctx::string`]), references of the graph into Terraform references.
pub trait ToHcl {
    fn to_hcl(&self, c: &Ctx) -> Expr;
}

impl ToHcl for Value {
    fn to_hcl(&self, c: &Ctx) -> Expr {
        match self {
            Value::Bool(b) => b.to_hcl(c),
            Value::Int(i) => i.to_hcl(c),
            Value::Float(f) => f.to_hcl(c),
            Value::Str(s) => s.to_hcl(c),
            Value::List(l) => l.to_hcl(c),
            Value::Map(m) => m.to_hcl(c),
            Value::Ref { reference } => c.reference(reference),
        }
    }
}

impl ToHcl for bool {
    fn to_hcl(&self, _: &Ctx) -> Expr {
        Expr::bool(*self)
    }
}

impl ToHcl for i64 {
    fn to_hcl(&self, _: &Ctx) -> Expr {
        Expr::int(*self)
    }
}

impl ToHcl for u32 {
    fn to_hcl(&self, _: &Ctx) -> Expr {
        Expr::int((*self).into())
    }
}

impl ToHcl for f64 {
    fn to_hcl(&self, _: &Ctx) -> Expr {
        // A whole number without its `.0`, as the stack file wrote it.
        if self.fract() == 0.0 && self.abs() < 1e15 {
            Expr::raw(format!("{}", *self as i64))
        } else {
            Expr::raw(self.to_string())
        }
    }
}

impl ToHcl for str {
    fn to_hcl(&self, c: &Ctx) -> Expr {
        c.string(self)
    }
}

impl ToHcl for String {
    fn to_hcl(&self, c: &Ctx) -> Expr {
        c.string(self)
    }
}

impl<T: ToHcl> ToHcl for [T] {
    fn to_hcl(&self, c: &Ctx) -> Expr {
        Expr::List(self.iter().map(|v| v.to_hcl(c)).collect())
    }
}

impl<T: ToHcl> ToHcl for Vec<T> {
    fn to_hcl(&self, c: &Ctx) -> Expr {
        self.as_slice().to_hcl(c)
    }
}

impl<T: ToHcl> ToHcl for BTreeMap<String, T> {
    fn to_hcl(&self, c: &Ctx) -> Expr {
        Expr::Object(self.iter().map(|(k, v)| (k.clone(), v.to_hcl(c))).collect())
    }
}

impl<'a> Ctx<'a> {
    pub fn new(graph: &'a ResourceGraph, stack: &'a str, region: &'a str, stack_tags: Vec<String>) -> Self {
        let mut zones = Vec::new();
        let mut buckets = BTreeMap::new();
        for n in graph.nodes() {
            if n.kind == Kind::Subnet {
                let zone = typed::<SubnetProps>(n).availability_zone;
                if !zones.contains(&zone) {
                    zones.push(zone);
                }
            }
            if n.kind == Kind::Bucket {
                buckets.insert(n.name.clone(), ident(n.id.as_str()));
            }
        }
        let in_us_east_1 = graph.nodes().iter().flat_map(us_east_1_of).collect();
        Ctx {
            graph,
            stack,
            region,
            stack_tags,
            zones,
            buckets,
            in_us_east_1,
        }
    }

    /// Whether the node must live in us-east-1, whatever `var.region`.
    pub fn in_us_east_1(&self, node: &Node) -> bool {
        self.in_us_east_1.contains(&node.id)
    }

    /// Whether anything must: the configuration then needs the provider
    /// alias for us-east-1.
    pub fn needs_us_east_1(&self) -> bool {
        !self.in_us_east_1.is_empty()
    }

    /// `provider = aws.us_east_1` for what must live in us-east-1; `None`
    /// (the default provider, `var.region`) for the rest.
    pub fn provider(&self, node: &Node) -> Option<Expr> {
        self.in_us_east_1(node).then(|| Expr::raw("aws.us_east_1"))
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

    /// A typed setting, or a value of the graph, as an expression.
    pub fn value<T: ToHcl + ?Sized>(&self, v: &T) -> Expr {
        v.to_hcl(self)
    }

    /// An optional setting as an expression, `None` when it is absent.
    pub fn opt<T: ToHcl>(&self, v: &Option<T>) -> Option<Expr> {
        v.as_ref().map(|v| v.to_hcl(self))
    }

    /// The node's own resource: the Terraform type of its kind, named after
    /// its logical id.
    pub fn resource(&self, node: &Node, body: Body) -> Block {
        Block::resource(tf_type(node.kind), &ident(node.id.as_str()), body)
    }

    /// The node's own resource with its tags last, as most resources end.
    pub fn tagged(&self, node: &Node, body: Body) -> Block {
        self.resource(node, body.attr("tags", self.tags(node)))
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
                && (at_start || matches!(before, Some('/' | ':')) || s[..s.len() - rest.len()].ends_with(WAF_LOGS_PREFIX))
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
            in_us_east_1: Vec::new(),
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
        // WAF logs only to groups named `aws-waf-logs-...`: the stack follows that prefix.
        assert_eq!(
            raw(c.string("arn:aws:logs:eu-west-1:<account-id>:log-group:aws-waf-logs-web-regional")),
            "\"arn:aws:logs:${var.region}:${local.account_id}:log-group:aws-waf-logs-${var.stack}-regional\""
        );
        assert_eq!(raw(c.string("aws-waf-logs-webshop-x")), "\"aws-waf-logs-webshop-x\"");
        assert_eq!(raw(c.string("${not} %{a template}")), "\"$${not} %%{a template}\"");
        assert_eq!(raw(c.string("<account-id>")), "local.account_id");
    }

    #[test]
    fn identifiers_are_terraform_names() {
        assert_eq!(ident("network/subnet/private-a"), "network_subnet_private_a");
        assert_eq!(ident("1x"), "_1x");
    }
}
