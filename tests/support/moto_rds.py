"""RDS as the AWS API reference documents it, where moto 5.2.1 accepts what AWS refuses.

Each refusal answers with the HTTP status (400), error code and message AWS sends, so that
a test fails the day stackctl sends the call again:

- CreateDBInstanceReadReplica with `DBParameterGroupName` for a same-region PostgreSQL,
  MySQL or MariaDB replica: `InvalidParameterCombination` ("A parameter group can't be
  specified during Read Replica creation for the following DB engine: postgres").
  API reference, CreateDBInstanceReadReplica, DBParameterGroupName: "Specifying a parameter
  group for this operation is only supported for MySQL DB instances for cross-Region read
  replicas, for Multi-AZ DB cluster read replica instances, for Db2 DB instances, and for
  Oracle DB instances"; a same-region replica inherits the source's group.
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstanceReadReplica.html
  and hashicorp/terraform-provider-aws#38056 (the message).
- ModifyDBInstance that names another `DBParameterGroupName`: the group is associated at
  once but its status is `pending-reboot` until RebootDBInstance (API reference,
  ModifyDBInstance, DBParameterGroupName: "the actual parameter changes are not applied until
  you reboot the instance without failover"). moto reports `in-sync` at once.
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
- ModifyDBInstance with an `EngineVersion` older than the instance's: `InvalidParameterCombination`
  ("Cannot upgrade postgres from 16.6 to 16.4"); RDS never downgrades. A new major version
  without `AllowMajorVersionUpgrade`: `InvalidParameterCombination` ("The AllowMajorVersionUpgrade
  flag must be present when upgrading to a new major version."). A new major version while the
  instance keeps a parameter group of the old family: `InvalidParameterCombination`.
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.MajorVersion.html
- A parameter group of another family than the instance's engine version, named by
  CreateDBInstance or ModifyDBInstance (with or without a new `EngineVersion`):
  `InvalidParameterCombination` ("The parameter group X with DBParameterGroupFamily
  postgres16 can't be used for this instance. Use a parameter group with
  DBParameterGroupFamily postgres17."). RDS never changes a group's family, so a major
  upgrade names a group of the new family in the same ModifyDBInstance call.
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.MajorVersion.Process.html
  ("Have a version-compatible parameter group ready") and
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithParamGroups.html
- A PostgreSQL primary's major upgrade upgrades its in-region read replicas with it ("any
  read replicas associated with the database are also upgraded to that next major
  version"); a replica then has a group of the new family (the engine's default here), not
  the old one, and ModifyDBInstance sets the stack's. The upgrade reboots the instance, so
  the group it names is `in-sync` afterwards.
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.MajorVersion.html
- DeleteDBParameterGroup of a group an instance still uses: `InvalidDBParameterGroupState`.
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBParameterGroup.html
- DeleteDBInstance of a primary with neither `FinalDBSnapshotIdentifier` nor
  `SkipFinalSnapshot`, and of a read replica with a `FinalDBSnapshotIdentifier`:
  `InvalidParameterCombination` (API reference, DeleteDBInstance: "You must specify this
  parameter [FinalDBSnapshotIdentifier] when SkipFinalSnapshot is disabled"; "Specifying this
  parameter and also specifying to skip final DB snapshot creation ... results in an error";
  a read replica cannot take a final snapshot).
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html
- An instance is `modifying` after ModifyDBInstance (and `rebooting` after RebootDBInstance)
  for the next describe, as on AWS where it stays so for seconds to minutes, and RDS refuses
  ModifyDBInstance, RebootDBInstance and DeleteDBInstance until it is `available` again:
  `InvalidDBInstanceState` (for example deleting right after turning deletion protection off).
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html (Errors)
- The engine version an instance reports can be moved forward through the moto API, as AWS
  does with `AutoMinorVersionUpgrade` in a maintenance window: see `upgrade_minor` below
  (`POST /moto-api/stackctl/rds-minor-upgrade` with `{"id": ..., "version": ...}`).
"""

import json

SAME_REGION_REFUSED_ENGINES = ("postgres", "mysql", "mariadb")


def _version_key(version: str):
    parts = []
    for p in (version or "").split("."):
        try:
            parts.append(int(p))
        except ValueError:
            parts.append(0)
    return parts


