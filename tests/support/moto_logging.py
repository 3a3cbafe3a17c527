"""What AWS refuses around the logging defaults of a stack (issue 10), where moto 5.2.1
accepts it, and the logging calls moto lacks, added as AWS documents them.

1. CreateLogGroup and AssociateKmsKey with a KMS key whose policy does not let
   `logs.<region>.amazonaws.com` use it (for this log group's ARN) are refused with HTTP 400
   `AccessDeniedException`, "The specified KMS key does not exist or is not allowed to be
   used with Arn 'arn:aws:logs:REGION:ACCOUNT:log-group:NAME'"; moto accepts any key.
   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   moto 5.2.1 has no AssociateKmsKey / DisassociateKmsKey: added, as in
   https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_AssociateKmsKey.html

2. CreateTrail and UpdateTrail with a `KmsKeyId` whose key policy does not let
   `cloudtrail.amazonaws.com` generate data keys are refused with HTTP 400
   `InsufficientEncryptionPolicyException`; moto accepts any key.
   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
   https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html (Errors)
"""

import json


def _key_policy(account_id, region, key_id):
    from moto.kms.models import kms_backends

    try:
        key = kms_backends[account_id][region].describe_key(key_id)
    except Exception:  # noqa: BLE001 moto's NotFoundException
        return None
    try:
        return json.loads(key.policy or "{}")
    except ValueError:
        return None


def _allows(policy, service, action):
    """Whether a statement of `policy` allows `service` the KMS `action` (wildcards as KMS reads them)."""
    for s in (policy or {}).get("Statement", []):
        if s.get("Effect") != "Allow":
            continue
        principals = (s.get("Principal") or {}).get("Service", [])
        principals = [principals] if isinstance(principals, str) else principals
        if service not in principals:
            continue
        actions = s.get("Action", [])
        for a in [actions] if isinstance(actions, str) else actions:
            if a == "kms:*" or a == action or (a.endswith("*") and action.startswith(a[:-1])):
                return True
    return False


def patch_log_group_keys() -> None:
    from moto.core.exceptions import JsonRESTError
    from moto.logs.responses import LogsResponse

    original_create = LogsResponse.create_log_group

    def check(self, name, key_id):
        policy = _key_policy(self.current_account, self.region, key_id)
        if not _allows(policy, f"logs.{self.region}.amazonaws.com", "kms:GenerateDataKey"):
            arn = f"arn:aws:logs:{self.region}:{self.current_account}:log-group:{name}"
            raise JsonRESTError(
                "AccessDeniedException",
                f"The specified KMS key does not exist or is not allowed to be used with Arn '{arn}'",
            )

    def create_log_group(self):
        key_id = self._get_param("kmsKeyId")
        if key_id:
            check(self, self._get_param("logGroupName"), key_id)
        return original_create(self)

    def associate_kms_key(self):
        name, key_id = self._get_param("logGroupName"), self._get_param("kmsKeyId")
        group = self.logs_backend.groups.get(name)
        if group is None:
            raise JsonRESTError("ResourceNotFoundException", "The specified log group does not exist.")
        check(self, name, key_id)
        group.kms_key_id = key_id
        return ""

    def disassociate_kms_key(self):
        group = self.logs_backend.groups.get(self._get_param("logGroupName"))
        if group is None:
            raise JsonRESTError("ResourceNotFoundException", "The specified log group does not exist.")
        group.kms_key_id = None
        return ""

    LogsResponse.create_log_group = create_log_group
    LogsResponse.associate_kms_key = associate_kms_key
    LogsResponse.disassociate_kms_key = disassociate_kms_key


def patch_trail_keys() -> None:
    from moto.cloudtrail.responses import CloudTrailResponse
    from moto.core.exceptions import JsonRESTError

    def guarded(original):
        def handler(self):
            key_id = self._get_param("KmsKeyId")
            if key_id:
                policy = _key_policy(self.current_account, self.region, key_id)
                if not _allows(policy, "cloudtrail.amazonaws.com", "kms:GenerateDataKey"):
                    raise JsonRESTError(
                        "InsufficientEncryptionPolicyException",
                        f"Insufficient permissions to access S3 bucket or KMS key {key_id}.",
                    )
            return original(self)

        return handler

    CloudTrailResponse.create_trail = guarded(CloudTrailResponse.create_trail)
    CloudTrailResponse.update_trail = guarded(CloudTrailResponse.update_trail)


def patch_logging() -> None:
    patch_log_group_keys()
    patch_trail_keys()
