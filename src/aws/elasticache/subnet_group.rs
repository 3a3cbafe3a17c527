//! The cache subnet group: one per stack, read with its tags, created with them.

use super::*;

pub(super) fn subnet_group_props(g: &CacheSubnetGroup) -> Props {
    let mut p = Props::new();
    p.insert(
        "description".into(),
        Value::str(g.cache_subnet_group_description().unwrap_or_default()),
    );
    p.insert(
        "subnet_ids".into(),
        list(
            g.subnets()
                .iter()
                .filter_map(|s| s.subnet_identifier().map(str::to_string))
                .collect(),
        ),
    );
    p
}

pub(super) async fn discover_subnet_groups(
    aws: &Aws,
    tagged: &[Tagged],
    desired: &[&Node],
) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let prefix = format!("{}-", aws.stack);
    let mut found = Vec::new();
    let mut conflicts = Vec::new();
    let mut marker = None;
    loop {
        let page = aws
            .elasticache
            .describe_cache_subnet_groups()
            .set_marker(marker)
            .send()
            .await
            .op("elasticache:DescribeCacheSubnetGroups")?;
        for g in page.cache_subnet_groups() {
            let name = g.cache_subnet_group_name().unwrap_or_default();
            if !name.starts_with(&prefix) {
                continue;
            }
            let arn = g.arn().unwrap_or_default();
            let tags = tags_for(aws, tagged, arn).await?;
            match tags.get(tag::ID).filter(|_| tags::owned_by(&tags, &aws.stack)) {
                Some(id) => found.push(live(
                    NodeId::new(id.clone()),
                    Kind::CacheSubnetGroup,
                    name,
                    &[("name", Value::str(name)), ("arn", Value::str(arn))],
                    tags.clone(),
                    Some(subnet_group_props(g)),
                )),
                None => {
                    if let Some(n) = desired.iter().find(|n| n.kind == Kind::CacheSubnetGroup && n.name == name) {
                        conflicts.push(conflict(aws, n, "a cache subnet group", name, &tags));
                    }
                }
            }
        }
        marker = page.marker().map(str::to_string);
        if marker.is_none() {
            break;
        }
    }
    Ok((found, conflicts))
}

pub(super) async fn create_subnet_group(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = &req.node.props;
    let out = aws
        .elasticache
        .create_cache_subnet_group()
        .cache_subnet_group_name(&req.node.name)
        .cache_subnet_group_description(p_str(p, "description"))
        .set_subnet_ids(Some(p_strs(p, "subnet_ids")))
        .set_tags(Some(cache_tags(&req.tags)))
        .send()
        .await
        .op("elasticache:CreateCacheSubnetGroup")?;
    let g = out.cache_subnet_group();
    // ElastiCache keeps subnet group names in lower case.
    let name = g.and_then(|g| g.cache_subnet_group_name()).unwrap_or(&req.node.name);
    let arn = g.and_then(|g| g.arn()).unwrap_or_default();
    Ok(live(
        req.node.id.clone(),
        Kind::CacheSubnetGroup,
        name,
        &[("name", Value::str(name)), ("arn", Value::str(arn))],
        req.tags.clone(),
        Some(p.clone()),
    ))
}
