//! The listeners of the load balancer and their default actions.

use aws_sdk_elasticloadbalancingv2::types::{
    Action, ActionTypeEnum, Certificate, Listener, ProtocolEnum, RedirectActionConfig, RedirectActionStatusCodeEnum,
};

use super::{created, describe_tags, elb_tags, prop_int, prop_str, resource};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound, sdk_error};
use crate::aws::tagging::Tagged;
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// A listener's default action in the normal form of `expand`.
fn action_props(a: &Action) -> Value {
    let mut m = Props::new();
    m.insert("type".into(), Value::str(a.r#type().map_or("", |t| t.as_str())));
    match a.r#type() {
        Some(ActionTypeEnum::Redirect) => {
            let r = a.redirect_config();
            m.insert("protocol".into(), Value::str(r.and_then(|r| r.protocol()).unwrap_or_default()));
            m.insert("port".into(), Value::str(r.and_then(|r| r.port()).unwrap_or_default()));
            m.insert(
                "status_code".into(),
                Value::str(r.map_or("", |r| r.status_code().map_or("", |c| c.as_str()))),
            );
        }
        _ => {
            let tg = a.target_group_arn().or_else(|| {
                a.forward_config()
                    .and_then(|f| f.target_groups().first())
                    .and_then(|t| t.target_group_arn())
            });
            m.insert("target_group_arn".into(), Value::str(tg.unwrap_or_default()));
        }
    }
    Value::Map(m)
}

pub(super) fn listener_described(l: &Listener) -> Props {
    let mut p = Props::new();
    p.insert("load_balancer_arn".into(), Value::str(l.load_balancer_arn().unwrap_or_default()));
    p.insert("port".into(), Value::Int(i64::from(l.port().unwrap_or_default())));
    let protocol = l.protocol().map_or("", |x| x.as_str());
    p.insert("protocol".into(), Value::str(protocol));
    if protocol == "HTTPS" {
        if let Some(c) = l.certificates().first().and_then(|c| c.certificate_arn()) {
            p.insert("certificate_arn".into(), Value::str(c));
        }
        if let Some(s) = l.ssl_policy() {
            p.insert("ssl_policy".into(), Value::str(s));
        }
    }
    if let Some(a) = l.default_actions().first() {
        p.insert("default_action".into(), action_props(a));
    }
    p
}

/// The action `expand` describes as a map.
fn action(props: &Props) -> Action {
    let a = props.get("default_action").and_then(Value::as_map).cloned().unwrap_or_default();
    let s = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    if s("type") == "redirect" {
        Action::builder()
            .r#type(ActionTypeEnum::Redirect)
            .redirect_config(
                RedirectActionConfig::builder()
                    .protocol(s("protocol"))
                    .port(s("port"))
                    .status_code(RedirectActionStatusCodeEnum::from(s("status_code").as_str()))
                    .build(),
            )
            .build()
    } else {
        Action::builder()
            .r#type(ActionTypeEnum::Forward)
            .target_group_arn(s("target_group_arn"))
            .build()
    }
}

fn certificates(props: &Props) -> Option<Vec<Certificate>> {
    props
        .get("certificate_arn")
        .and_then(Value::as_str)
        .map(|c| vec![Certificate::builder().certificate_arn(c).build()])
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
            let port = i64::from(l.port().unwrap_or_default());
            conflicts.extend(
                desired
                    .iter()
                    .filter(|n| n.kind == Kind::Listener && n.props.get("port").and_then(Value::as_int) == Some(port))
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
                Some(listener_described(l)),
            ));
        }
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, arn: &str) -> Result<Props, ProviderError> {
    let out = aws
        .elbv2
        .describe_listeners()
        .listener_arns(arn)
        .send()
        .await
        .op("elbv2:DescribeListeners")?;
    Ok(out.listeners().first().map(listener_described).unwrap_or_default())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let out = aws
        .elbv2
        .create_listener()
        .load_balancer_arn(prop_str(p, "load_balancer_arn"))
        .set_port(prop_int(p, "port"))
        .protocol(ProtocolEnum::from(prop_str(p, "protocol")))
        .set_certificates(certificates(p))
        .set_ssl_policy(p.get("ssl_policy").and_then(Value::as_str).map(str::to_string))
        .default_actions(action(p))
        .set_tags(Some(elb_tags(&req.tags)))
        .send()
        .await
        .op("elbv2:CreateListener")?;
    let arn = out.listeners().first().and_then(|l| l.listener_arn()).unwrap_or_default();
    Ok(created(req, arn, &[]))
}

pub async fn update(aws: &Aws, arn: &str, p: &Props, changes: &[AttrChange]) -> Result<(), ProviderError> {
    if changes.iter().any(|c| !c.attr.starts_with("tags")) {
        aws.elbv2
            .modify_listener()
            .listener_arn(arn)
            .set_port(prop_int(p, "port"))
            .protocol(ProtocolEnum::from(prop_str(p, "protocol")))
            .set_certificates(certificates(p))
            .set_ssl_policy(p.get("ssl_policy").and_then(Value::as_str).map(str::to_string))
            .default_actions(action(p))
            .send()
            .await
            .op("elbv2:ModifyListener")?;
    }
    Ok(())
}

pub async fn delete(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    let arn = live.physical_id.clone();
    match aws.elbv2.delete_listener().listener_arn(&arn).send().await {
        Ok(_) => Ok(()),
        Err(e) if NotFound::LISTENER.matches(&e) => Ok(()),
        Err(e) => Err(sdk_error("elbv2:DeleteListener", e)),
    }
}

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
        assert_eq!(p.get("certificate_arn"), Some(&Value::str("arn:cert")));
        assert_eq!(p.get("port"), Some(&Value::Int(443)));
        let http = Listener::builder()
            .port(80)
            .protocol(ProtocolEnum::Http)
            .ssl_policy("ignored")
            .build();
        let p = listener_described(&http);
        assert!(!p.contains_key("ssl_policy") && !p.contains_key("certificate_arn"));
    }

    #[test]
    fn actions_read_back_in_the_form_expand_writes() {
        let mut p = Props::new();
        let redirect: Props = [
            ("type", "redirect"),
            ("protocol", "HTTPS"),
            ("port", "443"),
            ("status_code", "HTTP_301"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Value::str(v)))
        .collect();
        p.insert("default_action".into(), Value::Map(redirect.clone()));
        assert_eq!(action_props(&action(&p)), Value::Map(redirect));
        let forward: Props = [("type", "forward"), ("target_group_arn", "arn:tg")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), Value::str(v)))
            .collect();
        p.insert("default_action".into(), Value::Map(forward.clone()));
        assert_eq!(action_props(&action(&p)), Value::Map(forward));
    }
}
