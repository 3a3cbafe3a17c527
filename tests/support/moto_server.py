#!/usr/bin/env python3
"""moto_server for stackctl's end-to-end tests, with the gaps that block them filled.

Usage (what tests/e2e/support.rs runs):

    python3 tests/support/moto_server.py -H 127.0.0.1 -p PORT

Arguments are moto_server's own (`moto.server.main`). Needs moto[server] 5.2.1.

Why a launcher instead of plain `moto_server` (see ../shared/MOTO-NOTES.md, "Filling the
gaps in tests, not in stackctl"): stackctl never special-cases the emulator, so where moto
differs from what AWS documents, the tests' moto is made to behave as AWS does. Each patch
below says which documented behaviour it restores.

1. The server dies with the test binary. The test support starts moto as a child process;
   if the test binary is killed (Ctrl-C, a timeout, SIGKILL) a plain child would linger and
   keep its port. `prctl(PR_SET_PDEATHSIG, SIGTERM)` asks Linux to send SIGTERM when the
   parent *thread* that spawned us exits; moto's own SIGTERM handler then exits cleanly. (The
   Rust side spawns the shared server from a thread that lives as long as the test binary.)

2. S3 GetBucketVersioning returns the document real S3 returns. The S3 API reference
   (GetBucketVersioning, "Response Syntax") specifies:

       HTTP/1.1 200
       <?xml version="1.0" encoding="UTF-8"?>
       <VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
          <Status>string</Status>
          <MfaDelete>string</MfaDelete>
       </VersioningConfiguration>

   where `Status` (Enabled | Suspended) is absent for a bucket whose versioning was never
   set, and `MfaDelete` appears only when MFA delete was ever configured (moto does not model
   it). moto 5.2.1 (`S3Response.get_bucket_versioning` returning
   `self.serialized(ActionResult(...))`) answers with a `<GetBucketVersioningResponse>` root
   element instead, which the AWS SDK for Rust rejects as a hard deserialisation error, so
   `stackctl plan --refresh` could never read a bucket's versioning against moto. The
   replacement builds the documented body from the same backend state
   (`self.backend.get_bucket_versioning(bucket)`).

3. `MOTO_IAM_LOAD_MANAGED_POLICIES=true` unless the caller set it: without it every
   attachment of an AWS-managed policy (AmazonEKSClusterPolicy, ...) fails with NoSuchEntity,
   while on AWS those policies always exist. `MOTO_ACM_VALIDATION_WAIT=0` unless set: a
   requested ACM certificate is ISSUED at its first describe, as on AWS once the user has
   created its DNS validation record (which is outside the stack); stackctl's plan refuses
   a certificate that is not ISSUED.

4. Resource Groups Tagging API GetResources pages stay consistent while other resources of
   the account change. On AWS, a PaginationToken continues the listing; resources created or
   deleted elsewhere in the meantime never make the rest of the listing disappear. moto 5.2.1
   (`ResourceGroupsTaggingAPIBackend.get_resources`) keeps a *lazy* generator per token that
   iterates the live backends' dicts (`sqs_backend.queues`, ...): when another client creates
   or deletes a queue between two pages, the next page fails with
   `RuntimeError: dictionary changed size during iteration` (HTTP 500), and the SDK's retry of
   that same token then gets an empty last page, silently dropping every remaining resource.
   The end-to-end tests share one moto between parallel tests, so a stack's discovery (more
   than 100 tags means more than one page) lost resources whenever another test changed its
   own queues at that moment. The replacement takes the whole listing when the first page is
   asked for (`iter(list(...))`), so later pages read that snapshot. (A first page that itself
   races with a change still fails with HTTP 500; retrying it starts afresh, as on AWS.)

5. CodeCommit keeps tags and answers ListRepositories, ListTagsForResource, TagResource,
   UntagResource and UpdateRepositoryDescription, with timestamps as numbers: see
   moto_codecommit.py beside this file.

6. Fault injection, off unless `STACKCTL_E2E_FAULTS` names a file: not an AWS behaviour but a
   test tool, for requests that AWS denies (403 AccessDenied) half-way through an apply, and
   for a seeded share of requests throttled in each service's error format, and for a seeded
   share of creates answered with a 500 after they happened. See moto_faults.py beside this
   file. With it, EC2 CreateNatGateway and CreateFlowLogs honour their ClientToken as EC2 does
   (patch_client_tokens).

7. ElastiCache: a deleted replication group disappears, DeleteCacheSubnetGroup and
   ModifyReplicationGroup work, member clusters are described: see moto_elasticache.py
   beside this file.

8. CloudFront: ListDistributions summaries carry the distribution's Comment, origins and
   other required members, and an origin keeps its OriginAccessControlId: see
   moto_cloudfront.py beside this file.

9. EKS TagResource, UntagResource and ListTagsForResource accept managed node group ARNs:
   see moto_eks.py beside this file.

10. RDS refuses what AWS refuses (a parameter group in a same-region replica's create call, a
    downgrade, a major upgrade without its flag or with the old family's group, a group of
    another family in CreateDBInstance or ModifyDBInstance, deleting a group in use,
    final-snapshot rules), a PostgreSQL primary's major upgrade upgrades its replicas, a new parameter group waits for a reboot, and a test
    can move an instance's minor version forward as AWS's auto minor upgrade does: see
    moto_rds.py beside this file.

11. EKS cluster authentication modes (accessConfig), and node groups whose role has an IAM
    path fail to join a cluster that authenticates through aws-auth only, as on AWS: see
    patch_eks_access in moto_eks.py.

12. EKS UpdateClusterVersion moves one minor version at a time and only when every node
    group is on the cluster's version; UpdateNodegroupVersion follows the cluster or rolls
    to a new launch template version: see patch_eks_versions in moto_eks.py.

13. The KMS key of an EKS cluster's secrets must let the cluster role create grants, and a
    key policy naming a role just created is refused once: see patch_eks_secrets_key in
    moto_eks.py.

14. Each EKS managed node group has its Auto Scaling group, named, sized and deleted as EKS
    does, its instances launched as EKS launches them (the node role's instance profile, the
    launch template's metadata options, HVM: patch 30): see moto_autoscaling.py beside this
    file.

15. DescribeLaunchTemplates shows tags changed after the create (CreateTags): see
    patch_launch_template_tags in moto_eks.py.

16. The network and the edge as AWS has them: availability zones offered per region and
    refused elsewhere, the security group quota with prefix-list weights, EKS's
    unsupported control-plane zones, an internet-facing ALB refused without an internet
    gateway, ALBs `provisioning` and NAT gateways `pending` for their first describes, and
    the eventual-consistency refusals of AssociateWebACL, CreateRoute to a new NAT gateway
    and CreateTrail after a new bucket policy: see moto_ec2.py beside this file.

17. Creating and deleting take time, as on AWS: EKS clusters and node groups, RDS instances
    and ElastiCache replication groups stay in their creating or deleting state for their
    first describes (`STACKCTL_E2E_HOLD_DESCRIBES`), and what depends on them is refused
    meanwhile: see moto_holds.py beside this file (applied last: it wraps the describe and
    delete calls patched above, patch 7 among them).

18. What AWS refuses around the secure defaults (a protected load balancer's delete): see
    moto_secure.py beside this file.

19. GetResources lists ECR and CodeCommit repositories, RDS subnet and parameter groups and
    ElastiCache user groups, as AWS does: see moto_tagging.py.

20. What an auditor reads about the data tier: RDS certificate details and CAs
    (DescribeCertificates), the engine versions RDS offers (DescribeDBEngineVersions), and
    WAFv2 ListResourcesForWebACL, and an ICMP network ACL rule's type and code: see
    moto_data.py beside this file.

21. What AWS refuses around the logging defaults (a log group or trail key whose policy does
    not let the service use it) and AssociateKmsKey: see moto_logging.py beside this file.

22. A deleted bucket's tags go with it: a bucket created again under the same name starts
    without tags, as on AWS (moto kept the old ones, the settings hash among them): see
    moto_tagging.py.

23. VPC flow logs into a subfolder of an S3 bucket, as AWS takes them: see moto_flow_logs.py.

24. AWS Backup: backup selections (Create, Get, List, Delete), UpdateBackupPlan, the
    refusals of a lifecycle under cold storage + 90 days, of a selection whose role is not
    one, of a plan deleted with its selections and of a vault that holds recovery points
    (StartBackupJob leaves one), and backup plans in GetResources: see
    moto_backup.py beside this file.

25-27. Access logs: PutBucketLogging into a bucket whose policy has a `"Principal": "*"`
    statement, ALB access logs refused into a bucket whose policy does not let ELB write,
    and a bucket policy's conditioned deny not applied to every DeleteObjects: see
    moto_access_logs.py beside this file.

28. The security group EKS creates with every cluster, returned by DescribeCluster as
    `resourcesVpcConfig.clusterSecurityGroupId` and deleted with the cluster: see
    patch_eks_cluster_security_group in moto_eks.py.

29. WAF logging refused into a log group WAF cannot write to (not named `aws-waf-logs-`,
    another region, missing): see moto_waf_logging.py beside this file.

31. SSM DescribeInstanceInformation: the instances whose role lets the SSM Agent register
    (patch 30 is the node group's instances, in moto_autoscaling.py): see moto_ssm.py.

32. ElastiCache user groups (RBAC): Create/Describe/Modify/DeleteUserGroup, a replication
    group's `UserGroupIds` (and ModifyReplicationGroup's UserGroupIdsToAdd/-ToRemove), IAM
    users, and AWS's refusals around them (no `default` user, IAM user id != name, no
    transit encryption, a group or default user still in use): see moto_elasticache_rbac.py.

33. ElastiCache users `creating` / `modifying` before `active` (and ModifyUser, which moto
    lacks); ModifyUser and DeleteUser of a user in transition refused (`InvalidUserState`),
    its tag calls answered 404 `UserNotFound`: see moto_elasticache_users.py.
"""

