//! Redis AUTH through ElastiCache RBAC (README, "Redis authentication"): the
//! replication group admits the stack's user group only, whose application
//! user signs in with IAM and whose `default` user is off; `cache.auth: none`
//! takes the group off the cache and deletes it, `iam` again gives it back to
//! the running cache (ModifyReplicationGroup), each re-planned clean; destroy
//! leaves nothing. And the launcher refuses what ElastiCache refuses around
//! user groups (tests/support/moto_elasticache_rbac.py).

use aws_sdk_elasticache::Client;
use aws_sdk_elasticache::types::{AuthenticationMode, InputAuthenticationType};

use crate::support::{Workdir, leftovers, shared_moto};

const STACK: &str = "t-redis-auth";

fn stack_yaml(auth: &str) -> String {
    format!(
        "stack: {STACK}
region: us-east-1
network:
  cidr: 10.43.0.0/16
  availability_zones: 2
  nat_gateways: none
cache:
  node_type: cache.t4g.micro
  auth: {auth}
"
    )
}

async fn client() -> Client {
    Client::new(&crate::support::sdk_config(&shared_moto().endpoint).await)
}

/// The replication group's user groups.
async fn user_groups_of_cache(c: &Client) -> Vec<String> {
    let out = c
        .describe_replication_groups()
        .replication_group_id(format!("{STACK}-cache"))
        .send()
        .await
        .expect("elasticache:DescribeReplicationGroups");
    out.replication_groups()[0].user_group_ids().to_vec()
}

/// The stack's users and user groups still in ElastiCache.
async fn rbac_left(c: &Client) -> (Vec<String>, Vec<String>) {
    let users = c.describe_users().send().await.expect("elasticache:DescribeUsers");
    let groups = c.describe_user_groups().send().await.expect("elasticache:DescribeUserGroups");
    let ours = |id: Option<&str>| id.filter(|i| i.starts_with(STACK)).map(str::to_string);
    (
        users.users().iter().filter_map(|u| ours(u.user_id())).collect(),
        groups.user_groups().iter().filter_map(|g| ours(g.user_group_id())).collect(),
    )
}

