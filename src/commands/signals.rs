//! SIGINT, SIGTERM and SIGHUP, handled alike: a CI system cancels a job with
//! SIGTERM (GitHub Actions, GitLab, `timeout`), a closed terminal sends SIGHUP,
//! and each deserves what Ctrl-C gets. The first signal asks the run to start
//! nothing new and lets running calls finish within a grace period; a second
//! signal, or the end of the grace period, stops the run at once. Either way
//! the command returns normally, so the lock is released and the summary
//! printed; the process never dies holding the lock.

use std::time::Duration;

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;

/// The signals received so far: how many, and the name of the last one.
#[derive(Debug, Clone, Copy, Default)]
struct Received {
    count: u32,
    last: &'static str,
}

/// Listens from its creation on: from then, these signals no longer end the
/// process by themselves.
pub struct Interrupts {
    received: watch::Receiver<Received>,
}

impl Interrupts {
    /// Starts listening (inside the runtime); `grace` is what the first
    /// signal's message promises the running calls.
    pub fn listen(grace: Duration) -> Interrupts {
        let (tx, rx) = watch::channel(Received::default());
        let kinds = [
            (SignalKind::interrupt(), "SIGINT"),
            (SignalKind::terminate(), "SIGTERM"),
            (SignalKind::hangup(), "SIGHUP"),
        ];
        for (kind, name) in kinds {
            // Registering fails only without a signal driver; then the signal
            // keeps its default action.
            let Ok(mut stream) = signal(kind) else { continue };
            let tx = tx.clone();
            tokio::spawn(async move {
                while stream.recv().await.is_some() {
                    tx.send_modify(|r| {
                        r.count += 1;
                        r.last = name;
                    });
                    if tx.borrow().count == 1 {
                        eprintln!(
                            "\n{name} received: no new operations start; the running ones get {} to finish (send it again to stop now).",
                            crate::apply::scheduler::humanize(grace)
                        );
                    }
                }
            });
        }
        Interrupts { received: rx }
    }

    /// Resolves at the first signal, with its name.
    pub async fn first(&self) -> &'static str {
        let mut rx = self.received.clone();
        match rx.wait_for(|r| r.count >= 1).await {
            Ok(r) => r.last,
            Err(_) => std::future::pending().await,
        }
    }

    /// Resolves when the run must stop without waiting any longer: a second
    /// signal, or `grace` after the first. Returns the last signal's name.
    pub async fn forced(&self, grace: Duration) -> &'static str {
        let first = self.first().await;
        let mut rx = self.received.clone();
        tokio::select! {
            second = rx.wait_for(|r| r.count >= 2) => second.map_or(first, |r| r.last),
            () = tokio::time::sleep(grace) => first,
        }
    }

    /// The signal that interrupted the run, if one did.
    pub fn received(&self) -> Option<&'static str> {
        let r = *self.received.borrow();
        (r.count > 0).then_some(r.last)
    }

    /// A flag that turns true at the first signal, for the scheduler's
    /// "start nothing new".
    pub fn cancel_flag(&self) -> watch::Receiver<bool> {
        let (tx, rx) = watch::channel(self.received.borrow().count > 0);
        let mut received = self.received.clone();
        tokio::spawn(async move {
            if received.wait_for(|r| r.count >= 1).await.is_ok() {
                let _ = tx.send(true);
            }
        });
        rx
    }
}
