"""Readiness as AWS has it: a resource just created is not ready at once.

moto makes an EKS cluster ACTIVE, an RDS instance `available`, a NAT gateway `available`
the moment it is created. On AWS each takes minutes (AWS-RULES.md: a cluster 9-11 min, an
instance 4-6 min, a replication group 6-9 min, a NAT gateway 1.5-2 min, an ALB 2-3 min, a
distribution minutes). A test that checks "the node groups were created only after the
cluster was seen ACTIVE" can only fail without the wait if the cluster is *not* ACTIVE at
first. So each service patch that models a creating state asks a shared `Holder` whether
the resource it describes is still to be reported as creating: the first
`STACKCTL_E2E_HOLD_DESCRIBES` describes of each resource (default 2) report the creating
state AWS documents; later ones report the real state.

Set `STACKCTL_E2E_HOLD_DESCRIBES=0` to turn holding off (moto's instant readiness).

`STACKCTL_E2E_HOLD_SCALE=S` (a number, e.g. 0.1) holds by time instead: each resource
reports its creating (or deleting) state for S times the time AWS takes, from
`AWS_CREATE_SECONDS` (issue 13's figures, within AWS-RULES.md's ranges), counted from its
create (or delete) call. scripts/bench-apply uses it to measure whether an apply stays on
AWS's critical path; the tests never do (they assert order, not time).

moto_holds.py holds EKS clusters and node groups, RDS instances and ElastiCache
replication groups, on creation and on deletion, through this `HOLDER`.
"""

import os
import threading
import time

# How long AWS keeps each resource creating, in seconds, by the first element of its key
# (after "create"/"delete"): EKS cluster 10 min, node group 3, RDS instance 5, read replica 6,
# Redis replication group 7.5, NAT gateway 1.75, ALB 2.5, CloudFront distribution 5.
AWS_CREATE_SECONDS = {
    "eks-cluster": 600,
    "eks-nodegroup": 180,
    "rds-db": 300,
    "rds-db-replica": 360,
    "elasticache-rg": 450,
    "ec2:natgateway": 105,
    "elbv2:loadbalancer": 150,
    "cloudfront:distribution": 300,
}


def hold_describes() -> int:
    try:
        return max(0, int(os.environ.get("STACKCTL_E2E_HOLD_DESCRIBES", "2")))
    except ValueError:
        return 2


def hold_scale():
    """The share of AWS's times to hold for (`STACKCTL_E2E_HOLD_SCALE`), or None: count describes."""
    try:
        scale = float(os.environ.get("STACKCTL_E2E_HOLD_SCALE", ""))
    except ValueError:
        return None
    return scale if scale > 0 else None


def holding() -> bool:
    """False with `STACKCTL_E2E_HOLD_DESCRIBES=0` and no time scale: moto's instant readiness."""
    return hold_describes() > 0 or hold_scale() is not None


def _kind_of(key) -> str:
    return key[1] if key[0] in ("create", "delete") else key[0]


class Holder:
    """Counts describes (or times holds) per resource key; thread-safe (moto serves
    requests on threads)."""

    def __init__(self) -> None:
        self._seen: dict = {}
        self._since: dict = {}
        self._seconds: dict = {}
        self._lock = threading.Lock()

    def still_creating(self, key) -> bool:
        """True for the first `hold_describes()` describes of `key` (or, with a time scale,
        until its scaled AWS time has passed since it started), False afterwards."""
        scale = hold_scale()
        with self._lock:
            if scale is not None:
                since = self._since.setdefault(key, time.monotonic())
                seconds = self._seconds.get(key, AWS_CREATE_SECONDS.get(_kind_of(key), 0))
                return time.monotonic() - since < seconds * scale
            n = self._seen.get(key, 0) + 1
            self._seen[key] = n
        return n <= hold_describes()

    def forget(self, key) -> None:
        """A resource starts (created, or deleted): its hold starts again now."""
        with self._lock:
            self._seen.pop(key, None)
            self._seconds.pop(key, None)
            self._since[key] = time.monotonic()

    def expect(self, key, seconds: float) -> None:
        """`key` takes `seconds` on AWS rather than its kind's time (a read replica)."""
        with self._lock:
            self._seconds[key] = seconds


HOLDER = Holder()
