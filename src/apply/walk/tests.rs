//! The generic walk on its own: items are indices, work is a closure, and
//! tokio's paused clock makes order and concurrency exact.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

const TICK: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, PartialEq)]
enum Error {
    Broken(usize),
    Panicked(String),
}

impl From<Panicked> for Error {
    fn from(p: Panicked) -> Self {
        Error::Panicked(p.0)
    }
}

#[derive(Default)]
struct Log(Mutex<Vec<String>>);

impl Observer<Error> for Log {
    fn started(&self, item: usize) {
        self.0.lock().unwrap().push(format!("start {item}"));
    }
    fn finished(&self, item: usize, result: &Result<(), Error>, _: Duration) {
        let how = if result.is_ok() { "done" } else { "failed" };
        self.0.lock().unwrap().push(format!("{how} {item}"));
    }
    fn skipped(&self, item: usize, because: usize) {
        self.0.lock().unwrap().push(format!("skip {item} because {because}"));
    }
    fn cancelled(&self, item: usize) {
        self.0.lock().unwrap().push(format!("cancel {item}"));
    }
}

/// Each item takes one tick; `fail` items return an error, `panic` items panic.
async fn run(waits_for: &[Vec<usize>], parallelism: usize, fail: &[usize], panic: &[usize]) -> (Vec<Ended<Error>>, Vec<String>) {
    let (_tx, rx) = watch::channel(false);
    let log = Log::default();
    let (fail, panic) = (fail.to_vec(), panic.to_vec());
    let work = |i: usize| {
        let (fail, panic) = (fail.clone(), panic.clone());
        async move {
            tokio::time::sleep(TICK).await;
            assert!(!panic.contains(&i), "item {i} panicked");
            if fail.contains(&i) { Err(Error::Broken(i)) } else { Ok(()) }
        }
    };
    let ended = walk(waits_for, parallelism, rx, work, &log).await;
    (ended, log.0.into_inner().unwrap())
}

#[tokio::test(start_paused = true)]
async fn an_item_starts_when_everything_it_waits_for_is_done() {
    // 0 -> 1 -> 3, 0 -> 2 -> 3
    let (ended, log) = run(&[vec![], vec![0], vec![0], vec![1, 2]], 4, &[], &[]).await;
    assert!(ended.iter().all(|e| *e == Ended::Done));
    let pos = |line: &str| log.iter().position(|l| l == line).unwrap();
    assert!(pos("done 0") < pos("start 1") && pos("done 0") < pos("start 2"));
    assert!(pos("done 1") < pos("start 3") && pos("done 2") < pos("start 3"));
}

#[tokio::test(start_paused = true)]
async fn at_most_parallelism_items_run_at_once() {
    let (in_flight, max) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let (in_flight, max) = (std::sync::Arc::new(in_flight), std::sync::Arc::new(max));
    let (_tx, rx) = watch::channel(false);
    let work = |_: usize| {
        let (in_flight, max) = (in_flight.clone(), max.clone());
        async move {
            let n = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            max.fetch_max(n, Ordering::SeqCst);
            tokio::time::sleep(TICK).await;
            in_flight.fetch_sub(1, Ordering::SeqCst);
            Ok::<(), Error>(())
        }
    };
    let started = tokio::time::Instant::now();
    walk(&vec![vec![]; 7], 2, rx, work, &Log::default()).await;
    assert_eq!(max.load(Ordering::SeqCst), 2);
    assert_eq!(started.elapsed(), 4 * TICK, "7 items, 2 at a time: 4 rounds");
}

#[tokio::test(start_paused = true)]
async fn a_failure_or_a_panic_skips_what_is_downstream_only() {
    // 0 fails -> 1 -> 2; 3 panics -> 4; 5 is independent.
    let waits_for = [vec![], vec![0], vec![1], vec![], vec![3], vec![]];
    let (ended, log) = run(&waits_for, 4, &[0], &[3]).await;
    assert_eq!(ended[0], Ended::Failed(Error::Broken(0)));
    assert_eq!(ended[1], Ended::Skipped(0));
    assert_eq!(ended[2], Ended::Skipped(0));
    assert!(matches!(&ended[3], Ended::Failed(Error::Panicked(m)) if m.contains("item 3 panicked")));
    assert_eq!(ended[4], Ended::Skipped(3));
    assert_eq!(ended[5], Ended::Done);
    assert!(log.contains(&"failed 3".to_string()), "a panic is reported as a failure: {log:?}");
    assert!(!log.iter().any(|l| l.starts_with("cancel")), "{log:?}");
}

#[tokio::test(start_paused = true)]
async fn an_interrupt_starts_nothing_new_and_lets_running_items_finish() {
    let (tx, rx) = watch::channel(false);
    let log = Log::default();
    let work = |_: usize| async move {
        tokio::time::sleep(TICK).await;
        Ok::<(), Error>(())
    };
    let interrupt = async {
        tokio::time::sleep(TICK / 2).await;
        tx.send(true).unwrap();
    };
    let waits_for = [vec![], vec![0], vec![]];
    let (ended, ()) = tokio::join!(walk(&waits_for, 1, rx, work, &log), interrupt);
    assert_eq!(ended, vec![Ended::Done, Ended::Cancelled, Ended::Cancelled]);
    let log = log.0.into_inner().unwrap();
    assert_eq!(log, ["start 0", "done 0", "cancel 1", "cancel 2"]);
}
