//! The listeners of the load balancer and their default actions.

use aws_sdk_elasticloadbalancingv2::types::{
    Action, ActionTypeEnum, Certificate, Listener, ProtocolEnum, RedirectActionConfig, RedirectActionStatusCodeEnum,
};

use super::{created, describe_tags, resource};
use crate::apply::{ProviderError, Request};
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::resource::settings_changed;
use crate::aws::tagging::Tagged;
use crate::aws::{Aws, tags};
use crate::graph::props::{ListenerAction, ListenerProps};
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// A listener's default action in the normal form of `expand`.
fn action_described(a: &Action) -> ListenerAction {
    match a.r#type() {
        Some(ActionTypeEnum::Redirect) => {
            let r = a.redirect_config();
            ListenerAction::Redirect {
                protocol: r.and_then(|r| r.protocol()).unwrap_or_default().into(),
                port: r.and_then(|r| r.port()).unwrap_or_default().into(),
                status_code: r.map_or("", |r| r.status_code().map_or("", |c| c.as_str())).into(),
            }
        }
        t => {
            let tg = a.target_group_arn().or_else(|| {
                a.forward_config()
                    .and_then(|f| f.target_groups().first())
                    .and_then(|t| t.target_group_arn())
            });
            let target_group_arn = Value::str(tg.unwrap_or_default());
            match t {
                Some(ActionTypeEnum::Forward) => ListenerAction::Forward { target_group_arn },
                t => ListenerAction::Other {
                    action_type: t.map_or("", |t| t.as_str()).into(),
                    target_group_arn,
                },
            }
        }
    }
}

pub(super) fn listener_described(l: &Listener) -> ListenerProps {
    let protocol = l.protocol().map_or("", |x| x.as_str());
    let https = protocol == "HTTPS";
    ListenerProps {
        load_balancer_arn: Value::str(l.load_balancer_arn().unwrap_or_default()),
        port: l.port().and_then(|p| u32::try_from(p).ok()).unwrap_or_default(),
        protocol: protocol.into(),
        certificate_arn: l
            .certificates()
            .first()
            .and_then(|c| c.certificate_arn())
            .filter(|_| https)
            .map(str::to_string),
        ssl_policy: l.ssl_policy().filter(|_| https).map(str::to_string),
        default_action: l.default_actions().first().map(action_described),
    }
}

/// The action `expand` describes: a redirect, or a forward to the target
/// group it names.
fn action(listener: &ListenerProps) -> Action {
    match &listener.default_action {
        Some(ListenerAction::Redirect {
            protocol,
            port,
            status_code,
        }) => Action::builder()
            .r#type(ActionTypeEnum::Redirect)
            .redirect_config(
                RedirectActionConfig::builder()
                    .protocol(protocol)
                    .port(port)
                    .status_code(RedirectActionStatusCodeEnum::from(status_code.as_str()))
                    .build(),
            )
            .build(),
        Some(ListenerAction::Forward { target_group_arn } | ListenerAction::Other { target_group_arn, .. }) => {
            forward(target_group_arn.as_str())
        }
        None => forward(None),
    }
}

fn forward(target_group_arn: Option<&str>) -> Action {
    Action::builder()
        .r#type(ActionTypeEnum::Forward)
        .target_group_arn(target_group_arn.unwrap_or_default())
        .build()
}

fn certificates(listener: &ListenerProps) -> Option<Vec<Certificate>> {
    listener
        .certificate_arn
        .as_ref()
        .map(|c| vec![Certificate::builder().certificate_arn(c).build()])
}

/// The port a desired listener node listens on.
pub(super) fn port_of(n: &Node) -> Option<u32> {
    ListenerProps::try_from(&n.props).ok().map(|l| l.port)
}

