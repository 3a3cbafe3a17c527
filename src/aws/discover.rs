//! Discovery: the live state of a stack, read in batches. The number of calls
//! grows with the number of services, not of resources: settings that no batch
//! call returns are read per resource only when the hash tag does not vouch
//! for them, or with `--refresh`.

use futures::{StreamExt, TryStreamExt};

use super::{Aws, SERVICES, service, tagging};
use crate::apply::ProviderError;
use crate::graph::{Node, NodeId, Props, ResourceGraph, tag};
use crate::plan::{LiveResource, LiveState};

/// How many per-resource reads run at once.
const READ_CONCURRENCY: usize = 8;

/// The error code of a `read` that found the resource gone: discovery took it
/// from the Tagging API's listing, which may still show a resource deleted
/// moments ago. The resource is then left out of the live state.
pub const GONE: &str = "ResourceGone";

pub async fn discover(aws: &Aws, graph: &ResourceGraph, refresh: bool) -> Result<LiveState, ProviderError> {
    let desired: Vec<&Node> = graph.nodes().iter().collect();
    let tagged = tagging::stack_resources(aws).await?;
    let found = futures::future::try_join_all(SERVICES.iter().map(|s| s.discover(aws, &tagged, &desired))).await?;
    let mut state = LiveState {
        refreshed: refresh,
        ..LiveState::default()
    };
    for (resources, conflicts) in found {
        // A Describe that ignores a tag filter (emulators do, for some
        // resource types) must not hand us another stack's resources: same
        // logical ids, other owner.
        state.resources.extend(
            resources
                .into_iter()
                .filter(|r| r.tags.get(tag::STACK).is_none_or(|s| *s == aws.stack)),
        );
        state.conflicts.extend(conflicts);
    }
    state.resources.sort_by(|a, b| a.id.cmp(&b.id));
    if refresh {
        let ids: Vec<NodeId> = state.resources.iter().map(|r| r.id.clone()).collect();
        read_settings(aws, &mut state, &ids).await?;
    }
    Ok(state)
}

/// Reads the settings of the resources `ids`, a few at a time.
pub async fn read_settings(aws: &Aws, state: &mut LiveState, ids: &[NodeId]) -> Result<(), ProviderError> {
    let targets: Vec<LiveResource> = state.resources.iter().filter(|r| ids.contains(&r.id)).cloned().collect();
    let read: Vec<(NodeId, Option<Props>)> = futures::stream::iter(targets)
        .map(|r| async move {
            match service(r.kind)?.read(aws, &r).await {
                Ok(p) => Ok((r.id.clone(), Some(p))),
                Err(e) if e.code == GONE => {
                    tracing::info!("{}: listed by the Tagging API but gone ({e})", r.id);
                    Ok((r.id.clone(), None))
                }
                Err(e) => Err(e),
            }
        })
        .buffer_unordered(READ_CONCURRENCY)
        .try_collect()
        .await?;
    for (id, props) in read {
        match props {
            Some(props) => {
                if let Some(r) = state.resources.iter_mut().find(|r| r.id == id) {
                    r.props = Some(props);
                }
            }
            None => state.resources.retain(|r| r.id != id),
        }
    }
    Ok(())
}
