//! What the scheduler reports while it works; renderers turn events into text.

use std::time::Duration;

use super::execute::StepError;
use crate::graph::NodeId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    Create,
    Update,
    Delete,
    /// Waiting until a resource is ready for its `ready` dependents.
    Wait,
}

impl Operation {
    pub fn verb(self) -> &'static str {
        match self {
            Operation::Create => "creating",
            Operation::Update => "updating",
            Operation::Delete => "deleting",
            Operation::Wait => "waiting for",
        }
    }
    pub fn done(self) -> &'static str {
        match self {
            Operation::Create => "created",
            Operation::Update => "updated",
            Operation::Delete => "deleted",
            Operation::Wait => "ready",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Started,
    /// A long wait's progress (`status: creating`).
    Progress(String),
    Done(Duration),
    Failed {
        error: StepError,
        elapsed: Duration,
    },
    /// Not started because something it depends on failed or was skipped.
    Skipped {
        because: NodeId,
    },
    /// Not started because the apply was interrupted.
    Cancelled,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: NodeId,
    pub operation: Operation,
    pub phase: Phase,
}

/// Receives events; the terminal view and the silent test reporter implement it.
pub trait Reporter: Send + Sync {
    fn event(&self, event: Event);
}

/// A reporter chosen at run time (the terminal lines or the JSON lines).
impl<R: Reporter + ?Sized> Reporter for Box<R> {
    fn event(&self, event: Event) {
        (**self).event(event);
    }
}

/// A reporter that drops every event (tests).
pub struct Silent;

impl Reporter for Silent {
    fn event(&self, _: Event) {}
}
