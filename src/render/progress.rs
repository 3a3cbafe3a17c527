//! The progress view of apply and destroy: one line per event, readable in a
//! terminal and in a CI log alike.

use std::io::Write;
use std::sync::Mutex;
use std::time::Instant;

use crate::apply::scheduler::humanize;
use crate::apply::{Event, Phase, Reporter};

pub struct Lines {
    started: Instant,
    out: Mutex<Box<dyn Write + Send>>,
    color: bool,
}

impl Lines {
    pub fn stdout(color: bool) -> Self {
        Lines {
            started: Instant::now(),
            out: Mutex::new(Box::new(std::io::stdout())),
            color,
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

impl Reporter for Lines {
    fn event(&self, e: Event) {
        let clock = humanize(self.started.elapsed());
        let op = e.operation;
        let line = match &e.phase {
            Phase::Started => format!("{}: {}...", e.id, op.verb()),
            Phase::Progress(msg) => format!("{}: still {} ({msg}) [{clock} since start]", e.id, op.verb()),
            Phase::Done(took) => self.paint("32", &format!("{}: {} [{}]", e.id, op.done(), humanize(*took))),
            Phase::Failed { error, elapsed } => self.paint(
                "31",
                &format!("{}: {} failed after {}: {error}", e.id, op.verb(), humanize(*elapsed)),
            ),
            Phase::Skipped { because } => self.paint("33", &format!("{}: skipped, because {because} failed", e.id)),
            Phase::Cancelled => self.paint("33", &format!("{}: not started (interrupted)", e.id)),
        };
        let mut out = self.out.lock().expect("output lock");
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }
}
