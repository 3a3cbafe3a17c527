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

impl<'a> Wanted<'a> {
    /// The certificate key `arn`, if the stack sets it.
    fn of(arn: &'a Option<Pos<String>>, scope: Scope, domains: &'a [Pos<String>]) -> Option<Wanted<'a>> {
        Some(Wanted {
            arn: arn.as_ref()?,
            scope,
            domains: domains.iter().map(|d| d.value.as_str()).collect(),
        })
    }
}

fn wanted(s: &Stack) -> Vec<Wanted<'_>> {
    let lb = s.load_balancer.as_ref();
    let cdn = s.cdn.as_ref();
    [
        lb.and_then(|lb| Wanted::of(&lb.certificate_arn, Scope::Regional, lb.domain_name.as_slice())),
        cdn.and_then(|cdn| Wanted::of(&cdn.certificate_arn, Scope::CloudFront, &cdn.aliases)),
    ]
    .into_iter()
    .flatten()
    .collect()
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
