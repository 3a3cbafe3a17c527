//! The DB parameter group: one per engine family of the stack, found by name
//! prefix and then by its tags.

use std::collections::BTreeMap;

use aws_sdk_rds::types::{ApplyMethod, DbParameterGroup, Parameter};

use super::{changed, rds_tags};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::classify::every_page;
use crate::aws::described::Described;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::resource::created_by_name;
use crate::aws::service::Discovered;
use crate::aws::tagging::Tagged;
use crate::aws::tags;
use crate::graph::props::DbParameterGroupProps;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::{AttrChange, LiveResource};

/// Whether RDS refused an immediate change because the parameter is static
/// ("cannot use immediate apply method for static parameter").
fn needs_reboot(e: &ProviderError) -> bool {
    e.code == "InvalidParameterCombination" && e.message.to_ascii_lowercase().contains("static parameter")
}

/// The parameters set on the group (source `user`), as the desired map.
async fn parameter_group_props(aws: &Aws, g: &DbParameterGroup) -> Result<Props, ProviderError> {
    let name = g.db_parameter_group_name().unwrap_or_default();
    let set = every_page(|marker| async move {
        let page = aws
            .rds
            .describe_db_parameters()
            .db_parameter_group_name(name)
            .source("user")
            .set_marker(marker)
            .send()
            .await
            .op("rds:DescribeDBParameters")?;
        Ok((page.parameters().to_vec(), page.marker().map(str::to_string)))
    })
    .await?;
    let parameters: BTreeMap<String, String> = set
        .iter()
        .filter_map(|prm| Some((prm.parameter_name()?.to_string(), prm.parameter_value()?.to_string())))
        .collect();
    Ok(Props::from(DbParameterGroupProps {
        family: g.db_parameter_group_family().unwrap_or_default().to_string(),
        description: g.description().unwrap_or_default().to_string(),
        parameters,
    }))
}

// The stackctl:hash tag stands for the parameters (written after them at
// create): discovery leaves them unread, `read` reads them when it does not.
static PARAMETER_GROUPS: Described<DbParameterGroup> = Described::new(
    Kind::DbParameterGroup,
    "a DB parameter group",
    DbParameterGroup::db_parameter_group_name,
    group_attrs,
    None,
);

fn group_attrs(g: &DbParameterGroup) -> Vec<(&'static str, Value)> {
    vec![
        ("name", Value::str(g.db_parameter_group_name().unwrap_or_default())),
        ("arn", Value::str(g.db_parameter_group_arn().unwrap_or_default())),
        // Named by family: a group of an older naming is kept by it.
        ("family", Value::str(g.db_parameter_group_family().unwrap_or_default())),
    ]
}

pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let page = |marker| async move {
        let page = aws.rds.describe_db_parameter_groups().set_marker(marker).send().await;
        let page = page.op("rds:DescribeDBParameterGroups")?;
        Ok((page.db_parameter_groups().to_vec(), page.marker().map(str::to_string)))
    };
    let tags = |arn: String| async move { rds_tags::listed_or_asked(&aws.rds, tagged, &arn).await };
    PARAMETER_GROUPS.discover(aws, desired, page, tags).await
}

pub async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws
        .rds
        .describe_db_parameter_groups()
        .db_parameter_group_name(&current.physical_id)
        .send()
        .await
        .op("rds:DescribeDBParameterGroups")?;
    match out.db_parameter_groups().first() {
        Some(g) => parameter_group_props(aws, g).await,
        None => Ok(Props::new()),
    }
}

