"""Creating and deleting take time, as on AWS: the holds that let ordering tests fail.

moto creates an EKS cluster, a node group, an RDS instance or a Redis replication group
ready at once, and deletes them at once. On AWS each stays in a transitional state for
minutes (AWS-RULES.md), and AWS refuses what depends on it meanwhile. A test asserting "the
node groups were created only after the cluster was seen ACTIVE" can only fail without the
wait when the cluster is *not* ACTIVE at first, so these patches report, through the shared
`HOLDER` of moto_readiness.py, the transitional state for the first
`STACKCTL_E2E_HOLD_DESCRIBES` describes (default 2; 0 turns every hold off):

Creating (each create answers with the creating state, as AWS does):
- EKS cluster `CREATING`, then `ACTIVE` (DescribeCluster). While it is CREATING, moto's own
  CreateNodegroup refuses a node group (`InvalidRequestException`, HTTP 400: "Cluster '...'
  is not in ACTIVE status"), as EKS does:
  https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html
- EKS node group `CREATING`, then `ACTIVE` (DescribeNodegroup).
- RDS instance, primary or read replica, `creating`, then `available` (DescribeDBInstances);
  a primary with automated backups shows `backing-up` after `creating` (its last held
  describes), as RDS does while it takes the first backup:
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html#Overview.DBInstance.Status
  CreateDBInstanceReadReplica of a source that is not `available` is refused with
  `InvalidDBInstanceState` (HTTP 400, "The DB instance isn't in a valid state."):
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstanceReadReplica.html
  ("The source DB instance must have backup retention enabled" and be available;
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Create.html).
- ElastiCache replication group `creating`, then `available` (DescribeReplicationGroups).

Deleting (the delete answers, the resource stays in its deleting state, then is gone):
- EKS node group `DELETING`, then ResourceNotFoundException. Meanwhile moto's own
  DeleteCluster refuses the cluster (`ResourceInUseException`, HTTP 409), as EKS does while
  the cluster has node groups:
  https://docs.aws.amazon.com/eks/latest/APIReference/API_DeleteCluster.html
- RDS instance `deleting`, then DBInstanceNotFound. Meanwhile DeleteDBSubnetGroup of its
  subnet group is refused with `InvalidDBSubnetGroupStateFault` (HTTP 400):
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBSubnetGroup.html
  A second DeleteDBInstance is refused with `InvalidDBInstanceState` (HTTP 400):
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html
  Deleting a primary does not wait for its read replicas on AWS: each same-region replica
  still there is promoted to a standalone instance ("If you delete a source DB instance
  without deleting its read replicas in the same AWS Region, each read replica is promoted
  to a standalone DB instance",
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html#USER_ReadRepl.Delete).
  So the launcher promotes them too (moto 5.2.1 would leave them pointing at a source it
  can no longer find), and only the call log can show that a destroy waited.
- ElastiCache replication group `deleting`, then ReplicationGroupNotFoundFault. Meanwhile
  DeleteCacheSubnetGroup is refused with `CacheSubnetGroupInUse` (HTTP 400; moto_elasticache.py
  refuses it while the group exists), and a second DeleteReplicationGroup with
  `InvalidReplicationGroupState` (HTTP 400):
  https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteReplicationGroup.html
  https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteCacheSubnetGroup.html

NAT gateways, load balancers and distributions have holds of their own elsewhere. Every
describe that returns a resource counts, whoever sends it: tests never count describes,
they check what stackctl *saw* (the `status` lines of STACKCTL_CALL_LOG).

Must be applied after moto_elasticache.py's patch, which it wraps.
"""

import threading

from moto_readiness import AWS_CREATE_SECONDS, HOLDER, hold_scale, holding

_lock = threading.Lock()
# key -> [object, attribute, transitional states, ready value, describes so far]:
# resources reported as creating.
_creating: dict = {}
# keys of resources reported as deleting until their hold ends.
_deleting: set = set()


def start_creating(key, obj, attr: str, states, ready: str) -> None:
    """`obj` answers `states` in `attr` in turn (the last one repeated) until its
    hold ends, then `ready`."""
    if not holding():
        return
    states = [states] if isinstance(states, str) else list(states)
    HOLDER.forget(("create",) + key)
    setattr(obj, attr, states[0])
    with _lock:
        _creating[key] = [obj, attr, states, ready, 0]


def described(key) -> None:
    """One describe of `key`: past its hold, a creating resource becomes ready."""
    with _lock:
        entry = _creating.get(key)
    if entry is None:
        return
    obj, attr, states, ready, seen = entry
    if HOLDER.still_creating(("create",) + key):
        setattr(obj, attr, states[min(seen, len(states) - 1)])
        entry[4] = seen + 1
        return
    setattr(obj, attr, ready)
    with _lock:
        _creating.pop(key, None)


def is_creating(key) -> bool:
    with _lock:
        return key in _creating


