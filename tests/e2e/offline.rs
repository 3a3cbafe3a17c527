//! What stackctl does without AWS: invalid files are refused before any AWS
//! call, the examples validate, help texts and diagnostics (snapshots), init.

use std::net::TcpListener;
use std::path::Path;

use crate::support::{Run, Workdir, run_command, stackctl_command};

/// Two errors: the stack name (1:8) and the visibility timeout (5:27).
const INVALID: &str = "stack: Bad_Name
region: us-east-1
queues:
  - name: work
    visibility_timeout_s: 999999
";

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `stackctl ARGS` in `dir`, with no AWS endpoint (nothing may call AWS).
fn offline(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = stackctl_command(args);
    cmd.current_dir(dir);
    run_command(cmd)
}

#[test]
fn an_invalid_stack_file_stops_every_command_before_any_aws_call() {
    // An "AWS endpoint" that records whether anyone connected to it.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("non-blocking");
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let w = Workdir::new(&endpoint, INVALID);
    for args in [
        &["plan"][..],
        &["plan", "--refresh", "--detailed-exitcode"],
        &["apply", "--auto-approve"],
        &["destroy", "--auto-approve"],
    ] {
        let run = w.run(args);
        run.expect_code(1, &args.join(" "));
        assert!(
            run.stderr.contains("--> stack.yaml:1:8"),
            "`{}`: no location of the stack name error:\n{}",
            args.join(" "),
            run.stderr
        );
        assert!(
            run.stderr.contains("--> stack.yaml:5:27"),
            "`{}`: no location of the timeout error:\n{}",
            args.join(" "),
            run.stderr
        );
        assert!(run.stderr.contains("nothing was sent to AWS"), "{}", run.stderr);
        match listener.accept() {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Ok((_, from)) => panic!("`{}` connected to the AWS endpoint (from {from})", args.join(" ")),
            Err(e) => panic!("accept: {e}"),
        }
    }
    assert!(
        !w.path().join(".stackctl").exists(),
        "a lock directory was made for an invalid stack"
    );
}

#[test]
fn every_example_and_the_seed_stack_validate() {
    let mut files: Vec<_> = std::fs::read_dir(repo_root().join("examples"))
        .expect("examples/")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no examples found");
    files.push(repo_root().join("stack.yaml"));
    for file in &files {
        let run = offline(repo_root(), &["validate", "-f", file.to_str().unwrap()]);
        run.expect_code(0, &format!("validate {}", file.display()));
        assert!(run.stdout.contains(": valid: stack `"), "{}", run.stdout);
    }
}

#[test]
fn validate_reports_every_error_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), INVALID).unwrap();
    let run = offline(dir.path(), &["validate", "-f", "bad.yaml"]);
    run.expect_code(1, "validate bad.yaml");
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("validate_two_errors_stderr", run.stderr);

    let json = offline(dir.path(), &["validate", "-f", "bad.yaml", "--json"]);
    json.expect_code(1, "validate --json bad.yaml");
    let v = json.json();
    assert_eq!(v["valid"], false);
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(2), "{v:#}");
}

#[test]
fn help_texts() {
    let dir = tempfile::tempdir().unwrap();
    let top = offline(dir.path(), &["--help"]);
    top.expect_code(0, "stackctl --help");
    insta::assert_snapshot!("help", top.stdout);
    for cmd in [
        "validate",
        "graph",
        "init",
        "schema",
        "plan",
        "apply",
        "destroy",
        "unlock",
        "output",
        "dashboard",
        "completions",
        "man",
    ] {
        let run = offline(dir.path(), &[cmd, "--help"]);
        run.expect_code(0, &format!("stackctl {cmd} --help"));
        assert_eq!(run.stderr, "");
        insta::assert_snapshot!(format!("help_{cmd}"), run.stdout);
    }
}

#[test]
fn init_writes_a_valid_stack_and_never_overwrites_it() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("infra");
    let run = offline(dir.path(), &["init", "infra"]);
    run.expect_code(0, "init infra");
    let file = target.join("stack.yaml");
    assert!(file.is_file(), "init did not write infra/stack.yaml");
    offline(dir.path(), &["validate", "-f", "infra/stack.yaml"]).expect_code(0, "validate of the stack init wrote");

    // The user edits it; a second init must keep the edit.
    let edited = format!("{}# edited by hand\n", std::fs::read_to_string(&file).unwrap());
    std::fs::write(&file, &edited).unwrap();
    let again = offline(dir.path(), &["init", "infra"]);
    again.expect_code(1, "a second init");
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        edited,
        "the second init changed stack.yaml"
    );

    // `init` with no argument writes into the current directory.
    offline(dir.path(), &["init"]).expect_code(0, "init .");
    assert!(dir.path().join("stack.yaml").is_file());
}

/// `buckets[].encryption`: an unknown value and `kms` on the logs bucket are
/// errors naming the line and what to write; `s3` elsewhere is a warning.
#[test]
fn bucket_encryption_is_checked_before_any_aws_call() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "stack: t-enc\nregion: us-east-1\nbuckets:\n  - name: logs\n    encryption: kms\n  - name: data\n    encryption: sse\n  - name: public\n    encryption: s3\nmonitoring:\n  cloudtrail_bucket: logs\n";
    std::fs::write(dir.path().join("enc.yaml"), yaml).unwrap();
    let run = offline(dir.path(), &["validate", "-f", "enc.yaml"]);
    run.expect_code(1, "validate enc.yaml");
    insta::assert_snapshot!("validate_bucket_encryption_stderr", run.stderr);
}

/// `cache.auth: iam` (the default) needs Redis 7 and TLS: each refusal names
/// its line and what to write instead, before any AWS call.
#[test]
fn cache_auth_is_checked_before_any_aws_call() {
    let dir = tempfile::tempdir().unwrap();
    let old = "stack: t-auth\nregion: us-east-1\nnetwork:\n  cidr: 10.20.0.0/16\n  availability_zones: 2\ncache:\n  node_type: cache.t4g.micro\n  engine_version: \"6.2\"\n  encryption_in_transit: false\n";
    std::fs::write(dir.path().join("auth.yaml"), old).unwrap();
    let run = offline(dir.path(), &["validate", "-f", "auth.yaml"]);
    run.expect_code(1, "validate auth.yaml");
    insta::assert_snapshot!("validate_cache_auth_stderr", run.stderr);
    let opted_out = format!("{old}  auth: none\n");
    std::fs::write(dir.path().join("none.yaml"), opted_out).unwrap();
    offline(dir.path(), &["validate", "-f", "none.yaml"]).expect_code(0, "validate none.yaml");
}
