//! What users read, under snapshot: the plan of every shipped stack from
//! nothing (text and JSON), and the graph exports. A change to any of them
//! shows in review as a snapshot diff.

use crate::support::{Workdir, run_command, shipped_stack, stackctl_command};

/// The shipped stack files, with the name each runs under here.
const STACKS: &[(&str, &str)] = &[
    ("stack.yaml", "t-snap-seed"),
    ("examples/minimal.yaml", "t-snap-minimal"),
    ("examples/seed.yaml", "t-snap-example-seed"),
    ("examples/large.yaml", "t-snap-large"),
];

fn snapshot_name(file: &str) -> String {
    file.trim_end_matches(".yaml").replace('/', "_")
}

#[test]
fn plans_of_the_shipped_stacks_from_nothing() {
    for (file, stack) in STACKS {
        let w = Workdir::shared(&shipped_stack(file, stack, None));
        let plan = w.run(&["plan", "--detailed-exitcode"]);
        plan.expect_code(2, &format!("plan of {file}"));
        assert_readable_width(file, &plan.stdout);
        insta::assert_snapshot!(format!("plan_{}", snapshot_name(file)), plan.stdout);
    }
}

/// A reviewer reads a plan without scrolling sideways: no line over 120
/// characters, unless it is one attribute whose value cannot break (a long
/// quoted name).
fn assert_readable_width(file: &str, plan: &str) {
    for line in plan.lines().filter(|l| l.chars().count() > 120) {
        // One quoted string: `+ domain_name = "shop-assets-....amazonaws.com"`.
        let unbreakable = line
            .split_once(" = ")
            .is_some_and(|(_, value)| value.starts_with('"') && value.matches('"').count() == 2);
        assert!(unbreakable, "{file}: a plan line of {} characters:\n{line}", line.chars().count());
    }
}

#[test]
fn plan_json_of_the_minimal_stack() {
    let w = Workdir::shared(&shipped_stack("examples/minimal.yaml", "t-snap-json", None));
    let plan = w.run(&["plan", "--json"]);
    plan.expect_code(0, "plan --json");
    insta::assert_snapshot!("plan_json_minimal", plan.stdout);
}

#[test]
fn plan_json_of_the_seed_stack() {
    let w = Workdir::shared(&shipped_stack("stack.yaml", "t-snap-json-seed", None));
    let plan = w.run(&["plan", "--json"]);
    plan.expect_code(0, "plan --json of the seed stack");
    insta::assert_snapshot!("plan_json_seed", plan.stdout);
}

#[test]
fn graph_exports_of_the_seed_stack() {
    for format in ["dot", "mermaid", "json"] {
        let mut cmd = stackctl_command(&["graph", "--format", format, "-f", "stack.yaml"]);
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
        let run = run_command(cmd);
        run.expect_code(0, &format!("graph --format {format}"));
        insta::assert_snapshot!(format!("graph_seed_{format}"), run.stdout);
    }
}

#[test]
fn markdown_comment_of_the_seed_stack() {
    let w = Workdir::shared(&shipped_stack("stack.yaml", "t-snap-markdown", None));
    let printed = w.run(&["plan", "--markdown", "-"]);
    printed.expect_code(0, "plan --markdown -");
    insta::assert_snapshot!("plan_markdown_seed", printed.stdout);
    // Written to a file, the text plan still goes to stdout (one plan run for
    // the job log and the comment).
    let both = w.run(&["plan", "--markdown", "comment.md"]);
    both.expect_code(0, "plan --markdown comment.md");
    assert!(both.stdout.contains("stackctl will perform the following actions"));
    let written = std::fs::read_to_string(w.path().join("comment.md")).unwrap();
    assert_eq!(written, printed.stdout);
    assert!(written.len() < 65_536);
}
