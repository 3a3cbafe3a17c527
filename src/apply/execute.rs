//! One step of an apply against the provider: resolve the node's references
//! from what exists now, compute the `stackctl:hash` of the settings it will
//! set, call the provider, and record what exists afterwards. The walk that
//! orders steps knows none of this (`walk.rs`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::events::{Event, Operation, Phase, Reporter};
use super::provider::{DeleteOptions, Provider, ProviderError, Request};
use super::steps::Step;
use super::walk::Panicked;
use crate::graph::{NodeId, Ref, Value, tag};
use crate::plan::hash::settings_hash;
use crate::plan::{AttrChange, LiveResource, PlannedApply, resolve_props};

/// Why a step failed, kept typed through to the summary and the JSON events
/// (an AWS error keeps its operation and code).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error("timed out after {}; raise the limit with --timeout", super::scheduler::humanize(*.0))]
    TimedOut(Duration),
    #[error("{0} is not in the stack")]
    NotInStack(NodeId),
    #[error("{0}: a referenced resource has no value yet (a stackctl bug: an edge is missing)")]
    UnresolvedReference(NodeId),
    #[error("{0} is not live any more")]
    NotLive(NodeId),
    #[error("{0} does not exist")]
    Missing(NodeId),
    #[error("the step panicked (a stackctl bug): {0}")]
    Panicked(String),
}

impl From<Panicked> for StepError {
    fn from(p: Panicked) -> Self {
        StepError::Panicked(p.0)
    }
}

/// What exists now, as far as the apply knows: the live state it started
/// from, updated by every step that finished.
pub type LiveMap = Arc<Mutex<HashMap<NodeId, LiveResource>>>;

/// Everything a step needs, shared by all steps of one apply.
pub struct Context {
    pub apply: Arc<PlannedApply>,
    pub provider: Arc<dyn Provider>,
    pub reporter: Arc<dyn Reporter>,
    pub live: LiveMap,
    pub delete: DeleteOptions,
}

impl Context {
    fn live(&self, id: &NodeId) -> Option<LiveResource> {
        self.live.lock().expect("live state lock").get(id).cloned()
    }
    fn record(&self, id: &NodeId, resource: LiveResource) {
        self.live.lock().expect("live state lock").insert(id.clone(), resource);
    }
}

pub async fn execute(step: &Step, cx: &Context) -> Result<(), StepError> {
    match step.operation {
        Operation::Create | Operation::Update => create_or_update(step, cx).await,
        Operation::Delete => {
            let Some(current) = cx.live(&step.id) else { return Ok(()) };
            cx.provider.delete(&current, cx.delete).await?;
            cx.live.lock().expect("live state lock").remove(&step.id);
            Ok(())
        }
        Operation::Wait => {
            let current = cx.live(&step.id).ok_or_else(|| StepError::Missing(step.id.clone()))?;
            let progress = |msg: String| {
                cx.reporter.event(Event {
                    id: step.id.clone(),
                    operation: Operation::Wait,
                    phase: Phase::Progress(msg),
                })
            };
            let ready = cx.provider.wait_ready(&current, &progress).await?;
            cx.record(&step.id, ready);
            Ok(())
        }
    }
}

async fn create_or_update(step: &Step, cx: &Context) -> Result<(), StepError> {
    let req = request(step, cx)?;
    let done = if step.operation == Operation::Create {
        cx.provider.create(&req).await?
    } else {
        let current = cx.live(&step.id).ok_or_else(|| StepError::NotLive(step.id.clone()))?;
        cx.provider.update(&req, &current, &applied_changes(step, cx)).await?
    };
    cx.record(&step.id, done);
    Ok(())
}

/// The node with every reference resolved from what exists now, and the tags
/// to set with it: the ownership tags and the hash of exactly those settings.
fn request(step: &Step, cx: &Context) -> Result<Request, StepError> {
    let node = cx.apply.graph.get(&step.id).ok_or_else(|| StepError::NotInStack(step.id.clone()))?;
    let lookup = |r: &Ref| -> Option<Value> { cx.live(&r.node).and_then(|l| l.attrs.get(&r.attr).cloned()) };
    let (props, complete) = resolve_props(node, &lookup);
    if !complete {
        return Err(StepError::UnresolvedReference(step.id.clone()));
    }
    let mut tags = node.tags.clone();
    tags.insert(tag::HASH.to_string(), settings_hash(&props, &node.ignore_changes));
    let mut resolved = node.clone();
    resolved.props = props;
    Ok(Request { node: resolved, tags })
}

/// The plan's changes of the step's resource; ignored differences are shown
/// in the plan, never applied.
fn applied_changes(step: &Step, cx: &Context) -> Vec<AttrChange> {
    cx.apply
        .plan
        .resources
        .iter()
        .find(|r| r.id == step.id)
        .map(|r| r.changes.iter().filter(|c| !c.ignored).cloned().collect())
        .unwrap_or_default()
}
