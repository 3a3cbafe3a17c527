//! The conventions people expect of a CLI: completions, man pages, `-f` before
//! the command, one output for a script, the plan's JSON contract.

use crate::support::{Workdir, run_command, shipped_stack, stackctl_command};

fn offline(args: &[&str]) -> crate::support::Run {
    let mut cmd = stackctl_command(args);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    run_command(cmd)
}

#[test]
fn completions_for_every_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = offline(&["completions", shell]);
        run.expect_code(0, &format!("completions {shell}"));
        for cmd in ["validate", "plan", "apply", "destroy", "output", "completions", "man"] {
            assert!(run.stdout.contains(cmd), "{shell} completions lack `{cmd}`");
        }
    }
    let bad = offline(&["completions", "tcsh"]);
    bad.expect_code(1, "completions tcsh");
    assert!(bad.stderr.contains("possible values"), "{}", bad.stderr);
}

#[test]
fn man_pages_for_the_tool_and_each_command() {
    let page = offline(&["man"]);
    page.expect_code(0, "man");
    assert!(page.stdout.starts_with(".ie \\n(.g .ds Aq"), "not roff: {}", &page.stdout[..80]);
    assert!(page.stdout.contains(".TH STACKCTL 1"), "no title line");
    assert!(page.stdout.contains("stackctl\\-plan(1)") || page.stdout.contains("plan"));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let run = offline(&["man", "--out", out.to_str().unwrap()]);
    run.expect_code(0, "man --out");
    let mut pages: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    for cmd in ["stackctl.1", "stackctl-plan.1", "stackctl-apply.1", "stackctl-man.1"] {
        assert!(pages.iter().any(|p| p == cmd), "{cmd} not written: {pages:?}");
    }
    let plan = std::fs::read_to_string(out.join("stackctl-plan.1")).unwrap();
    assert!(plan.contains(".TH STACKCTL-PLAN 1"), "{}", &plan[..200]);
    assert!(plan.contains("detailed\\-exitcode"), "the plan page lacks its flags");
}

#[test]
fn the_stack_file_may_come_before_the_command() {
    let before = offline(&["-f", "examples/minimal.yaml", "validate"]);
    before.expect_code(0, "-f before validate");
    let after = offline(&["validate", "-f", "examples/minimal.yaml"]);
    after.expect_code(0, "-f after validate");
    assert_eq!(before.stdout, after.stdout);
    let missing = offline(&["-f", "examples/nope.yaml", "validate"]);
    missing.expect_code(1, "-f of a missing file before validate");
    assert!(missing.stderr.contains("examples/nope.yaml"), "{}", missing.stderr);
}

#[test]
fn the_plan_json_schema() {
    let run = offline(&["schema", "--plan"]);
    run.expect_code(0, "schema --plan");
    insta::assert_snapshot!("plan_json_schema", run.stdout);
}

/// Every key of a `plan --json` document is one its schema names, and every
/// key the schema requires is there: the contract and the output agree.
#[test]
fn plan_json_follows_its_schema() {
    let schema = offline(&["schema", "--plan"]).json();
    let w = Workdir::shared(&shipped_stack("examples/minimal.yaml", "t-conv-json", None));
    let plan = w.run(&["plan", "--json"]);
    plan.expect_code(0, "plan --json");
    let doc = plan.json();
    check_object(&doc, &schema, "plan");
    let resources = doc["resources"].as_array().unwrap();
    let item = &schema["$defs"]["ResourceDocument"];
    for r in resources {
        check_object(r, item, "resource");
        assert!(r["type"].as_str().unwrap().starts_with("aws_"), "{r}");
    }
    // The dead-letter queue's ARN is known only after apply: flagged, not a string.
    let ingest = resources.iter().find(|r| r["id"] == "queues/ingest").unwrap();
    let redrive = ingest["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["attr"] == "redrive_policy")
        .unwrap();
    assert_eq!(
        redrive["new"]["dead_letter_target_arn"],
        serde_json::json!({"unknown": true, "from": "queues/ingest/dead-letter.arn"})
    );
}

fn check_object(doc: &serde_json::Value, schema: &serde_json::Value, what: &str) {
    let props = schema["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{what}: no properties in {schema}"));
    for key in doc.as_object().unwrap().keys() {
        assert!(props.contains_key(key), "{what}: `{key}` is not in the schema");
    }
    for key in schema["required"].as_array().into_iter().flatten() {
        assert!(doc.get(key.as_str().unwrap()).is_some(), "{what}: required `{key}` missing");
    }
}