/// The listeners of the stack's load balancers `ours`, by their tags; an
/// untagged one on the port of one of ours is a conflict (a create would be
/// refused: one listener per port).
pub async fn discover(
    aws: &Aws,
    tagged: &[Tagged],
    ours: &[String],
    desired: &[&Node],
) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let (mut found, mut conflicts) = (Vec::new(), Vec::new());
    let mut listeners = Vec::new();
    for lb in ours {
        let out = aws
            .elbv2
            .describe_listeners()
            .load_balancer_arn(lb)
            .send()
            .await
            .op("elbv2:DescribeListeners")?;
        listeners.extend(out.listeners().iter().cloned());
    }
    let arns: Vec<String> = listeners.iter().filter_map(|l| l.listener_arn()).map(str::to_string).collect();
    let tags = describe_tags(aws, tagged, &arns).await?;
    for l in &listeners {
        let arn = l.listener_arn().unwrap_or_default();
        let t = tags.get(arn);
        if t.is_none_or(|t| !t.contains_key(tag::STACK)) {
            let port = l.port().and_then(|p| u32::try_from(p).ok()).unwrap_or_default();
            conflicts.extend(
                desired
                    .iter()
                    .filter(|n| n.kind == Kind::Listener && port_of(n) == Some(port))
                    .map(|n| Conflict {
                        id: n.id.clone(),
                        kind: n.kind,
                        name: n.name.clone(),
                        reason: format!("a listener on port {port} of the load balancer exists without this stack's tags"),
                        aws_id: Some(arn.to_string()),
                    }),
            );
        }
        if let Some(t) = t.filter(|t| t.contains_key(tag::ID)) {
            let id = NodeId::new(&t[tag::ID]);
            let name = desired
                .iter()
                .find(|n| n.id == id)
                .map_or_else(|| format!("{}-{}", aws.stack, l.port().unwrap_or_default()), |n| n.name.clone());
            found.push(resource(
                id,
                Kind::Listener,
                &name,
                arn,
                &[],
                t.clone(),
                Some(listener_described(l).into()),
            ));
        }
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    let arn = &live.physical_id;
    let out = aws
        .elbv2
        .describe_listeners()
        .listener_arns(arn)
        .send()
        .await
        .op("elbv2:DescribeListeners")?;
    Ok(out.listeners().first().map(|l| listener_described(l).into()).unwrap_or_default())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let wanted = ListenerProps::try_from(&req.node.props)?;
    let out = aws
        .elbv2
        .create_listener()
        .load_balancer_arn(wanted.load_balancer_arn.as_str().unwrap_or_default())
        .set_port(i32::try_from(wanted.port).ok())
        .protocol(ProtocolEnum::from(wanted.protocol.as_str()))
        .set_certificates(certificates(&wanted))
        .set_ssl_policy(wanted.ssl_policy.clone())
        .default_actions(action(&wanted))
        .set_tags(Some(tags::to_sdk(&req.tags)?))
        .send()
        .await
        .op("elbv2:CreateListener")?;
    let arn = out.listeners().first().and_then(|l| l.listener_arn()).unwrap_or_default();
    Ok(created(req, arn, &[]))
}

pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    let (arn, p) = (live.physical_id.as_str(), &req.node.props);
    let wanted = ListenerProps::try_from(p)?;
    if settings_changed(changes) {
        aws.elbv2
            .modify_listener()
            .listener_arn(arn)
            .set_port(i32::try_from(wanted.port).ok())
            .protocol(ProtocolEnum::from(wanted.protocol.as_str()))
            .set_certificates(certificates(&wanted))
            .set_ssl_policy(wanted.ssl_policy.clone())
            .default_actions(action(&wanted))
            .send()
            .await
            .op("elbv2:ModifyListener")?;
    }
    Ok(())
}

pub async fn delete(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let arn = live.physical_id.clone();
    let asked = aws.elbv2.delete_listener().listener_arn(&arn).send().await;
    asked.ok_if_gone("elbv2:DeleteListener", NotFound::LISTENER)
}

// Found through the stack's load balancers (`Elbv2`'s discovery).
crate::resource!(Listeners for Listener: read, create, settings, delete);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_listeners_read_back_a_certificate_and_policy() {
        let https = Listener::builder()
            .load_balancer_arn("arn:lb")
            .port(443)
            .protocol(ProtocolEnum::Https)
            .certificates(Certificate::builder().certificate_arn("arn:cert").build())
            .ssl_policy("ELBSecurityPolicy-TLS13-1-2-2021-06")
            .build();
        let p = listener_described(&https);
        assert_eq!(p.certificate_arn.as_deref(), Some("arn:cert"));
        assert_eq!(p.port, 443);
        let http = Listener::builder()
            .port(80)
            .protocol(ProtocolEnum::Http)
            .ssl_policy("ignored")
            .build();
        let p = Props::from(listener_described(&http));
        assert!(!p.contains_key("ssl_policy") && !p.contains_key("certificate_arn"));
    }

    #[test]
    fn actions_read_back_in_the_form_expand_writes() {
        let redirect = ListenerAction::Redirect {
            protocol: "HTTPS".into(),
            port: "443".into(),
            status_code: "HTTP_301".into(),
        };
        let forward = ListenerAction::Forward {
            target_group_arn: Value::str("arn:tg"),
        };
        for a in [redirect, forward] {
            let listener = ListenerProps {
                load_balancer_arn: Value::str("arn:lb"),
                port: 80,
                protocol: "HTTP".into(),
                certificate_arn: None,
                ssl_policy: None,
                default_action: Some(a.clone()),
            };
            assert_eq!(action_described(&action(&listener)), a);
        }
    }
}
