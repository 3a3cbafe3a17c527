"""EKS tagging of managed node groups, as the EKS API reference documents it.

TagResource, UntagResource and ListTagsForResource take "the Amazon Resource Name (ARN)
of the resource" and "the supported resources are Amazon EKS clusters and managed node
groups". moto 5.2.1 handles cluster ARNs only and answers ResourceNotFoundException for a
node group's ARN, although CreateNodegroup keeps the node group's `tags` and
DescribeNodegroup returns them. stackctl keeps a node group's `stackctl:hash` tag current
after every update, so the tests' moto finds node groups by ARN as well; cluster ARNs go
to moto's own implementation unchanged.
"""


def patch_eks() -> None:
    from moto.eks.models import EKSBackend

    def nodegroup_by_arn(backend, arn):
        for cluster in backend.clusters.values():
            for group in cluster.nodegroups.values():
                if group.arn == arn:
                    return group
        return None

    original_tag = EKSBackend.tag_resource
    original_untag = EKSBackend.untag_resource
    original_list = EKSBackend.list_tags_for_resource

    def tag_resource(self, resource_arn, tags):
        group = nodegroup_by_arn(self, resource_arn)
        if group is None:
            return original_tag(self, resource_arn, tags)
        group.tags.update(tags)

    def untag_resource(self, resource_arn, tag_keys):
        group = nodegroup_by_arn(self, resource_arn)
        if group is None:
            return original_untag(self, resource_arn, tag_keys)
        for key in tag_keys or []:
            group.tags.pop(key, None)

    def list_tags_for_resource(self, resource_arn):
        group = nodegroup_by_arn(self, resource_arn)
        if group is None:
            return original_list(self, resource_arn)
        return group.tags

    EKSBackend.tag_resource = tag_resource
    EKSBackend.untag_resource = untag_resource
    EKSBackend.list_tags_for_resource = list_tags_for_resource


# --------------------------------------------------------------------------- access


def role_has_path(arn: str) -> bool:
    """`arn:aws:iam::1:role/stackctl/s/name` has the path `/stackctl/s/`."""
    return "/" in arn.split(":role/", 1)[-1]


def patch_eks_access() -> None:
    """Cluster authentication modes, and nodes that cannot join a cluster on aws-auth.

    CreateCluster takes `accessConfig.authenticationMode` (CONFIG_MAP when not given) and
    DescribeCluster reports it; UpdateClusterConfig moves it CONFIG_MAP -> API_AND_CONFIG_MAP
    -> API, never back (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html,
    https://docs.aws.amazon.com/eks/latest/userguide/setting-up-access-entries.html). moto
    5.2.1 ignores accessConfig.

    With API or API_AND_CONFIG_MAP, EKS creates the access entry of a managed node group's
    role itself, and an access entry's role ARN may carry a path. With CONFIG_MAP only, EKS
    adds the node role to the aws-auth ConfigMap, whose ARNs cannot carry a path
    (https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html): the
    nodes of a role with a path never authenticate, and after about twenty minutes the node
    group is CREATE_FAILED with the health issue NodeCreationFailure "Instances failed to join
    the kubernetes cluster" (aws/containers-roadmap #926, eksctl #2689). moto makes the node
    group ACTIVE; here it fails as on AWS.
    """
    from moto.eks.exceptions import InvalidParameterException
    from moto.eks.models import EKSBackend
    from moto.eks.responses import EKSResponse

    modes = ["CONFIG_MAP", "API_AND_CONFIG_MAP", "API"]
    original_create = EKSResponse.create_cluster
    original_update = EKSResponse.update_cluster_config
    original_nodegroup = EKSBackend.create_nodegroup

    def create_cluster(self):
        result = original_create(self)
        access = self._get_param("accessConfig") or {}
        cluster = self.eks_backend.clusters[self._get_param("name")]
        cluster.access_config = {
            "authenticationMode": access.get("authenticationMode", "CONFIG_MAP"),
            "bootstrapClusterCreatorAdminPermissions": access.get("bootstrapClusterCreatorAdminPermissions", True),
        }
        return result

    def update_cluster_config(self):
        access = self._get_param("accessConfig")
        name = self._get_param("name")
        if access and name in self.eks_backend.clusters:
            cluster = self.eks_backend.clusters[name]
            current = mode_of(cluster)
            wanted = access.get("authenticationMode", current)
            if wanted not in modes or modes.index(wanted) < modes.index(current):
                raise InvalidParameterException(
                    clusterName=name, message=f"Unsupported authentication mode update from {current} to {wanted}"
                )
            cluster.access_config = dict(getattr(cluster, "access_config", {}), authenticationMode=wanted)
        return original_update(self)

    def create_nodegroup(self, *args, **kwargs):
        group = original_nodegroup(self, *args, **kwargs)
        cluster = self.clusters[group.cluster_name]
        if mode_of(cluster) == "CONFIG_MAP" and role_has_path(group.node_role):
            group.status = "CREATE_FAILED"
            group.health = {
                "issues": [
                    {
                        "code": "NodeCreationFailure",
                        "message": "Instances failed to join the kubernetes cluster",
                        "resourceIds": [],
                    }
                ]
            }
        return group

    EKSResponse.create_cluster = create_cluster
    EKSResponse.update_cluster_config = update_cluster_config
    EKSBackend.create_nodegroup = create_nodegroup