import ctypes
import os
import signal
import sys
from xml.sax.saxutils import escape

from moto_cloudfront import patch_cloudfront
from moto_codecommit import patch_codecommit
from moto_autoscaling import patch_autoscaling
from moto_backup import patch_backup
from moto_waf_logging import patch_waf_logging
from moto_ssm import patch_ssm_managed_instances
from moto_eks import (
    patch_eks,
    patch_eks_access,
    patch_eks_cluster_security_group,
    patch_eks_secrets_key,
    patch_eks_versions,
    patch_launch_template_tags,
)
from moto_ec2 import patch_network_and_edge
from moto_elasticache import patch_elasticache
from moto_elasticache_rbac import patch_elasticache_rbac
from moto_elasticache_users import patch_elasticache_users
from moto_faults import patch_client_tokens, patch_faults
from moto_rds import patch_rds
from moto_holds import patch_holds
from moto_secure import patch_secure_defaults
from moto_data import patch_data_protection
from moto_logging import patch_logging
from moto_flow_logs import patch_flow_logs_subfolder
from moto_access_logs import patch_access_logs
from moto_tagging import patch_bucket_tags_die_with_bucket, patch_tagging_coverage

PR_SET_PDEATHSIG = 1
S3_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"


def die_with_parent() -> None:
    """Patch 1: SIGTERM when the spawning thread's process goes away (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        errno = ctypes.get_errno()
        print(f"moto_server.py: prctl(PR_SET_PDEATHSIG) failed: {os.strerror(errno)}", file=sys.stderr)
        return
    # The parent may have died between fork and prctl: then we were re-parented already.
    if os.getppid() == 1:
        sys.exit(0)


def versioning_configuration_xml(status) -> str:
    """The body real S3 sends for GetBucketVersioning (S3 API reference)."""
    inner = f"<Status>{escape(status)}</Status>" if status else ""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration xmlns="{S3_XMLNS}">{inner}</VersioningConfiguration>'


def patch_get_bucket_versioning() -> None:
    """Patch 2: GetBucketVersioning answers with <VersioningConfiguration>, as S3 does."""
    from moto.s3.responses import S3Response

    def get_bucket_versioning(self):
        # Raises NoSuchBucket (404) for a missing bucket, as before the patch.
        status = self.backend.get_bucket_versioning(self.bucket_name)
        self.data["Action"] = "GetBucketVersioning"
        return 200, {"Content-Type": "application/xml"}, versioning_configuration_xml(status)

    S3Response.get_bucket_versioning = get_bucket_versioning


def patch_tagging_pagination() -> None:
    """Patch 4: GetResources pages come from one snapshot, taken at the first page."""
    from moto.resourcegroupstaggingapi.models import ResourceGroupsTaggingAPIBackend

    lazy = ResourceGroupsTaggingAPIBackend._get_resources_generator

    def snapshot(self, tag_filters=None, resource_type_filters=None):
        return iter(list(lazy(self, tag_filters=tag_filters, resource_type_filters=resource_type_filters)))

    ResourceGroupsTaggingAPIBackend._get_resources_generator = snapshot


def main() -> None:
    die_with_parent()
    os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")  # patch 3
    os.environ.setdefault("MOTO_ACM_VALIDATION_WAIT", "0")  # patch 3
    import moto.settings  # read at its import, which a patch module may have done already

    moto.settings.ACM_VALIDATION_WAIT = int(os.environ["MOTO_ACM_VALIDATION_WAIT"])
    patch_get_bucket_versioning()
    patch_tagging_coverage()  # 19: before patch 4, whose snapshot then includes it
    patch_backup()  # 24: before patch 4 too (it lists backup plans)
    patch_tagging_pagination()
    patch_bucket_tags_die_with_bucket()  # 22
    patch_flow_logs_subfolder()  # 23
    patch_codecommit()  # patch 5
    patch_faults()  # 6
    patch_client_tokens()  # 6
    patch_elasticache()  # 7
    patch_elasticache_rbac()  # 32: after 7, before 17
    patch_elasticache_users()  # 33: after 32, before 17
    patch_cloudfront()  # 8
    patch_eks()  # 9
    patch_rds()  # 10
    patch_eks_access()  # 11
    patch_eks_versions()  # 12
    patch_eks_secrets_key()  # 13
    patch_eks_cluster_security_group()  # 28
    patch_autoscaling()  # 14
    patch_launch_template_tags()  # 15
    patch_network_and_edge()  # 16
    patch_secure_defaults()  # 18
    patch_data_protection()  # 20
    patch_logging()  # 21
    patch_access_logs()  # 23-25
    patch_waf_logging()  # 29
    patch_ssm_managed_instances()  # 31
    patch_holds()  # 17: last, it wraps the patches above
    from moto.server import main as moto_main

    moto_main(sys.argv[1:])


if __name__ == "__main__":
    main()
