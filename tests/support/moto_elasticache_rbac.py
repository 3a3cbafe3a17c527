"""ElastiCache role-based access control (RBAC) as the AWS API reference documents it.

stackctl gives every Redis replication group a user group: an application user that
authenticates with IAM and a replacement `default` user that is switched off. moto 5.2.1
has CreateUser, DescribeUsers and DeleteUser but no user groups, and checks none of
AWS's rules around them. Following the API reference, the tests' moto gains:

- CreateUserGroup, DescribeUserGroups, ModifyUserGroup and DeleteUserGroup, answering the
  `UserGroup` shape (UserGroupId, Status, Engine, UserIds, MinimumEngineVersion,
  PendingChanges, ReplicationGroups, ARN). A new group is `creating`, a modified one
  `modifying`, for their first held describes (moto_readiness.py's HOLDER), then `active`;
  a deleted one is `deleting`, then gone (UserGroupNotFound). Tags given at creation are
  kept (ListTagsForResource of a `usergroup:` ARN). Each user lists its groups in
  `UserGroupIds`.
  https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateUserGroup.html
  https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_UserGroup.html
- A user group names the replication groups that use it (`ReplicationGroups`), which
  CreateReplicationGroup (`UserGroupIds`) and ModifyReplicationGroup
  (`UserGroupIdsToAdd`, `UserGroupIdsToRemove`) set; a replication group given a user
  group is `modifying` for its held describes, then `available`.
  https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyReplicationGroup.html
- DeleteUser completes at once (moto kept a deleted user, listed as `deleting`, until
  someone described it by id) and removes the user from its groups: "The user will be
  removed from all user groups and in turn removed from all replication groups."
  https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteUser.html

And refuses what AWS refuses (HTTP 400 each, AWS's code and message):
- a user group without a user whose name is `default`: `DefaultUserRequired`, "User group
  needs to contain a user with the user name default." (hashicorp/terraform-provider-aws
  #25593 quotes it; API_CreateUserGroup lists the error);
- an IAM-authenticated user whose id differs from its name: `InvalidParameterCombination`,
  "User Id and User name must be same for authentication type: iam" ("For IAM-enabled
  ElastiCache users the username and user id properties must be identical",
  https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html#auth-iam-limits;
  the message as terraform-aws-modules/terraform-aws-elasticache#65 quotes it);
- a user group on a replication group without encryption in transit:
  `InvalidParameterCombination`, "User group based access control requires
  encryption-in-transit to be enabled on the replication group." (the message as
  hashicorp/terraform-provider-aws#42966 quotes it);
- a user group that is not `active` given to a replication group, or deleted while a
  replication group still uses it: `InvalidUserGroupState` ("The user group must first be
  disassociated from the replication group before it can be deleted",
  https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteUserGroup.html);
- a user named `default` deleted while a user group holds it:
  `DefaultUserAssociatedToUserGroup` (API_DeleteUser lists it: "The default user assigned
  to the user group"); other users may be deleted, AWS takes them out of their groups;
- a user group naming an unknown user: `UserNotFound`; a second group with the same id:
  `UserGroupAlreadyExists`.

Must be applied after moto_elasticache.py's patch (it wraps its ModifyReplicationGroup) and
before moto_holds.py's (which wraps CreateReplicationGroup and the describes).
"""

import threading

from moto_readiness import HOLDER, holding

_lock = threading.Lock()
USER_GROUP_DOC = "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_UserGroup.html"


class UserGroup:
    """The `UserGroup` shape of the API reference (moto serialises its attributes)."""

    def __init__(self, account_id: str, region: str, user_group_id: str, engine: str, user_ids):
        self.user_group_id = user_group_id
        self.status = "creating"
        self.engine = (engine or "redis").lower()
        self.user_ids = list(user_ids or [])
        self.minimum_engine_version = "6.0"
        self.pending_changes = None
        self.replication_groups: list = []
        self.serverless_caches: list = []
        self.arn = f"arn:aws:elasticache:{region}:{account_id}:usergroup:{user_group_id}"


