//! The VPC's default security group: AWS creates it with the VPC, lets every
//! member reach every other and everything out, and never deletes it. Anything
//! launched without a group of its own lands in it, so the stack keeps it
//! empty (no inbound, no outbound rule) unless `network.restrict_default_security_group`
//! says otherwise; then it has AWS's two default rules again.

use aws_sdk_ec2::types::{IpPermission, IpRange, SecurityGroup, UserIdGroupPair};

use super::filter;
use super::security_group::{authorize, revoke};
use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::error::AwsResultExt;

async fn find(aws: &Aws, vpc: &str) -> Result<Option<SecurityGroup>, ProviderError> {
    let out = aws
        .ec2
        .describe_security_groups()
        .filters(filter("vpc-id", vpc))
        .filters(filter("group-name", "default"))
        .send()
        .await
        .op("ec2:DescribeSecurityGroups")?;
    Ok(out.security_groups().first().cloned())
}

/// Whether the default group of `vpc` has no rule at all.
pub async fn is_empty(aws: &Aws, vpc: &str) -> Result<bool, ProviderError> {
    Ok(find(aws, vpc)
        .await?
        .is_none_or(|g| g.ip_permissions().is_empty() && g.ip_permissions_egress().is_empty()))
}

/// Makes the default group of `vpc` empty (`restrict`) or gives it back
/// AWS's defaults: all traffic from its own members in, all traffic out.
pub async fn set(aws: &Aws, vpc: &str, restrict: bool) -> Result<(), ProviderError> {
    let Some(group) = find(aws, vpc).await? else {
        return Ok(());
    };
    let id = group.group_id().unwrap_or_default();
    if restrict {
        return revoke_all(aws, &group, id).await;
    }
    let inbound = IpPermission::builder()
        .ip_protocol("-1")
        .user_id_group_pairs(UserIdGroupPair::builder().group_id(id).build())
        .build();
    let outbound = IpPermission::builder()
        .ip_protocol("-1")
        .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
        .build();
    if group.ip_permissions().is_empty() {
        authorize(aws, id, false, vec![inbound]).await?;
    }
    if group.ip_permissions_egress().is_empty() {
        authorize(aws, id, true, vec![outbound]).await?;
    }
    Ok(())
}

/// Revokes every rule, inbound then outbound.
async fn revoke_all(aws: &Aws, group: &SecurityGroup, id: &str) -> Result<(), ProviderError> {
    for (egress, rules) in [(false, group.ip_permissions()), (true, group.ip_permissions_egress())] {
        if !rules.is_empty() {
            revoke(aws, id, egress, rules.to_vec()).await?;
        }
    }
    Ok(())
}
