//! What every end-to-end test shares: a moto server (one per test binary, or a
//! private one for tests that count requests), a runner for the real
//! `stackctl` binary in a temporary directory, and AWS SDK clients that check
//! the results through the AWS API rather than through stackctl.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use aws_config::{BehaviorVersion, Region};

mod leftovers;
pub use leftovers::leftovers_at;

pub const REGION: &str = "us-east-1";
/// The account moto answers GetCallerIdentity with.
pub const ACCOUNT: &str = "123456789012";

/// Longest a moto server may take to start answering.
const MOTO_START_TIMEOUT: Duration = Duration::from_secs(60);
/// Longest one stackctl command may run before the test fails (a hang is a bug).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(300);

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn launcher() -> PathBuf {
    repo_root().join("tests/support/moto_server.py")
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local addr").port()
}

/// Whether moto answers `GET /moto-api/` on `port` with 200.
fn answers(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(1)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    if s.write_all(b"GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").is_err() {
        return false;
    }
    let mut status = [0u8; 12];
    s.read_exact(&mut status).is_ok() && status.starts_with(b"HTTP/1.") && &status[9..12] == b"200"
}

/// Starts the launcher on a free port and waits (bounded) until it answers.
/// Retries with another port if the server dies at once (the port was taken
/// between probing and binding).
fn start_moto(log: &Path, env: &[(&str, &str)]) -> (Child, u16) {
    let mut last_error = String::new();
    for _ in 0..3 {
        let port = free_port();
        let stderr = std::fs::File::create(log).expect("create the moto log");
        let mut child = Command::new("python3")
            .arg(launcher())
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env("PYTHONUNBUFFERED", "1")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("start python3 tests/support/moto_server.py");
        let deadline = Instant::now() + MOTO_START_TIMEOUT;
        loop {
            if let Some(status) = child.try_wait().expect("poll moto") {
                last_error = format!("moto exited with {status}: {}", std::fs::read_to_string(log).unwrap_or_default());
                break;
            }
            if answers(port) {
                return (child, port);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "moto did not answer on port {port} within {MOTO_START_TIMEOUT:?}: {}",
                    std::fs::read_to_string(log).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("could not start moto: {last_error}");
}

/// The moto server shared by every test of this binary. Tests keep out of each
/// other's way by using distinct stack names.
pub struct SharedMoto {
    pub endpoint: String,
    pub log: PathBuf,
}

pub fn shared_moto() -> &'static SharedMoto {
    static SHARED: OnceLock<SharedMoto> = OnceLock::new();
    SHARED.get_or_init(|| {
        let log_path = shared_log_path();
        let thread_log_path = log_path.clone();
        // The launcher asks Linux to end moto when the *thread* that spawned it
        // exits (PR_SET_PDEATHSIG), so spawn it from a thread that lives as long
        // as the test binary, not from whichever test came first.
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("shared-moto".into())
            .spawn(move || {
                let (mut child, port) = start_moto(&thread_log_path, &[]);
                tx.send(port).expect("report the moto port");
                let status = child.wait();
                eprintln!("the shared moto server exited: {status:?}");
            })
            .expect("spawn the moto thread");
        let port = rx.recv().expect("the shared moto server started");
        SharedMoto {
            endpoint: format!("http://127.0.0.1:{port}"),
            log: log_path,
        }
    })
}

/// `target/tmp/e2e-moto-shared-<pid>.log`: kept after the run for a look at
/// what moto did; the logs of earlier runs whose process is gone are removed.
fn shared_log_path() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let pid = name.strip_prefix("e2e-moto-shared-").and_then(|n| n.strip_suffix(".log"));
            if let Some(pid) = pid
                && !Path::new("/proc").join(pid).exists()
            {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    dir.join(format!("e2e-moto-shared-{}.log", std::process::id()))
}

/// A moto server of one test, ended when dropped: for tests that count the
/// requests stackctl makes (each request is one access-log line on stderr).
pub struct PrivateMoto {
    child: Child,
    pub endpoint: String,
    log: tempfile::TempPath,
}

impl PrivateMoto {
    pub fn start() -> PrivateMoto {
        PrivateMoto::start_with_env(&[])
    }

    /// With extra environment for the launcher (e.g. `STACKCTL_E2E_FAULTS`).
    pub fn start_with_env(env: &[(&str, &str)]) -> PrivateMoto {
        let log = tempfile::Builder::new()
            .prefix("stackctl-e2e-moto-")
            .suffix(".log")
            .tempfile()
            .expect("temp file")
            .into_temp_path();
        let (child, port) = start_moto(&log, env);
        PrivateMoto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    /// AWS requests served so far: access-log lines, without moto's own API.
    pub fn requests(&self) -> usize {
        let text = std::fs::read_to_string(&self.log).expect("read the moto log");
        count_requests(&text)
    }
}

impl Drop for PrivateMoto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Lines of a werkzeug access log that are AWS requests: `"GET /path HTTP/1.1" 200 -`
/// and so on, not counting `/moto-api` (the tests' readiness probe).
pub fn count_requests(log: &str) -> usize {
    const METHODS: [&str; 6] = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"];
    log.lines()
        .filter(|line| METHODS.iter().any(|m| line.contains(&format!("\"{m} "))))
        .filter(|line| !line.contains("/moto-api"))
        .count()
}

/// The result of one stackctl command.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the whole output unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32, what: &str) -> &Run {
        assert_eq!(
            self.code, code,
            "{what}: expected exit code {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\n--- stderr\n{}", self.stdout, self.stderr))
    }
}

