"""The Auto Scaling group behind each EKS managed node group, as EKS creates it.

On AWS, CreateNodegroup makes an Auto Scaling group named `eks-<nodegroup>-<uuid>` (the
uuid is the last part of the node group's ARN) with the node group's minimum, maximum and
desired sizes, launching from the node group's launch template in its subnets, tagged
`eks:cluster-name` and `eks:nodegroup-name`; DescribeNodegroup reports it in
`resources.autoScalingGroups`, UpdateNodegroupConfig resizes it and DeleteNodegroup
deletes it (EKS API reference, Nodegroup `resources`, NodegroupResources
`autoScalingGroups`: https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupResources.html;
https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html).

moto 5.2.1 reports an `eks-<uuid>` name that no Auto Scaling group carries, so a target
group could never be attached to a node group's instances. This patch creates the group in
moto's Auto Scaling backend, reports its name as EKS does, resizes it and deletes it with
the node group. stackctl then attaches the load balancer's target group to it with
AttachLoadBalancerTargetGroups and reads the attachment back with DescribeAutoScalingGroups.

The group's instances are as EKS launches them (patch 30): EKS adds an instance profile of
the node role to the launch template it launches from ("the instance profile of the node
IAM role", managed node groups user guide), so each instance carries it; the instance
takes the template's metadata options (RunInstances with a launch template applies its
`MetadataOptions`; moto 5.2.1 ignores them and reports IMDSv1 allowed); and the EKS
optimized AMIs are HVM (moto, which does not know them, reports `paravirtual`).
https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RequestLaunchTemplateData.html
"""


def asg_name(group) -> str:
    return f"eks-{group.nodegroup_name}-{group.uuid}"


def dress_instances(eks, group) -> None:
    """Patch 30: the node group's instances as EKS launches them (see the docstring)."""
    from moto.autoscaling.models import autoscaling_backends
    from moto.ec2.models import ec2_backends
    from moto.ec2.models.instances import MetadataOptions
    from moto.iam.models import iam_backends

    asg = autoscaling_backends[eks.account_id][eks.region_name].autoscaling_groups.get(asg_name(group))
    if asg is None:
        return
    ec2 = ec2_backends[eks.account_id][eks.region_name]
    iam = iam_backends[eks.account_id][eks.partition]
    profile = f"eks-{group.uuid}"
    if profile not in iam.instance_profiles:
        iam.create_instance_profile(profile, "/", role_names=[group.node_role.split("/")[-1]])
    template = group.launch_template or {}
    data = {}
    if template.get("id"):
        version = ec2._get_template_from_args({"LaunchTemplateId": template["id"], "Version": template.get("version")})
        data = version.data
    for state in asg.instance_states:
        instance = state.instance
        if data.get("MetadataOptions"):
            instance.metadata_options = MetadataOptions(data["MetadataOptions"])
        if instance.virtualization_type == "paravirtual":
            instance.virtualization_type = "hvm"
        if instance.id not in ec2.iam_instance_profile_associations:
            ec2.associate_iam_instance_profile(instance.id, iam_instance_profile_name=profile)


def patch_autoscaling() -> None:
    from moto.autoscaling.models import autoscaling_backends
    from moto.eks.models import EKSBackend

    def backend(eks):
        return autoscaling_backends[eks.account_id][eks.region_name]

    original_create = EKSBackend.create_nodegroup
    original_delete = EKSBackend.delete_nodegroup
    original_update = EKSBackend.update_nodegroup_config

    def create_nodegroup(self, *args, **kwargs):
        group = original_create(self, *args, **kwargs)
        name = asg_name(group)
        scaling = group.scaling_config or {}
        template = group.launch_template or {}
        backend(self).create_auto_scaling_group(
            name=name,
            availability_zones=[],
            desired_capacity=scaling.get("desiredSize"),
            max_size=scaling.get("maxSize"),
            min_size=scaling.get("minSize"),
            launch_config_name=None,
            launch_template={"LaunchTemplateId": template.get("id"), "Version": template.get("version")},
            vpc_zone_identifier=",".join(group.subnets or []),
            default_cooldown=None,
            health_check_period=None,
            health_check_type="EC2",
            load_balancers=[],
            target_group_arns=[],
            placement_group=None,
            termination_policies=[],
            tags=[
                {"Key": "eks:cluster-name", "Value": group.cluster_name, "PropagateAtLaunch": True},
                {"Key": "eks:nodegroup-name", "Value": group.nodegroup_name, "PropagateAtLaunch": True},
            ],
        )
        group.resources = dict(group.resources, autoScalingGroups=[{"name": name}])
        dress_instances(self, group)
        return group

    def delete_nodegroup(self, cluster_name, nodegroup_name):
        group = original_delete(self, cluster_name, nodegroup_name)
        asgs = backend(self)
        if asg_name(group) in asgs.autoscaling_groups:
            # Terminates the group's instances, as AWS does.
            asgs.delete_auto_scaling_group(asg_name(group))
        # EKS deletes the instance profile it made, which frees the node role.
        from moto.iam.models import iam_backends

        iam = iam_backends[self.account_id][self.partition]
        profile = iam.instance_profiles.get(f"eks-{group.uuid}")
        if profile is not None:
            profile.roles.clear()
            iam.delete_instance_profile(profile.name)
        return group

    def update_nodegroup_config(self, cluster_name, nodegroup_name, *args, **kwargs):
        update = original_update(self, cluster_name, nodegroup_name, *args, **kwargs)
        group = self.clusters[cluster_name].nodegroups[nodegroup_name]
        asgs = backend(self)
        asg = asgs.autoscaling_groups.get(asg_name(group))
        scaling = group.scaling_config or {}
        if asg is not None:
            asg.min_size = scaling.get("minSize", asg.min_size)
            asg.max_size = scaling.get("maxSize", asg.max_size)
            asgs.set_desired_capacity(asg.name, scaling.get("desiredSize", asg.desired_capacity))
            dress_instances(self, group)
        return update

    EKSBackend.create_nodegroup = create_nodegroup
    EKSBackend.delete_nodegroup = delete_nodegroup
    EKSBackend.update_nodegroup_config = update_nodegroup_config
