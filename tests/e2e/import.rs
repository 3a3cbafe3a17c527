//! `stackctl import`: resources made directly through the AWS API (as the
//! console would) are adopted by adding the ownership tags only; the next plan
//! shows the settings that differ from the file. Refusals change nothing.

use std::collections::BTreeMap;

use crate::support::{Aws, Workdir, bucket_name};

const STACK: &str = "t-imp-adopt";

fn stack_yaml() -> String {
    format!(
        "stack: {STACK}\nregion: us-east-1\nqueues:\n  - name: orders\n  - name: reports\nbuckets:\n  - name: assets\nregistries:\n  - name: web\n"
    )
}

async fn queue_tags(aws: &Aws, url: &str) -> BTreeMap<String, String> {
    let out = aws.sqs.list_queue_tags().queue_url(url).send().await.expect("sqs:ListQueueTags");
    out.tags().cloned().unwrap_or_default().into_iter().collect()
}

async fn make_foreign_resources(aws: &Aws) -> (String, String) {
    let orders = aws
        .sqs
        .create_queue()
        .queue_name(format!("{STACK}-orders"))
        .attributes(aws_sdk_sqs::types::QueueAttributeName::VisibilityTimeout, "60")
        .send()
        .await
        .expect("sqs:CreateQueue orders");
    // Another stack's queue under one of our names.
    let reports = aws
        .sqs
        .create_queue()
        .queue_name(format!("{STACK}-reports"))
        .tags("stackctl:stack", "t-imp-other")
        .tags("stackctl:id", "queues/reports")
        .send()
        .await
        .expect("sqs:CreateQueue reports");
    aws.s3
        .create_bucket()
        .bucket(bucket_name(STACK, "assets"))
        .send()
        .await
        .expect("s3:CreateBucket");
    aws.ecr
        .create_repository()
        .repository_name(format!("{STACK}/web"))
        .send()
        .await
        .expect("ecr:CreateRepository");
    (orders.queue_url().unwrap().to_string(), reports.queue_url().unwrap().to_string())
}

