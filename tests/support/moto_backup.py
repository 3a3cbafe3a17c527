"""AWS Backup as the AWS API reference documents it, where moto 5.2.1 lacks it or accepts what
AWS refuses (issue 10: the opt-in `backup:` section of a stack).

- Backup selections (not in moto): CreateBackupSelection (`PUT /backup/plans/ID/selections/`,
  answering `SelectionId`, `BackupPlanId`, `CreationDate`), GetBackupSelection
  (`GET .../selections/SELECTION_ID`: `BackupSelection`, `SelectionId`, `BackupPlanId`,
  `CreationDate`, `CreatorRequestId`), ListBackupSelections (`GET .../selections/`:
  `BackupSelectionsList` of `SelectionId`, `SelectionName`, `BackupPlanId`, `IamRoleArn`,
  `CreationDate`, `CreatorRequestId`) and DeleteBackupSelection (`DELETE .../SELECTION_ID`);
  an unknown plan or selection is `ResourceNotFoundException` (HTTP 400). A create whose
  `CreatorRequestId` matches an existing selection of the plan answers with that selection.
  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupSelection.html
  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_GetBackupSelection.html
  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListBackupSelections.html
  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteBackupSelection.html
- A selection's `IamRoleArn` must be an IAM role of the account that exists: AWS Backup
  assumes it (HTTP 400 `InvalidParameterValueException`, as it answers a role it cannot use).
  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html
  https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html
- UpdateBackupPlan (not in moto, `POST /backup/plans/ID`) replaces the plan's document and
  gives it a new `VersionId`.
  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateBackupPlan.html
- A rule's lifecycle must keep a recovery point 90 days in cold storage: `DeleteAfterDays`
  under `MoveToColdStorageAfterDays` + 90 is refused (HTTP 400
  `InvalidParameterValueException`) by CreateBackupPlan and UpdateBackupPlan; moto accepts it.
  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
- DeleteBackupPlan refuses a plan that still has selections (HTTP 400
  `InvalidRequestException`, "Related backup plan selections must be deleted prior to backup
  plan deletion"); moto deletes it.
  https://docs.aws.amazon.com/aws-backup/latest/devguide/deleting-a-backup-plan.html
- DeleteBackupVault refuses a vault that holds recovery points (HTTP 400
  `InvalidRequestException`, "Backup vault cannot be deleted because it contains recovery
  points."); moto deletes it. With StartBackupJob, ListRecoveryPointsByBackupVault and
  DeleteRecoveryPoint, a test can leave a backup in a vault: see patch_recovery_points.
  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteBackupVault.html
- ListTags (`GET /tags/ARN`, the AWS SDK for Rust sends no trailing slash) answers the tags of
  the resource the ARN names; moto took the path segment before the last slash (`tags`) for
  the ARN and answered no tags.
  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListTags.html
- A deleted vault's tags go with it: a vault made again under the same name (and ARN) starts
  with only the tags its create gives; moto kept the deleted vault's tags on its ARN.
  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html
- A deleted plan is gone: its name can be given to a new plan, and the Resource Groups
  Tagging API lists the plans that are not deleted, beside the vaults moto lists (AWS Backup
  plans are among the resource types GetResources supports); moto keeps refusing a deleted
  plan's name and lists no plan.
  https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/supported-services.html
"""

import json
from urllib.parse import unquote

from moto.moto_api._internal import mock_random

COLD_STORAGE_MIN_DAYS = 90


def _backup_errors():
    from moto.backup.exceptions import InvalidParameterValueException, InvalidRequestException, ResourceNotFoundException

    return InvalidParameterValueException, InvalidRequestException, ResourceNotFoundException


def _check_lifecycle(plan_document):
    invalid, _, _ = _backup_errors()
    for rule in (plan_document or {}).get("Rules", []):
        lifecycle = rule.get("Lifecycle") or {}
        cold, delete = lifecycle.get("MoveToColdStorageAfterDays"), lifecycle.get("DeleteAfterDays")
        if cold is not None and delete is not None and cold >= 0 and delete < cold + COLD_STORAGE_MIN_DAYS:
            raise invalid(
                msg=f"Invalid lifecycle in rule {rule.get('RuleName')}: DeleteAfterDays ({delete}) must be at least "
                f"{COLD_STORAGE_MIN_DAYS} days after MoveToColdStorageAfterDays ({cold})"
            )


