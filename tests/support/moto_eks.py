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
