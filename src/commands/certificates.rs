//! Plan-time check of the certificates a stack names (`src/aws/acm.rs`): the
//! ALB's in the stack's region, CloudFront's in us-east-1, each existing,
//! ISSUED and covering the names served with it, before anything changes.

use super::CommandError;
use crate::aws::Aws;
use crate::aws::acm::{self, Scope};
use crate::stack::Stack;
use crate::stack::pos::Pos;

/// One certificate key of the stack file and the names it must cover.
struct Wanted<'a> {
    arn: &'a Pos<String>,
    scope: Scope,
    domains: Vec<&'a str>,
}

fn wanted(s: &Stack) -> Vec<Wanted<'_>> {
    let mut out = Vec::new();
    if let Some(lb) = &s.load_balancer
        && let Some(arn) = &lb.certificate_arn
    {
        out.push(Wanted {
            arn,
            scope: Scope::Regional,
            domains: lb.domain_name.iter().map(|d| d.value.as_str()).collect(),
        });
    }
    if let Some(cdn) = &s.cdn
        && let Some(arn) = &cdn.certificate_arn
    {
        out.push(Wanted {
            arn,
            scope: Scope::CloudFront,
            domains: cdn.aliases.iter().map(|d| d.value.as_str()).collect(),
        });
    }
    out
}

/// Refuses, naming the certificate key's line, a certificate ACM does not
/// have where it must be, one not ISSUED, or one that does not cover a name.
pub async fn check(aws: &Aws, s: &Stack, file: &str) -> Result<(), CommandError> {
    for w in wanted(s) {
        let region = match w.scope {
            Scope::CloudFront => "us-east-1 (where CloudFront reads certificates)",
            Scope::Regional => aws.region.as_str(),
        };
        let cert = acm::describe(aws, w.scope, &w.arn.value).await?;
        if let Some((problem, help)) = acm::problem(&w.arn.value, cert.as_ref(), &w.domains, region) {
            return Err(CommandError::Refused {
                at: format!("{file}:{}", w.arn.span),
                problem,
                help,
            });
        }
    }
    Ok(())
}