def _plan_of(backend, plan_id):
    _, _, not_found = _backup_errors()
    plan = backend.plans.get(plan_id)
    if plan is None or plan.deletion_date is not None:
        raise not_found(msg=f"Backup plan {plan_id} not found")
    return plan


def _check_role(backend, role_arn):
    from moto.iam.models import iam_backends

    invalid, _, _ = _backup_errors()
    parts = (role_arn or "").split(":", 5)
    resource = parts[5] if len(parts) == 6 else ""
    if len(parts) != 6 or parts[2] != "iam" or not resource.startswith("role/"):
        raise invalid(msg=f"Invalid ARN: {role_arn}. Specified resource is not a valid IAM role")
    name = resource.rsplit("/", 1)[-1]
    iam = iam_backends[backend.account_id]["global"]
    if not any(r.name == name and r.arn == role_arn for r in iam.roles.values()):
        raise invalid(msg=f"IAM Role {role_arn} cannot be assumed by AWS Backup")


def _selections(plan):
    if not hasattr(plan, "selections"):
        plan.selections = {}
    return plan.selections


def patch_backup_plans():
    from moto.backup.models import BackupBackend, Plan

    original_create = BackupBackend.create_backup_plan

    def create_backup_plan(self, backup_plan, backup_plan_tags, creator_request_id):
        _check_lifecycle(backup_plan)
        deleted = {k: p for k, p in self.plans.items() if p.deletion_date is not None}
        for k in deleted:
            del self.plans[k]
        try:
            return original_create(self, backup_plan, backup_plan_tags, creator_request_id)
        finally:
            self.plans.update(deleted)

    def update_backup_plan(self, backup_plan_id, backup_plan):
        _check_lifecycle(backup_plan)
        plan = _plan_of(self, backup_plan_id)
        fresh = Plan(backup_plan=backup_plan, creator_request_id=plan.creator_request_id, backend=self)
        plan.backup_plan = fresh.backup_plan
        plan.version_id = fresh.version_id
        return plan

    original_delete = BackupBackend.delete_backup_plan

    def delete_backup_plan(self, backup_plan_id):
        _, refused, _ = _backup_errors()
        plan = self.plans.get(backup_plan_id)
        if plan is not None and plan.deletion_date is None and _selections(plan):
            raise refused(msg="Related backup plan selections must be deleted prior to backup plan deletion.")
        return original_delete(self, backup_plan_id)

    BackupBackend.create_backup_plan = create_backup_plan
    BackupBackend.update_backup_plan = update_backup_plan
    BackupBackend.delete_backup_plan = delete_backup_plan