/// A temporary directory holding a stack file, where stackctl runs against
/// one endpoint.
pub struct Workdir {
    pub dir: tempfile::TempDir,
    pub endpoint: String,
    env: Vec<(String, String)>,
}

impl Workdir {
    /// A workdir whose stackctl talks to the shared moto server.
    pub fn shared(stack_yaml: &str) -> Workdir {
        Workdir::new(&shared_moto().endpoint, stack_yaml)
    }

    pub fn new(endpoint: &str, stack_yaml: &str) -> Workdir {
        let w = Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
            endpoint: endpoint.to_string(),
            env: Vec::new(),
        };
        w.write_stack(stack_yaml);
        w
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn stack_file(&self) -> PathBuf {
        self.path().join("stack.yaml")
    }

    pub fn write_stack(&self, yaml: &str) {
        std::fs::write(self.stack_file(), yaml).expect("write stack.yaml");
    }

    /// Adds an environment variable to every later command.
    pub fn env(mut self, key: &str, value: &str) -> Workdir {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// The stackctl command, ready to spawn: cwd, AWS test credentials, the
    /// endpoint, no colour, nothing from the developer's own AWS configuration.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = stackctl_command(args);
        cmd.current_dir(self.path()).env("AWS_ENDPOINT_URL", &self.endpoint);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run_command(self.command(args))
    }
}

/// `stackctl ARGS` with a clean, deterministic environment (no endpoint).
pub fn stackctl_command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stackctl"));
    cmd.args(args)
        .stdin(Stdio::null())
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("STACKCTL_LOG")
        .env_remove("STACKCTL_MAX_ATTEMPTS")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", REGION)
        .env("AWS_DEFAULT_REGION", REGION)
        .env("AWS_CONFIG_FILE", "/nonexistent/stackctl-e2e/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/stackctl-e2e/credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    cmd
}

/// Runs to completion (bounded by COMMAND_TIMEOUT), capturing both streams.
pub fn run_command(mut cmd: Command) -> Run {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn stackctl");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let status = wait_bounded(&mut child, COMMAND_TIMEOUT, &format!("{cmd:?}"));
    let stdout = out_reader.join().expect("stdout reader");
    let stderr = err_reader.join().expect("stderr reader");
    let code = status
        .code()
        .unwrap_or_else(|| panic!("stackctl ended by a signal ({status})\n--- stdout\n{stdout}\n--- stderr\n{stderr}"));
    Run { code, stdout, stderr }
}

/// Waits for `child`, killing it and failing the test past `limit`.
pub fn wait_bounded(child: &mut Child, limit: Duration, what: &str) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("poll the child") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Reads `reader` line by line until `stop` says so (or the stream ends);
/// returns the lines read.
pub fn read_lines_until(reader: impl Read, mut stop: impl FnMut(&str) -> bool) -> Vec<String> {
    let mut lines = Vec::new();
    for line in BufReader::new(reader).lines() {
        let Ok(line) = line else { break };
        let done = stop(&line);
        lines.push(line);
        if done {
            break;
        }
    }
    lines
}