/// The group holds the application's IAM user and a `default` user that is off.
async fn assert_rbac(c: &Client) {
    let group_id = format!("{STACK}-cache-users");
    assert_eq!(
        user_groups_of_cache(c).await,
        std::slice::from_ref(&group_id),
        "the cache's user groups"
    );
    let groups = c
        .describe_user_groups()
        .user_group_id(&group_id)
        .send()
        .await
        .expect("elasticache:DescribeUserGroups");
    let group = &groups.user_groups()[0];
    assert_eq!(group.status(), Some("active"));
    let mut members = group.user_ids().to_vec();
    members.sort();
    let (app, default) = (format!("{STACK}-cache-app"), format!("{STACK}-cache-default"));
    assert_eq!(members, [app.clone(), default.clone()]);

    let app_user = c.describe_users().user_id(&app).send().await.expect("elasticache:DescribeUsers");
    let app_user = &app_user.users()[0];
    assert_eq!(
        app_user.user_name(),
        Some(app.as_str()),
        "IAM wants the user's name equal to its id"
    );
    let auth = app_user.authentication().and_then(|a| a.r#type()).map(|t| t.as_str());
    assert_eq!(auth, Some("iam"), "the application signs in with IAM: no password");
    assert_eq!(app_user.access_string(), Some("on ~* &* +@all -@dangerous"));

    let default_user = c
        .describe_users()
        .user_id(&default)
        .send()
        .await
        .expect("elasticache:DescribeUsers");
    let default_user = &default_user.users()[0];
    assert_eq!(default_user.user_name(), Some("default"));
    assert_eq!(default_user.access_string(), Some("off -@all"), "the default user is off");
}

/// The operations and statuses of the call log, in order.
pub(crate) fn calls(path: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_once(' ').map(|(_, op)| op.trim().to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_admits_only_its_iam_user_and_the_opt_out_takes_the_group_away() {
    let c = client().await;
    let w = Workdir::shared(&stack_yaml("iam"));
    let log = w.path().join("calls.log");
    let w = w.env("STACKCTL_CALL_LOG", log.to_str().expect("utf-8 path"));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply");
    assert_rbac(&c).await;
    // The group was created `creating`, and the cache only after it was seen active.
    let seen = calls(&log);
    let group = format!("status elasticache:usergroup/{STACK}-cache-users");
    let active = seen
        .iter()
        .position(|l| *l == format!("{group} active"))
        .expect("the group seen active");
    assert!(seen.iter().any(|l| *l == format!("{group} creating")), "{seen:#?}");
    let created = seen
        .iter()
        .position(|l| l == "ElastiCache.CreateReplicationGroup")
        .expect("the cache created");
    assert!(
        active < created,
        "the cache was created before its user group was active: {seen:#?}"
    );
    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "re-plan after apply");

    // Opt out: the group leaves the cache, then goes with its users.
    w.write_stack(&stack_yaml("none"));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply auth: none");
    assert!(user_groups_of_cache(&c).await.is_empty());
    assert_eq!(rbac_left(&c).await, (vec![], vec![]), "users and group deleted");
    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "re-plan after the opt-out");

    // Back on: the running cache is given the new group and is `modifying`
    // until ElastiCache has applied it.
    std::fs::remove_file(&log).ok();
    w.write_stack(&stack_yaml("iam"));
    w.run(&["apply", "--auto-approve"]).expect_code(0, "apply auth: iam again");
    assert_rbac(&c).await;
    let seen = calls(&log);
    let modify = seen
        .iter()
        .position(|l| l == "ElastiCache.ModifyReplicationGroup")
        .expect("ModifyReplicationGroup");
    let cache = format!("status elasticache:replicationgroup/{STACK}-cache");
    assert!(seen[modify..].contains(&format!("{cache} modifying")), "{seen:#?}");
    assert!(seen[modify..].contains(&format!("{cache} available")), "{seen:#?}");
    w.run(&["plan", "--detailed-exitcode"]).expect_code(0, "re-plan after auth again");

    w.run(&["destroy", "--auto-approve"]).expect_code(0, "destroy");
    let left = leftovers(STACK).await;
    assert!(left.is_empty(), "left after destroy:\n  {}", left.join("\n  "));
}

/// What ElastiCache refuses, refused by the tests' moto with AWS's codes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_launcher_refuses_what_elasticache_refuses_around_user_groups() {
    let c = client().await;
    let code = |e: &dyn aws_sdk_elasticache::error::ProvideErrorMetadata| e.code().unwrap_or_default().to_string();
    let iam = AuthenticationMode::builder().r#type(InputAuthenticationType::Iam).build();
    let off = AuthenticationMode::builder().r#type(InputAuthenticationType::NoPassword).build();
    let user = |id: &str, name: &str, access: &str, mode: &AuthenticationMode| {
        c.create_user()
            .user_id(id)
            .user_name(name)
            .engine("redis")
            .access_string(access)
            .authentication_mode(mode.clone())
    };

    let e = user("t-refuse-app", "someone-else", "on ~* +@all", &iam).send().await.unwrap_err();
    assert_eq!(code(&e.into_service_error()), "InvalidParameterCombination", "IAM user id != name");
    user("t-refuse-app", "t-refuse-app", "on ~* +@all", &iam)
        .send()
        .await
        .expect("an IAM user");
    user("t-refuse-default", "default", "off -@all", &off)
        .send()
        .await
        .expect("a default user");
    // Users are `creating` for their held describes (moto_elasticache_users.py).
    for id in ["t-refuse-app", "t-refuse-default"] {
        crate::cache_users::until_active(&c, id).await;
    }

    let e = c
        .create_user_group()
        .user_group_id("t-refuse-nodefault")
        .engine("redis")
        .user_ids("t-refuse-app")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e.into_service_error()), "DefaultUserRequired");
    c.create_user_group()
        .user_group_id("t-refuse-users")
        .engine("redis")
        .user_ids("t-refuse-app")
        .user_ids("t-refuse-default")
        .send()
        .await
        .expect("a user group");
    // Active after its held describes.
    for _ in 0..5 {
        let g = c
            .describe_user_groups()
            .user_group_id("t-refuse-users")
            .send()
            .await
            .expect("describe");
        if g.user_groups()[0].status() == Some("active") {
            break;
        }
    }

    let group = |id: &str, tls: bool| {
        c.create_replication_group()
            .replication_group_id(id)
            .replication_group_description("refusals")
            .engine("redis")
            .cache_node_type("cache.t4g.micro")
            .transit_encryption_enabled(tls)
            .user_group_ids("t-refuse-users")
    };
    let e = group("t-refuse-plain", false).send().await.unwrap_err();
    assert_eq!(code(&e.into_service_error()), "InvalidParameterCombination", "RBAC without TLS");
    group("t-refuse-rg", true)
        .send()
        .await
        .expect("a replication group with the user group");

    let e = c.delete_user_group().user_group_id("t-refuse-users").send().await.unwrap_err();
    assert_eq!(code(&e.into_service_error()), "InvalidUserGroupState", "a group in use");
    let e = c.delete_user().user_id("t-refuse-default").send().await.unwrap_err();
    assert_eq!(code(&e.into_service_error()), "DefaultUserAssociatedToUserGroup");

    // Cleaned up in AWS's order: the cache, the group, the users.
    c.delete_replication_group()
        .replication_group_id("t-refuse-rg")
        .send()
        .await
        .expect("delete the cache");
    let mut deleted = false;
    for _ in 0..10 {
        if c.delete_user_group().user_group_id("t-refuse-users").send().await.is_ok() {
            deleted = true;
            break;
        }
        // The cache is deleting for its held describes.
        let _ = c.describe_replication_groups().replication_group_id("t-refuse-rg").send().await;
    }
    assert!(deleted, "the group goes once the cache is gone");
    for _ in 0..5 {
        if c.describe_user_groups().user_group_id("t-refuse-users").send().await.is_err() {
            break;
        }
    }
    c.delete_user()
        .user_id("t-refuse-default")
        .send()
        .await
        .expect("the default user, its group gone");
    c.delete_user().user_id("t-refuse-app").send().await.expect("the app user");
}

