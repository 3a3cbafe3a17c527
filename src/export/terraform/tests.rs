use super::export;
use crate::graph::{ExpandContext, expand};
use crate::stack::load_str;

const SEED: &str = include_str!("../../../stack.yaml");

fn export_of(path: &str, yaml: &str) -> Vec<(String, String)> {
    let loaded = load_str(path, yaml.to_string()).unwrap_or_else(|e| panic!("{path}: {e}"));
    let graph = expand(&loaded.stack, &ExpandContext::default());
    export(&loaded.stack, &graph)
}

fn shipped() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![("stack.yaml".to_string(), root.join("stack.yaml"))];
    let mut examples: Vec<_> = std::fs::read_dir(root.join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    examples.sort();
    files.extend(examples.into_iter().map(|p| (p.display().to_string(), p)));
    files
        .into_iter()
        .map(|(name, p)| (name, std::fs::read_to_string(p).unwrap()))
        .collect()
}

#[test]
fn the_seed_stack_exports_one_file_per_component_and_the_settings() {
    let files = export_of("stack.yaml", SEED);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "network.tf",
            "edge.tf",
            "kubernetes.tf",
            "database.tf",
            "cache.tf",
            "backup.tf",
            "storage.tf",
            "monitoring.tf",
            "terraform.tf",
            "variables.tf",
            "outputs.tf"
        ]
    );
    for (name, text) in &files {
        insta::assert_snapshot!(format!("seed_{}", name.trim_end_matches(".tf")), text);
    }
}

/// Every shipped stack exports to HCL that parses, with no placeholder left
/// and every taggable resource carrying its logical id.
#[test]
fn every_shipped_stack_exports_to_hcl_that_parses() {
    for (path, yaml) in shipped() {
        for (name, text) in export_of(&path, &yaml) {
            let body: hcl::Body = hcl::parse(&text).unwrap_or_else(|e| panic!("{path} -> {name}: {e}\n{text}"));
            assert!(!text.contains("<account-id>"), "{path} -> {name} keeps the account placeholder");
            for block in body.blocks().filter(|b| b.identifier() == "resource") {
                let tags = block.body().attributes().find(|a| a.key() == "tags");
                if let Some(tags) = tags {
                    let tags = tags.expr().to_string();
                    assert!(tags.contains("stackctl:id"), "{path} -> {name}: {tags}");
                }
            }
        }
    }
}

#[test]
fn references_are_terraform_references_not_literals() {
    let files = export_of("stack.yaml", SEED);
    let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
    // Alignment aside (`terraform fmt` aligns the `=` of a block).
    let all = all.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(all.contains("vpc_id = aws_vpc.network_vpc.id"));
    assert!(all.contains("replicate_source_db = aws_db_instance.database_primary.identifier"));
    assert!(all.contains("s3_bucket_name = aws_s3_bucket.buckets_logs.bucket"));
    assert!(!all.contains("known after apply"));
}

/// The resource block `resource "TYPE" "NAME" { ... }` of an exported file.
fn block<'a>(text: &'a str, tf_type: &str, name: &str) -> &'a str {
    let start = text
        .find(&format!("resource \"{tf_type}\" \"{name}\" {{"))
        .unwrap_or_else(|| panic!("no {tf_type}.{name} in\n{text}"));
    let len = text[start..].find("\n}\n").expect("the block ends") + 3;
    &text[start..start + len]
}

/// AWS takes a CloudFront web ACL's logs only in us-east-1, the ACL's region:
/// its log group is on the us-east-1 provider whatever `var.region`, and the
/// logs key (which follows `var.region`) encrypts it only where the stack is
/// in us-east-1 too, as `expand` does; the regional ACL's group follows
/// `var.region`.
#[test]
fn the_cloudfront_web_acls_log_group_lives_in_us_east_1_whatever_the_region() {
    for region in ["us-east-1", "eu-west-1"] {
        let yaml = SEED.replace("region: us-east-1", &format!("region: {region}"));
        let files = export_of("stack.yaml", &yaml);
        let monitoring = &files.iter().find(|(n, _)| n == "monitoring.tf").expect("monitoring.tf").1;
        let cloudfront = block(monitoring, "aws_cloudwatch_log_group", "monitoring_log_group_waf_cloudfront");
        insta::assert_snapshot!(format!("waf_cloudfront_log_group_{region}"), cloudfront);
        let regional = block(monitoring, "aws_cloudwatch_log_group", "monitoring_log_group_waf_regional");
        assert!(!regional.contains("provider"), "{regional}");
        assert!(
            regional.contains("kms_key_id        = aws_kms_key.monitoring_logs_key.arn"),
            "{regional}"
        );
    }
}
