//! CloudWatch metric alarms: tagged at creation (PutMetricAlarm with Tags),
//! every setting returned by DescribeAlarms.

use aws_sdk_cloudwatch::types::{AlarmType, ComparisonOperator, Dimension, Metric, MetricAlarm, MetricDataQuery, MetricStat};

use crate::apply::{ProviderError, Request};
use crate::aws::Aws;
use crate::aws::classify::every_page;
use crate::aws::error::AwsResultExt;
use crate::aws::props::strs;
use crate::aws::resource::{arn, created_by_name, known_by_name, settings_changed};
use crate::aws::service::Lookup;
use crate::aws::tagging::Tagged;
use crate::aws::tags::{self, Tags};
use crate::graph::props::{AlarmProps, MetricLine, MetricQuery, QuerySource};
use crate::graph::{Kind, Node, NodeId, Props, Value, tag};
use crate::plan::{AttrChange, Conflict, LiveResource};

/// The metric queries of an alarm: a metric with its statistic, or metric math.
fn queries(metrics: &[MetricQuery]) -> Vec<MetricDataQuery> {
    metrics
        .iter()
        .map(|m| {
            let q = MetricDataQuery::builder().id(&m.id).return_data(m.return_data);
            match &m.source {
                QuerySource::Expression(e) => q.expression(e),
                QuerySource::Metric { line, period } => {
                    let dims = line
                        .dimensions
                        .iter()
                        .map(|(k, v)| Dimension::builder().name(k).value(v.as_str().unwrap_or_default()).build())
                        .collect();
                    let metric = Metric::builder()
                        .namespace(&line.namespace)
                        .metric_name(&line.metric_name)
                        .set_dimensions(Some(dims))
                        .build();
                    q.metric_stat(
                        MetricStat::builder()
                            .metric(metric)
                            .stat(&line.stat)
                            .set_period(i32::try_from(*period).ok())
                            .build(),
                    )
                }
            }
            .build()
        })
        .collect()
}

/// A query as AWS reports it. AWS accepts only queries with an expression or
/// a metric, so one with neither cannot come back.
fn query_described(q: &MetricDataQuery) -> MetricQuery {
    let source = match (q.expression(), q.metric_stat()) {
        (Some(e), _) => QuerySource::Expression(e.to_string()),
        (None, ms) => {
            let metric = ms.and_then(|ms| ms.metric());
            let dimensions: Props = metric
                .map(|x| x.dimensions())
                .unwrap_or_default()
                .iter()
                .map(|d| (d.name().unwrap_or_default().to_string(), Value::str(d.value().unwrap_or_default())))
                .collect();
            let line = MetricLine {
                namespace: metric.and_then(|x| x.namespace()).unwrap_or_default().into(),
                metric_name: metric.and_then(|x| x.metric_name()).unwrap_or_default().into(),
                dimensions,
                stat: ms.and_then(|ms| ms.stat()).unwrap_or_default().into(),
            };
            let period = ms.and_then(|ms| ms.period()).and_then(|p| u32::try_from(p).ok());
            QuerySource::Metric {
                line,
                period: period.unwrap_or_default(),
            }
        }
    };
    MetricQuery {
        id: q.id().unwrap_or_default().into(),
        return_data: q.return_data().unwrap_or(true),
        source,
    }
}

fn alarm_described(a: &MetricAlarm) -> AlarmProps {
    let actions = |l: &[String]| l.iter().map(Value::str).collect();
    AlarmProps {
        description: a.alarm_description().unwrap_or_default().into(),
        comparison_operator: a.comparison_operator().map_or("", |c| c.as_str()).into(),
        threshold: a.threshold().unwrap_or_default(),
        evaluation_periods: a.evaluation_periods().and_then(|e| u32::try_from(e).ok()).unwrap_or_default(),
        datapoints_to_alarm: a.datapoints_to_alarm().and_then(|d| u32::try_from(d).ok()),
        treat_missing_data: a.treat_missing_data().unwrap_or("missing").into(),
        metrics: a.metrics().iter().map(query_described).collect(),
        alarm_actions: actions(a.alarm_actions()),
        ok_actions: actions(a.ok_actions()),
    }
}

crate::tag_api! {
    mod cloudwatch_tags for aws_sdk_cloudwatch::Client: "cloudwatch" by resource_arn;
}

async fn describe_alarms(aws: &Aws, prefix: &str) -> Result<Vec<MetricAlarm>, ProviderError> {
    every_page(|token| async move {
        let page = aws
            .cloudwatch
            .describe_alarms()
            .alarm_name_prefix(prefix)
            .alarm_types(AlarmType::MetricAlarm)
            .set_next_token(token)
            .send()
            .await
            .op("cloudwatch:DescribeAlarms")?;
        Ok((page.metric_alarms().to_vec(), page.next_token().map(str::to_string)))
    })
    .await
}