def elasticache_error(code: str):
    """An ElastiCache error class that moto answers with `code` (and the HTTP status
    ElastiCache's service model gives that code)."""
    from moto.elasticache.exceptions import ElastiCacheException

    cls = type(code, (ElastiCacheException,), {"code": code})
    # moto finds an error's service model through the exception's module.
    cls.__module__ = "moto.elasticache.exceptions"
    return cls


def patch_elasticache_rbac() -> None:
    from moto.core.responses import ActionResult
    from moto.elasticache.exceptions import ReplicationGroupNotFound, UserNotFound
    from moto.elasticache.models import ElastiCacheBackend
    from moto.elasticache.responses import ElastiCacheResponse

    error = elasticache_error
    DefaultUserRequired = error("DefaultUserRequired")
    InvalidParameterCombination = error("InvalidParameterCombination")
    InvalidUserGroupState = error("InvalidUserGroupState")
    DefaultUserAssociatedToUserGroup = error("DefaultUserAssociatedToUserGroup")
    UserGroupNotFound = error("UserGroupNotFound")
    UserGroupAlreadyExists = error("UserGroupAlreadyExists")

    def groups(backend) -> dict:
        if not hasattr(backend, "user_groups"):
            backend.user_groups = {}
        return backend.user_groups

    def key_of(backend, ident):
        return ("elasticache-ug", backend.account_id, backend.region_name, ident)

    def hold(backend, group, state: str) -> None:
        group.status = state if holding() else "active"
        HOLDER.forget(("create",) + key_of(backend, group.user_group_id))

    def settle(backend, group) -> None:
        """One describe: past its hold, a creating or modifying group is active."""
        if group.status in ("creating", "modifying"):
            if not HOLDER.still_creating(("create",) + key_of(backend, group.user_group_id)):
                group.status = "active"
                group.pending_changes = None

    def group_named(backend, ident):
        group = groups(backend).get(ident)
        if group is None:
            raise UserGroupNotFound(f"User group {ident} not found.")
        return group

    def check_members(backend, user_ids) -> None:
        for uid in user_ids:
            if uid not in backend.users:
                raise UserNotFound(uid)
        if not any(backend.users[uid].name == "default" for uid in user_ids):
            raise DefaultUserRequired("User group needs to contain a user with the user name default.")

    def create_user_group(self, user_group_id, engine, user_ids, tags):
        if user_group_id in groups(self):
            raise UserGroupAlreadyExists(f"User group {user_group_id} already exists.")
        check_members(self, user_ids or [])
        group = UserGroup(self.account_id, self.region_name, user_group_id, engine, user_ids)
        hold(self, group, "creating")
        for uid in group.user_ids:
            self.users[uid].user_group_ids.append(user_group_id)
        if tags:
            self.tagging_service.tag_resource(group.arn, tags)
        groups(self)[user_group_id] = group
        return group

    def describe_user_groups(self, user_group_id=None):
        found = [group_named(self, user_group_id)] if user_group_id else list(groups(self).values())
        out = []
        for group in found:
            if group.status == "deleting":
                if HOLDER.still_creating(("delete",) + key_of(self, group.user_group_id)):
                    out.append(group)
                    continue
                forget_group(self, group)
                continue
            settle(self, group)
            out.append(group)
        if user_group_id and not out:
            raise UserGroupNotFound(f"User group {user_group_id} not found.")
        return out

    def forget_group(backend, group) -> None:
        groups(backend).pop(group.user_group_id, None)
        for uid in group.user_ids:
            user = backend.users.get(uid)
            if user is not None and group.user_group_id in user.user_group_ids:
                user.user_group_ids.remove(group.user_group_id)

    def modify_user_group(self, user_group_id, to_add, to_remove):
        group = group_named(self, user_group_id)
        if group.status != "active":
            raise InvalidUserGroupState(f"User group {user_group_id} is not in active state.")
        members = [u for u in group.user_ids if u not in (to_remove or [])]
        members += [u for u in (to_add or []) if u not in members]
        check_members(self, members)
        for uid in to_remove or []:
            if uid in self.users and user_group_id in self.users[uid].user_group_ids:
                self.users[uid].user_group_ids.remove(user_group_id)
        for uid in to_add or []:
            if user_group_id not in self.users[uid].user_group_ids:
                self.users[uid].user_group_ids.append(user_group_id)
        group.user_ids = members
        group.pending_changes = {"UserIdsToAdd": list(to_add or []), "UserIdsToRemove": list(to_remove or [])}
        hold(self, group, "modifying")
        return group

    def delete_user_group(self, user_group_id):
        group = group_named(self, user_group_id)
        in_use = [g for g in self.replication_groups.values() if user_group_id in (g.user_group_ids or [])]
        if in_use or group.replication_groups:
            raise InvalidUserGroupState(
                f"User group {user_group_id} is associated with replication group "
                f"{(in_use[0].replication_group_id if in_use else group.replication_groups[0])}; "
                "disassociate it before deleting it."
            )
        if group.status == "deleting":
            raise InvalidUserGroupState(f"User group {user_group_id} is not in active state.")
        group.status = "deleting"
        if holding():
            HOLDER.forget(("delete",) + key_of(self, user_group_id))
        else:
            forget_group(self, group)
        return group

    original_delete_user = ElastiCacheBackend.delete_user

    def delete_user(self, user_id):
        user = self.users.get(user_id)
        if user is None:
            return original_delete_user(self, user_id)
        holding_groups = [g for g in groups(self).values() if user_id in g.user_ids]
        if user.name == "default" and holding_groups:
            raise DefaultUserAssociatedToUserGroup(
                f"User {user_id} is the default user of user group {holding_groups[0].user_group_id}."
            )
        for group in holding_groups:
            group.user_ids.remove(user_id)
        user.status = "deleting"
        self.users.pop(user_id, None)
        self.tagging_service.delete_all_tags_for_resource(user.arn)
        return user

    original_create_user = ElastiCacheBackend.create_user

    def create_user(self, user_id, user_name, engine, passwords, access_string, no_password_required, authentication_type, tags=None):
        if authentication_type == "iam" and user_id != user_name:
            raise InvalidParameterCombination("User Id and User name must be same for authentication type: iam")
        return original_create_user(
            self, user_id, user_name, engine, passwords, access_string, no_password_required, authentication_type, tags
        )

    def attach(backend, rg, to_add, to_remove) -> None:
        """`rg` uses the groups `to_add` and no longer `to_remove`, as AWS allows it."""
        if to_add and not rg.transit_encryption_enabled:
            raise InvalidParameterCombination(
                "User group based access control requires encryption-in-transit to be enabled on the replication group."
            )
        for ident in to_add:
            group = group_named(backend, ident)
            if group.status != "active":
                raise InvalidUserGroupState(f"User group {ident} is not in active state.")
        for ident in to_remove:
            group = groups(backend).get(ident)
            if group is not None and rg.replication_group_id in group.replication_groups:
                group.replication_groups.remove(rg.replication_group_id)
        current = [g for g in (rg.user_group_ids or []) if g not in to_remove]
        rg.user_group_ids = current + [g for g in to_add if g not in current]
        for ident in to_add:
            group = groups(backend)[ident]
            if rg.replication_group_id not in group.replication_groups:
                group.replication_groups.append(rg.replication_group_id)

    original_create_rg = ElastiCacheBackend.create_replication_group

    def create_replication_group(self, replication_group_id, *args, **kwargs):
        wanted = list(kwargs.get("user_group_ids") or [])
        if wanted:
            if not kwargs.get("transit_encryption_enabled"):
                raise InvalidParameterCombination(
                    "User group based access control requires encryption-in-transit to be enabled on the replication group."
                )
            for ident in wanted:
                if group_named(self, ident).status != "active":
                    raise InvalidUserGroupState(f"User group {ident} is not in active state.")
        kwargs["user_group_ids"] = []
        rg = original_create_rg(self, replication_group_id, *args, **kwargs)
        attach(self, rg, wanted, [])
        return rg

    def release_gone(backend) -> None:
        """Groups of replication groups that no longer exist are free again."""
        for group in groups(backend).values():
            group.replication_groups = [r for r in group.replication_groups if r in backend.replication_groups]

    def modify_user_groups_of(self, replication_group_id, to_add, to_remove):
        rg = self.replication_groups.get(replication_group_id)
        if rg is None:
            raise ReplicationGroupNotFound(replication_group_id)
        attach(self, rg, to_add, to_remove)
        if (to_add or to_remove) and holding():
            from moto_holds import start_creating

            key = ("elasticache-rg", self.account_id, self.region_name, replication_group_id)
            start_creating(key, rg, "status", "modifying", "available")
        return rg

    ElastiCacheBackend.create_user_group = create_user_group
    ElastiCacheBackend.describe_user_groups = describe_user_groups
    ElastiCacheBackend.modify_user_group = modify_user_group
    ElastiCacheBackend.delete_user_group = delete_user_group
    ElastiCacheBackend.delete_user = delete_user
    ElastiCacheBackend.create_user = create_user
    ElastiCacheBackend.create_replication_group = create_replication_group

    original_init = ElastiCacheBackend.__init__

    def init(self, region_name, account_id):
        original_init(self, region_name, account_id)
        # ListTagsForResource of a user group's ARN (moto's pattern lacks `usergroup`).
        from re import compile as re_compile

        self.arn_regex = re_compile(
            r"^arn:aws:elasticache:.*:[0-9]*:(cluster|snapshot|subnetgroup|replicationgroup|user|usergroup):.*$"
        )

    ElastiCacheBackend.__init__ = init

    # ------------------------------------------------------------------ responses

    def tags_param(self):
        return self._get_params().get("Tags") or []

    def create_user_group_response(self):
        group = self.elasticache_backend.create_user_group(
            self._get_param("UserGroupId"),
            self._get_param("Engine"),
            self._get_param("UserIds") or [],
            tags_param(self),
        )
        return ActionResult(group)

    def describe_user_groups_response(self):
        backend = self.elasticache_backend
        release_gone(backend)
        found = backend.describe_user_groups(self._get_param("UserGroupId"))
        return ActionResult({"UserGroups": found})

    def modify_user_group_response(self):
        group = self.elasticache_backend.modify_user_group(
            self._get_param("UserGroupId"),
            self._get_param("UserIdsToAdd") or [],
            self._get_param("UserIdsToRemove") or [],
        )
        return ActionResult(group)

    def delete_user_group_response(self):
        backend = self.elasticache_backend
        release_gone(backend)
        return ActionResult(backend.delete_user_group(self._get_param("UserGroupId")))

    ElastiCacheResponse.create_user_group = create_user_group_response
    ElastiCacheResponse.describe_user_groups = describe_user_groups_response
    ElastiCacheResponse.modify_user_group = modify_user_group_response
    ElastiCacheResponse.delete_user_group = delete_user_group_response

    # ModifyReplicationGroup (moto_elasticache.py's) with UserGroupIdsToAdd / -ToRemove.
    modify_rg_response = ElastiCacheResponse.modify_replication_group

    def modify_replication_group_response(self):
        to_add = self._get_param("UserGroupIdsToAdd") or []
        to_remove = self._get_param("UserGroupIdsToRemove") or []
        backend = self.elasticache_backend
        if to_add or to_remove:
            backend.modify_user_groups_of(self._get_param("ReplicationGroupId"), to_add, to_remove)
        return modify_rg_response(self)

    ElastiCacheBackend.modify_user_groups_of = modify_user_groups_of
    ElastiCacheResponse.modify_replication_group = modify_replication_group_response