/// The AWS name of bucket `name` of `stack` (as stackctl names it).
pub fn bucket_name(stack: &str, name: &str) -> String {
    format!("{stack}-{name}-{REGION}-{ACCOUNT}")
}

/// Everything of `stack` still in the shared moto server, kind by kind through
/// each service's own API (see `leftovers`): empty after a complete destroy.
pub async fn leftovers(stack: &str) -> Vec<String> {
    leftovers_at(&shared_moto().endpoint, stack).await
}

/// SDK clients for checking AWS directly, not through stackctl.
/// The SDK's configuration for the tests' moto at `endpoint`: the tests'
/// region and credentials. Every test builds its clients from it.
pub async fn sdk_config(endpoint: &str) -> aws_config::SdkConfig {
    sdk_config_in(endpoint, REGION).await
}

/// [`sdk_config`] for another region than the tests' own.
pub async fn sdk_config_in(endpoint: &str, region: &'static str) -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new(region))
        .credentials_provider(aws_sdk_sqs::config::Credentials::new("test", "test", None, None, "test"))
        .load()
        .await
}

/// The attributes of the stack's ALB (`<stack>-alb`), by key.
pub async fn alb_attributes(elbv2: &aws_sdk_elasticloadbalancingv2::Client, stack: &str) -> BTreeMap<String, String> {
    let lbs = elbv2
        .describe_load_balancers()
        .names(format!("{stack}-alb"))
        .send()
        .await
        .expect("elbv2:DescribeLoadBalancers");
    let arn = lbs.load_balancers()[0].load_balancer_arn().expect("the ALB's ARN");
    let attrs = elbv2
        .describe_load_balancer_attributes()
        .load_balancer_arn(arn)
        .send()
        .await
        .expect("elbv2:DescribeLoadBalancerAttributes");
    attrs
        .attributes()
        .iter()
        .filter_map(|a| Some((a.key()?.to_string(), a.value()?.to_string())))
        .collect()
}

/// S3 at moto: path-style addresses (a loopback address has no bucket
/// subdomains).
pub fn s3_client(config: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(config).force_path_style(true).build())
}

pub struct Aws {
    pub endpoint: String,
    pub sqs: aws_sdk_sqs::Client,
    pub s3: aws_sdk_s3::Client,
    pub ecr: aws_sdk_ecr::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub tagging: aws_sdk_resourcegroupstagging::Client,
}

impl Aws {
    pub async fn new(endpoint: &str) -> Aws {
        let config = sdk_config(endpoint).await;
        Aws {
            endpoint: endpoint.to_string(),
            sqs: aws_sdk_sqs::Client::new(&config),
            s3: s3_client(&config),
            ecr: aws_sdk_ecr::Client::new(&config),
            logs: aws_sdk_cloudwatchlogs::Client::new(&config),
            tagging: aws_sdk_resourcegroupstagging::Client::new(&config),
        }
    }

    pub async fn shared() -> Aws {
        Aws::new(&shared_moto().endpoint).await
    }