/// Sets the desired parameters. Dynamic ones apply immediately; RDS refuses
/// that for a static one, which then applies at the next reboot
/// (`pending-reboot`). Asking per parameter keeps this to one call each, where
/// looking the types up would page through hundreds of engine defaults.
async fn set_parameters(aws: &Aws, name: &str, group: &DbParameterGroupProps) -> Result<(), ProviderError> {
    for (k, value) in &group.parameters {
        let mut method = ApplyMethod::Immediate;
        loop {
            let param = Parameter::builder()
                .parameter_name(k)
                .parameter_value(value)
                .apply_method(method.clone())
                .build();
            let sent = aws
                .rds
                .modify_db_parameter_group()
                .db_parameter_group_name(name)
                .parameters(param)
                .send()
                .await
                .op("rds:ModifyDBParameterGroup");
            match sent {
                Ok(_) => break,
                Err(e) if method == ApplyMethod::Immediate && needs_reboot(&e) => method = ApplyMethod::PendingReboot,
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

/// Parameters the stack file no longer sets go back to the engine default.
async fn reset_removed_parameters(
    aws: &Aws,
    name: &str,
    live: Option<&Props>,
    desired: &DbParameterGroupProps,
) -> Result<(), ProviderError> {
    // Live props are empty when AWS no longer had the group: nothing to reset.
    let live = live.and_then(|p| DbParameterGroupProps::try_from(p).ok()).map(|g| g.parameters);
    let removed: Vec<Parameter> = live
        .unwrap_or_default()
        .into_keys()
        .filter(|k| !desired.parameters.contains_key(k))
        .map(|k| {
            Parameter::builder()
                .parameter_name(k)
                .apply_method(ApplyMethod::PendingReboot)
                .build()
        })
        .collect();
    if !removed.is_empty() {
        aws.rds
            .reset_db_parameter_group()
            .db_parameter_group_name(name)
            .set_parameters(Some(removed))
            .send()
            .await
            .op("rds:ResetDBParameterGroup")?;
    }
    Ok(())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let group = DbParameterGroupProps::try_from(&req.node.props)?;
    let out = aws
        .rds
        .create_db_parameter_group()
        .db_parameter_group_name(&req.node.name)
        .db_parameter_group_family(&group.family)
        .description(&group.description)
        .set_tags(Some(tags::to_sdk(&tags::without_hash(&req.tags))?))
        .send()
        .await
        .op("rds:CreateDBParameterGroup")?;
    let g = out.db_parameter_group();
    let name = g.and_then(|g| g.db_parameter_group_name()).unwrap_or(&req.node.name).to_string();
    let arn = g.and_then(|g| g.db_parameter_group_arn()).unwrap_or_default().to_string();
    set_parameters(aws, &name, &group).await?;
    // The hash vouches for the parameters: written once they are set.
    super::rds_tags::sync(&aws.rds, &arn, &tags::without_hash(&req.tags), &req.tags).await?;
    Ok(created_by_name(req, &name, &arn))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    if changed(changes, &["parameters"]) {
        let group = DbParameterGroupProps::try_from(&req.node.props)?;
        set_parameters(aws, &current.physical_id, &group).await?;
        reset_removed_parameters(aws, &current.physical_id, current.props.as_ref(), &group).await?;
    }
    Ok(())
}

pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let asked = aws
        .rds
        .delete_db_parameter_group()
        .db_parameter_group_name(&current.physical_id)
        .send()
        .await;
    asked.ok_if_gone("rds:DeleteDBParameterGroup", NotFound::DB_PARAMETER_GROUP)
}

crate::resource!(DbParameterGroups for DbParameterGroup: discover, read, create, settings, delete);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_parameters_are_told_by_the_refusal_of_an_immediate_change() {
        let e = |code: &str, msg: &str| ProviderError::new("rds:ModifyDBParameterGroup", code, msg);
        assert!(needs_reboot(&e(
            "InvalidParameterCombination",
            "cannot use immediate apply method for static parameter"
        )));
        assert!(!needs_reboot(&e(
            "InvalidParameterValue",
            "Could not find parameter with name: rds.force_sslx"
        )));
        assert!(!needs_reboot(&e("InvalidParameterCombination", "something else")));
    }
}
