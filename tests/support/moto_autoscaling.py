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
"""


def asg_name(group) -> str:
    return f"eks-{group.nodegroup_name}-{group.uuid}"


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
        return group

    def delete_nodegroup(self, cluster_name, nodegroup_name):
        group = original_delete(self, cluster_name, nodegroup_name)
        asgs = backend(self)
        if asg_name(group) in asgs.autoscaling_groups:
            # Terminates the group's instances, as AWS does.
            asgs.delete_auto_scaling_group(asg_name(group))
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
        return update

    EKSBackend.create_nodegroup = create_nodegroup
    EKSBackend.delete_nodegroup = delete_nodegroup
    EKSBackend.update_nodegroup_config = update_nodegroup_config