def patch_backup_selections():
    from moto.backup.models import BackupBackend
    from moto.backup.responses import BackupResponse
    from moto.core.utils import unix_time

    def create_backup_selection(self, plan_id, selection, creator_request_id):
        plan = _plan_of(self, plan_id)
        selections = _selections(plan)
        if creator_request_id:
            for sel in selections.values():
                if sel["CreatorRequestId"] == creator_request_id:
                    return sel
        _check_role(self, selection.get("IamRoleArn"))
        sel = {
            "SelectionId": str(mock_random.uuid4()),
            "BackupPlanId": plan_id,
            "CreationDate": unix_time(),
            "CreatorRequestId": creator_request_id or "",
            "BackupSelection": selection,
        }
        selections[sel["SelectionId"]] = sel
        return sel

    def selection_of(self, plan_id, selection_id):
        _, _, not_found = _backup_errors()
        sel = _selections(_plan_of(self, plan_id)).get(selection_id)
        if sel is None:
            raise not_found(msg=f"Backup selection {selection_id} not found in plan {plan_id}")
        return sel

    def delete_backup_selection(self, plan_id, selection_id):
        selection_of(self, plan_id, selection_id)
        del _selections(self.plans[plan_id])[selection_id]

    BackupBackend.create_backup_selection = create_backup_selection
    BackupBackend.get_backup_selection = selection_of
    BackupBackend.delete_backup_selection = delete_backup_selection
    BackupBackend.list_backup_selections = lambda self, plan_id: list(_selections(_plan_of(self, plan_id)).values())

    def ids(response):
        # /backup/plans/PLAN_ID[/selections/[SELECTION_ID]]
        parts = [p for p in response.path.split("?")[0].split("/") if p]
        plan_id = parts[2] if len(parts) > 2 else ""
        selection_id = parts[4] if len(parts) > 4 else ""
        return plan_id, selection_id

    def r_create(self):
        params = json.loads(self.body or "{}")
        plan_id, _ = ids(self)
        sel = self.backup_backend.create_backup_selection(
            plan_id, params.get("BackupSelection") or {}, params.get("CreatorRequestId")
        )
        return json.dumps({k: sel[k] for k in ("SelectionId", "BackupPlanId", "CreationDate")})

    def r_get(self):
        plan_id, selection_id = ids(self)
        return json.dumps(self.backup_backend.get_backup_selection(plan_id, selection_id))

    def r_list(self):
        plan_id, _ = ids(self)
        members = [
            {
                "SelectionId": s["SelectionId"],
                "SelectionName": s["BackupSelection"].get("SelectionName"),
                "BackupPlanId": s["BackupPlanId"],
                "CreationDate": s["CreationDate"],
                "CreatorRequestId": s["CreatorRequestId"],
                "IamRoleArn": s["BackupSelection"].get("IamRoleArn"),
            }
            for s in self.backup_backend.list_backup_selections(plan_id)
        ]
        return json.dumps({"BackupSelectionsList": members})

    def r_delete(self):
        plan_id, selection_id = ids(self)
        self.backup_backend.delete_backup_selection(plan_id, selection_id)
        return "{}"

    def r_update_plan(self):
        params = json.loads(self.body or "{}")
        plan_id, _ = ids(self)
        plan = self.backup_backend.update_backup_plan(plan_id, params.get("BackupPlan"))
        return json.dumps(
            {
                "BackupPlanId": plan.backup_plan_id,
                "BackupPlanArn": plan.backup_plan_arn,
                "CreationDate": plan.creation_date,
                "VersionId": plan.version_id,
            }
        )

    BackupResponse.create_backup_selection = r_create
    BackupResponse.get_backup_selection = r_get
    BackupResponse.list_backup_selections = r_list
    BackupResponse.delete_backup_selection = r_delete
    BackupResponse.update_backup_plan = r_update_plan


def patch_backup_tagging():
    from moto.backup.models import backup_backends
    from moto.resourcegroupstaggingapi.models import ResourceGroupsTaggingAPIBackend
    from moto_tagging import _matches, _wanted

    listed = ResourceGroupsTaggingAPIBackend._get_resources_generator

    def with_plans(self, tag_filters=None, resource_type_filters=None):
        yield from listed(self, tag_filters=tag_filters, resource_type_filters=resource_type_filters)
        if not _wanted(resource_type_filters, "backup", "backup-plan"):
            return
        backend = backup_backends[self.account_id][self.region_name]
        for plan in list(backend.plans.values()):
            if plan.deletion_date is not None:
                continue
            tags = backend.tagger.list_tags_for_resource(plan.backup_plan_arn)["Tags"]
            if tags and _matches(tags, tag_filters):
                yield {"ResourceARN": plan.backup_plan_arn, "Tags": tags}

    ResourceGroupsTaggingAPIBackend._get_resources_generator = with_plans

    from moto.backup.responses import BackupResponse

    def list_tags(self):
        arn = unquote(self.path.split("?")[0].split("/tags/", 1)[1].rstrip("/"))
        return json.dumps({"Tags": self.backup_backend.list_tags(resource_arn=arn)})

    BackupResponse.list_tags = list_tags