    /// Names of the queues whose name starts with `<stack>-`.
    pub async fn queue_names(&self, stack: &str) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        let mut token = None;
        loop {
            let page = self
                .sqs
                .list_queues()
                .queue_name_prefix(format!("{stack}-"))
                .max_results(1000)
                .set_next_token(token)
                .send()
                .await
                .expect("sqs:ListQueues");
            names.extend(
                page.queue_urls()
                    .iter()
                    .map(|u| u.rsplit('/').next().unwrap_or_default().to_string()),
            );
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return names;
            }
        }
    }

    /// Every queue URL of the stack, by name (with duplicates, if AWS had any).
    pub async fn queue_urls(&self, stack: &str) -> Vec<String> {
        let page = self
            .sqs
            .list_queues()
            .queue_name_prefix(format!("{stack}-"))
            .max_results(1000)
            .send()
            .await
            .expect("sqs:ListQueues");
        page.queue_urls().to_vec()
    }

    pub async fn queue_url(&self, name: &str) -> String {
        self.sqs
            .get_queue_url()
            .queue_name(name)
            .send()
            .await
            .expect("sqs:GetQueueUrl")
            .queue_url()
            .expect("queue url")
            .to_string()
    }

    /// Names of the buckets of `stack` (`<stack>-...-<region>-<account>`), with duplicates.
    pub async fn bucket_names(&self, stack: &str) -> Vec<String> {
        let out = self.s3.list_buckets().send().await.expect("s3:ListBuckets");
        let suffix = format!("-{REGION}-{ACCOUNT}");
        out.buckets()
            .iter()
            .filter_map(|b| b.name())
            .filter(|n| n.starts_with(&format!("{stack}-")) && n.ends_with(&suffix))
            .map(str::to_string)
            .collect()
    }

    /// ECR repositories named `<stack>/...`.
    pub async fn repository_names(&self, stack: &str) -> Vec<String> {
        let out = self.ecr.describe_repositories().send().await.expect("ecr:DescribeRepositories");
        out.repositories()
            .iter()
            .filter_map(|r| r.repository_name())
            .filter(|n| n.starts_with(&format!("{stack}/")))
            .map(str::to_string)
            .collect()
    }

    /// Log groups under `/stackctl/<stack>/`.
    pub async fn log_group_names(&self, stack: &str) -> Vec<String> {
        let out = self
            .logs
            .describe_log_groups()
            .log_group_name_prefix(format!("/stackctl/{stack}/"))
            .send()
            .await
            .expect("logs:DescribeLogGroups");
        out.log_groups()
            .iter()
            .filter_map(|g| g.log_group_name())
            .map(str::to_string)
            .collect()
    }

    /// ARNs of everything the Resource Groups Tagging API finds with the tag
    /// `stackctl:stack=<stack>`.
    pub async fn tagged_arns(&self, stack: &str) -> Vec<String> {
        tagged_resources(&self.tagging, stack)
            .await
            .iter()
            .filter_map(|m| m.resource_arn())
            .map(str::to_string)
            .collect()
    }

    /// Asserts that nothing of `stack` is left in AWS, every kind checked
    /// through its own service's API (`leftovers`).
    pub async fn assert_nothing_left(&self, stack: &str) {
        let left = leftovers_at(&self.endpoint, stack).await;
        assert!(left.is_empty(), "resources of stack {stack} are left:\n  {}", left.join("\n  "));
    }
}

impl PrivateMoto {
    /// HTTP statuses of the AWS requests served so far, from the access log.
    pub fn statuses(&self) -> Vec<u16> {
        let text = std::fs::read_to_string(&self.log).expect("read the moto log");
        text.lines()
            .filter(|l| !l.contains("/moto-api"))
            .filter_map(|l| l.split("HTTP/1.1\" ").nth(1))
            .filter_map(|rest| rest.split(' ').next()?.parse().ok())
            .collect()
    }
}

/// Every resource the Resource Groups Tagging API lists with the tag
/// `stackctl:stack=<stack>`, all pages.
pub async fn tagged_resources(
    tagging: &aws_sdk_resourcegroupstagging::Client,
    stack: &str,
) -> Vec<aws_sdk_resourcegroupstagging::types::ResourceTagMapping> {
    let filter = aws_sdk_resourcegroupstagging::types::TagFilter::builder()
        .key("stackctl:stack")
        .values(stack)
        .build();
    let mut found = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = tagging
            .get_resources()
            .tag_filters(filter.clone())
            .set_pagination_token(token)
            .send()
            .await
            .expect("tagging:GetResources");
        found.extend(page.resource_tag_mapping_list().iter().cloned());
        token = page.pagination_token().filter(|t| !t.is_empty()).map(str::to_string);
        if token.is_none() {
            return found;
        }
    }
}

/// A shipped stack file (`stack.yaml`, `examples/...`) with its `stack:` line
/// replaced, so each test owns its stack; `region` replaces the `region:` line
/// when given.
pub fn shipped_stack(file: &str, stack: &str, region: Option<&str>) -> String {
    let path = repo_root().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(|l| match region {
            _ if l.starts_with("stack:") => format!("stack: {stack}"),
            Some(r) if l.starts_with("region:") => format!("region: {r}"),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}
