//! The certificates a stack names, checked through ACM at plan time: each
//! exists, is ISSUED, and covers the names the stack serves with it. AWS
//! would otherwise refuse (or serve a browser-rejected certificate) only at
//! apply, half-way through: CloudFront refuses an alias its certificate does
//! not cover (`InvalidViewerCertificate`), and an ALB's HTTPS listener with a
//! certificate for another name fails every TLS handshake of that name.
//! <https://docs.aws.amazon.com/acm/latest/APIReference/API_DescribeCertificate.html>

use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound};

/// A certificate as the check needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub status: String,
    /// `DomainName` and every `SubjectAlternativeNames` entry.
    pub names: Vec<String>,
}

/// Where a certificate must live: CloudFront reads its certificates in
/// us-east-1 only; an ALB in its own region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    CloudFront,
    Regional,
}

/// The certificate `arn` as ACM describes it, or `None` if ACM has no such
/// certificate where `scope` says it must be.
pub async fn describe(aws: &Aws, scope: Scope, arn: &str) -> Result<Option<Certificate>, ProviderError> {
    let client = match scope {
        Scope::CloudFront => &aws.acm_global,
        Scope::Regional => &aws.acm,
    };
    let asked = client.describe_certificate().certificate_arn(arn).send().await;
    let out = asked.if_exists("acm:DescribeCertificate", NotFound::CERTIFICATE)?;
    Ok(out.as_ref().and_then(|o| o.certificate()).map(|c| {
        let mut names: Vec<String> = c.domain_name().map(str::to_string).into_iter().collect();
        // ACM lists the domain name among the alternative names too.
        for n in c.subject_alternative_names() {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
        Certificate {
            status: c.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
            names,
        }
    }))
}

/// Whether a certificate name covers `domain` as ACM matches them: exactly,
/// or a wildcard `*.example.com` for one label (`www.example.com`, not
/// `example.com` nor `a.b.example.com`). DNS names ignore case.
pub fn covers(name: &str, domain: &str) -> bool {
    let (name, domain) = (
        name.trim_end_matches('.').to_ascii_lowercase(),
        domain.trim_end_matches('.').to_ascii_lowercase(),
    );
    match name.strip_prefix("*.") {
        Some(parent) => domain
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == parent),
        None => name == domain,
    }
}

/// What is wrong with `cert` for serving `domains`, if anything.
pub fn problem(arn: &str, cert: Option<&Certificate>, domains: &[&str], where_: &str) -> Option<(String, String)> {
    let Some(cert) = cert else {
        return Some((
            format!("ACM has no certificate {arn} in {where_}"),
            format!("request or import the certificate in ACM in {where_} and write its ARN here"),
        ));
    };
    if cert.status != "ISSUED" {
        return Some((
            format!("the certificate {arn} is {}, not ISSUED", cert.status),
            "finish its validation in ACM (its DNS records), or name an issued certificate".to_string(),
        ));
    }
    let uncovered: Vec<&str> = domains
        .iter()
        .copied()
        .filter(|d| !cert.names.iter().any(|n| covers(n, d)))
        .collect();
    (!uncovered.is_empty()).then(|| {
        (
            format!(
                "the certificate {arn} does not cover {} (it names {})",
                uncovered.join(", "),
                cert.names.join(", ")
            ),
            "name a certificate for these names (or a wildcard one label above them)".to_string(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cover_as_acm_matches_them() {
        assert!(covers("origin.example.com", "origin.example.com"));
        assert!(covers("Origin.Example.com.", "origin.example.COM"));
        assert!(covers("*.example.com", "origin.example.com"));
        assert!(!covers("*.example.com", "example.com"));
        assert!(!covers("*.example.com", "a.origin.example.com"));
        assert!(!covers("origin.example.com", "www.example.com"));
        assert!(!covers("*.example.com", ".example.com"));
    }

    #[test]
    fn a_missing_pending_or_other_certificate_is_a_problem() {
        let cert = |status: &str, names: &[&str]| Certificate {
            status: status.into(),
            names: names.iter().map(|s| s.to_string()).collect(),
        };
        let ok = cert("ISSUED", &["example.com", "*.example.com"]);
        assert_eq!(problem("arn", Some(&ok), &["www.example.com", "example.com"], "us-east-1"), None);
        assert!(problem("arn", None, &[], "us-east-1").unwrap().0.contains("has no certificate"));
        let pending = cert("PENDING_VALIDATION", &["example.com"]);
        assert!(
            problem("arn", Some(&pending), &["example.com"], "us-east-1")
                .unwrap()
                .0
                .contains("not ISSUED")
        );
        let (what, _) = problem("arn", Some(&ok), &["a.b.example.com"], "us-east-1").unwrap();
        assert!(what.contains("does not cover a.b.example.com"), "{what}");
    }
}
