//! The files around the resources: provider requirements, variables, outputs.

use super::context::{Ctx, ident, tf_type};
use super::hcl::{self, Block, Body, Expr};
use crate::stack::Stack;

/// The provider major version the mappings are written for.
pub const AWS_PROVIDER_CONSTRAINT: &str = "~> 5.0";

pub fn terraform(c: &Ctx) -> String {
    let aws = Expr::Object(vec![
        ("source".into(), Expr::string("hashicorp/aws")),
        ("version".into(), Expr::string(AWS_PROVIDER_CONSTRAINT)),
    ]);
    let mut blocks = vec![
        Block::new(
            "terraform",
            &[],
            Body::new()
                .attr("required_version", Expr::string(">= 1.5.0"))
                .child("required_providers", Body::new().attr("aws", aws)),
        ),
        Block::new("provider", &["aws"], Body::new().attr("region", Expr::raw("var.region"))),
    ];
    if c.needs_us_east_1() {
        blocks.push(
            Block::new(
                "provider",
                &["aws"],
                Body::new()
                    .attr("alias", Expr::string("us_east_1"))
                    .attr("region", Expr::string("us-east-1")),
            )
            .comment("CloudFront's web ACL lives in us-east-1, whatever the stack's region."),
        );
    }
    blocks.push(Block::new("data", &["aws_caller_identity", "current"], Body::new()));
    blocks.push(
        Block::new(
            "locals",
            &[],
            Body::new()
                .attr("account_id", Expr::raw("data.aws_caller_identity.current.account_id"))
                .attr("tags", Expr::raw("merge(var.tags, { \"stackctl:stack\" = var.stack })")),
        )
        .comment("Every resource carries the stack's tags and stackctl's ownership tag\n(`stackctl:stack`; `stackctl:id` is set per resource), so stackctl finds it."),
    );
    header("Provider requirements and what every file shares.", &hcl::file(&blocks))
}

pub fn variables(c: &Ctx, stack: &Stack) -> String {
    let variable = |name: &str, description: &str, ty: &str, default: Expr| {
        Block::new(
            "variable",
            &[name],
            Body::new()
                .attr("description", Expr::string(description))
                .attr("type", Expr::raw(ty))
                .attr("default", default),
        )
    };
    let mut blocks = vec![
        variable(
            "stack",
            "Name of the stack: prefixes every AWS name and is the value of the stackctl:stack tag.",
            "string",
            Expr::string(c.stack),
        ),
        variable("region", "AWS region of the stack.", "string", Expr::string(c.region)),
    ];
    if !c.zones.is_empty() {
        blocks.push(variable(
            "availability_zones",
            "Availability zones of the subnets, in order (a, b, ...).",
            "list(string)",
            Expr::List(c.zones.iter().map(|z| Expr::string(z)).collect()),
        ));
    }
    let tags: Vec<(String, Expr)> = stack.tags.iter().map(|(k, v)| (k.clone(), Expr::string(&v.value))).collect();
    blocks.push(variable(
        "tags",
        "Tags added to every resource, beside stackctl's ownership tags.",
        "map(string)",
        Expr::Object(tags),
    ));
    header("What differs per environment.", &hcl::file(&blocks))
}

pub fn outputs(c: &Ctx) -> String {
    let mut blocks = Vec::new();
    for n in c.graph.nodes() {
        for output in n.kind.spec().outputs {
            let (attr, tf_attr) = (output.attr, output.terraform);
            let value = format!("{}.{}.{tf_attr}", tf_type(n.kind), ident(n.id.as_str()));
            let body = Body::new()
                .attr("description", Expr::string(&format!("{} {attr}", n.id)))
                .attr("value", Expr::raw(value));
            blocks.push(Block::new("output", &[&format!("{}_{attr}", ident(n.id.as_str()))], body));
        }
    }
    header("What `stackctl output` shows.", &hcl::file(&blocks))
}

fn header(what: &str, text: &str) -> String {
    format!("# {what}\n# Written by `stackctl export terraform`.\n\n{text}")
}