def start_deleting(key) -> None:
    HOLDER.forget(("delete",) + key)
    with _lock:
        _creating.pop(key, None)
        _deleting.add(key)


def is_deleting(key) -> bool:
    with _lock:
        return key in _deleting


def gone_now(key) -> bool:
    """One describe of a deleting `key`: True once its hold is over (then it is gone)."""
    with _lock:
        if key not in _deleting:
            return False
    if HOLDER.still_creating(("delete",) + key):
        return False
    with _lock:
        _deleting.discard(key)
    return True


def patch_holds() -> None:
    patch_eks_holds()
    patch_rds_holds()
    patch_elasticache_holds()
    patch_cloudfront_hold()


def patch_cloudfront_hold() -> None:
    """With a time scale, a distribution is `InProgress` for its scaled deploy time, then
    `Deployed` (moto's own state manager; it is `Deployed` at once by default, and the
    count-based holds leave it so: stackctl's wait on it is covered by moto_cloudfront.py)."""
    scale = hold_scale()
    if scale is None:
        return
    from moto.moto_api import state_manager

    seconds = AWS_CREATE_SECONDS["cloudfront:distribution"] * scale
    state_manager.set_transition("cloudfront::distribution", {"progression": "time", "seconds": seconds})


# ------------------------------------------------------------------------------- EKS


def patch_eks_holds() -> None:
    from moto.eks.models import EKSBackend

    def cluster_key(backend, name):
        return ("eks-cluster", backend.account_id, backend.region_name, name)

    def group_key(backend, cluster, group):
        return ("eks-nodegroup", backend.account_id, backend.region_name, cluster, group)

    create_cluster = EKSBackend.create_cluster
    describe_cluster = EKSBackend.describe_cluster
    create_nodegroup = EKSBackend.create_nodegroup
    describe_nodegroup = EKSBackend.describe_nodegroup
    delete_nodegroup = EKSBackend.delete_nodegroup

    def create_cluster_held(self, name, *args, **kwargs):
        cluster = create_cluster(self, name, *args, **kwargs)
        start_creating(cluster_key(self, name), cluster, "status", "CREATING", "ACTIVE")
        return cluster

    def describe_cluster_held(self, name):
        cluster = describe_cluster(self, name)
        described(cluster_key(self, name))
        return cluster

    def create_nodegroup_held(self, cluster_name, node_role, nodegroup_name, *args, **kwargs):
        group = create_nodegroup(self, cluster_name, node_role, nodegroup_name, *args, **kwargs)
        start_creating(group_key(self, cluster_name, nodegroup_name), group, "status", "CREATING", "ACTIVE")
        return group

    def describe_nodegroup_held(self, cluster_name, nodegroup_name):
        group = describe_nodegroup(self, cluster_name, nodegroup_name)
        key = group_key(self, cluster_name, nodegroup_name)
        described(key)
        if gone_now(key):
            cluster = self.clusters[cluster_name]
            cluster.nodegroups.pop(nodegroup_name, None)
            cluster.nodegroup_count -= 1
            return describe_nodegroup(self, cluster_name, nodegroup_name)  # ResourceNotFoundException
        return group

    def delete_nodegroup_held(self, cluster_name, nodegroup_name):
        key = group_key(self, cluster_name, nodegroup_name)
        if is_deleting(key):
            return describe_nodegroup(self, cluster_name, nodegroup_name)
        group = delete_nodegroup(self, cluster_name, nodegroup_name)
        if not holding():
            return group
        # Still there, DELETING, until its hold ends: the cluster refuses its own delete.
        cluster = self.clusters[cluster_name]
        cluster.nodegroups[nodegroup_name] = group
        cluster.nodegroup_count += 1
        group.status = "DELETING"
        start_deleting(key)
        return group

    EKSBackend.create_cluster = create_cluster_held
    EKSBackend.describe_cluster = describe_cluster_held
    EKSBackend.create_nodegroup = create_nodegroup_held
    EKSBackend.describe_nodegroup = describe_nodegroup_held
    EKSBackend.delete_nodegroup = delete_nodegroup_held


# ------------------------------------------------------------------------------- RDS


