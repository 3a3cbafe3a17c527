//! A Redis user (ElastiCache RBAC): the application's, which authenticates
//! with an IAM token, or the stand-in for AWS's `default` user, switched off.
//! No password is ever sent, read or kept. It is `creating`, then `active`;
//! `modifying` after ModifyUser, then `active`; AWS refuses ModifyUser and
//! DeleteUser (`InvalidUserState`) and tag calls (404 `UserNotFound`) while it
//! is not `active`, so create and update wait for `active`, as
//! terraform-provider-aws's `waitUserCreated` and `waitUserUpdated` do.

use aws_sdk_elasticache::types::{AuthenticationMode, InputAuthenticationType, User};

use super::access_control::AccessControl;
use super::{Aws, created, id_and_arn, user_tags};
use crate::apply::{Progress, ProviderError, Request};
use crate::aws::described::Described;
use crate::aws::error::{AwsResultExt, NotFound};
use crate::aws::props::changed;
use crate::aws::service::Discovered;
use crate::aws::tagging::{self, Tagged};
use crate::aws::tags;
use crate::graph::props::CacheUserProps;
use crate::graph::{Kind, Node, Props, Value};
use crate::plan::{AttrChange, LiveResource};

/// A user's settings in the normal form of the desired properties.
/// DescribeUsers reports a user without a password as `no-password`, which
/// CreateUser's `AuthenticationMode` calls `no-password-required`.
pub(super) fn user_props(u: &User) -> Props {
    let kind = u.authentication().and_then(|a| a.r#type()).map(|t| t.as_str()).unwrap_or_default();
    let authentication_type = match kind {
        "no-password" => CacheUserProps::NO_PASSWORD,
        other => other,
    };
    Props::from(CacheUserProps {
        user_name: u.user_name().unwrap_or_default().to_string(),
        engine: u.engine().unwrap_or_default().to_lowercase(),
        access_string: u.access_string().unwrap_or_default().to_string(),
        authentication_type: authentication_type.to_string(),
    })
}

pub(super) fn user_attrs(u: &User) -> Vec<(&'static str, Value)> {
    id_and_arn(u.user_id().unwrap_or_default(), u.arn().unwrap_or_default())
}

/// The user `id`, or `None` where ElastiCache has none.
pub(super) async fn find_user(aws: &Aws, id: &str) -> Result<Option<User>, ProviderError> {
    let asked = aws.elasticache.describe_users().user_id(id).send().await;
    let out = asked.if_exists("elasticache:DescribeUsers", NotFound::CACHE_USER)?;
    Ok(out.and_then(|o| o.users().first().cloned()))
}

static USERS: Described<User> = Described::new(Kind::CacheUser, "a Redis user", live_user_id, user_attrs, Some(user_props));

/// A user's id; none for one being deleted.
fn live_user_id(u: &User) -> Option<&str> {
    u.user_id().filter(|_| u.status() != Some("deleting"))
}

/// One paginated DescribeUsers for all (it returns every setting), tags per
/// user of the stack's prefix. A user being deleted is gone for the stack.
pub(super) async fn discover(aws: &Aws, tagged: &[Tagged], desired: &[&Node]) -> Result<Discovered, ProviderError> {
    let page = |marker| async move {
        let page = aws.elasticache.describe_users().set_marker(marker).send().await;
        let page = page.op("elasticache:DescribeUsers")?;
        Ok((page.users().to_vec(), page.marker().map(str::to_string)))
    };
    let tags = |arn: String| async move { tagging::listed_or(tagged, &arn, || user_tags::list(aws, &arn)).await };
    USERS.discover(aws, desired, page, tags).await
}

pub(super) async fn read(aws: &Aws, current: &LiveResource) -> Result<Props, ProviderError> {
    let user = find_user(aws, &current.physical_id).await?;
    Ok(user.as_ref().map(user_props).unwrap_or_default())
}

fn authentication(p: &CacheUserProps) -> AuthenticationMode {
    let kind = InputAuthenticationType::from(p.authentication_type.as_str());
    AuthenticationMode::builder().r#type(kind).build()
}

/// CreateUser, then the wait for `active` (as `waitUserCreated`), inside the
/// create rather than as a readiness step (`wait =`): apply plans those only
/// for kinds that settle after create or behind a `ready` edge, and
/// `--no-wait` skips them, while a user that is not active cannot be
/// modified, tagged or deleted, whatever the flags.
pub(super) async fn create(aws: &Aws, req: &Request) -> Result<LiveResource, ProviderError> {
    let p = CacheUserProps::try_from(&req.node.props)?;
    let out = aws
        .elasticache
        .create_user()
        .user_id(&req.node.name)
        .user_name(&p.user_name)
        .engine(&p.engine)
        .access_string(&p.access_string)
        .authentication_mode(authentication(&p))
        .set_tags(Some(tags::to_sdk(&req.tags)?))
        .send()
        .await
        .op("elasticache:CreateUser")?;
    let user = created(req, out.user_id(), out.arn());
    wait_active(aws, &user, &|_| {}).await
}

/// ModifyUser changes the access string in place (the rest replaces), then
/// waits until the user is `active` again: the service's tag sync comes next.
pub(super) async fn update(aws: &Aws, req: &Request, current: &LiveResource, changes: &[AttrChange]) -> Result<(), ProviderError> {
    if changed(changes, &["access_string"]) {
        let p = CacheUserProps::try_from(&req.node.props)?;
        aws.elasticache
            .modify_user()
            .user_id(&current.physical_id)
            .access_string(&p.access_string)
            .send()
            .await
            .op("elasticache:ModifyUser")?;
        wait_active(aws, current, &|_| {}).await?;
    }
    Ok(())
}

const USER: AccessControl<User> = AccessControl {
    log: "elasticache:user",
    noun: "user",
    describe: "elasticache:DescribeUsers",
    not_found: "UserNotFound",
    not_active: "UserNotActive",
    status: User::status,
};

/// Polls until the user is `active`.
pub(super) async fn wait_active(aws: &Aws, current: &LiveResource, progress: Progress<'_>) -> Result<LiveResource, ProviderError> {
    USER.wait_active(current, || find_user(aws, &current.physical_id), progress).await
}

/// AWS takes the user out of its groups; the stand-in `default` user only
/// goes once its group is gone (`DefaultUserAssociatedToUserGroup`), which
/// the delete order (the group's rank above the users') sees to. A user still
/// `creating` or `modifying` (someone else's ModifyUser, an apply stopped
/// mid-way) is refused with `InvalidUserState` (API_DeleteUser): it is
/// deleted once `active`.
pub(super) async fn delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    match send_delete(aws, current).await {
        Err(e) if e.code == "InvalidUserState" => {
            wait_active(aws, current, &|_| {}).await?;
            send_delete(aws, current).await
        }
        other => other,
    }
}

async fn send_delete(aws: &Aws, current: &LiveResource) -> Result<(), ProviderError> {
    let asked = aws.elasticache.delete_user().user_id(&current.physical_id).send().await;
    asked.ok_if_gone("elasticache:DeleteUser", NotFound::CACHE_USER)
}

crate::resource!(CacheUsers for CacheUser: discover, read, create, settings, delete);
