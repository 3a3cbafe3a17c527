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

moto_holds.py holds EKS clusters and node groups, RDS instances and ElastiCache
replication groups, on creation and on deletion, through this `HOLDER`.
"""

import os
import threading


def hold_describes() -> int:
    try:
        return max(0, int(os.environ.get("STACKCTL_E2E_HOLD_DESCRIBES", "2")))
    except ValueError:
        return 2


class Holder:
    """Counts describes per resource key; thread-safe (moto serves requests on threads)."""

    def __init__(self) -> None:
        self._seen: dict = {}
        self._lock = threading.Lock()

    def still_creating(self, key) -> bool:
        """True for the first `hold_describes()` describes of `key`, False afterwards."""
        with self._lock:
            n = self._seen.get(key, 0) + 1
            self._seen[key] = n
        return n <= hold_describes()

    def forget(self, key) -> None:
        """A deleted resource: a new one of the same name is held again."""
        with self._lock:
            self._seen.pop(key, None)


HOLDER = Holder()
