//! The stack lock: one apply or destroy of a stack at a time.
//!
//! By default a local file next to the stack file (`.stackctl/<stack>.lock`),
//! created with `create_new` so two processes cannot both get it. For teams, an
//! object in S3 (`backend.lock_bucket`) written with a conditional put
//! (`If-None-Match: *`), which S3 refuses when the object exists. A lock left by
//! a killed process stays until `stackctl unlock` removes it: breaking it
//! automatically could let two applies run at once. The one exception: a local
//! lock written on this host by a process that is no longer running is
//! reported as stale, and taken over when the stack file says
//! `backend.take_over_stale_locks: true`.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::apply::ProviderError;
use crate::aws::error::{AwsResultExt, code_of, sdk_error};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockInfo {
    /// `user@host (pid N)`.
    pub holder: String,
    pub command: String,
    pub since_unix: u64,
    /// The holder's host and process, to tell a stale lock (written by a
    /// process of this host that is gone) from a held one. Absent in locks
    /// written by older versions.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub host: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pid: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// This machine's name, as locks record it.
fn this_host() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}

/// Whether process `pid` of this host still runs (`/proc/PID`; where there is
/// no /proc, every process counts as running, so no lock is ever called stale).
fn process_runs(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

impl LockInfo {
    /// A lock whose content cannot be read is still a lock.
    fn unreadable() -> Self {
        LockInfo {
            holder: "an unknown holder (the lock's content is unreadable)".into(),
            command: "unknown".into(),
            since_unix: 0,
            host: String::new(),
            pid: 0,
        }
    }

    fn parse(bytes: &[u8]) -> Self {
        serde_json::from_slice(bytes).unwrap_or_else(|_| LockInfo::unreadable())
    }

    pub fn mine(command: &str) -> Self {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".into());
        let host = this_host();
        let pid = std::process::id();
        LockInfo {
            holder: format!("{user}@{host} (pid {pid})"),
            command: command.to_string(),
            since_unix: now_unix(),
            host,
            pid,
        }
    }

    /// Written on this host by a process that is no longer running.
    pub fn is_stale(&self) -> bool {
        self.pid != 0 && self.host == this_host() && !process_runs(self.pid)
    }

    /// `since 2026-11-28 06:20:00 UTC (3h12m ago)`.
    fn since(&self) -> String {
        if self.since_unix == 0 {
            return "since an unknown time".into();
        }
        let age = std::time::Duration::from_secs(now_unix().saturating_sub(self.since_unix));
        format!("since {} ({} ago)", utc(self.since_unix), age_text(age))
    }
}

fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// `42s`, `17m`, `3h12m`, `5d4h`.
fn age_text(age: std::time::Duration) -> String {
    let s = age.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h{:02}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d{}h", s / 86_400, s % 86_400 / 3600),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("stack `{stack}` is locked by {} running `{}` {}; if that process is gone, run `stackctl unlock` (lock: {location})", .info.holder, .info.command, .info.since())]
    Held {
        stack: String,
        location: String,
        info: Box<LockInfo>,
    },
    #[error("stack `{stack}` is locked by {} running `{}` {}, but that process is no longer running on this host: the lock is stale. Run `stackctl plan` to see what the stopped run left, then `stackctl unlock`; or set `backend.take_over_stale_locks: true` in the stack file to take such locks over (lock: {location})", .info.holder, .info.command, .info.since())]
    Stale {
        stack: String,
        location: String,
        info: Box<LockInfo>,
    },
    #[error("cannot use the lock file {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot use the lock object: {0}")]
    Aws(#[from] ProviderError),
    #[error("stack `{0}` is not locked")]
    NotLocked(String),
}

pub enum Lock {
    Local(PathBuf),
    S3 {
        client: aws_sdk_s3::Client,
        bucket: String,
        key: String,
    },
}

impl Lock {
    pub fn local(stack_file: &Path, stack: &str) -> Lock {
        let dir = stack_file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Lock::Local(dir.join(".stackctl").join(format!("{stack}.lock")))
    }

    pub fn s3(client: aws_sdk_s3::Client, bucket: &str, stack: &str) -> Lock {
        Lock::S3 {
            client,
            bucket: bucket.to_string(),
            key: format!("stackctl/{stack}.lock"),
        }
    }

    fn location(&self) -> String {
        match self {
            Lock::Local(p) => p.display().to_string(),
            Lock::S3 { bucket, key, .. } => format!("s3://{bucket}/{key}"),
        }
    }

    /// Takes the lock; a stale local lock (see [`LockInfo::is_stale`]) is
    /// taken over when `take_over_stale` says so, with a note on stderr.
    pub async fn acquire_or_take_over(&self, stack: &str, info: &LockInfo, take_over_stale: bool) -> Result<(), LockError> {
        match self.acquire(stack, info).await {
            Err(LockError::Stale { info: stale, .. }) if take_over_stale => {
                eprintln!(
                    "note: taking over the stale lock of stack `{stack}` left by {} (`{}` {}): that process is no longer running",
                    stale.holder,
                    stale.command,
                    stale.since()
                );
                self.release().await?;
                self.acquire(stack, info).await
            }
            other => other,
        }
    }

    pub async fn acquire(&self, stack: &str, info: &LockInfo) -> Result<(), LockError> {
        let body = serde_json::to_vec_pretty(info).expect("lock info serialises");
        let held = |info: LockInfo| {
            let (stack, location) = (stack.to_string(), self.location());
            let stale = info.is_stale();
            let info = Box::new(info);
            if stale {
                LockError::Stale { stack, location, info }
            } else {
                LockError::Held { stack, location, info }
            }
        };
        match self {
            Lock::Local(path) => {
                let io = |source| LockError::Io {
                    path: path.clone(),
                    source,
                };
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(io)?;
                }
                match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
                    Ok(mut f) => std::io::Write::write_all(&mut f, &body).map_err(io),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        Err(held(self.read().await?.unwrap_or_else(LockInfo::unreadable)))
                    }
                    Err(e) => Err(io(e)),
                }
            }
            Lock::S3 { client, bucket, key } => {
                let put = client
                    .put_object()
                    .bucket(bucket)
                    .key(key)
                    .if_none_match("*")
                    .body(body.into())
                    .content_type("application/json")
                    .send()
                    .await;
                match put {
                    Ok(_) => Ok(()),
                    Err(e)
                        if matches!(code_of(&e), Some("PreconditionFailed" | "ConditionalRequestConflict"))
                            || e.raw_response().is_some_and(|r| r.status().as_u16() == 412) =>
                    {
                        Err(held(self.read().await?.unwrap_or_else(LockInfo::unreadable)))
                    }
                    Err(e) => Err(sdk_error("s3:PutObject (lock)", e).into()),
                }
            }
        }
    }

    /// Who holds the lock, if anyone.
    pub async fn read(&self) -> Result<Option<LockInfo>, LockError> {
        match self {
            Lock::Local(path) => match std::fs::read(path) {
                Ok(bytes) => Ok(Some(LockInfo::parse(&bytes))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(source) => Err(LockError::Io {
                    path: path.clone(),
                    source,
                }),
            },
            Lock::S3 { client, bucket, key } => match client.get_object().bucket(bucket).key(key).send().await {
                Ok(out) => {
                    let bytes = out
                        .body
                        .collect()
                        .await
                        .map_err(|e| ProviderError::new("s3:GetObject (lock)", "ReadFailed", e.to_string()))?
                        .into_bytes();
                    Ok(Some(LockInfo::parse(&bytes)))
                }
                Err(e) if code_of(&e) == Some("NoSuchKey") => Ok(None),
                Err(e) => Err(sdk_error("s3:GetObject (lock)", e).into()),
            },
        }
    }

    pub async fn release(&self) -> Result<(), LockError> {
        match self {
            Lock::Local(path) => match std::fs::remove_file(path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(source) => Err(LockError::Io {
                    path: path.clone(),
                    source,
                }),
            },
            Lock::S3 { client, bucket, key } => {
                client
                    .delete_object()
                    .bucket(bucket)
                    .key(key)
                    .send()
                    .await
                    .op("s3:DeleteObject (lock)")?;
                Ok(())
            }
        }
    }

    /// `stackctl unlock`: removes a lock whoever holds it, saying whose it was.
    pub async fn force_release(&self, stack: &str) -> Result<LockInfo, LockError> {
        let info = self.read().await?.ok_or_else(|| LockError::NotLocked(stack.to_string()))?;
        self.release().await?;
        Ok(info)
    }
}

