//! Trustworthy in a CI pipeline (issue 15): exit codes a pipeline can read, a
//! closed stdout, SIGTERM and SIGHUP handled like Ctrl-C, an unreachable
//! endpoint and credential problems named as such, `-v` logs, regions checked
//! offline, stale locks, and a huge stack name.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{Aws, Run, Workdir, run_command, shared_moto, stackctl_command, wait_bounded};

/// `stackctl ARGS` in `dir`, with no AWS endpoint.
fn offline(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = stackctl_command(args);
    cmd.current_dir(dir);
    run_command(cmd)
}

fn queues_yaml(stack: &str, queues: &[&str]) -> String {
    let mut yaml = format!("stack: {stack}\nregion: us-east-1\nqueues:\n");
    for q in queues {
        yaml.push_str(&format!("  - name: {q}\n"));
    }
    yaml
}

/// An "AWS endpoint" that records whether anyone connected to it.
struct Tripwire(TcpListener);

impl Tripwire {
    fn new() -> Tripwire {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("non-blocking");
        Tripwire(listener)
    }

    fn endpoint(&self) -> String {
        format!("http://{}", self.0.local_addr().unwrap())
    }

    #[track_caller]
    fn assert_untouched(&self, what: &str) {
        match self.0.accept() {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Ok((_, from)) => panic!("{what} connected to the AWS endpoint (from {from})"),
            Err(e) => panic!("accept: {e}"),
        }
    }
}

#[test]
fn usage_errors_exit_1_help_and_version_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    // An unknown flag must not read as "the plan has changes" (2).
    let typo = offline(dir.path(), &["plan", "--detailed-exitcode", "--target", "x"]);
    typo.expect_code(1, "plan with an unknown flag");
    assert_eq!(typo.stdout, "");
    insta::assert_snapshot!("usage_error_stderr", typo.stderr);
    offline(dir.path(), &["plan", "--parallelism", "0"]).expect_code(1, "an invalid flag value");
    offline(dir.path(), &[]).expect_code(1, "no subcommand");
    let version = offline(dir.path(), &["--version"]);
    version.expect_code(0, "--version");
    assert!(version.stdout.starts_with("stackctl "), "{}", version.stdout);
    offline(dir.path(), &["plan", "--help"]).expect_code(0, "plan --help");
}

/// Runs with stdout's reader gone before stackctl writes anything, as in
/// `stackctl schema | head -0`: every write meets a closed pipe.
fn with_closed_stdout(mut cmd: Command) -> Run {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn stackctl");
    drop(child.stdout.take());
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = wait_bounded(&mut child, Duration::from_secs(120), "stackctl with a closed stdout");
    let code = status.code().unwrap_or_else(|| panic!("ended by a signal ({status}):\n{stderr}"));
    Run {
        code,
        stdout: String::new(),
        stderr,
    }
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("stack.yaml");
    let seed = seed.to_str().unwrap();
    let w = Workdir::shared(&queues_yaml("t-ci-pipe", &["work"]));
    for args in [
        &["schema"][..],
        &["graph", "-f", seed],
        &["graph", "-f", seed, "--format", "json"],
        &["validate", "-f", seed],
        &["--help"],
        &["plan"],
        &["plan", "--json"],
    ] {
        let run = with_closed_stdout(w.command(args));
        run.expect_code(0, &args.join(" "));
        assert_eq!(run.stderr, "", "`{}` wrote to stderr", args.join(" "));
    }
}

/// A TCP proxy in front of moto that holds every request carrying `marker`
/// (an `X-Amz-Target` such as `AmazonSQS.CreateQueue`) until released: an AWS
/// call that is still running when the signal comes.
struct HoldingProxy {
    endpoint: String,
    held: Arc<AtomicUsize>,
    release: Arc<AtomicBool>,
}

