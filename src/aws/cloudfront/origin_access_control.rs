//! The origin access control through which the distribution reads the
//! assets bucket.

use std::time::Duration;

use aws_sdk_cloudfront::types::{
    OriginAccessControlConfig, OriginAccessControlOriginTypes, OriginAccessControlSigningBehaviors, OriginAccessControlSigningProtocols,
};

use crate::apply::{ProviderError, Request};
use crate::aws::error::{AwsResultExt, NotFound, built};
use crate::aws::resource::{from_request, settings_changed, updated};
use crate::aws::service::Discovered;
use crate::aws::tagging::Tagged;
use crate::aws::tags::Tags;
use crate::aws::tags::implied_tags;
use crate::aws::{Aws, retry};
use crate::graph::expand::ids;
use crate::graph::props::OriginAccessControlProps;
use crate::graph::{Kind, Node, NodeId, Props, Value};
use crate::plan::{AttrChange, LiveResource};
use crate::stack::names;

fn oac_live(id: NodeId, name: &str, oac_id: &str, tags: Tags, props: Option<Props>) -> LiveResource {
    let attrs = [("id", Value::str(oac_id)), ("name", Value::str(name))];
    LiveResource::new(id, Kind::OriginAccessControl, name, oac_id, &attrs, tags, props)
}

fn oac_config(name: &str, p: &Props) -> Result<OriginAccessControlConfig, ProviderError> {
    let oac = OriginAccessControlProps::try_from(p)?;
    built(
        "cloudfront",
        OriginAccessControlConfig::builder()
            .name(name)
            .description("stackctl")
            .origin_access_control_origin_type(OriginAccessControlOriginTypes::from(oac.origin_type.as_str()))
            .signing_behavior(OriginAccessControlSigningBehaviors::from(oac.signing_behavior.as_str()))
            .signing_protocol(OriginAccessControlSigningProtocols::from(oac.signing_protocol.as_str()))
            .build(),
    )
}

/// The settings as the list and the get answer them (two shapes, one content).
fn described(
    origin_type: &OriginAccessControlOriginTypes,
    signing_behavior: &OriginAccessControlSigningBehaviors,
    signing_protocol: &OriginAccessControlSigningProtocols,
) -> Props {
    OriginAccessControlProps {
        origin_type: origin_type.as_str().to_string(),
        signing_behavior: signing_behavior.as_str().to_string(),
        signing_protocol: signing_protocol.as_str().to_string(),
    }
    .into()
}

/// Origin access controls cannot be tagged: ours is the one with the stack's
/// deterministic name (DESIGN: discovered by name).
pub async fn discover(aws: &Aws, _: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let name = names::named(&aws.stack, "assets");
    let mut marker = None;
    loop {
        let out = aws
            .cloudfront
            .list_origin_access_controls()
            .set_marker(marker)
            .send()
            .await
            .op("cloudfront:ListOriginAccessControls")?;
        let Some(list) = out.origin_access_control_list() else {
            return Ok(Discovered::default());
        };
        if let Some(o) = list.items().iter().find(|o| o.name() == name) {
            let p = described(o.origin_access_control_origin_type(), o.signing_behavior(), o.signing_protocol());
            let id = ids::origin_access_control();
            let tags = implied_tags(aws, desired, &id, &p);
            return Ok((vec![oac_live(id, &name, o.id(), tags, Some(p))], Vec::new()));
        }
        marker = list
            .next_marker()
            .filter(|m| !m.is_empty() && list.is_truncated())
            .map(str::to_string);
        if marker.is_none() {
            return Ok(Discovered::default());
        }
    }
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let out = aws
        .cloudfront
        .create_origin_access_control()
        .origin_access_control_config(oac_config(&req.node.name, &req.node.props)?)
        .send()
        .await
        .op("cloudfront:CreateOriginAccessControl")?;
    let oac_id = out.origin_access_control().map(|o| o.id()).unwrap_or_default();
    let (id, tags, props) = from_request(req);
    Ok(oac_live(id, &req.node.name, oac_id, tags, props))
}

async fn oac_etag(aws: &Aws, id: &str) -> Result<Option<String>, ProviderError> {
    let asked = aws.cloudfront.get_origin_access_control().id(id).send().await;
    let out = asked.if_exists("cloudfront:GetOriginAccessControl", NotFound::ORIGIN_ACCESS_CONTROL)?;
    Ok(out.map(|o| o.e_tag().unwrap_or_default().to_string()))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws
        .cloudfront
        .get_origin_access_control()
        .id(&live.physical_id)
        .send()
        .await
        .op("cloudfront:GetOriginAccessControl")?;
    let config = out.origin_access_control().and_then(|o| o.origin_access_control_config());
    Ok(config.map_or_else(Props::new, |c| {
        described(c.origin_access_control_origin_type(), c.signing_behavior(), c.signing_protocol())
    }))
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    if settings_changed(changes)
        && let Some(etag) = oac_etag(aws, &live.physical_id).await?
    {
        aws.cloudfront
            .update_origin_access_control()
            .id(&live.physical_id)
            .if_match(etag)
            .origin_access_control_config(oac_config(&req.node.name, p)?)
            .send()
            .await
            .op("cloudfront:UpdateOriginAccessControl")?;
    }
    Ok(updated(live, req))
}

pub async fn delete(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let Some(etag) = oac_etag(aws, &live.physical_id).await? else {
        return Ok(());
    };
    // The distribution that used it was deleted a moment ago.
    retry::until_not(&["OriginAccessControlInUse"], Duration::from_secs(300), || async {
        let asked = aws
            .cloudfront
            .delete_origin_access_control()
            .id(&live.physical_id)
            .if_match(&etag)
            .send()
            .await;
        asked.ok_if_gone("cloudfront:DeleteOriginAccessControl", NotFound::ORIGIN_ACCESS_CONTROL)
    })
    .await
}

// The assets bucket's origin access control: it cannot be tagged, and is
// the stack's by its name.
crate::resource!(OriginAccessControls for OriginAccessControl: discover, read, create, update, delete);