/// `2026-11-28 06:20:00 UTC` from seconds since the epoch (civil-from-days).
pub fn utc(secs: u64) -> String {
    if secs == 0 {
        return "an unknown time".into();
    }
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc() {
        assert_eq!(utc(0), "an unknown time");
        assert_eq!(utc(86_400), "1970-01-02 00:00:00 UTC");
        assert_eq!(utc(1_795_848_000), "2026-11-28 06:40:00 UTC");
    }

    #[tokio::test]
    async fn a_second_local_lock_is_refused_naming_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let lock = Lock::local(&dir.path().join("stack.yaml"), "shop");
        let first = LockInfo {
            holder: "ana@box (pid 1)".into(),
            command: "apply".into(),
            since_unix: 86_400,
            host: String::new(),
            pid: 0,
        };
        lock.acquire("shop", &first).await.unwrap();
        let err = lock.acquire("shop", &LockInfo::mine("destroy")).await.unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("ana@box (pid 1)") && msg.contains("`apply`") && msg.contains("1970-01-02") && msg.contains("stackctl unlock"),
            "{msg}"
        );
        assert_eq!(lock.force_release("shop").await.unwrap(), first);
        lock.acquire("shop", &LockInfo::mine("apply")).await.unwrap();
        lock.release().await.unwrap();
        assert!(matches!(lock.force_release("shop").await, Err(LockError::NotLocked(_))));

        // Garbage in the lock file still locks, and unlock removes it.
        let Lock::Local(path) = &lock else { unreachable!() };
        std::fs::write(path, b"not json").unwrap();
        let msg = lock.acquire("shop", &LockInfo::mine("apply")).await.unwrap_err().to_string();
        assert!(msg.contains("unreadable"), "{msg}");
        assert_eq!(lock.force_release("shop").await.unwrap(), LockInfo::unreadable());
    }
}

