//! WAFv2: the web ACLs (`web_acl.rs`, their logging in `logging.rs`) and the
//! association of the REGIONAL one with the ALB, here.
//!
//! An association has no tags and no ARN of its own: it is read through the
//! ALB (GetWebACLForResource).

use std::time::Duration;

use aws_sdk_wafv2::types::{Scope, Tag};

use super::error::{AwsResultExt, code_of, sdk_error};
use super::tagging::Tagged;
use super::tags::Tags;
use super::{Aws, elbv2, retry};
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::expand::ids;
use crate::graph::props::WebAclAssociationProps;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::{AttrChange, Conflict, LiveResource};
use crate::stack::names;

mod logging;
mod web_acl;

/// A web ACL created a moment ago may not yet be attachable.
const UNAVAILABLE_WAIT: Duration = Duration::from_secs(120);

fn built<T, E: std::fmt::Display>(r: Result<T, E>) -> Result<T, ProviderError> {
    r.map_err(|e| ProviderError::new("wafv2", "InvalidRequest", e.to_string()))
}

/// Moved to `tags`; kept here for the modules that still name it so.
pub(super) use super::tags::implied_tags;

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

async fn tags_of(c: &aws_sdk_wafv2::Client, arn: &str) -> Result<Tags, ProviderError> {
    let out = c
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .op("wafv2:ListTagsForResource")?;
    Ok(out
        .tag_info_for_resource()
        .map(|i| i.tag_list().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect())
        .unwrap_or_default())
}

/// The association of one of our web ACLs with the stack's ALB, if any.
async fn discover_association(
    aws: &Aws,
    acls: &[LiveResource],
    tagged: &[Tagged],
    desired: &[&Node],
) -> Result<Option<LiveResource>, ProviderError> {
    // Only one of our web ACLs makes an association ours.
    if acls.is_empty() {
        return Ok(None);
    }
    let name = names::alb(&aws.stack);
    // The ALB's ARN as the Tagging API lists it, else asked by name (listed
    // moments after its create). A listed ALB deleted moments ago is harmless:
    // WAF then answers that it has no web ACL.
    let listed = tagged
        .iter()
        .find(|t| t.is("elasticloadbalancing", &[&format!("loadbalancer/app/{name}/")]))
        .map(|t| t.arn.clone());
    let alb = match listed {
        Some(arn) => arn,
        None => match elbv2::load_balancer_arn(aws, &name).await? {
            Some(arn) => arn,
            None => return Ok(None),
        },
    };
    let acl = match aws.wafv2.get_web_acl_for_resource().resource_arn(&alb).send().await {
        Ok(out) => out.web_acl().map(|a| a.arn().to_string()),
        Err(e) if code_of(&e) == Some("WAFNonexistentItemException") => None,
        Err(e) => return Err(sdk_error("wafv2:GetWebACLForResource", e)),
    };
    let Some(acl) = acl.filter(|a| acls.iter().any(|l| &l.physical_id == a)) else {
        return Ok(None);
    };
    let id = ids::web_acl_association();
    let props: Props = WebAclAssociationProps {
        web_acl_arn: Value::str(&acl),
        resource_arn: Value::str(&alb),
    }
    .into();
    let attrs = [
        ("web_acl_arn".to_string(), Value::str(&acl)),
        ("resource_arn".to_string(), Value::str(&alb)),
    ]
    .into_iter()
    .collect();
    Ok(Some(LiveResource {
        tags: implied_tags(aws, desired, &id, &props),
        id,
        kind: Kind::WebAclAssociation,
        name: names::named(&aws.stack, "alb-waf"),
        physical_id: alb,
        attrs,
        props: Some(props),
    }))
}

pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let ((mut found, mut conflicts), (global, more)) = tokio::try_join!(
        web_acl::discover_scope(aws, Scope::Regional, tagged, desired),
        web_acl::discover_scope(aws, Scope::Cloudfront, tagged, desired)
    )?;
    found.extend(global);
    conflicts.extend(more);
    if let Some(a) = discover_association(aws, &found, tagged, desired).await? {
        found.push(a);
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    match live.kind {
        Kind::WebAclAssociation => Ok(live.props.clone().unwrap_or_default()),
        _ => web_acl::read(aws, live).await,
    }
}

fn waf_tags(tags: &Tags) -> Result<Vec<Tag>, ProviderError> {
    tags.iter().map(|(k, v)| built(Tag::builder().key(k).value(v).build())).collect()
}

async fn associate(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let association = WebAclAssociationProps::try_from(p)?;
    let (acl, resource) = (
        association.web_acl_arn.as_str().unwrap_or_default().to_string(),
        association.resource_arn.as_str().unwrap_or_default().to_string(),
    );
    retry::until_not(&["WAFUnavailableEntityException"], UNAVAILABLE_WAIT, || async {
        aws.wafv2
            .associate_web_acl()
            .web_acl_arn(&acl)
            .resource_arn(&resource)
            .send()
            .await
            .op("wafv2:AssociateWebACL")
    })
    .await?;
    let attrs = [
        ("web_acl_arn".to_string(), Value::str(&acl)),
        ("resource_arn".to_string(), Value::str(&resource)),
    ]
    .into_iter()
    .collect();
    Ok(LiveResource {
        id: req.node.id.clone(),
        kind: Kind::WebAclAssociation,
        name: req.node.name.clone(),
        physical_id: resource,
        attrs,
        props: Some(p.clone()),
        tags: req.tags.clone(),
    })
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    match req.node.kind {
        Kind::WebAclAssociation => associate(aws, req).await,
        _ => web_acl::create(aws, req).await,
    }
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let mut updated = live.clone();
    updated.tags = req.tags.clone();
    // An association's two properties force a replacement: nothing else to
    // change.
    if live.kind == Kind::WebAcl {
        web_acl::update(aws, req, live, changes).await?;
        updated.props = Some(req.node.props.clone());
    }
    Ok(updated)
}

pub async fn delete(aws: &Aws, live: &LiveResource, _: DeleteOptions) -> Result<(), ProviderError> {
    if live.kind == Kind::WebAcl {
        return web_acl::delete(aws, live).await;
    }
    match aws.wafv2.disassociate_web_acl().resource_arn(&live.physical_id).send().await {
        Ok(_) => Ok(()),
        Err(e) if code_of(&e) == Some("WAFNonexistentItemException") => Ok(()),
        Err(e) => Err(sdk_error("wafv2:DisassociateWebACL", e)),
    }
}

// ---------------------------------------------------------------- import

/// The web ACL an ARN names (the association cannot be tagged: it is read
/// through the web ACL and the load balancer).
async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<super::service::Lookup, ProviderError> {
    match node.kind {
        Kind::WebAcl => web_acl::find(aws, node, aws_id).await,
        _ => Ok(super::service::Lookup::Unsupported),
    }
}

async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    let scope = parse_arn(&live.physical_id).map_or(Scope::Regional, |(s, _, _)| s);
    client(aws, &scope)
        .tag_resource()
        .resource_arn(&live.physical_id)
        .set_tags(Some(waf_tags(tags)?))
        .send()
        .await
        .op("wafv2:TagResource")?;
    Ok(())
}

crate::service!(Wafv2, [WebAcl, WebAclAssociation], adopt = (find, add_tags));

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
