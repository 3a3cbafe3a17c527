//! The VPC's flow log (README, "Secure defaults"): all traffic into the
//! stack's logs bucket, which lets only this account's log delivery write
//! there. Read back through EC2 and S3 after `apply`; `network.flow_logs`
//! turned off and on again, each re-planned clean.

use aws_sdk_ec2::types::{FlowLog, LogDestinationType, TrafficType};

use crate::support::{REGION, Workdir, bucket_name, shared_moto};

struct Clients {
    ec2: aws_sdk_ec2::Client,
    s3: aws_sdk_s3::Client,
}

async fn clients(endpoint: &str) -> Clients {
    let config = crate::support::sdk_config(endpoint).await;
    let s3 = aws_sdk_s3::config::Builder::from(&config).force_path_style(true).build();
    Clients {
        ec2: aws_sdk_ec2::Client::new(&config),
        s3: aws_sdk_s3::Client::from_conf(s3),
    }
}

fn tag(stack: &str) -> aws_sdk_ec2::types::Filter {
    aws_sdk_ec2::types::Filter::builder()
        .name("tag:stackctl:stack")
        .values(stack)
        .build()
}

/// The flow logs that carry the stack's tag.
async fn flow_logs(c: &Clients, stack: &str) -> Vec<FlowLog> {
    let out = c
        .ec2
        .describe_flow_logs()
        .filter(tag(stack))
        .send()
        .await
        .expect("ec2:DescribeFlowLogs");
    out.flow_logs().to_vec()
}

/// One flow log of the VPC, of all traffic into `vpc-flow-logs/` of the logs bucket, and
/// the bucket's policy lets the log delivery service of this account write.
pub async fn assert_flow_log(endpoint: &str, stack: &str) {
    let c = clients(endpoint).await;
    let logs = flow_logs(&c, stack).await;
    assert_eq!(logs.len(), 1, "one flow log of the VPC: {logs:?}");
    let log = &logs[0];
    let vpcs = c.ec2.describe_vpcs().filters(tag(stack)).send().await.expect("ec2:DescribeVpcs");
    assert_eq!(
        log.resource_id(),
        vpcs.vpcs().first().and_then(|v| v.vpc_id()),
        "the flow log is the VPC's"
    );
    let bucket = bucket_name(stack, "logs");
    assert_eq!(log.traffic_type(), Some(&TrafficType::All));
    assert_eq!(log.log_destination_type(), Some(&LogDestinationType::S3));
    assert_eq!(
        log.log_destination(),
        Some(format!("arn:aws:s3:::{bucket}/vpc-flow-logs/").as_str())
    );
    assert_eq!(log.max_aggregation_interval(), Some(600));
    let policy = c.s3.get_bucket_policy().bucket(&bucket).send().await.expect("s3:GetBucketPolicy");
    let policy: serde_json::Value = serde_json::from_str(policy.policy().unwrap_or_default()).expect("policy JSON");
    let write = policy["Statement"]
        .as_array()
        .expect("statements")
        .iter()
        .find(|s| s["Sid"] == "FlowLogsWrite")
        .expect("the FlowLogsWrite statement");
    assert_eq!(write["Principal"]["Service"], "delivery.logs.amazonaws.com");
    assert_eq!(
        write["Condition"]["StringEquals"]["aws:SourceAccount"],
        crate::support::ACCOUNT,
        "only this account's flow logs may write"
    );
}

const STACK: &str = "t-flow-logs";

fn stack(flow_logs: bool) -> String {
    format!(
        "stack: {STACK}\nregion: {REGION}\nnetwork:\n  cidr: 10.44.0.0/16\n  nat_gateways: none\n  flow_logs: {flow_logs}\n\
         buckets:\n  - name: logs\n    force_destroy: true\nmonitoring:\n  dashboard: false\n"
    )
}

/// `flow_logs: false` deletes the flow log (a warning from `validate`), `true`
/// creates it again; each re-plans clean, and destroy leaves none behind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_flow_log_is_on_by_default_and_can_be_turned_off() {
    let endpoint = &shared_moto().endpoint;
    let c = clients(endpoint).await;
    let w = Workdir::shared(&stack(true));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply");
    assert_flow_log(endpoint, STACK).await;
    w.run(&["plan", "--detailed-exitcode", "--refresh"]).expect_code(0, "re-plan");
    w.write_stack(&stack(false));
    let validate = w.run(&["validate"]);
    assert!(validate.stderr.contains("network.flow_logs"), "validate warns: {}", validate.stderr);
    let plan = w.run(&["plan"]);
    assert!(
        plan.stdout.contains("network/flow-log will be destroyed"),
        "the plan deletes the flow log: {}",
        plan.stdout
    );
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply false");
    assert!(flow_logs(&c, STACK).await.is_empty(), "no flow log once turned off");
    w.run(&["plan", "--detailed-exitcode", "--refresh"])
        .expect_code(0, "re-plan after false");
    w.write_stack(&stack(true));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply true");
    assert_flow_log(endpoint, STACK).await;
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    assert!(flow_logs(&c, STACK).await.is_empty(), "destroy leaves no flow log");
}