#[test]
fn output_names_one_value_and_a_missing_stack_is_an_error() {
    let yaml = "stack: t-conv-output\nregion: eu-west-1\nqueues:\n  - name: jobs\n";
    let w = Workdir::shared(yaml);
    let none = w.run(&["output"]);
    none.expect_code(1, "output of a stack that does not exist");
    assert!(
        none.stderr.contains("stack `t-conv-output` has no resources in eu-west-1"),
        "{}",
        none.stderr
    );

    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply");
    let raw = w.run(&["output", "queues/jobs.url", "--raw"]);
    raw.expect_code(0, "output NAME --raw");
    assert!(
        raw.stdout.starts_with("http") && raw.stdout.trim_end().ends_with("t-conv-output-jobs"),
        "{}",
        raw.stdout
    );
    assert_eq!(raw.stdout.lines().count(), 1);
    let json = w.run(&["output", "queues/jobs.url", "--json"]);
    assert_eq!(json.json().as_str().unwrap(), raw.stdout.trim_end());
    let labelled = w.run(&["output", "queues/jobs.url"]);
    assert_eq!(labelled.stdout, format!("queues/jobs.url = {}", raw.stdout));

    let unknown = w.run(&["output", "queues/jobs.arn"]);
    unknown.expect_code(1, "output of an unknown name");
    insta::assert_snapshot!("output_unknown_name", unknown.stderr);
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
}

/// The example workflow is valid YAML and uses the flags the README promises.
#[test]
fn the_github_actions_example_plans_on_pull_requests_and_applies_on_main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/github-actions/stackctl.yml");
    let text = std::fs::read_to_string(path).unwrap();
    let workflow: serde_json::Value = serde_saphyr::from_str(&text).expect("the workflow is YAML");
    assert_eq!(workflow["permissions"]["id-token"], "write", "OIDC needs id-token: write");
    let steps = |job: &str| -> Vec<String> {
        workflow["jobs"][job]["steps"]
            .as_array()
            .unwrap_or_else(|| panic!("no job {job}"))
            .iter()
            .filter_map(|s| s["run"].as_str().map(str::to_string))
            .collect()
    };
    assert!(
        steps("plan")
            .iter()
            .any(|r| r.contains("stackctl plan --detailed-exitcode --markdown plan.md"))
    );
    assert!(steps("apply").iter().any(|r| r.contains("stackctl apply --auto-approve")));
}

/// `apply --json` and `destroy --json`: JSON Lines a CI log or dashboard can
/// read: the plan first, one line per event, the summary last.
#[test]
fn apply_and_destroy_stream_json_lines() {
    let yaml = "stack: t-conv-events\nregion: eu-west-1\nqueues:\n  - name: jobs\nbuckets:\n  - name: data\n";
    let w = Workdir::shared(yaml);
    let refused = w.run(&["apply", "--json"]);
    refused.expect_code(1, "apply --json without --auto-approve");
    assert!(refused.stderr.contains("pass --auto-approve"), "{}", refused.stderr);

    let lines = |run: &crate::support::Run| -> Vec<serde_json::Value> {
        run.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
            .collect()
    };
    let applied = w.run(&["apply", "--auto-approve", "--json"]);
    applied.expect_code(0, "apply --json");
    let events = lines(&applied);
    assert_eq!(events[0]["type"], "plan");
    assert_eq!(events[0]["format_version"], "1.0");
    // The queue, the bucket and the buckets' key.
    assert_eq!(events[0]["summary"]["add"], 3);
    let last = events.last().unwrap();
    assert_eq!(last["type"], "summary", "{last}");
    assert_eq!(last["complete"], true);
    assert_eq!(last["created"], 3);
    assert!(last["outputs"]["queues/jobs.url"].is_string(), "{last}");
    for id in ["queues/jobs", "buckets/data"] {
        let of = |kind: &str| events.iter().filter(|e| e["id"] == id && e["type"] == kind).count();
        assert_eq!((of("started"), of("done")), (1, 1), "{id}: {}", applied.stdout);
        let done = events.iter().find(|e| e["id"] == id && e["type"] == "done").unwrap();
        assert_eq!(done["operation"], "create");
        assert!(done["elapsed_s"].is_number() && done["at_s"].is_number(), "{done}");
    }

    let destroyed = w.run(&["destroy", "--auto-approve", "--json"]);
    destroyed.expect_code(0, "destroy --json");
    let events = lines(&destroyed);
    assert_eq!(events[0]["summary"]["destroy"], 3);
    let last = events.last().unwrap();
    assert_eq!(
        (last["type"].as_str(), last["deleted"].as_u64()),
        (Some("summary"), Some(3)),
        "{last}"
    );
    assert_eq!(last["destroy"], true);
}
