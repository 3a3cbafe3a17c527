"""ElastiCache as the AWS API reference documents it, where moto 5.2.1 falls short.

stackctl manages a Redis replication group and its cache subnet group through their
whole lifecycle; moto 5.2.1 blocks that lifecycle in four places. Following the
ElastiCache API reference, the tests' moto gains:

- DeleteReplicationGroup: the group answers `deleting` in the response and is then
  gone (ReplicationGroupNotFoundFault), as on AWS once the deletion completes; moto
  leaves it `deleting` forever, so a delete that waits until the group is gone never
  ends. Its member clusters go with it.
- DeleteCacheSubnetGroup (not implemented by moto): removes the group;
  CacheSubnetGroupNotFoundFault for an unknown one, CacheSubnetGroupInUse while a
  cache cluster of a live replication group uses it.
- ModifyReplicationGroup (not implemented by moto 5.2.1; 5.2.5 has it): description,
  node type, engine version, automatic failover, Multi-AZ, security groups, the
  snapshot retention limit and automatic minor version upgrades, applied
  at once, answering with the replication group.
- The member clusters of a replication group are cache clusters (DescribeCacheClusters
  with their id answers them, with the group's engine version, subnet group and
  security groups, under `SecurityGroups`), as the API reference describes
  `MemberClusters`; moto lists their ids but cannot describe them.
- A cluster-mode-disabled group's shard has its `ReaderEndpoint` (moto keeps only the
  address internally and never sends it).
- CreateReplicationGroup with one shard (cluster mode disabled) takes its size from
  `NumCacheClusters`, as the API reference documents ("The number of clusters this
  replication group initially has ... not used if there is more than one node group
  (shard). You should use ReplicasPerNodeGroup instead"; it "will default to 1"); moto
  ignores it and sizes the group from `ReplicasPerNodeGroup`. And "If
  AutomaticFailoverEnabled is true, the value of this parameter must be at least 2":
  refused with `InvalidParameterValue` otherwise, as is Multi-AZ without automatic failover
  (`InvalidParameterCombination`).
  https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html
"""


