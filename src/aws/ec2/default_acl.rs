//! The VPC's default network ACL: AWS creates it with the VPC, associates every
//! subnet with it unless told otherwise, and lets everything in and out (rule
//! 100, all protocols, `0.0.0.0/0`). Auditors flag that inbound rule
//! (Prowler `ec2_networkacl_allow_ingress_any_port` looks at every ACL, the
//! default one included), so the stack narrows its inbound rules unless
//! `network.restrict_default_network_acl` says otherwise; then it has AWS's
//! rule back. Outbound stays open: the security groups decide what leaves.
//!
//! The rules themselves: `graph::network_acl`.

use aws_sdk_ec2::types::{IcmpTypeCode, NetworkAcl, NetworkAclEntry, PortRange, RuleAction};

use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::ec2::filter;
use crate::aws::error::{AwsResultExt, code_of, sdk_error};
use crate::graph::network_acl::{AclRule as Rule, aws_inbound, restricted_inbound};

fn wanted(restrict: bool, vpc_cidr: &str) -> Vec<Rule> {
    if restrict { restricted_inbound(vpc_cidr) } else { aws_inbound() }
}

/// The inbound IPv4 rules a stack may change (the final deny, 32767, is AWS's).
fn inbound(acl: &NetworkAcl) -> Vec<Rule> {
    acl.entries()
        .iter()
        .filter(|e| !e.egress().unwrap_or(true) && e.cidr_block().is_some())
        .filter(|e| e.rule_number().is_some_and(|n| n < 32767))
        .map(rule_of)
        .collect()
}

fn rule_of(e: &NetworkAclEntry) -> Rule {
    let protocol = match e.protocol().unwrap_or("-1") {
        "6" | "tcp" => "6",
        "17" | "udp" => "17",
        "1" | "icmp" => "1",
        "-1" | "all" => "-1",
        _ => "?",
    };
    let allow = e.rule_action() == Some(&RuleAction::Allow);
    let mut r = Rule::new(e.rule_number().unwrap_or(0), protocol, e.cidr_block().unwrap_or(""));
    r.deny = !allow;
    if protocol == "6" || protocol == "17" {
        r.ports = e.port_range().map(|p| (p.from().unwrap_or(0), p.to().unwrap_or(0)));
    }
    if protocol == "1" {
        r.icmp = e.icmp_type_code().map(|c| (c.r#type().unwrap_or(-1), c.code().unwrap_or(-1)));
    }
    r
}

async fn find(aws: &Aws, vpc: &str) -> Result<Option<NetworkAcl>, ProviderError> {
    let out = aws
        .ec2
        .describe_network_acls()
        .filters(filter("vpc-id", vpc))
        .filters(filter("default", "true"))
        .send()
        .await
        .op("ec2:DescribeNetworkAcls")?;
    Ok(out.network_acls().first().cloned())
}

/// Whether the default ACL of `vpc` has exactly the narrowed inbound rules.
pub async fn is_restricted(aws: &Aws, vpc: &str, vpc_cidr: &str) -> Result<bool, ProviderError> {
    Ok(find(aws, vpc)
        .await?
        .is_some_and(|acl| same(&inbound(&acl), &restricted_inbound(vpc_cidr))))
}

fn same(a: &[Rule], b: &[Rule]) -> bool {
    let mut a = a.to_vec();
    a.sort_by_key(|r| r.number);
    a == b
}

/// Gives the default ACL of `vpc` the narrowed inbound rules (`restrict`) or
/// AWS's: rules of the same number are replaced, others created or deleted.
pub async fn set(aws: &Aws, vpc: &str, vpc_cidr: &str, restrict: bool) -> Result<(), ProviderError> {
    let Some(acl) = find(aws, vpc).await? else {
        return Ok(());
    };
    let id = acl.network_acl_id().unwrap_or_default();
    let have = inbound(&acl);
    let want = wanted(restrict, vpc_cidr);
    for old in have.iter().filter(|o| !want.iter().any(|w| w.number == o.number)) {
        aws.ec2
            .delete_network_acl_entry()
            .network_acl_id(id)
            .rule_number(old.number)
            .egress(false)
            .send()
            .await
            .op("ec2:DeleteNetworkAclEntry")?;
    }
    for rule in &want {
        match have.iter().find(|o| o.number == rule.number) {
            Some(old) if old == rule => {}
            Some(_) => replace(aws, id, rule).await?,
            None => create(aws, id, rule).await?,
        }
    }
    Ok(())
}

macro_rules! entry_call {
    ($call:expr, $rule:expr) => {{
        let r = $rule;
        $call
            .rule_number(r.number)
            .protocol(r.protocol)
            .rule_action(if r.deny { RuleAction::Deny } else { RuleAction::Allow })
            .egress(false)
            .cidr_block(&r.cidr)
            .set_port_range(r.ports.map(|(from, to)| PortRange::builder().from(from).to(to).build()))
            .set_icmp_type_code(r.icmp.map(|(t, c)| IcmpTypeCode::builder().r#type(t).code(c).build()))
    }};
}

/// Whether the ACL `id` has `rule` as asked: a create or replace whose answer
/// was lost (a 500 after it happened) took effect.
async fn present(aws: &Aws, id: &str, rule: &Rule) -> Result<bool, ProviderError> {
    let out = aws
        .ec2
        .describe_network_acls()
        .network_acl_ids(id)
        .send()
        .await
        .op("ec2:DescribeNetworkAcls")?;
    Ok(out.network_acls().first().is_some_and(|acl| inbound(acl).contains(rule)))
}

/// A create retried after a lost answer finds its own rule there
/// (`NetworkAclEntryAlreadyExists`): the rule is then set by replacing it.
async fn create(aws: &Aws, id: &str, rule: &Rule) -> Result<(), ProviderError> {
    let call = aws.ec2.create_network_acl_entry().network_acl_id(id);
    match entry_call!(call, rule).send().await {
        Ok(_) => Ok(()),
        Err(e) if code_of(&e) == Some("NetworkAclEntryAlreadyExists") => replace(aws, id, rule).await,
        Err(_) if present(aws, id, rule).await? => Ok(()),
        Err(e) => Err(sdk_error("ec2:CreateNetworkAclEntry", e)),
    }
}

async fn replace(aws: &Aws, id: &str, rule: &Rule) -> Result<(), ProviderError> {
    let call = aws.ec2.replace_network_acl_entry().network_acl_id(id);
    match entry_call!(call, rule).send().await {
        Ok(_) => Ok(()),
        Err(_) if present(aws, id, rule).await? => Ok(()),
        Err(e) => Err(sdk_error("ec2:ReplaceNetworkAclEntry", e)),
    }
}
