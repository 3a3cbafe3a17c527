//! The final snapshots a destroy left: named `<instance>-final-<unix time>`
//! by the delete (see `instance::final_snapshot_id`), found afterwards so that
//! `destroy` can say which snapshot it kept, by name.

use super::super::Aws;
use super::super::error::AwsResultExt;
use crate::apply::ProviderError;

/// The manual snapshots of `instance` named as a final snapshot taken at or
/// after `since_unix` (the destroy's start): the ones this destroy made.
pub async fn final_snapshots(aws: &Aws, instance: &str, since_unix: u64) -> Result<Vec<String>, ProviderError> {
    let prefix = format!("{}-final-", instance.trim_end_matches('-'));
    let mut found = Vec::new();
    let mut pages = aws
        .rds
        .describe_db_snapshots()
        .db_instance_identifier(instance)
        .snapshot_type("manual")
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.op("rds:DescribeDBSnapshots")?;
        for snapshot in page.db_snapshots() {
            let Some(id) = snapshot.db_snapshot_identifier() else { continue };
            let taken = id.strip_prefix(&prefix).and_then(|t| t.parse::<u64>().ok());
            if taken.is_some_and(|t| t >= since_unix) {
                found.push(id.to_string());
            }
        }
    }
    found.sort();
    Ok(found)
}
