"""Access logs into the stack's logs bucket (issue 10): what AWS refuses that moto 5.2.1
accepts, and what moto gets wrong, so that a test fails the day stackctl breaks the rule.

23. PutBucketLogging into a bucket whose policy has a statement with `"Principal": "*"` (the
    stack's DenyInsecureTransport) works on AWS; moto 5.2.1's permission check
    (`FakeBucket._log_permissions_enabled_policy`) calls `.get` on that string and answers
    HTTP 500. The check reads the statements whose principal is a map, as before; moto's
    own refusal of a target bucket whose policy does not let `logging.s3.amazonaws.com`
    write (`InvalidTargetBucketForLogging`) stays.
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html

24. ModifyLoadBalancerAttributes turning `access_logs.s3.enabled` on is refused by ELB with
    HTTP 400 `InvalidConfigurationRequest`, "Access Denied for bucket: NAME. Please check
    S3bucket permission", when the bucket's policy does not let Elastic Load Balancing write
    under `PREFIX/AWSLogs/ACCOUNT/` (the region's ELB account, `arn:aws:iam::ELB:root`, or
    `logdelivery.elasticloadbalancing.amazonaws.com` in regions opened since August 2022),
    and with "The specified bucket does not exist" for a missing bucket; moto accepts both.
    https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
    https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html

25. A bucket policy's statements with a `Condition` (the stack's DenyInsecureTransport) no
    longer deny DeleteObjects unconditionally: see patch_bucket_policy_conditions.
"""

import fnmatch
import json

# The ELB user guide's accounts, by region ("Step 2: Attach a policy to your S3 bucket").
ELB_ACCOUNTS = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-southeast-3": "589379963580",
    "ap-south-1": "718504428378",
    "ap-northeast-3": "383597477331",
    "ap-northeast-2": "600734575887",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-northeast-1": "582318560864",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-south-1": "635631232127",
    "eu-west-3": "009996457667",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
}
ELB_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com"


def patch_bucket_logging_check() -> None:
    """Patch 23."""
    from moto.s3.models import FakeBucket

    original = FakeBucket._log_permissions_enabled_policy

    def check(target_bucket, target_prefix):
        policy = target_bucket.policy
        if not policy:
            return False
        document = json.loads(policy.decode())
        statements = [s for s in document.get("Statement", []) if isinstance(s.get("Principal"), dict)]

        class View:  # the target bucket as the original check reads it
            name, partition = target_bucket.name, target_bucket.partition

        View.policy = json.dumps({**document, "Statement": statements}).encode()
        return original(View, target_prefix)

    FakeBucket._log_permissions_enabled_policy = staticmethod(check)


def _as_list(value):
    return value if isinstance(value, list) else [value]


def elb_may_write(policy, region, key_arn) -> bool:
    """Whether a bucket policy lets ELB of `region` put the object `key_arn`."""
    account = ELB_ACCOUNTS.get(region)
    writers = {f"arn:aws:iam::{account}:root", account} if account else set()
    for s in json.loads(policy).get("Statement", []):
        principal = s.get("Principal")
        if s.get("Effect") != "Allow" or not isinstance(principal, dict):
            continue
        named = set(_as_list(principal.get("AWS", []))) & writers or ELB_SERVICE in _as_list(principal.get("Service", []))
        actions = _as_list(s.get("Action", []))
        if not named or not any(a in ("s3:PutObject", "s3:*") for a in actions):
            continue
        if any(fnmatch.fnmatchcase(key_arn, r) for r in _as_list(s.get("Resource", []))):
            return True
    return False


def patch_alb_access_logs() -> None:
    """Patch 24."""
    from moto.elbv2.exceptions import ELBClientError
    from moto.elbv2.models import ELBv2Backend
    from moto.s3.models import s3_backends

    original = ELBv2Backend.modify_load_balancer_attributes

    def modify_load_balancer_attributes(self, arn, attrs):
        if attrs.get("access_logs.s3.enabled") == "true":
            lb = self.load_balancers.get(arn)
            current = dict(lb.attrs) if lb is not None else {}
            current.update(attrs)
            name = current.get("access_logs.s3.bucket", "")
            prefix = current.get("access_logs.s3.prefix", "")
            bucket = s3_backends[self.account_id][self.partition].buckets.get(name)
            if bucket is None:
                raise ELBClientError("InvalidConfigurationRequest", "The specified bucket does not exist")
            key = f"{prefix + '/' if prefix else ''}AWSLogs/{self.account_id}/elasticloadbalancing/{self.region_name}/x"
            if not bucket.policy or not elb_may_write(bucket.policy.decode(), self.region_name, f"arn:aws:s3:::{name}/{key}"):
                raise ELBClientError(
                    "InvalidConfigurationRequest",
                    f"Access Denied for bucket: {name}. Please check S3bucket permission",
                )
        return original(self, arn, attrs)

    ELBv2Backend.modify_load_balancer_attributes = modify_load_balancer_attributes




def patch_bucket_policy_conditions() -> None:
    """Patch 25: a bucket policy's conditioned statements are not applied unconditionally.

    moto 5.2.1 checks DeleteObjects (and the few other calls it authorises) against the
    bucket policy with `IAMPolicy.is_action_permitted`, which ignores `Condition`: the
    stack's `DenyInsecureTransport` (Deny s3:* when `aws:SecureTransport` is false) then
    denies every DeleteObjects, while on AWS it denies only plain-HTTP requests and the SDK
    talks HTTPS to S3 (the emulator's plain-HTTP loopback stands for that HTTPS endpoint).
    So `destroy` of a bucket with objects and `force_destroy` could never empty it. The
    statements whose condition moto cannot evaluate are left out of that check.
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport
    """
    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3.models import FakeBucket

    def get_permission(self, action, resource):
        if self.policy is None:
            return PermissionResult.NEUTRAL
        document = json.loads(self.policy.decode())
        statements = [s for s in _as_list(document.get("Statement", [])) if "Condition" not in s]
        return IAMPolicy(json.dumps({**document, "Statement": statements})).is_action_permitted(action, resource)

    FakeBucket.get_permission = get_permission


def patch_access_logs() -> None:
    patch_bucket_logging_check()
    patch_alb_access_logs()
    patch_bucket_policy_conditions()