fn changed_attrs(plan: &serde_json::Value, id: &str) -> Vec<String> {
    let r = plan["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in the plan: {plan:#}"));
    r["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["attr"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_made_resources_are_adopted_and_refusals_change_nothing() {
    let w = Workdir::shared(&stack_yaml());
    let aws = Aws::shared().await;
    let (orders, reports) = make_foreign_resources(&aws).await;
    let redact = |s: &str| s.replace(&w.endpoint, "ENDPOINT");

    // The plan prints, for each conflict, the command that adopts it.
    let plan = w.run(&["plan"]);
    plan.expect_code(1, "plan with conflicts");
    insta::assert_snapshot!("import_plan_conflicts", redact(&plan.stdout));
    let json = w.run(&["plan", "--json"]).json();
    let commands: Vec<&str> = json["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["import_command"].as_str())
        .collect();
    assert!(
        commands.contains(&format!("stackctl import queues/orders {orders}").as_str()),
        "{json:#}"
    );

    // Refusals: no terminal, another kind, another stack's. Nothing changes.
    let no_tty = w.run(&["import", "queues/orders", &orders]);
    no_tty.expect_code(1, "import without a terminal nor --auto-approve");
    let ecr_arn = format!("arn:aws:ecr:us-east-1:123456789012:repository/{STACK}/web");
    let kind = w.run(&["import", "queues/orders", &ecr_arn, "--auto-approve"]);
    kind.expect_code(1, "import of another kind");
    insta::assert_snapshot!("import_refused_kind", kind.stderr);
    let other = w.run(&["import", "queues/reports", &reports, "--auto-approve"]);
    other.expect_code(1, "import of another stack's queue");
    insta::assert_snapshot!("import_refused_other_stack", redact(&other.stderr));
    assert!(!queue_tags(&aws, &orders).await.contains_key("stackctl:stack"));
    assert_eq!(queue_tags(&aws, &reports).await["stackctl:stack"], "t-imp-other");

    // One by one: the queue; then the bucket (untagged, found by its name).
    let one = w.run(&["import", "queues/orders", &orders, "--auto-approve"]);
    one.expect_code(0, "import queues/orders");
    insta::assert_snapshot!("import_one", redact(&one.stdout));
    let tags = queue_tags(&aws, &orders).await;
    assert_eq!(tags["stackctl:stack"], STACK);
    assert_eq!(tags["stackctl:id"], "queues/orders");
    assert!(!tags.contains_key("stackctl:hash"), "import wrote the settings hash: {tags:?}");
    let bucket = bucket_name(STACK, "assets");
    w.run(&["import", "buckets/assets", &bucket, "--auto-approve"])
        .expect_code(0, "import buckets/assets");
    let repo = w.run(&["import", "registries/web", &format!("{STACK}/web"), "--auto-approve"]);
    repo.expect_code(0, "import registries/web");

    // Already owned: refused.
    let again = w.run(&["import", "queues/orders", &orders, "--auto-approve"]);
    again.expect_code(1, "import of a resource already the stack's");
    insta::assert_snapshot!("import_refused_owned", redact(&again.stderr));

    // The next plan: only the settings that differ from the file.
    let json = w.run(&["plan", "--json"]).json();
    let conflicts: Vec<&str> = json["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(conflicts, ["queues/reports"], "{json:#}");
    assert_eq!(changed_attrs(&json, "queues/orders"), ["visibility_timeout_s"], "{json:#}");
    let repo_changes = changed_attrs(&json, "registries/web");
    assert!(repo_changes.contains(&"image_tag_mutability".to_string()), "{repo_changes:?}");
    assert!(!repo_changes.iter().any(|a| a.starts_with("tags")), "{repo_changes:?}");
    let bucket_changes = changed_attrs(&json, "buckets/assets");
    assert!(!bucket_changes.iter().any(|a| a.starts_with("tags")), "{bucket_changes:?}");
}

#[test]
fn import_help() {
    let run = crate::support::run_command(crate::support::stackctl_command(&["import", "--help"]));
    run.expect_code(0, "import --help");
    insta::assert_snapshot!("help_import", run.stdout);
}

/// A VPC and a subnet made through the EC2 API with the stack's names (their
/// `Name` tags): adopted by id; a subnet under another name is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_made_vpc_and_subnet_are_adopted_by_id() {
    const STACK: &str = "t-imp-vpc";
    let w = Workdir::shared(&format!(
        "stack: {STACK}\nregion: us-east-1\nnetwork:\n  cidr: 10.30.0.0/16\n  availability_zones: 2\n  nat_gateways: none\n"
    ));
    let config = crate::support::sdk_config(&w.endpoint).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let name_tag = |name: &str, kind: aws_sdk_ec2::types::ResourceType| {
        aws_sdk_ec2::types::TagSpecification::builder()
            .resource_type(kind)
            .tags(aws_sdk_ec2::types::Tag::builder().key("Name").value(name).build())
            .build()
    };
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.30.0.0/16")
        .tag_specifications(name_tag(&format!("{STACK}-vpc"), aws_sdk_ec2::types::ResourceType::Vpc))
        .send()
        .await
        .expect("ec2:CreateVpc");
    let vpc_id = vpc.vpc().unwrap().vpc_id().unwrap().to_string();
    let subnet = ec2
        .create_subnet()
        .vpc_id(&vpc_id)
        .cidr_block("10.30.0.0/20")
        .availability_zone("us-east-1a")
        .tag_specifications(name_tag(&format!("{STACK}-private-a"), aws_sdk_ec2::types::ResourceType::Subnet))
        .send()
        .await
        .expect("ec2:CreateSubnet");
    let subnet_id = subnet.subnet().unwrap().subnet_id().unwrap().to_string();

    let misnamed = w.run(&["import", "network/subnet/public-a", &subnet_id, "--auto-approve"]);
    misnamed.expect_code(1, "import of a subnet under another name");
    assert!(misnamed.stderr.contains("is named `t-imp-vpc-private-a`"), "{}", misnamed.stderr);
    w.run(&["import", "network/vpc", &vpc_id, "--auto-approve"])
        .expect_code(0, "import network/vpc");
    w.run(&["import", "network/subnet/private-a", &subnet_id, "--auto-approve"])
        .expect_code(0, "import the subnet");
    let tags = ec2
        .describe_tags()
        .filters(aws_sdk_ec2::types::Filter::builder().name("resource-id").values(&subnet_id).build())
        .send()
        .await
        .expect("ec2:DescribeTags");
    let keys: Vec<&str> = tags.tags().iter().filter_map(|t| t.key()).collect();
    assert!(keys.contains(&"stackctl:stack") && !keys.contains(&"stackctl:hash"), "{keys:?}");

    let json = w.run(&["plan", "--json"]).json();
    let vpc_changes = changed_attrs(&json, "network/vpc");
    assert!(
        !vpc_changes.iter().any(|a| a == "cidr_block" || a.starts_with("tags")),
        "{vpc_changes:?}"
    );
    // The file's subnet tags for load balancers are what differs.
    assert_eq!(changed_attrs(&json, "network/subnet/private-a"), ["tags"], "{json:#}");
}

/// Resources of another stack (`t-imp-own-b`, by their stackctl:stack tag)
/// that hold names of this one (`t-imp-own-a`): conflicts without an import
/// command, whose reason names the owner and what to do. `import
/// --all-conflicts` adopts the untagged one, lists the others with why, leaves
/// them as they are and exits 1 (apply would still refuse).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_stacks_resources_are_listed_by_import_all_conflicts_not_adopted() {
    const A: &str = "t-imp-own-a";
    const B: &str = "t-imp-own-b";
    let w = Workdir::shared(&format!(
        "stack: {A}\nregion: us-east-1\nqueues:\n  - name: orders\n  - name: reports\nregistries:\n  - name: web\n"
    ));
    let aws = Aws::shared().await;
    let redact = |s: &str| s.replace(&w.endpoint, "ENDPOINT");
    let orders = aws.sqs.create_queue().queue_name(format!("{A}-orders")).send().await;
    let orders = orders.expect("sqs:CreateQueue").queue_url().unwrap().to_string();
    let reports = aws
        .sqs
        .create_queue()
        .queue_name(format!("{A}-reports"))
        .tags("stackctl:stack", B)
        .tags("stackctl:id", "queues/reports")
        .send()
        .await;
    let reports = reports.expect("sqs:CreateQueue").queue_url().unwrap().to_string();
    aws.ecr
        .create_repository()
        .repository_name(format!("{A}/web"))
        .tags(aws_sdk_ecr::types::Tag::builder().key("stackctl:stack").value(B).build().unwrap())
        .send()
        .await
        .expect("ecr:CreateRepository");

    let plan = w.run(&["plan", "--json"]).json();
    let conflicts: BTreeMap<&str, (&str, Option<&str>)> = plan["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let reason = c["reason"].as_str().unwrap();
            (c["id"].as_str().unwrap(), (reason, c["import_command"].as_str()))
        })
        .collect();
    assert_eq!(conflicts.len(), 3, "{plan:#}");
    assert!(conflicts["queues/orders"].1.is_some(), "{plan:#}");
    for id in ["queues/reports", "registries/web"] {
        let (reason, command) = conflicts[id];
        assert_eq!(command, None, "{id}: another stack's resource is not importable");
        assert!(reason.contains(&format!("belongs to stack `{B}`")), "{reason}");
        assert!(reason.contains(&format!("destroy stack `{B}`")), "{reason}");
    }

    let all = w.run(&["import", "--all-conflicts", "--auto-approve"]);
    all.expect_code(1, "import --all-conflicts with conflicts it cannot import");
    insta::assert_snapshot!("import_all_conflicts_other_stack", redact(&all.stdout));
    assert!(all.stderr.contains("2 conflict(s) cannot be imported"), "{}", all.stderr);
    assert_eq!(queue_tags(&aws, &orders).await["stackctl:stack"], A, "the untagged one is adopted");
    assert_eq!(
        queue_tags(&aws, &reports).await["stackctl:stack"],
        B,
        "another stack's is left alone"
    );
    let plan = w.run(&["plan", "--json"]).json();
    let left: Vec<&str> = plan["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(left, ["queues/reports", "registries/web"], "{plan:#}");
}

/// A dashboard made by hand under the stack's name: AWS cannot tag it, so it
/// is the stack's by its name, never a conflict, and the plan says so (text
/// and JSON); `import` refuses it with how it is adopted; apply updates it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_made_dashboard_is_adopted_without_import_and_the_plan_says_so() {
    const STACK: &str = "t-imp-dash";
    let w = Workdir::shared(&format!(
        "stack: {STACK}\nregion: us-east-1\nqueues:\n  - name: orders\nmonitoring:\n  dashboard: true\n  cloudtrail: false\n"
    ));
    let cloudwatch = aws_sdk_cloudwatch::Client::new(&crate::support::sdk_config(&w.endpoint).await);
    let body = r##"{"widgets":[{"type":"text","x":0,"y":0,"width":6,"height":3,"properties":{"markdown":"# by hand"}}]}"##;
    cloudwatch
        .put_dashboard()
        .dashboard_name(STACK)
        .dashboard_body(body)
        .send()
        .await
        .expect("cloudwatch:PutDashboard");

    let plan = w.run(&["plan", "--json"]).json();
    assert_eq!(plan["conflicts"], serde_json::json!([]), "{plan:#}");
    let dashboard = plan["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "monitoring/dashboard")
        .expect("the dashboard in the plan");
    assert_eq!(dashboard["action"], "update", "{dashboard:#}");
    assert_eq!(
        dashboard["adopted_without_import"],
        "found by its name: the one with the stack's name is the stack's"
    );
    let queue = plan["resources"].as_array().unwrap().iter().find(|r| r["id"] == "queues/orders");
    assert!(queue.unwrap().get("adopted_without_import").is_none(), "{plan:#}");
    let text = w.run(&["plan"]);
    assert!(
        text.stdout.contains(
            "  # monitoring/dashboard will be updated in place\n  # adopted without import (AWS cannot tag it): found by its name"
        ),
        "{}",
        text.stdout
    );
    let import = w.run(&["import", "monitoring/dashboard", STACK, "--auto-approve"]);
    import.expect_code(1, "import of a dashboard");
    assert!(import.stderr.contains("cannot be tagged"), "{}", import.stderr);

    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply");
    let got = cloudwatch
        .get_dashboard()
        .dashboard_name(STACK)
        .send()
        .await
        .expect("cloudwatch:GetDashboard");
    assert!(
        !got.dashboard_body().unwrap_or_default().contains("by hand"),
        "the file's widgets replace the hand-made ones"
    );
    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "nothing left to do");
}
