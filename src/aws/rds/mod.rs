//! RDS: the subnet group, the parameter group, the primary instance and its
//! read replicas. One DescribeDBInstances returns every instance with its tags
//! and settings; the groups are one of each per stack. Instances take minutes
//! to become available: replicas wait for their source (a `ready` edge), and
//! deletes wait until AWS no longer has the instance, so replicas are gone
//! before the primary's delete starts.

mod adopt;
mod instance;
mod parameter_group;
mod parameters;
mod snapshots;
mod subnet_group;
mod version;

pub use snapshots::final_snapshots;

use std::time::Duration;

use super::props::{changed, strs};
use super::tags::Tags;
use super::{Aws, resource};
use crate::apply::ProviderError;
use crate::plan::LiveResource;

/// How often readiness and deletion waits ask; the overall bound is the
/// scheduler's `--timeout`.
const POLL: Duration = Duration::from_secs(10);

/// Whether the primary's delete takes a final snapshot. Not an AWS setting:
/// expand sets it as a tag, so that `destroy` (which has only the live resource)
/// knows it, and `read` gives `final_snapshot` back from it.
pub const FINAL_SNAPSHOT_TAG: &str = "stackctl:final-snapshot";

// ---------------------------------------------------------------- helpers

crate::tag_api! {
    /// RDS names a resource by its ARN.
    mod rds_tags for aws_sdk_rds::Client {
        list "rds:ListTagsForResource" = list_tags_for_resource.resource_name -> tag_list;
        tag "rds:AddTagsToResource" = add_tags_to_resource.resource_name.set_tags;
        untag "rds:RemoveTagsFromResource" = remove_tags_from_resource.resource_name.set_tag_keys;
    }
}

/// After every update: the tags, if they changed.
async fn sync_changed_tags(aws: &Aws, live: &LiveResource, desired: &Tags) -> Result<(), ProviderError> {
    rds_tags::sync_changed(&aws.rds, resource::arn(live), &live.tags, desired).await
}

crate::service!(
    Rds: [instance::DbInstances, instance::DbReplicas, subnet_group::DbSubnetGroups, parameter_group::DbParameterGroups],
    sync_tags = sync_changed_tags,
    adopt = (adopt::find, adopt::add_tags),
);