def mode_of(cluster) -> str:
    return getattr(cluster, "access_config", {}).get("authenticationMode", "CONFIG_MAP")


# --------------------------------------------------------------------------- versions


def minor(version: str) -> int:
    return int(str(version).split(".")[1])


def successful_update(kind: str, params: list) -> dict:
    import datetime
    import uuid

    return {
        "id": str(uuid.uuid4()),
        "status": "Successful",
        "type": kind,
        "params": params,
        "createdAt": datetime.datetime.now(datetime.timezone.utc),
        "errors": [],
    }


def patch_eks_versions() -> None:
    """UpdateClusterVersion and UpdateNodegroupVersion, with the rules AWS enforces.

    moto 5.2.1 implements neither. On AWS (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html,
    https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateClusterVersion.html):
    - a cluster moves one minor version per UpdateClusterVersion; 1.29 -> 1.31 is refused with
      InvalidParameterException "Unsupported Kubernetes minor version update from 1.29 to 1.31"
      (terraform-aws-modules/terraform-aws-eks #2607);
    - the managed node groups must be on the cluster's version before the next one:
      InvalidParameterException "Nodegroups <names> must be updated to match cluster version
      <version> before updating cluster version" (terraform-provider-aws #19478);
    - a node group created without a version gets the cluster's, and UpdateNodegroupVersion
      without a version (and without a launch template) moves it to the cluster's; a node
      group never runs a newer version than its cluster
      (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupVersion.html);
    - UpdateNodegroupVersion with `launchTemplate` rolls the nodes to that template version.
    Updates finish at once here (status Successful); on AWS they take minutes and
    DescribeUpdate tells when they are done.
    """
    import moto.eks.urls as urls
    from moto.eks.exceptions import InvalidParameterException, ResourceNotFoundException
    from moto.eks.models import EKSBackend
    from moto.eks.responses import EKSResponse

    urls.url_paths["{0}/clusters/(?P<name>[^/]+)/updates$"] = urls.response.dispatch
    urls.url_paths["{0}/clusters/(?P<name>[^/]+)/node-groups/(?P<nodegroupName>[^/]+)/update-version$"] = (
        urls.response.dispatch
    )
    original_create = EKSBackend.create_nodegroup

    def create_nodegroup(self, *args, **kwargs):
        group = original_create(self, *args, **kwargs)
        if not kwargs.get("version"):
            group.version = self.clusters[group.cluster_name].version
        return group

    def cluster_of(backend, name):
        if name not in backend.clusters:
            raise ResourceNotFoundException(clusterName=name, message=f"No cluster found for name: {name}.")
        return backend.clusters[name]

    def update_cluster_version(self):
        name, version = self._get_param("name"), self._get_param("version")
        cluster = cluster_of(self.eks_backend, name)
        if minor(version) != minor(cluster.version) + 1:
            raise InvalidParameterException(
                clusterName=name,
                message=f"Unsupported Kubernetes minor version update from {cluster.version} to {version}",
            )
        lagging = sorted(g.nodegroup_name for g in cluster.nodegroups.values() if g.version != cluster.version)
        if lagging:
            raise InvalidParameterException(
                clusterName=name,
                message=f"Nodegroups {', '.join(lagging)} must be updated to match cluster version "
                f"{cluster.version} before updating cluster version",
            )
        cluster.version = version
        update = successful_update("VersionUpdate", [{"type": "Version", "value": version}])
        from moto.core.responses import ActionResult

        return ActionResult({"update": update})

    def update_nodegroup_version(self):
        name, group_name = self._get_param("name"), self._get_param("nodegroupName")
        cluster = cluster_of(self.eks_backend, name)
        group = cluster.nodegroups.get(group_name)
        if group is None:
            raise ResourceNotFoundException(
                clusterName=name, nodegroupName=group_name, message=f"No node group found for name: {group_name}."
            )
        version, template = self._get_param("version"), self._get_param("launchTemplate")
        params = []
        if template:
            current = group.launch_template or {}
            if template.get("id") and current.get("id") and template["id"] != current["id"]:
                raise InvalidParameterException(
                    clusterName=name,
                    nodegroupName=group_name,
                    message="You cannot change the launch template id of a node group",
                )
            group.launch_template = dict(current, version=str(template.get("version", current.get("version"))))
            params.append({"type": "LaunchTemplateVersion", "value": group.launch_template["version"]})
        if version or not template:
            target = version or cluster.version
            if minor(target) > minor(cluster.version):
                raise InvalidParameterException(
                    clusterName=name,
                    nodegroupName=group_name,
                    message=f"Requested Kubernetes version {target} is not valid for cluster version {cluster.version}",
                )
            group.version = target
            params.append({"type": "Version", "value": target})
        from moto.core.responses import ActionResult

        return ActionResult({"update": successful_update("VersionUpdate", params)})

    EKSBackend.create_nodegroup = create_nodegroup
    EKSResponse.update_cluster_version = update_cluster_version
    EKSResponse.update_nodegroup_version = update_nodegroup_version