#[cfg(test)]
mod stale_tests {
    use super::*;

    /// A lock of this host whose process has ended.
    fn left_by_a_dead_process() -> LockInfo {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        LockInfo {
            holder: format!("ana@{} (pid {pid})", this_host()),
            command: "apply".into(),
            since_unix: now_unix() - 3 * 3600 - 120,
            host: this_host(),
            pid,
        }
    }

    #[tokio::test]
    async fn a_lock_whose_process_is_gone_is_stale_and_taken_over_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let lock = Lock::local(&dir.path().join("stack.yaml"), "shop");
        let dead = left_by_a_dead_process();
        lock.acquire("shop", &dead).await.unwrap();

        let msg = lock.acquire("shop", &LockInfo::mine("apply")).await.unwrap_err().to_string();
        assert!(msg.contains("no longer running") && msg.contains("stackctl unlock"), "{msg}");
        assert!(msg.contains("take_over_stale_locks") && msg.contains("(3h02m ago)"), "{msg}");
        let msg = lock
            .acquire_or_take_over("shop", &LockInfo::mine("apply"), false)
            .await
            .unwrap_err()
            .to_string();
        assert!(msg.contains("stale"), "{msg}");

        lock.acquire_or_take_over("shop", &LockInfo::mine("apply"), true).await.unwrap();
        assert_eq!(lock.read().await.unwrap().unwrap().pid, std::process::id());

        // Our own process runs: its lock is held, not stale, even when asked.
        let msg = lock
            .acquire_or_take_over("shop", &LockInfo::mine("destroy"), true)
            .await
            .unwrap_err()
            .to_string();
        assert!(msg.contains("is locked by") && !msg.contains("stale"), "{msg}");
        lock.release().await.unwrap();
    }
}