def patch_elasticache() -> None:
    from moto.core.responses import ActionResult, EmptyResult
    from moto.elasticache.exceptions import CacheSubnetGroupNotFound, ElastiCacheException, ReplicationGroupNotFound
    from moto.elasticache.models import ElastiCacheBackend
    from moto.elasticache.responses import ElastiCacheResponse

    class CacheSubnetGroupInUse(ElastiCacheException):
        code = "CacheSubnetGroupInUse"

        def __init__(self, name: str):
            super().__init__(f"Cache subnet group {name} is currently in use by a cache cluster.")

    # moto finds an error's service model through the exception's module.
    CacheSubnetGroupInUse.__module__ = "moto.elasticache.exceptions"

    def security_groups(ids):
        return [{"SecurityGroupId": sg, "Status": "active"} for sg in (ids or [])]

    def add_members(backend, group) -> None:
        """The member clusters of `group`, as DescribeCacheClusters shows them."""
        for member in group.member_clusters:
            if member in backend.cache_clusters:
                continue
            cluster = backend.create_cache_cluster(
                cache_cluster_id=member,
                replication_group_id=group.replication_group_id,
                az_mode=None,
                preferred_availability_zone=None,
                num_cache_nodes=1,
                cache_node_type=group.cache_node_type,
                engine=group.engine,
                engine_version=group.engine_version,
                cache_parameter_group_name=group.cache_parameter_group_name,
                cache_subnet_group_name=group.cache_subnet_group_name,
                transit_encryption_enabled=group.transit_encryption_enabled,
                network_type=None,
                ip_discovery=None,
                snapshot_name=None,
                preferred_maintenance_window=None,
                port=group.port,
                notification_topic_arn=None,
                auto_minor_version_upgrade=group.auto_minor_version_upgrade,
                snapshot_retention_limit=0,
                snapshot_window=None,
                auth_token=None,
                outpost_mode=None,
                preferred_outpost_arn=None,
                preferred_availability_zones=None,
                cache_security_group_names=None,
                security_group_ids=group.security_group_ids,
                tags=None,
                snapshot_arns=None,
                preferred_outpost_arns=None,
                log_delivery_configurations=[],
                cache_node_ids_to_remove=None,
                cache_node_ids_to_reboot=None,
            )
            cluster.security_groups = security_groups(group.security_group_ids)

    original_create = ElastiCacheBackend.create_replication_group

    class InvalidParameterValue(ElastiCacheException):
        code = "InvalidParameterValue"

        def __init__(self, message: str):
            super().__init__(message)

    class InvalidParameterCombination(ElastiCacheException):
        code = "InvalidParameterCombination"

        def __init__(self, message: str):
            super().__init__(message)

    InvalidParameterValue.__module__ = "moto.elasticache.exceptions"
    InvalidParameterCombination.__module__ = "moto.elasticache.exceptions"

    def one_shard_as_documented(kwargs) -> None:
        """Cluster mode disabled: NumCacheClusters (default 1) sizes the group."""
        if (kwargs.get("num_node_groups") or 1) > 1 or kwargs.get("node_group_configuration"):
            return
        clusters = kwargs.get("num_cache_clusters") or 1
        if kwargs.get("automatic_failover_enabled") and clusters < 2:
            raise InvalidParameterValue(
                "NumCacheClusters must be at least 2 when AutomaticFailoverEnabled is true "
                f"(the replication group would have {clusters} cluster)."
            )
        if kwargs.get("multi_az_enabled") and not kwargs.get("automatic_failover_enabled"):
            raise InvalidParameterCombination("Multi-AZ requires AutomaticFailoverEnabled to be true.")
        kwargs["replicas_per_node_group"] = clusters - 1

    def create_replication_group(self, *args, **kwargs):
        one_shard_as_documented(kwargs)
        group = original_create(self, *args, **kwargs)
        # The reader endpoint of a cluster-mode-disabled group (moto keeps only its address).
        for node_group in group.node_groups:
            if "reader_endpoint_address" in node_group and "reader_endpoint" not in node_group:
                node_group["reader_endpoint"] = {"address": node_group["reader_endpoint_address"], "port": group.port}
        add_members(self, group)
        return group

    original_delete = ElastiCacheBackend.delete_replication_group

    def delete_replication_group(self, replication_group_id, retain_primary_cluster):
        group = original_delete(self, replication_group_id, retain_primary_cluster)
        # The deletion completes at once: the response says `deleting`, then the group is gone.
        self.replication_groups.pop(replication_group_id, None)
        for member in list(self.cache_clusters):
            if getattr(self.cache_clusters[member], "replication_group_id", None) == replication_group_id:
                self.cache_clusters.pop(member)
        return group

    def delete_cache_subnet_group(self, name):
        if name not in self.cache_subnet_groups:
            raise CacheSubnetGroupNotFound(name)
        if any(getattr(c, "cache_subnet_group_name", None) == name for c in self.cache_clusters.values()):
            raise CacheSubnetGroupInUse(name)
        if any(g.cache_subnet_group_name == name for g in self.replication_groups.values()):
            raise CacheSubnetGroupInUse(name)
        return self.cache_subnet_groups.pop(name)

    def modify_replication_group(self, replication_group_id, changes):
        if replication_group_id not in self.replication_groups:
            raise ReplicationGroupNotFound(replication_group_id)
        group = self.replication_groups[replication_group_id]
        if changes.get("description") is not None:
            group.description = changes["description"]
        if changes.get("cache_node_type"):
            group.cache_node_type = changes["cache_node_type"]
        if changes.get("engine_version"):
            group.engine_version = changes["engine_version"]
        if changes.get("automatic_failover") is not None:
            group.automatic_failover = "enabled" if changes["automatic_failover"] else "disabled"
        if changes.get("multi_az") is not None:
            group.multi_az = "enabled" if changes["multi_az"] else "disabled"
        if changes.get("security_group_ids"):
            group.security_group_ids = changes["security_group_ids"]
        if changes.get("auto_minor_version_upgrade") is not None:
            group.auto_minor_version_upgrade = changes["auto_minor_version_upgrade"]
        if changes.get("snapshot_retention_limit") is not None:
            group.snapshot_retention_limit = changes["snapshot_retention_limit"]
        for member in group.member_clusters:
            cluster = self.cache_clusters.get(member)
            if cluster is None:
                continue
            cluster.cache_node_type = group.cache_node_type
            cluster.engine_version = group.engine_version
            cluster.security_group_ids = group.security_group_ids or []
            cluster.security_groups = security_groups(group.security_group_ids)
        return group

    ElastiCacheBackend.create_replication_group = create_replication_group
    ElastiCacheBackend.delete_replication_group = delete_replication_group
    ElastiCacheBackend.delete_cache_subnet_group = delete_cache_subnet_group
    ElastiCacheBackend.modify_replication_group = modify_replication_group

    def delete_cache_subnet_group_response(self):
        self.elasticache_backend.delete_cache_subnet_group(self._get_param("CacheSubnetGroupName"))
        return EmptyResult()

    def modify_replication_group_response(self):
        group = self.elasticache_backend.modify_replication_group(
            self._get_param("ReplicationGroupId"),
            {
                "description": self._get_param("ReplicationGroupDescription"),
                "cache_node_type": self._get_param("CacheNodeType"),
                "engine_version": self._get_param("EngineVersion"),
                "automatic_failover": self._get_bool_param("AutomaticFailoverEnabled"),
                "multi_az": self._get_bool_param("MultiAZEnabled"),
                "security_group_ids": self._get_param("SecurityGroupIds"),
                "snapshot_retention_limit": self._get_int_param("SnapshotRetentionLimit"),
                "auto_minor_version_upgrade": self._get_bool_param("AutoMinorVersionUpgrade"),
            },
        )
        return ActionResult({"ReplicationGroup": group})

    ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group_response
    ElastiCacheResponse.modify_replication_group = modify_replication_group_response
