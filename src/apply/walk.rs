//! A generic walk of a dependency graph, in the manner of cargo's
//! `DependencyQueue`: it knows items by index and which items each one waits
//! for, nothing about resources or AWS. The work of an item is a callback.
//!
//! An item starts the moment everything it waits for has finished, with at most
//! `parallelism` running at once. A failed item (an error, or a panic of its
//! task) skips everything downstream of it while independent branches go on;
//! an interrupt starts nothing new and lets what runs finish, so the caller
//! knows every piece of work that was started when the walk returns.

use std::any::Any;
use std::collections::VecDeque;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use futures::FutureExt;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// How one item of the walk ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ended<E> {
    Done,
    Failed(E),
    /// Not started: the item at this index failed (or was skipped) upstream.
    Skipped(usize),
    /// Not started: the walk was interrupted.
    Cancelled,
}

/// A task that panicked, as an error of the walk's own error type: the walk
/// treats it as a failure (its dependents are skipped), never as "not started".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panicked(pub String);

impl Panicked {
    fn from_payload(payload: Box<dyn Any + Send>) -> Self {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        Panicked(message)
    }
}

/// Hears what the walk does, as it does it (progress lines, JSON events).
pub trait Observer<E>: Send + Sync {
    fn started(&self, item: usize);
    fn finished(&self, item: usize, result: &Result<(), E>, elapsed: Duration);
    fn skipped(&self, item: usize, because: usize);
    fn cancelled(&self, item: usize);
}

/// Walks items `0..waits_for.len()`; `waits_for[i]` lists the items `i` starts
/// after. Returns how each item ended, by index.
pub async fn walk<E, W, F>(
    waits_for: &[Vec<usize>],
    parallelism: usize,
    mut cancel: watch::Receiver<bool>,
    work: W,
    observer: &dyn Observer<E>,
) -> Vec<Ended<E>>
where
    E: From<Panicked> + Send + 'static,
    W: Fn(usize) -> F,
    F: Future<Output = Result<(), E>> + Send + 'static,
{
    let mut queue = Queue::new(waits_for);
    let mut running: JoinSet<(usize, Result<(), E>, Duration)> = JoinSet::new();
    let parallelism = parallelism.max(1);
    let mut cancelled = *cancel.borrow();
    loop {
        while !cancelled && running.len() < parallelism {
            let Some(i) = queue.ready.pop_front() else { break };
            observer.started(i);
            let task = AssertUnwindSafe(work(i)).catch_unwind();
            running.spawn(async move {
                let start = Instant::now();
                let result = task.await.unwrap_or_else(|payload| Err(Panicked::from_payload(payload).into()));
                (i, result, start.elapsed())
            });
        }
        if running.is_empty() {
            break;
        }
        let joined = tokio::select! {
            joined = running.join_next() => joined,
            changed = cancel.changed(), if !cancelled => {
                // A closed channel means nobody can interrupt any more.
                cancelled = changed.is_ok() && *cancel.borrow();
                continue;
            }
        };
        // Every task catches its own panic, and the walk never aborts one:
        // a join error cannot happen, but must not lose the item if it did.
        let Some(Ok((i, result, elapsed))) = joined else { continue };
        observer.finished(i, &result, elapsed);
        match result {
            Ok(()) => queue.done(i),
            Err(e) => queue.failed(i, e, observer),
        }
    }
    queue.finish(observer)
}

/// The walk's bookkeeping: what each item still waits for, who waits for it,
/// and how the finished ones ended.
struct Queue<E> {
    waiting_on: Vec<usize>,
    dependents: Vec<Vec<usize>>,
    ended: Vec<Option<Ended<E>>>,
    ready: VecDeque<usize>,
}

impl<E> Queue<E> {
    fn new(waits_for: &[Vec<usize>]) -> Self {
        let mut dependents = vec![Vec::new(); waits_for.len()];
        for (i, before) in waits_for.iter().enumerate() {
            for &b in before {
                dependents[b].push(i);
            }
        }
        Queue {
            waiting_on: waits_for.iter().map(Vec::len).collect(),
            dependents,
            ended: (0..waits_for.len()).map(|_| None).collect(),
            ready: (0..waits_for.len()).filter(|&i| waits_for[i].is_empty()).collect(),
        }
    }

    fn done(&mut self, i: usize) {
        self.ended[i] = Some(Ended::Done);
        for &d in &self.dependents[i] {
            self.waiting_on[d] -= 1;
            if self.waiting_on[d] == 0 && self.ended[d].is_none() {
                self.ready.push_back(d);
            }
        }
    }

    /// Marks everything downstream of a failed item as skipped (Terraform's
    /// `upstreamFailed`), naming the item that caused it.
    fn failed(&mut self, i: usize, error: E, observer: &dyn Observer<E>) {
        self.ended[i] = Some(Ended::Failed(error));
        let mut stack = self.dependents[i].clone();
        while let Some(d) = stack.pop() {
            if self.ended[d].is_some() {
                continue;
            }
            self.ended[d] = Some(Ended::Skipped(i));
            observer.skipped(d, i);
            stack.extend(self.dependents[d].iter().copied());
        }
    }

    fn finish(self, observer: &dyn Observer<E>) -> Vec<Ended<E>> {
        self.ended
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                e.unwrap_or_else(|| {
                    observer.cancelled(i);
                    Ended::Cancelled
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