# --------------------------------------------------------------------------- secrets key


def allowed_actions(policy: dict, principal: str) -> set:
    """The actions a key policy allows `principal` by name (not through IAM)."""
    actions = set()
    for statement in policy.get("Statement", []):
        if statement.get("Effect") != "Allow":
            continue
        aws = (statement.get("Principal") or {}).get("AWS", [])
        aws = [aws] if isinstance(aws, str) else aws
        if principal in aws:
            named = statement.get("Action", [])
            actions.update([named] if isinstance(named, str) else named)
    return actions


def patch_eks_secrets_key() -> None:
    """The KMS key of a cluster's secrets encryption must let the cluster role use it.

    EKS calls KMS as the cluster role: at CreateCluster it creates a grant on the key, and a
    role the key does not allow is refused with InvalidRequestException "User not authorized
    to perform kms:CreateGrant operation" (kubernetes-sigs/cluster-api-provider-aws #2432;
    aws/containers-roadmap #1533 for the later UpdateClusterVersion refusal;
    https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html).
    AmazonEKSClusterPolicy allows kms:DescribeKey only, so the key policy itself must allow
    the role kms:CreateGrant (or the role an IAM policy that does). moto 5.2.1 checks nothing.

    A key policy naming a role IAM has not propagated yet is refused by KMS with
    MalformedPolicyDocumentException "Policy contains a statement with one or more invalid
    principals." (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html,
    Errors): refused always for a role that does not exist, and once for each role just
    created, so the caller's retry is exercised.
    """
    import json

    from moto.eks.exceptions import InvalidRequestException
    from moto.eks.responses import EKSResponse
    from moto.iam.models import iam_backends
    from moto.kms.models import kms_backends
    from moto.kms.responses import KmsResponse
    from moto.core.exceptions import JsonRESTError

    refused_once: set = set()
    original_cluster = EKSResponse.create_cluster
    original_create_key = KmsResponse.create_key
    original_put_policy = KmsResponse.put_key_policy

    def role_exists(account_id, arn):
        name = arn.rsplit("/", 1)[-1]
        try:
            iam_backends[account_id]["global"].get_role(name)
            return True
        except Exception:  # noqa: BLE001 moto raises IAMNotFoundException
            return False

    def check_principals(self):
        try:
            policy = json.loads(self._get_param("Policy") or "{}")
        except ValueError:
            return
        for statement in policy.get("Statement", []):
            aws = (statement.get("Principal") or {}).get("AWS", [])
            for arn in [aws] if isinstance(aws, str) else aws:
                if ":role/" not in arn:
                    continue
                if not role_exists(self.current_account, arn) or arn not in refused_once:
                    refused_once.add(arn)
                    raise JsonRESTError(
                        "MalformedPolicyDocumentException",
                        "Policy contains a statement with one or more invalid principals.",
                    )

    def create_key(self):
        check_principals(self)
        return original_create_key(self)

    def put_key_policy(self):
        check_principals(self)
        return original_put_policy(self)

    def role_policy_allows_grants(account_id, role_arn):
        iam = iam_backends[account_id]["global"]
        try:
            role = iam.get_role(role_arn.rsplit("/", 1)[-1])
        except Exception:  # noqa: BLE001
            return False
        for policy in role.managed_policies.values():
            document = " ".join(str(v.document) for v in getattr(policy, "versions", []) if v.is_default)
            if "kms:CreateGrant" in document or "\"kms:*\"" in document:
                return True
        return False

    def create_cluster(self):
        role_arn = self._get_param("roleArn")
        for config in self._get_param("encryptionConfig") or []:
            key_arn = (config.get("provider") or {}).get("keyArn", "")
            kms = kms_backends[self.current_account][self.region]
            try:
                key = kms.describe_key(key_arn)
            except Exception:  # noqa: BLE001 moto's NotFoundException
                continue
            policy = json.loads(key.policy or "{}")
            allowed = allowed_actions(policy, role_arn)
            if not ({"kms:CreateGrant", "kms:*"} & allowed) and not role_policy_allows_grants(
                self.current_account, role_arn
            ):
                raise InvalidRequestException(
                    clusterName=self._get_param("name"),
                    message="User not authorized to perform kms:CreateGrant operation",
                )
        return original_cluster(self)

    KmsResponse.create_key = create_key
    KmsResponse.put_key_policy = put_key_policy
    EKSResponse.create_cluster = create_cluster


