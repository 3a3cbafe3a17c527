"""ElastiCache RBAC users go through transitional states, as on AWS.

moto 5.2.1 makes a user `active` the moment it is created and has no ModifyUser. On AWS a
new user is `creating`, then `active`; a modified one `modifying`, then `active`
(terraform-provider-aws's `aws_elasticache_user` waits for `active` after CreateUser and
ModifyUser, and since #34396 in Read too: internal/service/elasticache/user.go,
`waitUserCreated`, `waitUserUpdated`). Following the API reference, the tests' moto gains:

- ModifyUser (AccessString, AppendAccessString, NoPasswordRequired, AuthenticationMode),
  answering the `User` shape.
  https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyUser.html
- A new user is `creating`, a modified one `modifying`, for its first held describes
  (moto_readiness.py's HOLDER), then `active`. Under `STACKCTL_E2E_HOLD_SCALE` (holds by
  time) a user has no AWS time in `AWS_CREATE_SECONDS` (none is documented): active at once.

And refuses what AWS refuses while a user is not `active`:
- ModifyUser and DeleteUser: HTTP 400 `InvalidUserState`, "The user is not in active
  state." (the Errors sections of API_ModifyUser and
  https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteUser.html:
  InvalidUserStateFault, HTTP 400; the wire code as the SDKs' service model spells it);
- AddTagsToResource, RemoveTagsFromResource and ListTagsForResource of the user's ARN: HTTP
  404 `UserNotFound`, "<user-id> is not available for tagging" (the answer
  hashicorp/terraform-provider-aws#34002 quotes, for a user being modified).

Not modelled: the brief window right after a tag call during which AWS answers the next tag
call on the same user with that 404 although DescribeUsers says `active`
(hashicorp/terraform-provider-aws#47638). Its length and reach ("the same (or a sibling)
user") are one user's observation, not documented; a deterministic stand-in (say, "every
second tag call") would invent a rule. stackctl retries that 404 on a user's tag calls.

Must be applied after moto_elasticache_rbac.py's patch (it wraps its CreateUser and
DeleteUser) and before moto_holds.py's.
"""

from moto_elasticache_rbac import elasticache_error
from moto_readiness import HOLDER, holding

TRANSITIONAL = ("creating", "modifying")


def patch_elasticache_users() -> None:
    from moto.core.responses import ActionResult
    from moto.elasticache.exceptions import UserNotFound
    from moto.elasticache.models import ElastiCacheBackend
    from moto.elasticache.responses import ElastiCacheResponse

    InvalidUserState = elasticache_error("InvalidUserState")
    # UserNotFoundFault is HTTP 404 in the service model; moto's own class is the same code.
    NotAvailableForTagging = elasticache_error("UserNotFound")

    def key_of(backend, user_id):
        return ("create", "elasticache-user", backend.account_id, backend.region_name, user_id)

    def hold(backend, user, state: str) -> None:
        """`user` is `state` for its next held describes (active at once without holds)."""
        user.status = state if holding() else "active"
        HOLDER.forget(key_of(backend, user.id))

    def settle(backend, user) -> None:
        """One describe: past its hold, a creating or modifying user is active."""
        if user.status in TRANSITIONAL and not HOLDER.still_creating(key_of(backend, user.id)):
            user.status = "active"

    def must_be_active(user) -> None:
        if user.status in TRANSITIONAL:
            raise InvalidUserState("The user is not in active state.")

    original_create_user = ElastiCacheBackend.create_user

    def create_user(self, *args, **kwargs):
        user = original_create_user(self, *args, **kwargs)
        hold(self, user, "creating")
        return user

    original_describe_users = ElastiCacheBackend.describe_users

    def describe_users(self, user_id=None):
        found = original_describe_users(self, user_id)
        for user in found:
            settle(self, user)
        return found

    original_delete_user = ElastiCacheBackend.delete_user

    def delete_user(self, user_id):
        user = self.users.get(user_id)
        if user is not None:
            must_be_active(user)
        return original_delete_user(self, user_id)

    def modify_user(self, user_id, access_string=None, append_access_string=None, no_password_required=None, authentication_type=None):
        user = self.users.get(user_id)
        if user is None:
            raise UserNotFound(user_id)
        must_be_active(user)
        if access_string is not None:
            user.access_string = access_string
        if append_access_string:
            user.access_string = f"{user.access_string} {append_access_string}".strip()
        if no_password_required is not None:
            user.no_password_required = no_password_required
        if authentication_type:
            user.authentication_type = authentication_type
            user.no_password_required = authentication_type == "no-password-required"
        hold(self, user, "modifying")
        return user

    ElastiCacheBackend.create_user = create_user
    ElastiCacheBackend.describe_users = describe_users
    ElastiCacheBackend.delete_user = delete_user
    ElastiCacheBackend.modify_user = modify_user

    def modify_user_response(self):
        mode = self._get_params().get("AuthenticationMode") or {}
        no_password = self._get_param("NoPasswordRequired")
        user = self.elasticache_backend.modify_user(
            self._get_param("UserId"),
            access_string=self._get_param("AccessString"),
            append_access_string=self._get_param("AppendAccessString"),
            no_password_required=None if no_password is None else str(no_password).lower() == "true",
            authentication_type=mode.get("Type"),
        )
        return ActionResult(user)

    ElastiCacheResponse.modify_user = modify_user_response

    def user_in_transition(backend, arn: str):
        """The id of the user `arn` names while it is creating or modifying, else None."""
        prefix, sep, user_id = (arn or "").rpartition(":user:")
        if not sep or not prefix.startswith("arn:"):
            return None
        user = backend.users.get(user_id)
        return user_id if user is not None and user.status in TRANSITIONAL else None

    def refuse_tagging_in_transition(name: str) -> None:
        original = getattr(ElastiCacheResponse, name)

        def tag_call(self):
            user_id = user_in_transition(self.elasticache_backend, self._get_param("ResourceName"))
            if user_id is not None:
                raise NotAvailableForTagging(f"{user_id} is not available for tagging")
            return original(self)

        setattr(ElastiCacheResponse, name, tag_call)

    for name in ("add_tags_to_resource", "remove_tags_from_resource", "list_tags_for_resource"):
        refuse_tagging_in_transition(name)
