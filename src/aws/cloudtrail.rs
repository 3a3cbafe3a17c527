//! Not yet implemented: its kinds are listed as unmanaged by plans until the
//! service list below names them.

use super::Aws;
use super::service::Discovered;
use super::tagging::Tagged;
use crate::apply::{DeleteOptions, ProviderError, Request};
use crate::graph::{Node, Props};
use crate::plan::{AttrChange, LiveResource};

pub async fn discover(_aws: &Aws, _tagged: &[Tagged], _desired: &[&Node]) -> Result<Discovered, ProviderError> {
    Ok((vec![], vec![]))
}

pub async fn read(_aws: &Aws, live: &LiveResource) -> Result<Props, ProviderError> {
    Err(super::unsupported(live.kind))
}

pub async fn create(_aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    Err(super::unsupported(req.node.kind))
}

pub async fn update(_aws: &Aws, req: &Request, _live: &LiveResource, _changes: &[AttrChange]) -> Result<LiveResource, ProviderError> {
    Err(super::unsupported(req.node.kind))
}

pub async fn delete(_aws: &Aws, live: &LiveResource, _options: DeleteOptions) -> Result<(), ProviderError> {
    Err(super::unsupported(live.kind))
}

crate::service!(CloudTrail, []);