/// Users and a user group made in the console with the stack's names are
/// conflicts until imported; `import` tags them the stack's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_made_users_and_user_group_are_imported() {
    const IMPORTED: &str = "t-redis-import";
    let c = client().await;
    let (app, default, group) = (
        format!("{IMPORTED}-cache-app"),
        format!("{IMPORTED}-cache-default"),
        format!("{IMPORTED}-cache-users"),
    );
    let mode = |t: InputAuthenticationType| AuthenticationMode::builder().r#type(t).build();
    c.create_user()
        .user_id(&app)
        .user_name(&app)
        .engine("redis")
        .access_string("on ~* &* +@all -@dangerous")
        .authentication_mode(mode(InputAuthenticationType::Iam))
        .send()
        .await
        .expect("elasticache:CreateUser app");
    c.create_user()
        .user_id(&default)
        .user_name("default")
        .engine("redis")
        .access_string("off -@all")
        .authentication_mode(mode(InputAuthenticationType::NoPassword))
        .send()
        .await
        .expect("elasticache:CreateUser default");
    c.create_user_group()
        .user_group_id(&group)
        .engine("redis")
        .user_ids(&app)
        .user_ids(&default)
        .send()
        .await
        .expect("elasticache:CreateUserGroup");

    let w = Workdir::shared(&stack_yaml("iam").replace(STACK, IMPORTED));
    let plan = w.run(&["plan", "--json"]).json();
    let conflicts = crate::import_kinds::conflict_ids(&plan);
    for (id, name) in [
        ("cache/user/app", &app),
        ("cache/user/default", &default),
        ("cache/user-group", &group),
    ] {
        assert_eq!(conflicts.get(id), Some(name), "{id} is a conflict: {plan:#}");
        w.run(&["import", id, name, "--auto-approve"])
            .expect_code(0, &format!("import {id}"));
    }
    let plan = w.run(&["plan", "--json"]).json();
    let left = crate::import_kinds::conflict_ids(&plan);
    assert!(!left.keys().any(|id| id.starts_with("cache/user")), "{plan:#}");
    let groups = c.describe_user_groups().user_group_id(&group).send().await.expect("describe");
    let arn = groups.user_groups()[0].arn().expect("an ARN").to_string();
    let tags = c.list_tags_for_resource().resource_name(&arn).send().await.expect("tags");
    let id = tags
        .tag_list()
        .iter()
        .find(|t| t.key() == Some("stackctl:id"))
        .and_then(|t| t.value());
    assert_eq!(id, Some("cache/user-group"));

    // Gone in AWS's order: the group first, then its users.
    c.delete_user_group().user_group_id(&group).send().await.expect("delete the group");
    for _ in 0..5 {
        if c.describe_user_groups().user_group_id(&group).send().await.is_err() {
            break;
        }
    }
    c.delete_user().user_id(&default).send().await.expect("delete default");
    c.delete_user().user_id(&app).send().await.expect("delete app");
}
