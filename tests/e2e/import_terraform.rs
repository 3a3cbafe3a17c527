//! Done when (issue 12): a stack exported as Terraform, applied by `terraform
//! apply` against moto, adopted by `stackctl import --all-conflicts`, after
//! which `stackctl plan` has nothing to change. Runs where `terraform` and the
//! hashicorp/aws filesystem mirror are present (as the export tests do).

use std::process::Command;

use crate::export::{provider_mirror, terraform};
use crate::support::{Workdir, shipped_stack};

const STACK: &str = "t-imp-tf";

/// Points every service the export uses at the test's moto.
fn moto_override(endpoint: &str) -> String {
    let services = ["sqs", "s3", "ecr", "sts", "iam", "logs", "kms", "sns", "cloudwatch"];
    let endpoints: String = services.iter().map(|s| format!("    {s} = \"{endpoint}\"\n")).collect();
    format!(
        "provider \"aws\" {{\n  access_key                  = \"test\"\n  secret_key                  = \"test\"\n  skip_credentials_validation = true\n  skip_requesting_account_id  = true\n  skip_metadata_api_check     = true\n  s3_use_path_style           = true\n  endpoints {{\n{endpoints}  }}\n}}\n"
    )
}

#[test]
fn a_terraform_applied_export_is_adopted_with_no_changes_left() {
    if Command::new("terraform").arg("version").output().is_err() {
        println!("skipped: `terraform` is not on the PATH");
        return;
    }
    let mirror = provider_mirror().expect("terraform is installed but no hashicorp/aws mirror (STACKCTL_TF_MIRROR)");
    let w = Workdir::shared(&shipped_stack("examples/minimal.yaml", STACK, Some("us-east-1")));
    let tf = w.path().join("tf");
    w.run(&["export", "terraform", "tf"]).expect_code(0, "export terraform");
    std::fs::write(tf.join("zz_moto_override.tf"), moto_override(&w.endpoint)).unwrap();
    let cli_config = w.path().join("cli.tfrc");
    std::fs::write(
        &cli_config,
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n  direct {{\n    exclude = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n}}\n",
            mirror.display()
        ),
    )
    .unwrap();
    for args in [
        &["init", "-input=false", "-no-color"][..],
        &["apply", "-auto-approve", "-input=false", "-no-color"],
    ] {
        let out = terraform(&tf, &cli_config, args);
        assert!(
            out.status.success(),
            "terraform {args:?} failed\n--- stdout\n{}\n--- stderr\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let import = w.run(&["import", "--all-conflicts", "--auto-approve"]);
    import.expect_code(0, "import --all-conflicts");
    let plan = w.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(plan.code, 0, "changes left after the import:\n{}\n{}", plan.stdout, plan.stderr);
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
}
