//! Route tables, with their routes and subnet associations as properties (AWS
//! cannot tag either; they are read through the table).

use std::collections::BTreeMap;

use aws_sdk_ec2::types::{ResourceType, RouteTable};

use super::{DEPENDENCY_WAIT, Query, created, live, prop_str, tag_spec, tags_of};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound, sdk_error};
use crate::aws::{retry, tags};
use crate::graph::{Kind, Props, Value};
use crate::plan::LiveResource;

/// How long a route retries a NAT gateway that EC2 does not show yet.
const NAT_VISIBLE_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// A route as `{destination, gateway_id | nat_gateway_id}`; the VPC's local
/// route is AWS's own and left out.
fn routes_of(t: &RouteTable) -> Vec<Value> {
    t.routes()
        .iter()
        .filter(|r| r.gateway_id() != Some("local"))
        .filter_map(|r| {
            let mut m = BTreeMap::new();
            m.insert("destination".to_string(), Value::str(r.destination_cidr_block()?));
            if let Some(g) = r.gateway_id() {
                m.insert("gateway_id".to_string(), Value::str(g));
            }
            if let Some(n) = r.nat_gateway_id() {
                m.insert("nat_gateway_id".to_string(), Value::str(n));
            }
            Some(Value::Map(m))
        })
        .collect()
}

fn props_of(t: &RouteTable) -> Props {
    let mut p = Props::new();
    p.insert("vpc_id".into(), Value::str(t.vpc_id().unwrap_or_default()));
    p.insert("routes".into(), Value::List(routes_of(t)));
    let subnets: Vec<Value> = t
        .associations()
        .iter()
        .filter(|a| a.main() != Some(true))
        .filter_map(|a| a.subnet_id())
        .map(Value::str)
        .collect();
    p.insert("subnet_ids".into(), Value::List(subnets));
    p
}

pub async fn discover(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let out = aws
        .ec2
        .describe_route_tables()
        .filters(q.filter.clone())
        .send()
        .await
        .op("ec2:DescribeRouteTables")?;
    Ok(out
        .route_tables()
        .iter()
        .filter_map(|t| live(q, Kind::RouteTable, t.route_table_id()?, tags_of(t.tags()), &[], Some(props_of(t))))
        .collect())
}

async fn describe(aws: &Aws, id: &str) -> Result<Option<RouteTable>, ProviderError> {
    match aws.ec2.describe_route_tables().route_table_ids(id).send().await {
        Ok(o) => Ok(o.route_tables().first().cloned()),
        Err(e) if NotFound::ROUTE_TABLE.matches(&e) => Ok(None),
        Err(e) => Err(sdk_error("ec2:DescribeRouteTables", e)),
    }
}

fn target(route: &Value) -> (&str, &str, &str) {
    let m = route.as_map();
    let get = |k: &str| m.and_then(|m| m.get(k)).and_then(Value::as_str).unwrap_or_default();
    (get("destination"), get("gateway_id"), get("nat_gateway_id"))
}

/// Makes the table's routes and associations those of `props`.
async fn converge(aws: &Aws, id: &str, props: &Props) -> Result<(), ProviderError> {
    let table = describe(aws, id)
        .await?
        .ok_or_else(|| ProviderError::new("ec2:DescribeRouteTables", "NotFound", format!("route table {id} is gone")))?;
    let have = routes_of(&table);
    let want = props.get("routes").map(Value::as_list).unwrap_or_default();
    for r in &have {
        let (dest, ..) = target(r);
        if !want.iter().any(|w| target(w).0 == dest) {
            aws.ec2
                .delete_route()
                .route_table_id(id)
                .destination_cidr_block(dest)
                .send()
                .await
                .op("ec2:DeleteRoute")?;
        }
    }
    for w in want {
        let (dest, gw, nat) = target(w);
        let existing = have.iter().find(|h| target(h).0 == dest);
        if existing == Some(w) {
            continue;
        }
        // A NAT gateway created a moment ago may not be visible to CreateRoute
        // yet (EC2 is eventually consistent): retry that one error, bounded.
        retry::until_not(&["InvalidNatGatewayID.NotFound"], NAT_VISIBLE_WAIT, || async {
            if existing.is_some() {
                let call = aws.ec2.replace_route().route_table_id(id).destination_cidr_block(dest);
                let call = if nat.is_empty() {
                    call.gateway_id(gw)
                } else {
                    call.nat_gateway_id(nat)
                };
                call.send().await.op("ec2:ReplaceRoute").map(drop)
            } else {
                let call = aws.ec2.create_route().route_table_id(id).destination_cidr_block(dest);
                let call = if nat.is_empty() {
                    call.gateway_id(gw)
                } else {
                    call.nat_gateway_id(nat)
                };
                call.send().await.op("ec2:CreateRoute").map(drop)
            }
        })
        .await?;
    }
    let want_subnets: Vec<&str> = props
        .get("subnet_ids")
        .map(Value::as_list)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for a in table.associations().iter().filter(|a| a.main() != Some(true)) {
        if a.subnet_id().is_some_and(|s| !want_subnets.contains(&s)) {
            aws.ec2
                .disassociate_route_table()
                .association_id(a.route_table_association_id().unwrap_or_default())
                .send()
                .await
                .op("ec2:DisassociateRouteTable")?;
        }
    }
    for s in want_subnets {
        if !table.associations().iter().any(|a| a.subnet_id() == Some(s)) {
            aws.ec2
                .associate_route_table()
                .route_table_id(id)
                .subnet_id(s)
                .send()
                .await
                .op("ec2:AssociateRouteTable")?;
        }
    }
    Ok(())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let out = aws
        .ec2
        .create_route_table()
        .vpc_id(prop_str(&req.node.props, "vpc_id"))
        .tag_specifications(tag_spec(ResourceType::RouteTable, &tags::without_hash(&req.tags)))
        .send()
        .await
        .op("ec2:CreateRouteTable")?;
    let id = out.route_table().and_then(|t| t.route_table_id()).unwrap_or_default().to_string();
    converge(aws, &id, &req.node.props).await?;
    super::tag_hash(aws, &id, req).await?;
    Ok(created(req, &id, &[]))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource) -> Result<(), ProviderError> {
    converge(aws, &current.physical_id, &req.node.props).await
}

pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let Some(table) = describe(aws, &current.physical_id).await? else {
        return Ok(());
    };
    for a in table.associations().iter().filter(|a| a.main() != Some(true)) {
        aws.ec2
            .disassociate_route_table()
            .association_id(a.route_table_association_id().unwrap_or_default())
            .send()
            .await
            .op("ec2:DisassociateRouteTable")?;
    }
    retry::until_not(&["DependencyViolation"], DEPENDENCY_WAIT, || async {
        aws.ec2
            .delete_route_table()
            .route_table_id(&current.physical_id)
            .send()
            .await
            .op("ec2:DeleteRouteTable")
            .map(|_| ())
    })
    .await
}
