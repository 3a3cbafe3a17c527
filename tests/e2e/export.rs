//! `stackctl export terraform`: offline, never over a user's files, and, where
//! `terraform` is installed, a configuration `terraform validate` accepts.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Run, run_command, stackctl_command};

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn offline(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = stackctl_command(args);
    cmd.current_dir(dir);
    run_command(cmd)
}

#[test]
fn export_writes_the_files_and_never_over_a_directory_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let seed = repo_root().join("stack.yaml");
    let seed = seed.to_str().unwrap();
    let run = offline(dir.path(), &["export", "terraform", "-f", seed, "tf"]);
    run.expect_code(0, "export terraform tf");
    for file in ["network.tf", "edge.tf", "terraform.tf", "variables.tf", "outputs.tf"] {
        assert!(dir.path().join("tf").join(file).is_file(), "no tf/{file}");
    }
    insta::assert_snapshot!("export_terraform_stdout", run.stdout.replace(&*dir.path().to_string_lossy(), "TMP"));

    // A directory with something in it is refused, and left as it was.
    let kept = dir.path().join("tf/network.tf");
    std::fs::write(&kept, "# mine\n").unwrap();
    let again = offline(dir.path(), &["export", "terraform", "-f", seed, "tf"]);
    again.expect_code(1, "export into a directory that is not empty");
    insta::assert_snapshot!("export_terraform_not_empty", again.stderr);
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "# mine\n");

    // --force writes into it.
    offline(dir.path(), &["export", "terraform", "-f", seed, "tf", "--force"]).expect_code(0, "export --force");
    assert_ne!(std::fs::read_to_string(&kept).unwrap(), "# mine\n");
}

#[test]
fn export_of_an_invalid_stack_reports_it_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("stack.yaml"), "stack: Bad_Name\nregion: us-east-1\n").unwrap();
    let run = offline(dir.path(), &["export", "terraform", "tf"]);
    run.expect_code(1, "export of an invalid stack");
    assert!(run.stderr.contains("stack.yaml:1:8"), "{}", run.stderr);
    assert!(!dir.path().join("tf").exists(), "an invalid stack wrote files");
}

/// Where the hashicorp/aws provider's filesystem mirror is: `STACKCTL_TF_MIRROR`,
/// else the usual places (the implied local mirror directories of the
/// Terraform CLI documentation, and /opt/*).
pub(crate) fn provider_mirror() -> Option<PathBuf> {
    let has_aws = |p: &Path| p.join("registry.terraform.io/hashicorp/aws").is_dir();
    if let Ok(p) = std::env::var("STACKCTL_TF_MIRROR") {
        return Some(PathBuf::from(p)).filter(|p| has_aws(p));
    }
    let home = std::env::var("HOME").unwrap_or_default();
    let mut candidates: Vec<PathBuf> = [
        format!("{home}/.terraform.d/plugins"),
        format!("{home}/.local/share/terraform/plugins"),
        "/usr/local/share/terraform/plugins".to_string(),
        "/usr/share/terraform/plugins".to_string(),
        "/usr/share/terraform".to_string(),
    ]
    .into_iter()
    .map(PathBuf::from)
    .collect();
    if let Ok(entries) = std::fs::read_dir("/opt") {
        let mut opt: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        opt.sort();
        for p in opt {
            candidates.push(p.join("plugins"));
            candidates.push(p);
        }
    }
    candidates.into_iter().find(|p| has_aws(p))
}

pub(crate) fn terraform(dir: &Path, cli_config: &Path, args: &[&str]) -> std::process::Output {
    Command::new("terraform")
        .args(args)
        .current_dir(dir)
        .env("TF_CLI_CONFIG_FILE", cli_config)
        .env("TF_IN_AUTOMATION", "1")
        .env("CHECKPOINT_DISABLE", "1")
        .env_remove("TF_PLUGIN_CACHE_DIR")
        .output()
        .expect("run terraform")
}

/// Every shipped stack, exported as one module each of a root configuration,
/// so one `terraform init` and one `terraform validate` check them all.
#[test]
fn every_shipped_export_passes_terraform_validate() {
    if Command::new("terraform").arg("version").output().is_err() {
        println!("skipped: `terraform` is not on the PATH");
        return;
    }
    let mirror = provider_mirror().unwrap_or_else(|| {
        panic!(
            "terraform is installed but no filesystem mirror of hashicorp/aws was found; \
             set STACKCTL_TF_MIRROR to the directory holding registry.terraform.io/hashicorp/aws"
        )
    });
    let root = tempfile::tempdir().unwrap();
    let cli_config = root.path().join("cli.tfrc");
    std::fs::write(
        &cli_config,
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n  direct {{\n    exclude = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n}}\n",
            mirror.display()
        ),
    )
    .unwrap();
    let config = root.path().join("config");
    let mut main = String::new();
    let mut stacks = vec![repo_root().join("stack.yaml")];
    let mut examples: Vec<PathBuf> = std::fs::read_dir(repo_root().join("examples"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    examples.sort();
    stacks.extend(examples);
    for (i, stack) in stacks.iter().enumerate() {
        let module = format!("m{i}");
        let out = config.join(&module);
        offline(
            root.path(),
            &["export", "terraform", "-f", stack.to_str().unwrap(), out.to_str().unwrap()],
        )
        .expect_code(0, &format!("export of {}", stack.display()));
        main.push_str(&format!(
            "# {}\nmodule \"{module}\" {{\n  source = \"./{module}\"\n}}\n\n",
            stack.display()
        ));
    }
    std::fs::write(config.join("main.tf"), main).unwrap();
    for args in [&["init", "-input=false", "-no-color"][..], &["validate", "-no-color"]] {
        let out = terraform(&config, &cli_config, args);
        assert!(
            out.status.success(),
            "terraform {args:?} failed\n--- stdout\n{}\n--- stderr\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn export_help_texts() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [
        ("help_export", &["export", "--help"][..]),
        ("help_export_terraform", &["export", "terraform", "--help"]),
    ] {
        let run = offline(dir.path(), args);
        run.expect_code(0, &args.join(" "));
        insta::assert_snapshot!(name, run.stdout);
    }
}
