//! The plan as a page (`plan --html FILE`), opened in a real browser: headless
//! Chromium runs the page's script, and the DOM it leaves must hold one node per
//! resource of the plan and the plan's counts. A screenshot is kept under
//! `target/test-artifacts/` for a person to look at.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{Workdir, run_command, shipped_stack, stackctl_command, wait_bounded};

/// The resource whose diff the screenshot shows (given in the page's URL).
const SHOWN: &str = "database/primary";

/// Headless Chromium, or `None` when the developer opted out with
/// `STACKCTL_SKIP_BROWSER=1`. A missing browser fails the test: CI installs it.
fn chromium() -> Option<&'static str> {
    let found = Command::new("chromium")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if found {
        return Some("chromium");
    }
    if std::env::var("STACKCTL_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("chromium is not installed; STACKCTL_SKIP_BROWSER=1: the browser test is skipped");
        return None;
    }
    panic!(
        "the HTML page is tested in headless Chromium, which is not installed: \
         `sudo apt-get install -y chromium` (Debian/Ubuntu), or set STACKCTL_SKIP_BROWSER=1 to skip this test"
    );
}

/// Runs Chromium headless on `url` with `args`, its profile in `profile`;
/// returns what it printed.
fn browse(browser: &str, profile: &Path, args: &[&str], url: &str) -> String {
    let out_file = profile.join("stdout.txt");
    let mut child = Command::new(browser)
        .args(["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        .arg(format!("--user-data-dir={}", profile.join("profile").display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_file).expect("chromium stdout file"))
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let status = wait_bounded(&mut child, Duration::from_secs(180), "chromium");
    assert!(status.success(), "chromium {args:?} exited with {status}");
    std::fs::read_to_string(out_file).expect("chromium output")
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&dir).expect("create target/test-artifacts");
    dir
}

#[test]
fn the_plan_page_in_headless_chromium() {
    let Some(browser) = chromium() else { return };
    let w = Workdir::shared(&shipped_stack("stack.yaml", "t-html-seed", None));
    let plan = w.run(&["plan", "--json", "--html", "plan.html"]);
    plan.expect_code(0, "plan --json --html plan.html");
    let doc = plan.json();
    let resources = doc["resources"].as_array().expect("resources").len();
    let summary = &doc["summary"];
    assert!(resources > 10, "the seed stack has {resources} resources");

    let page = w.path().join("plan.html");
    let url = format!("file://{}#{SHOWN}", page.display());
    let dom = browse(browser, w.path(), &["--dump-dom"], &url);

    // The script ran: it counted the drawn nodes into the status line.
    assert!(
        dom.contains(&format!("data-nodes=\"{resources}\" data-ready=\"true\"")),
        "the page's script did not report {resources} nodes:\n{}",
        &dom[..dom.len().min(3000)]
    );
    assert_eq!(dom.matches("<g class=\"node ").count(), resources, "one node per resource");
    assert!(dom.contains(&format!(
        "data-add=\"{}\" data-change=\"{}\" data-destroy=\"{}\"",
        summary["add"], summary["change"], summary["destroy"]
    )));
    assert!(dom.contains(&format!("{} to add", summary["add"])));
    // The resource named in the URL is selected and its diff is shown.
    let node = dom
        .split("<g ")
        .find(|g| g.contains(&format!("data-id=\"{SHOWN}\"")))
        .expect("a node for the resource in the URL");
    assert!(node.starts_with("class=\"node create selected\""), "{}", &node[..80]);
    let visible: Vec<&str> = dom
        .split("<section class=\"diff\" id=\"diff-")
        .skip(1)
        .filter(|s| !s.split('>').next().unwrap_or("").contains("hidden"))
        .collect();
    assert_eq!(visible.len(), 1, "exactly one diff is shown");
    assert!(visible[0].contains(&format!("data-id=\"{SHOWN}\"")));
    assert!(visible[0].contains("will be created"));

    let png = artifacts().join("plan.png");
    let _ = std::fs::remove_file(&png);
    browse(
        browser,
        w.path(),
        &[&format!("--screenshot={}", png.display()), "--window-size=1600,1000"],
        &url,
    );
    let bytes = std::fs::read(&png).expect("chromium saved the screenshot");
    assert!(bytes.starts_with(b"\x89PNG"), "the screenshot is a PNG");
}

/// `graph --format html` needs neither AWS nor a browser: one node per
/// resource of the graph, drawn in the neutral colour (there is no plan).
#[test]
fn graph_as_html_offline() {
    let w = Workdir::new("http://127.0.0.1:9", &shipped_stack("stack.yaml", "t-html-graph", None));
    let mut json = stackctl_command(&["graph", "--format", "json"]);
    json.current_dir(w.path());
    let json = run_command(json);
    json.expect_code(0, "graph --format json");
    let nodes = json.json()["nodes"].as_array().expect("nodes").len();
    let mut html = stackctl_command(&["graph", "--format", "html"]);
    html.current_dir(w.path());
    let html = run_command(html);
    html.expect_code(0, "graph --format html");
    assert!(html.stdout.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.stdout.matches("<g class=\"node resource\"").count(), nodes);
    assert!(html.stdout.contains("<h1>stackctl graph: <code>t-html-graph</code></h1>"));
}
