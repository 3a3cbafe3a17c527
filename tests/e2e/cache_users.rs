//! ElastiCache RBAC users in their transitional states (README, "Redis
//! authentication"): a user is `creating`, then `active`; `modifying` after
//! ModifyUser, then `active`; AWS refuses ModifyUser and DeleteUser
//! (`InvalidUserState`) and tag calls (404 `UserNotFound`) meanwhile
//! (tests/support/moto_elasticache_users.py). stackctl waits for `active`
//! after CreateUser (before the user group takes the user) and after
//! ModifyUser (before the tag calls), and deletes a user someone else is
//! modifying once it is `active`.

use aws_sdk_elasticache::Client;

use crate::cache_auth::calls;
use crate::support::{Workdir, leftovers, shared_moto};

const STACK: &str = "t-redis-users";

fn stack_yaml(team: &str) -> String {
    format!(
        "stack: {STACK}
region: us-east-1
tags:
  team: {team}
network:
  cidr: 10.44.0.0/16
  availability_zones: 2
  nat_gateways: none
cache:
  node_type: cache.t4g.micro
  auth: iam
"
    )
}

/// Someone else's ModifyUser of the application user: it is `modifying`.
async fn modify_out_of_band(c: &Client, user: &str, access: &str) {
    let out = c
        .modify_user()
        .user_id(user)
        .access_string(access)
        .send()
        .await
        .expect("elasticache:ModifyUser");
    assert_eq!(out.status(), Some("modifying"), "the launcher holds a modified user");
}

/// Describes `user` until it is `active` (bounded: the launcher's holds count describes).
pub(crate) async fn until_active(c: &Client, user: &str) {
    for _ in 0..10 {
        let out = c.describe_users().user_id(user).send().await.expect("elasticache:DescribeUsers");
        if out.users()[0].status() == Some("active") {
            return;
        }
    }
    panic!("{user} never became active");
}

/// Where `line` is in `seen`.
fn at(seen: &[String], line: &str) -> usize {
    seen.iter()
        .position(|l| l == line)
        .unwrap_or_else(|| panic!("no `{line}` in {seen:#?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_are_used_modified_tagged_and_deleted_only_when_active() {
    let c = Client::new(&crate::support::sdk_config(&shared_moto().endpoint).await);
    let (app, default) = (format!("{STACK}-cache-app"), format!("{STACK}-cache-default"));
    let w = Workdir::shared(&stack_yaml("a"));
    let log = w.path().join("calls.log");
    let w = w.env("STACKCTL_CALL_LOG", log.to_str().expect("utf-8 path"));

    // Created, then seen active, before the user group takes them.
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply");
    let seen = calls(&log);
    let group = at(&seen, "ElastiCache.CreateUserGroup");
    for user in [&app, &default] {
        let active = at(&seen, &format!("status elasticache:user/{user} active"));
        assert!(active < group, "{user} was put in its group before it was active: {seen:#?}");
    }

    // One apply changes the application user's access string (back from
    // someone else's) and its tags: ModifyUser, the user active again, then
    // the tag call (AWS answers 404 to a tag call on a `modifying` user).
    modify_out_of_band(&c, &app, "on ~* +@all").await;
    until_active(&c, &app).await;
    std::fs::remove_file(&log).ok();
    w.write_stack(&stack_yaml("b"));
    w.run(&["apply", "--auto-approve"])
        .expect_code(0, "apply the new access string and tags");
    let seen = calls(&log);
    let modify = at(&seen, "ElastiCache.ModifyUser");
    let user = format!("status elasticache:user/{app}");
    let active = modify + at(&seen[modify..], &format!("{user} active"));
    assert!(seen[modify..active].contains(&format!("{user} modifying")), "{seen:#?}");
    let tagged = at(&seen[active..], "ElastiCache.AddTagsToResource");
    assert!(tagged > 0, "{seen:#?}");
    let users = c.describe_users().user_id(&app).send().await.expect("elasticache:DescribeUsers");
    assert_eq!(users.users()[0].access_string(), Some("on ~* &* +@all -@dangerous"));
    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "re-plan after the update");

    // Destroy while someone else's ModifyUser is still under way: DeleteUser
    // is refused (`InvalidUserState`) until the user is active again.
    modify_out_of_band(&c, &app, "on ~* +@all").await;
    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    let left = leftovers(STACK).await;
    assert!(left.is_empty(), "left after destroy:\n  {}", left.join("\n  "));
}

/// What ElastiCache refuses while a user is not `active`, refused by the
/// tests' moto with AWS's HTTP status, code and message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_launcher_refuses_what_elasticache_refuses_while_a_user_is_in_transition() {
    use aws_sdk_elasticache::error::ProvideErrorMetadata;
    use aws_sdk_elasticache::types::{AuthenticationMode, InputAuthenticationType, Tag};

    /// HTTP status, code and message of a refused call.
    macro_rules! refused {
        ($call:expr) => {{
            let e = $call.send().await.expect_err("refused");
            let status = e.raw_response().map(|r| r.status().as_u16());
            (
                status,
                e.code().unwrap_or_default().to_string(),
                e.message().unwrap_or_default().to_string(),
            )
        }};
    }
    let c = Client::new(&crate::support::sdk_config(&shared_moto().endpoint).await);
    let id = "t-user-states-app";
    let created = c
        .create_user()
        .user_id(id)
        .user_name(id)
        .engine("redis")
        .access_string("on ~* +@all")
        .authentication_mode(AuthenticationMode::builder().r#type(InputAuthenticationType::Iam).build())
        .send()
        .await
        .expect("elasticache:CreateUser");
    assert_eq!(created.status(), Some("creating"));
    let arn = created.arn().expect("an ARN").to_string();
    let not_active = (
        Some(400),
        "InvalidUserState".to_string(),
        "The user is not in active state.".to_string(),
    );
    let not_taggable = (Some(404), "UserNotFound".to_string(), format!("{id} is not available for tagging"));
    assert_eq!(refused!(c.modify_user().user_id(id).access_string("off")), not_active);
    assert_eq!(refused!(c.delete_user().user_id(id)), not_active);
    let tag = Tag::builder().key("k").value("v").build();
    assert_eq!(
        refused!(c.add_tags_to_resource().resource_name(&arn).tags(tag.clone())),
        not_taggable
    );
    assert_eq!(refused!(c.list_tags_for_resource().resource_name(&arn)), not_taggable);

    until_active(&c, id).await;
    let modified = c
        .modify_user()
        .user_id(id)
        .access_string("off -@all")
        .send()
        .await
        .expect("ModifyUser");
    assert_eq!(
        (modified.status(), modified.access_string()),
        (Some("modifying"), Some("off -@all"))
    );
    assert_eq!(
        refused!(c.remove_tags_from_resource().resource_name(&arn).tag_keys("k")),
        not_taggable
    );
    assert_eq!(refused!(c.delete_user().user_id(id)), not_active);

    until_active(&c, id).await;
    c.add_tags_to_resource()
        .resource_name(&arn)
        .tags(tag)
        .send()
        .await
        .expect("tagged once active");
    c.delete_user().user_id(id).send().await.expect("deleted once active");
}
