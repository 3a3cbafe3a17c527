//! Route tables, with their routes and subnet associations as properties (AWS
//! cannot tag either; they are read through the table).

use aws_sdk_ec2::types::{ResourceType, RouteTable};

use super::{Query, created, delete_when_unused, found, live, tag_spec};
use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::retry;
use crate::aws::tags::{self, from_sdk};
use crate::graph::Kind;
use crate::graph::props::{Route, RouteTableProps};
use crate::graph::{Props, Value};
use crate::plan::{AttrChange, LiveResource};

/// How long a route retries a NAT gateway that EC2 does not show yet.
const NAT_VISIBLE_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// The table's routes; the VPC's local route is AWS's own and left out.
fn routes_of(t: &RouteTable) -> Vec<Route> {
    t.routes()
        .iter()
        .filter(|r| r.gateway_id() != Some("local"))
        .filter_map(|r| {
            Some(Route {
                destination: r.destination_cidr_block()?.to_string(),
                gateway_id: r.gateway_id().map(Value::str),
                nat_gateway_id: r.nat_gateway_id().map(Value::str),
            })
        })
        .collect()
}

/// The subnets associated with the table, the main association left out.
fn subnets_of(t: &RouteTable) -> impl Iterator<Item = &str> {
    t.associations()
        .iter()
        .filter(|a| a.main() != Some(true))
        .filter_map(|a| a.subnet_id())
}

fn described(t: &RouteTable) -> Props {
    RouteTableProps {
        vpc_id: Value::str(t.vpc_id().unwrap_or_default()),
        routes: routes_of(t),
        subnet_ids: subnets_of(t).map(Value::str).collect(),
    }
    .into()
}

pub async fn describe(aws: &Aws, q: &Query) -> Result<Vec<LiveResource>, ProviderError> {
    let asked = aws.ec2.describe_route_tables().filters(q.filter.clone()).send().await;
    let out = asked.op("ec2:DescribeRouteTables")?;
    Ok(found(out.route_tables(), |t| {
        live(
            q,
            Kind::RouteTable,
            t.route_table_id()?,
            from_sdk(t.tags()),
            &[],
            Some(described(t)),
        )
    }))
}

async fn describe_one(aws: &Aws, id: &str) -> Result<Option<RouteTable>, ProviderError> {
    let asked = aws.ec2.describe_route_tables().route_table_ids(id).send().await;
    let out = asked.if_exists("ec2:DescribeRouteTables", NotFound::ROUTE_TABLE)?;
    Ok(out.and_then(|o| o.route_tables().first().cloned()))
}

/// The gateway a route goes through, as CreateRoute and ReplaceRoute take it:
/// the NAT gateway if it names one, else the internet gateway.
fn target(route: &Route) -> (Option<String>, Option<String>) {
    match route.nat_gateway() {
        "" => (Some(route.gateway().to_string()), None),
        nat => (None, Some(nat.to_string())),
    }
}

/// Creates the route, or replaces the one to the same destination.
async fn put_route(aws: &Aws, id: &str, route: &Route, replace: bool) -> Result<(), ProviderError> {
    let (gateway, nat) = target(route);
    let dest = &route.destination;
    // A NAT gateway created a moment ago may not be visible to CreateRoute
    // yet (EC2 is eventually consistent): retry that one error, bounded.
    retry::until_not(&["InvalidNatGatewayID.NotFound"], NAT_VISIBLE_WAIT, || async {
        if replace {
            let call = aws.ec2.replace_route().route_table_id(id).destination_cidr_block(dest);
            let call = call.set_gateway_id(gateway.clone()).set_nat_gateway_id(nat.clone());
            call.send().await.op("ec2:ReplaceRoute").map(drop)
        } else {
            let call = aws.ec2.create_route().route_table_id(id).destination_cidr_block(dest);
            let call = call.set_gateway_id(gateway.clone()).set_nat_gateway_id(nat.clone());
            call.send().await.op("ec2:CreateRoute").map(drop)
        }
    })
    .await
}

/// Makes the table's routes `want`: deletes the routes to other destinations,
/// then creates or replaces the ones that differ.
async fn converge_routes(aws: &Aws, id: &str, table: &RouteTable, want: &[Route]) -> Result<(), ProviderError> {
    let have = routes_of(table);
    for r in have.iter().filter(|h| !want.iter().any(|w| w.destination == h.destination)) {
        aws.ec2
            .delete_route()
            .route_table_id(id)
            .destination_cidr_block(&r.destination)
            .send()
            .await
            .op("ec2:DeleteRoute")?;
    }
    for w in want {
        let existing = have.iter().find(|h| h.destination == w.destination);
        if existing != Some(w) {
            put_route(aws, id, w, existing.is_some()).await?;
        }
    }
    Ok(())
}

async fn disassociate(aws: &Aws, association_id: &str) -> Result<(), ProviderError> {
    aws.ec2
        .disassociate_route_table()
        .association_id(association_id)
        .send()
        .await
        .op("ec2:DisassociateRouteTable")?;
    Ok(())
}

/// Makes the table's subnets `want`.
async fn converge_subnets(aws: &Aws, id: &str, table: &RouteTable, want: &[Value]) -> Result<(), ProviderError> {
    let want: Vec<&str> = want.iter().filter_map(Value::as_str).collect();
    for a in table.associations().iter().filter(|a| a.main() != Some(true)) {
        if a.subnet_id().is_some_and(|s| !want.contains(&s)) {
            disassociate(aws, a.route_table_association_id().unwrap_or_default()).await?;
        }
    }
    for s in want {
        if !subnets_of(table).any(|have| have == s) {
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

/// Makes the table's routes and associations those of `want`.
async fn converge(aws: &Aws, id: &str, want: &RouteTableProps) -> Result<(), ProviderError> {
    let table = describe_one(aws, id)
        .await?
        .ok_or_else(|| ProviderError::new("ec2:DescribeRouteTables", "NotFound", format!("route table {id} is gone")))?;
    converge_routes(aws, id, &table, &want.routes).await?;
    converge_subnets(aws, id, &table, &want.subnet_ids).await
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let table = RouteTableProps::try_from(&req.node.props)?;
    let out = aws
        .ec2
        .create_route_table()
        .vpc_id(table.vpc_id.as_str().unwrap_or_default())
        .tag_specifications(tag_spec(ResourceType::RouteTable, &tags::without_hash(&req.tags))?)
        .send()
        .await
        .op("ec2:CreateRouteTable")?;
    let id = out.route_table().and_then(|t| t.route_table_id()).unwrap_or_default().to_string();
    converge(aws, &id, &table).await?;
    super::tag_hash(aws, &id, req).await?;
    Ok(created(req, &id, &[]))
}

pub async fn update(aws: &Aws, req: &Request, current: &LiveResource, _: &[AttrChange]) -> Result<(), ProviderError> {
    converge(aws, &current.physical_id, &RouteTableProps::try_from(&req.node.props)?).await
}

pub async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let Some(table) = describe_one(aws, &current.physical_id).await? else {
        return Ok(());
    };
    for a in table.associations().iter().filter(|a| a.main() != Some(true)) {
        disassociate(aws, a.route_table_association_id().unwrap_or_default()).await?;
    }
    delete_when_unused(|| async {
        let asked = aws.ec2.delete_route_table().route_table_id(&current.physical_id).send().await;
        asked.op("ec2:DeleteRouteTable")
    })
    .await
}

super::network!(RouteTables for RouteTable, "route-table-id": create, settings, delete);