def _major(engine: str, version: str) -> str:
    n = 2 if engine.startswith(("mysql", "mariadb")) else 1
    return ".".join((version or "").split(".")[:n])


def _family(engine: str, version: str) -> str:
    return f"{engine}{_major(engine, version)}"


def patch_rds() -> None:
    from moto.rds.exceptions import RDSClientError
    from moto.rds.models import DBInstance, rds_backends
    from moto.rds.responses import RDSResponse

    def refuse(code: str, message: str):
        return RDSClientError(code, message)

    # ---- an instance being modified or rebooted is busy ---------------------------------
    BUSY_DESCRIBES = 2  # the first describe after the call reports the busy state

    def make_busy(db, status: str) -> None:
        db.status = status
        db.stackctl_busy = BUSY_DESCRIBES

    def refuse_if_busy(db) -> None:
        if db.status != "available":
            raise refuse(
                "InvalidDBInstanceState",
                f"Instance {db.db_instance_identifier} is not in available state (it is {db.status}).",
            )

    original_describe = RDSResponse.describe_db_instances

    def describe_db_instances(self):
        for db in self.backend.databases.values():
            busy = getattr(db, "stackctl_busy", 0)
            if busy:
                db.stackctl_busy = busy - 1
                if db.stackctl_busy == 0:
                    db.status = "available"
        return original_describe(self)

    # ---- a parameter group of the instance's family -------------------------------------
    def refuse_other_family(backend, engine: str, version, group_name) -> None:
        group = backend.db_parameter_groups.get(group_name) if group_name and version else None
        wanted = _family(engine, version or "")
        if group is not None and group.family != wanted:
            raise refuse(
                "InvalidParameterCombination",
                f"The parameter group {group_name} with DBParameterGroupFamily {group.family} can't be used "
                f"for this instance. Use a parameter group with DBParameterGroupFamily {wanted}.",
            )

    # ---- read replicas: no parameter group in the create call --------------------------
    original_replica = RDSResponse.create_db_instance_read_replica

    def create_db_instance_read_replica(self):
        group = self.params.get("DBParameterGroupName")
        source_id = self.params.get("SourceDBInstanceIdentifier") or ""
        if group and not source_id.startswith("arn:"):
            source = self.backend.databases.get(source_id)
            engine = (getattr(source, "engine", "") or "").lower()
            if engine.startswith(SAME_REGION_REFUSED_ENGINES):
                raise refuse(
                    "InvalidParameterCombination",
                    f"A parameter group can't be specified during Read Replica creation for the following DB engine: {engine}",
                )
        result = original_replica(self)
        replica = self.backend.databases.get(self.params.get("DBInstanceIdentifier"))
        if replica is not None:
            # A copy of its source (moto): not busy with the source's modification.
            replica.stackctl_pending_reboot = False
            replica.stackctl_busy = 0
            replica.status = "available"
        return result

    # ---- a new parameter group waits for a reboot --------------------------------------
    def db_parameter_group_status_list(self):
        groups = self.db_parameter_groups()
        status = "pending-reboot" if getattr(self, "stackctl_pending_reboot", False) else "in-sync"
        for group in groups:
            group.ParameterApplyStatus = status
        return groups

    DBInstance.db_parameter_group_status_list = property(db_parameter_group_status_list)

    original_modify = RDSResponse.modify_db_instance

    def modify_db_instance(self):
        db = self.backend.describe_db_instances(self.params.get("DBInstanceIdentifier"))[0]
        refuse_if_busy(db)
        engine = (db.engine or "").lower()
        new_version = self.params.get("EngineVersion")
        new_group = self.params.get("DBParameterGroupName")
        if new_version and new_version != db.engine_version:
            old = db.engine_version
            if _version_key(new_version) < _version_key(old):
                raise refuse("InvalidParameterCombination", f"Cannot upgrade {engine} from {old} to {new_version}")
            if _major(engine, new_version) != _major(engine, old):
                if not self.params.get("AllowMajorVersionUpgrade"):
                    raise refuse(
                        "InvalidParameterCombination",
                        "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version.",
                    )
                if not new_group:
                    refuse_other_family(self.backend, engine, new_version, db.db_parameter_group_name)
        refuse_other_family(self.backend, engine, new_version or db.engine_version, new_group)
        changes_group = bool(new_group) and new_group != db.db_parameter_group_name
        major = bool(new_version) and _major(engine, new_version) != _major(engine, db.engine_version)
        result = original_modify(self)
        # A major upgrade reboots the instance: its new group is in effect.
        if changes_group and not major:
            db.stackctl_pending_reboot = True
        if major and engine.startswith("postgres"):
            upgrade_replicas(self.backend, db, new_version)
        make_busy(db, "modifying")
        return result

    def upgrade_replicas(backend, primary, version: str) -> None:
        family = _family(primary.engine.lower(), version)
        for ident in list(primary.replicas):
            replica = backend.databases.get(ident)
            if replica is not None:
                replica.engine_version = version
                replica.db_parameter_group_name = f"default.{family}"
                replica.stackctl_pending_reboot = False

    original_create = RDSResponse.create_db_instance

    def create_db_instance(self):
        engine = (self.params.get("Engine") or "").lower()
        refuse_other_family(self.backend, engine, self.params.get("EngineVersion"), self.params.get("DBParameterGroupName"))
        return original_create(self)

    original_reboot = RDSResponse.reboot_db_instance

    def reboot_db_instance(self):
        db = self.backend.describe_db_instances(self.params.get("DBInstanceIdentifier"))[0]
        refuse_if_busy(db)
        db.stackctl_pending_reboot = False
        result = original_reboot(self)
        make_busy(db, "rebooting")
        return result

    # ---- a group in use stays ------------------------------------------------------------
    original_delete_group = RDSResponse.delete_db_parameter_group

    def delete_db_parameter_group(self):
        name = self.params.get("DBParameterGroupName")
        users = [i for i, db in self.backend.databases.items() if db.db_parameter_group_name == name]
        if users:
            raise refuse(
                "InvalidDBParameterGroupState",
                f"One or more database instances are still members of this parameter group {name}, so the group cannot be deleted",
            )
        return original_delete_group(self)

    # ---- final snapshot rules --------------------------------------------------------------
    original_delete = RDSResponse.delete_db_instance

    def delete_db_instance(self):
        ident = self.params.get("DBInstanceIdentifier")
        db = self.backend.databases.get(ident)
        snapshot = self.params.get("FinalDBSnapshotIdentifier")
        skip = bool(self.params.get("SkipFinalSnapshot"))
        if db is not None:
            refuse_if_busy(db)
            if db.is_replica and snapshot:
                raise refuse(
                    "InvalidParameterCombination",
                    "FinalDBSnapshotIdentifier can not be specified when deleting a replica instance",
                )
            if not db.is_replica and not skip and not snapshot:
                raise refuse(
                    "InvalidParameterCombination",
                    "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.",
                )
            if skip and snapshot:
                raise refuse(
                    "InvalidParameterCombination",
                    "Cannot specify both FinalDBSnapshotIdentifier and SkipFinalSnapshot",
                )
        return original_delete(self)

    RDSResponse.create_db_instance = create_db_instance
    RDSResponse.create_db_instance_read_replica = create_db_instance_read_replica
    RDSResponse.describe_db_instances = describe_db_instances
    RDSResponse.modify_db_instance = modify_db_instance
    RDSResponse.reboot_db_instance = reboot_db_instance
    RDSResponse.delete_db_parameter_group = delete_db_parameter_group
    RDSResponse.delete_db_instance = delete_db_instance
    _register_minor_upgrade(rds_backends)


def _register_minor_upgrade(rds_backends) -> None:
    """`POST /moto-api/stackctl/rds-minor-upgrade`: what AWS does in a maintenance window
    with `AutoMinorVersionUpgrade` on (the instance reports a newer minor version). A test
    tool standing for AWS's own action, which no API call of the customer's makes."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.moto_api._internal.urls import response_instance, url_paths

    def upgrade_minor(request, full_url, headers):
        body = response_instance._get_body(headers, request)
        region = body.get("region", "us-east-1")
        db = rds_backends[body.get("account", DEFAULT_ACCOUNT_ID)][region].databases[body["id"]]
        if _major(db.engine, body["version"]) != _major(db.engine, db.engine_version):
            return 400, {}, json.dumps({"error": "a minor upgrade stays within the major version"})
        db.engine_version = body["version"]
        return 200, {}, json.dumps({"id": body["id"], "version": db.engine_version})

    url_paths["{0}/moto-api/stackctl/rds-minor-upgrade"] = upgrade_minor
