//! WAFv2: the web ACLs (`web_acl.rs`, their logging in `logging.rs`) and the
//! association of the REGIONAL one with the ALB (`association.rs`),
//! discovered here together: the association is ours only through one of our
//! web ACLs.

use std::time::Duration;

use aws_sdk_wafv2::types::Scope;

use super::Aws;
use super::service::Discovered;
use super::tagging::Tagged;
use crate::apply::ProviderError;
use crate::graph::Node;

mod association;
mod logging;
mod web_acl;

/// A web ACL created a moment ago may not yet be attachable.
const UNAVAILABLE_WAIT: Duration = Duration::from_secs(120);

fn client<'a>(aws: &'a Aws, scope: &Scope) -> &'a aws_sdk_wafv2::Client {
    match scope {
        Scope::Cloudfront => &aws.wafv2_global,
        _ => &aws.wafv2,
    }
}

/// Scope, name and id from a web ACL ARN:
/// `arn:aws:wafv2:<region>:<account>:<global|regional>/webacl/<name>/<id>`.
pub fn parse_arn(arn: &str) -> Option<(Scope, String, String)> {
    let resource = arn.splitn(6, ':').nth(5)?;
    let mut parts = resource.split('/');
    let scope = match parts.next()? {
        "global" => Scope::Cloudfront,
        _ => Scope::Regional,
    };
    if parts.next()? != "webacl" {
        return None;
    }
    Some((scope, parts.next()?.to_string(), parts.next()?.to_string()))
}

crate::tag_api! {
    /// Tag calls go to the client of the web ACL's scope (`client`).
    mod waf_tags for aws_sdk_wafv2::Client {
        list "wafv2:ListTagsForResource" = list_tags_for_resource.resource_arn -> tag_info_for_resource;
        tag "wafv2:TagResource" = tag_resource.resource_arn.set_tags;
        untag "wafv2:UntagResource" = untag_resource.resource_arn.set_tag_keys;
    }
}

/// The web ACLs of both scopes, then the association, which is ours only
/// through one of them.
async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let ((mut found, mut conflicts), (global, more)) = tokio::try_join!(
        web_acl::discover_scope(aws, Scope::Regional, tagged, desired),
        web_acl::discover_scope(aws, Scope::Cloudfront, tagged, desired)
    )?;
    found.extend(global);
    conflicts.extend(more);
    if let Some(a) = association::discover(aws, &found, tagged, desired).await? {
        found.push(a);
    }
    Ok((found, conflicts))
}

crate::service!(Wafv2: [web_acl::WebAcls, association::WebAclAssociations], discover = discover);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_name_scope_name_and_id() {
        let (scope, name, id) = parse_arn("arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop-cloudfront/abc-123").unwrap();
        assert_eq!(
            (scope, name.as_str(), id.as_str()),
            (Scope::Cloudfront, "shop-cloudfront", "abc-123")
        );
        let (scope, ..) = parse_arn("arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop-regional/x").unwrap();
        assert_eq!(scope, Scope::Regional);
        assert!(parse_arn("arn:aws:s3:::bucket").is_none());
    }
}