def patch_rds_holds() -> None:
    from moto.rds.exceptions import DBInstanceNotFoundError, RDSClientError
    from moto.rds.models import RDSBackend

    def key_of(backend, ident):
        return ("rds-db", backend.account_id, backend.region_name, ident.lower())

    create_instance = RDSBackend.create_db_instance
    create_replica = RDSBackend.create_db_instance_read_replica
    describe_instances = RDSBackend.describe_db_instances
    delete_instance = RDSBackend.delete_db_instance
    delete_subnet_group = RDSBackend.delete_subnet_group

    def create_instance_held(self, db_kwargs):
        db = create_instance(self, db_kwargs)
        # With automated backups, RDS takes the first one before the instance is available.
        states = ["creating", "backing-up"] if (db.backup_retention_period or 0) > 0 else ["creating"]
        start_creating(key_of(self, db.db_instance_identifier), db, "status", states, "available")
        return db

    def create_replica_held(self, db_kwargs):
        source = db_kwargs["source_db_instance_identifier"]
        primary = self.databases.get(source)
        if primary is not None and (primary.status != "available" or is_creating(key_of(self, source))):
            raise RDSClientError(
                "InvalidDBInstanceState",
                f"DB Instance {source} is not in available state (it is {primary.status}): "
                "a read replica needs an available source.",
            )
        db = create_replica(self, db_kwargs)
        key = key_of(self, db.db_instance_identifier)
        start_creating(key, db, "status", "creating", "available")
        HOLDER.expect(("create",) + key, AWS_CREATE_SECONDS["rds-db-replica"])
        return db

    def describe_instances_held(self, db_instance_identifier=None, filters=None):
        found = []
        for db in describe_instances(self, db_instance_identifier, filters=filters):
            key = key_of(self, db.db_instance_identifier)
            described(key)
            if gone_now(key):
                self.databases.pop(db.db_instance_identifier, None)
                continue
            found.append(db)
        if db_instance_identifier and not found:
            raise DBInstanceNotFoundError(db_instance_identifier)
        return found

    def delete_instance_held(self, db_instance_identifier, *args, **kwargs):
        key = key_of(self, db_instance_identifier)
        if is_deleting(key):
            raise RDSClientError(
                "InvalidDBInstanceState", f"Instance {db_instance_identifier} is already being deleted."
            )
        db = delete_instance(self, db_instance_identifier, *args, **kwargs)
        # Same-region replicas still there are promoted to standalone instances.
        for replica_id in list(db.replicas):
            replica = self.databases.get(replica_id)
            if replica is not None:
                replica.is_replica = False
                replica.source_db_instance_identifier = None
        db.replicas = []
        if not holding():
            return db
        # Still there, deleting, until its hold ends: its subnet group stays in use.
        self.databases[db.db_instance_identifier] = db
        db.status = "deleting"
        start_deleting(key)
        return db

    def delete_subnet_group_held(self, subnet_name):
        users = [
            ident
            for ident, db in self.databases.items()
            if (getattr(db, "_db_subnet_group_name", None) or "").lower() == subnet_name.lower()
        ]
        if subnet_name in self.subnet_groups and users:
            raise RDSClientError(
                "InvalidDBSubnetGroupStateFault",
                f"Cannot delete the subnet group '{subnet_name}' because at least one database instance: "
                f"{users[0]} is still using it.",
            )
        return delete_subnet_group(self, subnet_name)

    RDSBackend.create_db_instance = create_instance_held
    RDSBackend.create_db_instance_read_replica = create_replica_held
    RDSBackend.describe_db_instances = describe_instances_held
    RDSBackend.delete_db_instance = delete_instance_held
    RDSBackend.delete_subnet_group = delete_subnet_group_held


# ------------------------------------------------------------------------ ElastiCache


def patch_elasticache_holds() -> None:
    from moto.elasticache.exceptions import ElastiCacheException, ReplicationGroupNotFound
    from moto.elasticache.models import ElastiCacheBackend

    class InvalidReplicationGroupState(ElastiCacheException):
        code = "InvalidReplicationGroupState"

    # moto finds an error's service model through the exception's module.
    InvalidReplicationGroupState.__module__ = "moto.elasticache.exceptions"

    def key_of(backend, ident):
        return ("elasticache-rg", backend.account_id, backend.region_name, ident)

    create_group = ElastiCacheBackend.create_replication_group
    describe_groups = ElastiCacheBackend.describe_replication_groups
    delete_group = ElastiCacheBackend.delete_replication_group

    def create_group_held(self, replication_group_id, *args, **kwargs):
        group = create_group(self, replication_group_id, *args, **kwargs)
        start_creating(key_of(self, replication_group_id), group, "status", "creating", "available")
        return group

    def describe_groups_held(self, replication_group_id=None):
        found = []
        for group in describe_groups(self, replication_group_id):
            key = key_of(self, group.replication_group_id)
            described(key)
            if gone_now(key):
                self.replication_groups.pop(group.replication_group_id, None)
                continue
            found.append(group)
        if replication_group_id and not found:
            raise ReplicationGroupNotFound(replication_group_id)
        return found

    def delete_group_held(self, replication_group_id, retain_primary_cluster):
        key = key_of(self, replication_group_id)
        if is_deleting(key):
            raise InvalidReplicationGroupState(f"Replication group {replication_group_id} is not in available state.")
        group = delete_group(self, replication_group_id, retain_primary_cluster)
        if not holding():
            return group
        # Still there, deleting, until its hold ends: its cache subnet group stays in use.
        self.replication_groups[replication_group_id] = group
        group.status = "deleting"
        start_deleting(key)
        return group

    ElastiCacheBackend.create_replication_group = create_group_held
    ElastiCacheBackend.describe_replication_groups = describe_groups_held
    ElastiCacheBackend.delete_replication_group = delete_group_held