def patch_recovery_points():
    """Recovery points, as a backup job of the stack's plan leaves them, and the refusal of
    DeleteBackupVault while a vault holds any (HTTP 400 `InvalidRequestException`, "Backup
    vault cannot be deleted because it contains recovery points."; moto deletes it):
    StartBackupJob (`PUT /backup-jobs`: `BackupJobId`, `RecoveryPointArn`, `CreationDate`),
    ListRecoveryPointsByBackupVault (`GET /backup-vaults/NAME/recovery-points/`) and
    DeleteRecoveryPoint (`DELETE /backup-vaults/NAME/recovery-points/ARN`).
    https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteBackupVault.html
    https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html
    https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByBackupVault.html
    https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteRecoveryPoint.html
    """
    from urllib.parse import unquote

    import moto.backup.urls as urls
    from moto.backup.models import BackupBackend
    from moto.backup.responses import BackupResponse
    from moto.core.utils import unix_time

    urls.url_paths["{0}/backup-jobs/?$"] = urls.response.dispatch
    urls.url_paths["{0}/backup-vaults/(?P<name>[^/]+)/recovery-points/?$"] = urls.response.dispatch
    urls.url_paths["{0}/backup-vaults/(?P<name>[^/]+)/recovery-points/(?P<arn>.+)$"] = urls.response.dispatch

    def points(vault):
        if not hasattr(vault, "recovery_points"):
            vault.recovery_points = {}
        return vault.recovery_points

    def vault_of(backend, name):
        _, _, not_found = _backup_errors()
        vault = backend.vaults.get(name)
        if vault is None:
            raise not_found(msg=f"Backup vault {name} not found")
        return vault

    def start_backup_job(self, vault_name, resource_arn, role_arn):
        vault = vault_of(self, vault_name)
        _check_role(self, role_arn)
        job = str(mock_random.uuid4())
        arn = f"arn:aws:backup:{self.region_name}:{self.account_id}:recovery-point:{job}"
        points(vault)[arn] = {"RecoveryPointArn": arn, "BackupVaultName": vault_name, "ResourceArn": resource_arn,
                              "IamRoleArn": role_arn, "Status": "COMPLETED", "CreationDate": unix_time()}
        vault.num_of_recovery_points = len(points(vault))
        return job, arn

    def delete_recovery_point(self, vault_name, arn):
        _, _, not_found = _backup_errors()
        vault = vault_of(self, vault_name)
        if points(vault).pop(arn, None) is None:
            raise not_found(msg=f"Recovery point {arn} not found")
        vault.num_of_recovery_points = len(points(vault))

    original_delete_vault = BackupBackend.delete_backup_vault

    def delete_backup_vault(self, backup_vault_name):
        _, refused, _ = _backup_errors()
        vault = self.vaults.get(backup_vault_name)
        if vault is not None and points(vault):
            raise refused(msg="Backup vault cannot be deleted because it contains recovery points.")
        if vault is not None:
            self.tagger.delete_all_tags_for_resource(vault.backup_vault_arn)
        return original_delete_vault(self, backup_vault_name)

    BackupBackend.start_backup_job = start_backup_job
    BackupBackend.delete_recovery_point = delete_recovery_point
    BackupBackend.delete_backup_vault = delete_backup_vault

    def vault_and_arn(response):
        parts = response.path.split("?")[0].split("/recovery-points")
        name = parts[0].rstrip("/").rsplit("/", 1)[-1]
        arn = unquote(parts[1].strip("/")) if len(parts) > 1 else ""
        return name, arn

    def r_start(self):
        params = json.loads(self.body or "{}")
        job, arn = self.backup_backend.start_backup_job(
            params.get("BackupVaultName"), params.get("ResourceArn"), params.get("IamRoleArn")
        )
        return json.dumps({"BackupJobId": job, "RecoveryPointArn": arn, "CreationDate": unix_time()})

    def r_list(self):
        name, _ = vault_and_arn(self)
        listed = [dict(p) for p in points(vault_of(self.backup_backend, name)).values()]
        return json.dumps({"RecoveryPoints": listed})

    def r_delete(self):
        name, arn = vault_and_arn(self)
        self.backup_backend.delete_recovery_point(name, arn)
        return "{}"

    BackupResponse.start_backup_job = r_start
    BackupResponse.list_recovery_points_by_backup_vault = r_list
    BackupResponse.delete_recovery_point = r_delete


def patch_backup():
    patch_backup_plans()
    patch_backup_selections()
    patch_backup_tagging()
    patch_recovery_points()