impl HoldingProxy {
    fn start(upstream: &str, marker: &'static str) -> HoldingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let upstream = upstream.trim_start_matches("http://").to_string();
        let held = Arc::new(AtomicUsize::new(0));
        let release = Arc::new(AtomicBool::new(false));
        let (h, r) = (held.clone(), release.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(&upstream) else { continue };
                let (mut from_server, mut to_client) = (server.try_clone().unwrap(), client.try_clone().unwrap());
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut from_server, &mut to_client);
                });
                let (h, r) = (h.clone(), r.clone());
                std::thread::spawn(move || forward_holding(client, server, marker, &h, &r));
            }
        });
        HoldingProxy { endpoint, held, release }
    }

    /// Waits (bounded) until a request is being held.
    fn wait_until_holding(&self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while self.held.load(Ordering::SeqCst) == 0 {
            assert!(Instant::now() < deadline, "no request reached the proxy's hold");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn release(&self) {
        self.release.store(true, Ordering::SeqCst);
    }
}

fn forward_holding(mut client: TcpStream, mut server: TcpStream, marker: &str, held: &AtomicUsize, release: &AtomicBool) {
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = match client.read(&mut buf) {
            Ok(0) | Err(_) => {
                let _ = server.shutdown(std::net::Shutdown::Write);
                return;
            }
            Ok(n) => n,
        };
        if buf[..n].windows(marker.len()).any(|w| w == marker.as_bytes()) {
            held.fetch_add(1, Ordering::SeqCst);
            while !release.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        if server.write_all(&buf[..n]).is_err() {
            return;
        }
    }
}

/// A running stackctl whose output is collected as it comes.
struct Running {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Running {
    fn spawn(mut cmd: Command) -> Running {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn stackctl");
        let collect = |mut r: Box<dyn Read + Send>| {
            let text = Arc::new(Mutex::new(String::new()));
            let t = text.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = r.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    t.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
            text
        };
        let stdout = collect(Box::new(child.stdout.take().unwrap()));
        let stderr = collect(Box::new(child.stderr.take().unwrap()));
        Running { child, stdout, stderr }
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits (bounded) until stderr contains `text`.
    fn wait_for_stderr(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !self.stderr.lock().unwrap().contains(text) {
            assert!(
                Instant::now() < deadline,
                "stderr never said `{text}`:\n{}",
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn finish(mut self) -> Run {
        let status = wait_bounded(&mut self.child, Duration::from_secs(120), "the signalled stackctl");
        // Let the readers drain what is left.
        std::thread::sleep(Duration::from_millis(200));
        let (stdout, stderr) = (self.stdout.lock().unwrap().clone(), self.stderr.lock().unwrap().clone());
        let code = status
            .code()
            .unwrap_or_else(|| panic!("ended by a signal ({status}), not by itself\n--- stdout\n{stdout}\n--- stderr\n{stderr}"));
        Run { code, stdout, stderr }
    }
}

/// An apply of three queues, one at a time, whose first create is held.
fn held_apply(stack: &str, grace: &str) -> (HoldingProxy, Workdir, Running) {
    let proxy = HoldingProxy::start(&shared_moto().endpoint, "AmazonSQS.CreateQueue");
    let w = Workdir::new(&proxy.endpoint, &queues_yaml(stack, &["a", "b", "c"]));
    let apply = Running::spawn(w.command(&["apply", "--auto-approve", "--parallelism", "1", "--grace-period", grace]));
    proxy.wait_until_holding();
    (proxy, w, apply)
}

fn assert_unlocked(w: &Workdir, stack: &str) {
    assert!(
        !w.path().join(format!(".stackctl/{stack}.lock")).exists(),
        "the signalled run left its lock"
    );
}

/// SIGTERM: nothing new starts, the running create finishes within the grace
/// period, the summary says what was done and not started, the lock is gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_running_calls_finish_then_releases_the_lock() {
    const STACK: &str = "t-ci-sigterm";
    let aws = Aws::shared().await;
    let (proxy, w, apply) = held_apply(STACK, "5m");
    apply.signal("TERM");
    apply.wait_for_stderr("SIGTERM received: no new operations start");
    proxy.release();
    let run = apply.finish();
    run.expect_code(1, "apply stopped by SIGTERM");
    assert!(
        run.stdout
            .contains("Apply stopped: 1 created, 0 updated, 0 deleted, 0 failed, 0 skipped, 2 not started"),
        "no summary of what was done:\n{}",
        run.stdout
    );
    assert!(run.stderr.contains("error: stopped by SIGTERM;"), "{}", run.stderr);
    assert_unlocked(&w, STACK);
    assert_eq!(aws.queue_names(STACK).await.len(), 1);

    // The next run finishes the job.
    w.run(&["apply", "--auto-approve"]).expect_code(0, "the next apply");
    assert_eq!(aws.queue_names(STACK).await.len(), 3);
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    aws.assert_nothing_left(STACK).await;
}

/// The grace period is bounded: a call still running when it ends is left
/// behind, the lock released and the summary printed all the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_grace_period_ends_and_the_lock_is_released() {
    const STACK: &str = "t-ci-grace";
    let aws = Aws::shared().await;
    let (proxy, w, apply) = held_apply(STACK, "1s");
    apply.signal("TERM");
    let run = apply.finish();
    run.expect_code(1, "apply stopped after the grace period");
    assert!(
        run.stdout
            .contains("Stopped by SIGTERM: 0 created, 0 updated, 0 deleted, 0 failed, 1 still running when stopped, 2 not started"),
        "no summary of what was done:\n{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("error: stopped by SIGTERM with 1 operation(s) still running"),
        "{}",
        run.stderr
    );
    assert_unlocked(&w, STACK);
    proxy.release();
    w.run(&["apply", "--auto-approve"]).expect_code(0, "the next apply");
    assert_eq!(aws.queue_names(STACK).await.len(), 3);
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    aws.assert_nothing_left(STACK).await;
}

/// A second signal (here SIGHUP after SIGTERM) stops at once, however long the
/// grace period, and still releases the lock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_signal_stops_at_once_releasing_the_lock() {
    const STACK: &str = "t-ci-twice";
    let aws = Aws::shared().await;
    let (proxy, w, apply) = held_apply(STACK, "2h");
    apply.signal("TERM");
    apply.wait_for_stderr("SIGTERM received");
    apply.signal("HUP");
    let run = apply.finish();
    run.expect_code(1, "apply stopped by a second signal");
    assert!(run.stdout.contains("Stopped by SIGHUP: "), "{}", run.stdout);
    assert!(run.stdout.contains("1 still running when stopped, 2 not started"), "{}", run.stdout);
    assert_unlocked(&w, STACK);
    proxy.release();
    w.run(&["apply", "--auto-approve"]).expect_code(0, "the next apply");
    assert_eq!(aws.queue_names(STACK).await.len(), 3);
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    aws.assert_nothing_left(STACK).await;
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn an_unreachable_endpoint_fails_fast_naming_it_and_the_region() {
    let port = closed_port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let w = Workdir::new(&endpoint, &queues_yaml("t-ci-unreachable", &["work"]));
    let run = w.run(&["-v", "plan"]);
    run.expect_code(1, "plan against a closed port");
    let last = run.stderr.lines().last().unwrap_or_default().replace(&port.to_string(), "PORT");
    insta::assert_snapshot!("unreachable_endpoint", last);
    // -v shows each attempt as it happens.
    for line in [
        "STS.GetCallerIdentity: attempt 1 failed",
        "STS.GetCallerIdentity: retrying (attempt 2)",
        "STS.GetCallerIdentity: retrying (attempt 3)",
    ] {
        assert!(run.stderr.contains(line), "no `{line}` in\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("attempt 4"), "more than 3 attempts:\n{}", run.stderr);
}

#[test]
fn a_missing_profile_and_missing_credentials_are_named() {
    let wire = Tripwire::new();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(&config, "[profile dev]\nregion = eu-west-1\n").unwrap();
    let w = Workdir::new(&wire.endpoint(), &queues_yaml("t-ci-creds", &["work"])).env("AWS_CONFIG_FILE", config.to_str().unwrap());
    let run = w.run(&["plan", "--profile", "nope"]);
    run.expect_code(1, "plan --profile nope");
    let text = run.stderr.replace(config.to_str().unwrap(), "CONFIG");
    insta::assert_snapshot!("profile_not_found", text);
    wire.assert_untouched("plan --profile nope");

    let mut cmd = w.command(&["plan"]);
    cmd.env_remove("AWS_ACCESS_KEY_ID").env_remove("AWS_SECRET_ACCESS_KEY");
    let run = run_command(cmd);
    run.expect_code(1, "plan without credentials");
    assert!(run.stderr.contains("no AWS credentials found"), "{}", run.stderr);
    assert!(run.stderr.contains("AWS_ACCESS_KEY_ID"), "{}", run.stderr);
    wire.assert_untouched("plan without credentials");
}

#[test]
fn verbose_logs_each_aws_operation_in_plain_text() {
    let w = Workdir::shared(&queues_yaml("t-ci-verbose", &["work"]));
    let quiet = w.run(&["plan"]);
    quiet.expect_code(0, "plan");
    assert_eq!(quiet.stderr, "", "plan without -v logged something");

    let v = w.run(&["-v", "plan"]);
    v.expect_code(0, "plan -v");
    assert!(v.stderr.contains("STS.GetCallerIdentity: ok in "), "{}", v.stderr);
    assert!(v.stderr.contains("SQS.ListQueues: ok in "), "{}", v.stderr);
    assert!(v.stderr.contains("connecting to AWS: region us-east-1"), "{}", v.stderr);
    assert!(!v.stderr.contains('\x1b'), "colour codes in a pipe:\n{}", v.stderr);
    assert!(!v.stderr.contains("aws_smithy_runtime"), "-v shows the SDK's logs:\n{}", v.stderr);

    let vv = w.run(&["-vv", "plan"]);
    vv.expect_code(0, "plan -vv");
    assert!(vv.stderr.contains("aws_smithy_runtime"), "-vv does not show the SDK's logs");
    assert!(!vv.stderr.contains('\x1b'), "colour codes in a pipe");

    let mut cmd = w.command(&["-v", "plan"]);
    cmd.env("STACKCTL_LOG", "off");
    let off = run_command(cmd);
    off.expect_code(0, "STACKCTL_LOG=off plan -v");
    assert_eq!(off.stderr, "", "STACKCTL_LOG does not override -v");
}

#[test]
fn an_unknown_region_is_refused_offline() {
    let wire = Tripwire::new();
    let w = Workdir::new(
        &wire.endpoint(),
        &queues_yaml("t-ci-region", &["work"]).replace("us-east-1", "us-east-9"),
    );
    let run = w.run(&["validate"]);
    run.expect_code(1, "validate with region us-east-9");
    insta::assert_snapshot!("unknown_region_stderr", run.stderr);
    w.run(&["plan"]).expect_code(1, "plan with region us-east-9");
    wire.assert_untouched("plan with region us-east-9");

    w.write_stack(&queues_yaml("t-ci-region", &["work"]));
    let run = w.run(&["plan", "--region", "bogus"]);
    run.expect_code(1, "plan --region bogus");
    insta::assert_snapshot!("unknown_region_flag", run.stderr);
    wire.assert_untouched("plan --region bogus");
}

/// A lock file as a process of this host that is gone left it.
fn stale_lock(w: &Workdir, stack: &str) -> std::path::PathBuf {
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let host = std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    let lock = w.path().join(format!(".stackctl/{stack}.lock"));
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    let info = serde_json::json!({
        "holder": format!("ana@{host} (pid {pid})"),
        "command": "apply",
        "since_unix": 86_400,
        "host": host,
        "pid": pid,
    });
    std::fs::write(&lock, info.to_string()).unwrap();
    lock
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_lock_is_named_and_taken_over_when_the_stack_says_so() {
    const STACK: &str = "t-ci-stale";
    let aws = Aws::shared().await;
    let w = Workdir::shared(&queues_yaml(STACK, &["work"]));
    let lock = stale_lock(&w, STACK);

    let run = w.run(&["apply", "--auto-approve"]);
    run.expect_code(1, "apply with a stale lock");
    for text in [
        "no longer running on this host",
        "stackctl unlock",
        "take_over_stale_locks: true",
        " ago)",
    ] {
        assert!(run.stderr.contains(text), "no `{text}` in\n{}", run.stderr);
    }
    assert!(lock.exists(), "the stale lock was removed without being asked to");
    aws.assert_nothing_left(STACK).await;

    let yaml = queues_yaml(STACK, &["work"]).replace("queues:", "backend:\n  take_over_stale_locks: true\nqueues:");
    w.write_stack(&yaml);
    let run = w.run(&["apply", "--auto-approve"]);
    run.expect_code(0, "apply taking over the stale lock");
    assert!(run.stderr.contains("taking over the stale lock"), "{}", run.stderr);
    assert!(!lock.exists(), "apply left its lock");
    assert_eq!(aws.queue_names(STACK).await.len(), 1);
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    aws.assert_nothing_left(STACK).await;
}

#[test]
fn a_one_megabyte_stack_name_is_one_short_error() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("stack.yaml")).unwrap();
    let huge = seed.replace("\nstack: shop\n", &format!("\nstack: {}\n", "a".repeat(1_000_000)));
    assert!(huge.len() > 1_000_000 && huge.len() < 1 << 20);
    std::fs::write(dir.path().join("stack.yaml"), huge).unwrap();
    let run = offline(dir.path(), &["validate", "--json"]);
    run.expect_code(1, "validate of a 1 MB stack name");
    let v = run.json();
    let diagnostics = v["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{:#}", v["diagnostics"]);
    assert!(run.stdout.len() < 2_000, "a {} byte report", run.stdout.len());
    let run = offline(dir.path(), &["validate"]);
    run.expect_code(1, "validate of a 1 MB stack name");
    assert!(
        run.stderr.contains("1 error found"),
        "{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
}
