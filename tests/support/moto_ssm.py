"""Systems Manager's view of the stack's nodes (issue 10), where moto 5.2.1 has none.

31. SSM DescribeInstanceInformation lists the managed instances: on AWS, an EC2 instance
    whose SSM Agent runs (the EKS optimized AMIs start it) registers with Systems Manager
    once its instance profile's role lets it (`AmazonSSMManagedInstanceCore`) and it can
    reach the SSM endpoints (the stack's private subnets reach them through the NAT
    gateway); it is then listed `Online`, resource type `EC2Instance`. moto 5.2.1 does not
    implement the action (an auditor asking it, as Prowler's `ec2_instance_managed_by_ssm`
    does, gets an error and counts every instance unmanaged). The answer lists the running
    instances whose instance profile's role has that policy attached.
    https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeInstanceInformation.html
    https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html
"""

SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"


def may_register(association) -> bool:
    """Whether the instance's profile lets its SSM Agent register."""
    roles = getattr(association.iam_instance_profile, "roles", [])
    return any(SSM_CORE in role.managed_policies for role in roles)


def patch_ssm_managed_instances() -> None:
    """Patch 31."""
    from moto.core.responses import ActionResult
    from moto.ec2.models import ec2_backends
    from moto.ssm.responses import SimpleSystemManagerResponse

    def describe_instance_information(self):
        ec2 = ec2_backends[self.current_account][self.region]
        listed = []
        for association in list(ec2.iam_instance_profile_associations.values()):
            instance = association.instance
            if instance.state != "running" or not may_register(association):
                continue
            listed.append(
                {
                    "InstanceId": instance.id,
                    "PingStatus": "Online",
                    "ResourceType": "EC2Instance",
                    "PlatformType": "Linux",
                    "IsLatestVersion": True,
                }
            )
        return ActionResult({"InstanceInformationList": listed})

    SimpleSystemManagerResponse.describe_instance_information = describe_instance_information
