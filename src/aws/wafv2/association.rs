//! The association of the REGIONAL web ACL with the ALB. It has no tags and
//! no ARN of its own: it is read through the ALB (GetWebACLForResource), and
//! is the stack's only through one of the stack's web ACLs.

use super::UNAVAILABLE_WAIT;
use crate::apply::{ProviderError, Request};
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::tagging::Tagged;
use crate::aws::tags::{Tags, implied_tags};
use crate::aws::{Aws, elbv2, retry};
use crate::graph::expand::ids;
use crate::graph::props::WebAclAssociationProps;
use crate::graph::{Kind, Node, NodeId, Props, Value};
use crate::plan::LiveResource;
use crate::stack::names;

/// The association of one of our web ACLs with the stack's ALB, if any.
pub(super) async fn discover(
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
    let asked = aws.wafv2.get_web_acl_for_resource().resource_arn(&alb).send().await;
    let out = asked.if_exists("wafv2:GetWebACLForResource", NotFound::WAF)?;
    let acl = out.and_then(|o| o.web_acl().map(|a| a.arn().to_string()));
    let Some(acl) = acl.filter(|a| acls.iter().any(|l| &l.physical_id == a)) else {
        return Ok(None);
    };
    let id = ids::web_acl_association();
    let props: Props = WebAclAssociationProps {
        web_acl_arn: Value::str(&acl),
        resource_arn: Value::str(&alb),
    }
    .into();
    let tags = implied_tags(aws, desired, &id, &props);
    let name = names::named(&aws.stack, "alb-waf");
    Ok(Some(association_live(id, &name, &acl, &alb, tags, props)))
}

/// The association of the web ACL `acl` with `resource`, which AWS knows it by.
fn association_live(id: NodeId, name: &str, acl: &str, resource: &str, tags: Tags, props: Props) -> LiveResource {
    let attrs = [("web_acl_arn", Value::str(acl)), ("resource_arn", Value::str(resource))];
    LiveResource::new(id, Kind::WebAclAssociation, name, resource, &attrs, tags, Some(props))
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
    let (n, tags) = (&req.node, req.tags.clone());
    Ok(association_live(n.id.clone(), &n.name, &acl, &resource, tags, p.clone()))
}

async fn disassociate(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let asked = aws.wafv2.disassociate_web_acl().resource_arn(&live.physical_id).send().await;
    asked.ok_if_gone("wafv2:DisassociateWebACL", NotFound::WAF)
}

// Found with the web ACLs (`Wafv2`'s discovery); its two properties force
// a replacement: only its tags change in place.
crate::resource!(
    WebAclAssociations for WebAclAssociation:
    read = crate::aws::resource::read_as_discovered, create = associate, delete = disassociate
);