pub async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<(Vec<LiveResource>, Vec<Conflict>), ProviderError> {
    let (mut found, mut conflicts) = (Vec::new(), Vec::new());
    for a in describe_alarms(aws, &format!("{}-", aws.stack)).await? {
        let (name, arn) = (a.alarm_name().unwrap_or_default(), a.alarm_arn().unwrap_or_default());
        let t = cloudwatch_tags::listed_or_asked(&aws.cloudwatch, tagged, arn).await?;
        match t.get(tag::ID) {
            Some(id) if tags::owned_by(&t, &aws.stack) => {
                found.push(known_by_name(
                    NodeId::new(id.clone()),
                    Kind::Alarm,
                    name,
                    arn,
                    t,
                    Some(alarm_described(&a).into()),
                ));
            }
            _ => conflicts.extend(
                desired
                    .iter()
                    .filter(|n| n.kind == Kind::Alarm && n.name == name)
                    .map(|n| Conflict::name_held(n, "an alarm", &n.name, &t, &aws.stack)),
            ),
        }
    }
    Ok((found, conflicts))
}

pub async fn read(aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    let out = aws
        .cloudwatch
        .describe_alarms()
        .alarm_names(&live.name)
        .send()
        .await
        .op("cloudwatch:DescribeAlarms")?;
    Ok(out.metric_alarms().first().map(|a| alarm_described(a).into()).unwrap_or_default())
}

async fn put_alarm(aws: &Aws, name: &str, alarm: &AlarmProps, tags: Option<&Tags>) -> Result<(), ProviderError> {
    aws.cloudwatch
        .put_metric_alarm()
        .alarm_name(name)
        .alarm_description(&alarm.description)
        .comparison_operator(ComparisonOperator::from(alarm.comparison_operator.as_str()))
        .threshold(alarm.threshold)
        .set_evaluation_periods(i32::try_from(alarm.evaluation_periods).ok())
        .set_datapoints_to_alarm(alarm.datapoints_to_alarm.and_then(|d| i32::try_from(d).ok()))
        .treat_missing_data(&alarm.treat_missing_data)
        .set_metrics(Some(queries(&alarm.metrics)))
        .set_alarm_actions(Some(strs(&alarm.alarm_actions)))
        .set_ok_actions(Some(strs(&alarm.ok_actions)))
        .set_tags(tags.map(tags::to_sdk).transpose()?)
        .send()
        .await
        .op("cloudwatch:PutMetricAlarm")?;
    Ok(())
}

pub async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let name = &req.node.name;
    put_alarm(aws, name, &AlarmProps::try_from(&req.node.props)?, Some(&req.tags)).await?;
    let arn = format!("arn:aws:cloudwatch:{}:{}:alarm:{name}", aws.region, aws.account_id);
    Ok(created_by_name(req, name, &arn))
}

/// PutMetricAlarm replaces every setting; tags given there apply only at
/// creation, so they are set apart.
pub async fn update(aws: &Aws, req: &Request, live: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    let alarm = AlarmProps::try_from(&req.node.props)?;
    if settings_changed(changes) {
        put_alarm(aws, &live.name, &alarm, None).await?;
    }
    cloudwatch_tags::sync(&aws.cloudwatch, arn(live), &live.tags, &req.tags).await
}

pub async fn delete(aws: &Aws, live: &LiveResource) -> Result<(), ProviderError> {
    // Deleting an alarm that is gone is not an error.
    aws.cloudwatch
        .delete_alarms()
        .alarm_names(&live.name)
        .send()
        .await
        .op("cloudwatch:DeleteAlarms")?;
    Ok(())
}

/// The alarm an ARN or name names.
pub async fn find(aws: &Aws, node: &Node, aws_id: &str) -> Result<Lookup, ProviderError> {
    let name = aws_id.split(":alarm:").last().unwrap_or(aws_id);
    let alarms = describe_alarms(aws, name).await?;
    let Some(a) = alarms.iter().find(|a| a.alarm_name() == Some(name)) else {
        return Ok(Lookup::Missing);
    };
    let arn = a.alarm_arn().unwrap_or_default();
    let tags = cloudwatch_tags::list(&aws.cloudwatch, arn).await?;
    let live = known_by_name(node.id.clone(), Kind::Alarm, name, arn, tags, Some(alarm_described(a).into()));
    Ok(crate::aws::adopt::found(node, live))
}

pub async fn add_tags(aws: &Aws, live: &LiveResource, tags: &Tags) -> Result<(), ProviderError> {
    let arn = arn(live);
    cloudwatch_tags::tag(&aws.cloudwatch, arn, tags).await
}

crate::resource!(Alarms for Alarm: discover, read, create, settings, delete, adopt);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alarm_queries_carry_metric_math_and_statistics() {
        let metrics = AlarmProps::example().metrics;
        let q = queries(&metrics);
        assert_eq!(q[0].metric_stat().unwrap().period(), Some(60));
        assert_eq!(q[1].expression(), Some("100 * errors / requests"));
        let back: Vec<MetricQuery> = q.iter().map(query_described).collect();
        assert_eq!(back, metrics);
    }
}