# --------------------------------------------------------------------------- launch template tags


def patch_launch_template_tags() -> None:
    """DescribeLaunchTemplates shows a template's current tags, as EC2 does.

    CreateTags and DeleteTags apply to launch templates (`lt-...` ids) and
    DescribeLaunchTemplates returns the template's tags
    (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplate.html). moto
    5.2.1 copies the tags once, at CreateLaunchTemplate, so a tag changed later (stackctl's
    `stackctl:hash` after a node template update) never shows. The tags are read from moto's
    tag store at each describe instead.
    """
    from moto.ec2.models.launch_templates import LaunchTemplate

    LaunchTemplate.tags = property(lambda self: self.get_tags(), lambda self, _value: None)


# ----------------------------------------------------------------- cluster security group


CLUSTER_SG_DESCRIPTION = (
    "EKS created security group applied to ENI that is attached to EKS Control Plane master "
    "nodes, as well as any managed workloads."
)


def patch_eks_cluster_security_group() -> None:
    """Patch 28: the security group EKS creates with every cluster.

    EKS creates a cluster security group for each cluster (platform version eks.1 and later),
    named `eks-cluster-sg-NAME-ID`, tagged `aws:eks:cluster-name` and
    `kubernetes.io/cluster/NAME: owned`, whose rules let its members reach each other and
    anything outbound; DescribeCluster returns it as `resourcesVpcConfig.clusterSecurityGroupId`
    beside the `vpcId`, and EKS deletes it with the cluster. moto 5.2.1 creates none and answers
    the resourcesVpcConfig it was sent, so an auditor reading that field
    (`eks_cluster_network_policy_enabled`) sees a cluster without one, and a VPC delete never
    meets the group EKS left behind when a cluster delete was not waited for.
    https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
    https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigResponse.html
    """
    from moto.ec2.models import ec2_backends
    from moto.eks.models import EKSBackend

    def ec2_of(backend):
        return ec2_backends[backend.account_id][backend.region_name]

    def with_group(config, group_id, vpc_id):
        return {**(config or {}), "clusterSecurityGroupId": group_id, "vpcId": vpc_id}

    create_cluster = EKSBackend.create_cluster
    update_cluster_config = EKSBackend.update_cluster_config
    delete_cluster = EKSBackend.delete_cluster

    def create_cluster_with_group(self, *args, **kwargs):
        cluster = create_cluster(self, *args, **kwargs)
        config = cluster.resources_vpc_config or {}
        ec2 = ec2_of(self)
        subnets = config.get("subnetIds") or []
        vpc_id = ec2.get_subnet(subnets[0]).vpc_id if subnets else None
        if vpc_id is None:
            return cluster
        name = f"eks-cluster-sg-{cluster.name}-{abs(hash(cluster.arn)) % 10**10}"
        tags = {"Name": name, "aws:eks:cluster-name": cluster.name, f"kubernetes.io/cluster/{cluster.name}": "owned"}
        group = ec2.create_security_group(name, CLUSTER_SG_DESCRIPTION, vpc_id=vpc_id, tags=tags)
        ec2.authorize_security_group_ingress(
            group_name_or_id=group.id,
            ip_protocol="-1",
            from_port=None,
            to_port=None,
            ip_ranges=[],
            source_groups=[{"GroupId": group.id}],
        )
        cluster.resources_vpc_config = with_group(config, group.id, vpc_id)
        return cluster

    def update_keeps_group(self, name, resources_vpc_config, *args, **kwargs):
        cluster = self.clusters.get(name)
        config = cluster.resources_vpc_config if cluster else None
        result = update_cluster_config(self, name, resources_vpc_config, *args, **kwargs)
        if cluster and config and "clusterSecurityGroupId" in config:
            cluster.resources_vpc_config = with_group(
                {**config, **(cluster.resources_vpc_config or {})}, config["clusterSecurityGroupId"], config["vpcId"]
            )
        return result

    def delete_cluster_and_group(self, name):
        cluster = delete_cluster(self, name)
        group_id = (cluster.resources_vpc_config or {}).get("clusterSecurityGroupId")
        if group_id and ec2_of(self).get_security_group_from_id(group_id) is not None:
            ec2_of(self).delete_security_group(group_id=group_id)
        return cluster

    EKSBackend.create_cluster = create_cluster_with_group
    EKSBackend.update_cluster_config = update_keeps_group
    EKSBackend.delete_cluster = delete_cluster_and_group
