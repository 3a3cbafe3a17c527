//! The availability zones a region offers this account: names differ per
//! account and some zones take no new subnets, so expansion chooses from what
//! DescribeAvailabilityZones answers, never from `<region>a`, `<region>b`.

use aws_sdk_ec2::types::{AvailabilityZoneOptInStatus, AvailabilityZoneState};

use crate::apply::ProviderError;
use crate::aws::Aws;
use crate::aws::error::AwsResultExt;
use crate::graph::Zone;

/// The zones that take new resources: state `available`, no opt-in needed
/// (Local and Wavelength Zones need one), of type `availability-zone`;
/// sorted by name.
pub async fn offered(aws: &Aws) -> Result<Vec<Zone>, ProviderError> {
    let out = aws
        .ec2
        .describe_availability_zones()
        .send()
        .await
        .op("ec2:DescribeAvailabilityZones")?;
    let mut zones: Vec<Zone> = out
        .availability_zones()
        .iter()
        .filter(|z| z.state() == Some(&AvailabilityZoneState::Available))
        .filter(|z| z.opt_in_status() == Some(&AvailabilityZoneOptInStatus::OptInNotRequired))
        .filter(|z| z.zone_type().is_none_or(|t| t == "availability-zone"))
        .filter_map(|z| {
            Some(Zone {
                name: z.zone_name()?.to_string(),
                id: z.zone_id().unwrap_or_default().to_string(),
            })
        })
        .collect();
    zones.sort_by(|a, b| a.name.cmp(&b.name));
    tracing::info!(
        "availability zones offered in {}: {}",
        aws.region,
        zones
            .iter()
            .map(|z| format!("{} ({})", z.name, z.id))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(zones)
}
