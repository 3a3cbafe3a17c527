"""Resource Groups Tagging API GetResources lists the resource types AWS lists (issue 13).

AWS: "The GetResources, GetTagKeys, and GetTagValues operations support all resource types"
that Tag Editor supports (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/supported-services.html,
https://docs.aws.amazon.com/ARG/latest/userguide/supported-resources.html), among them ECR
repositories (`arn:aws:ecr:REGION:ACCOUNT:repository/NAME`), CodeCommit repositories
(`arn:aws:codecommit:REGION:ACCOUNT:NAME`), RDS DB subnet groups (`...:rds:...:subgrp:NAME`),
DB parameter groups (`...:rds:...:pg:NAME`), EC2 Elastic IPs (`...:ec2:...:elastic-ip/eipalloc-ID`)
and launch templates (`...:ec2:...:launch-template/lt-ID`), WAFv2 web ACLs
(`...:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID`; CLOUDFRONT ones, which live in us-east-1,
as `...:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID` in us-east-1's listing), CloudTrail
trails (`...:cloudtrail:...:trail/NAME`), EKS clusters and node groups
(`...:eks:...:cluster/NAME`, `...:eks:...:nodegroup/CLUSTER/NAME/UUID`) and ElastiCache user
groups (`...:elasticache:...:usergroup:NAME`, which moto_elasticache_rbac.py adds). moto 5.2.1
(`ResourceGroupsTaggingAPIBackend._get_resources_generator`) lists none of them, so
stackctl's discovery, which trusts the listing for the tags of these kinds, would fall back to
one ListTagsForResource per resource against moto while AWS needs none. The patch appends
them, with their tags and the request's tag filters applied as moto applies them to the
types it covers (every filter key present, with one of its values when values are given).
It also gives VPC flow logs, which moto lists, the ARN AWS gives them (`vpc-flow-log/fl-ID`).
"""


def _matches(tags, tag_filters):
    by_key = {t["Key"]: t["Value"] for t in tags}
    for f in tag_filters or []:
        if f["Key"] not in by_key:
            return False
        values = f.get("Values") or []
        if values and by_key[f["Key"]] not in values:
            return False
    return True


def _pairs(tags):
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def _wanted(resource_type_filters, service, resource_type):
    return not resource_type_filters or service in resource_type_filters or f"{service}:{resource_type}" in resource_type_filters


def _extra(backend, resource_type_filters):
    """(ARN, [{Key, Value}]) of the types moto leaves out, in the backend's region."""
    from moto.codecommit.models import codecommit_backends
    from moto.ecr.models import ecr_backends

    account, region = backend.account_id, backend.region_name
    if _wanted(resource_type_filters, "ecr", "repository"):
        ecr = ecr_backends[account][region]
        for repo in list(ecr.repositories.values()):
            yield repo.arn, ecr.tagger.list_tags_for_resource(repo.arn)["tags"]
    if _wanted(resource_type_filters, "codecommit", "repository"):
        for name, repo in list(codecommit_backends[account][region].repositories.items()):
            tags = getattr(repo, "tags", {}) or {}
            yield f"arn:aws:codecommit:{region}:{account}:{name}", [{"Key": k, "Value": v} for k, v in tags.items()]
    ec2 = backend.ec2_backend
    if _wanted(resource_type_filters, "ec2", "elastic-ip"):
        for address in list(ec2.addresses):
            if address.allocation_id:
                yield (
                    f"arn:aws:ec2:{region}:{account}:elastic-ip/{address.allocation_id}",
                    _pairs(ec2.tags.get(address.allocation_id, {})),
                )
    if _wanted(resource_type_filters, "ec2", "launch-template"):
        for template_id in list(ec2.launch_templates):
            yield f"arn:aws:ec2:{region}:{account}:launch-template/{template_id}", _pairs(ec2.tags.get(template_id, {}))
    if _wanted(resource_type_filters, "wafv2", "webacl"):
        from moto.wafv2.models import GLOBAL_REGION, wafv2_backends

        scopes = [region] + ([GLOBAL_REGION] if region == "us-east-1" else [])
        for scope in scopes:
            waf = wafv2_backends[account][scope]
            for arn in list(waf.wacls):
                yield arn, waf.tagging_service.list_tags_for_resource(arn)["Tags"]
    if _wanted(resource_type_filters, "cloudtrail", "trail"):
        from moto.cloudtrail.models import cloudtrail_backends

        trails = cloudtrail_backends[account][region]
        for trail in list(trails.trails.values()):
            yield trail.arn, trails.tagging_service.list_tags_for_resource(trail.arn)["TagsList"]
    if _wanted(resource_type_filters, "eks", "cluster") or _wanted(resource_type_filters, "eks", "nodegroup"):
        from moto.eks.models import eks_backends

        for cluster in list(eks_backends[account][region].clusters.values()):
            yield cluster.arn, _pairs(cluster.tags or {})
            for group in list(cluster.nodegroups.values()):
                yield group.arn, _pairs(group.tags or {})
    rds = backend.rds_backend
    if _wanted(resource_type_filters, "rds", "subgrp"):
        for group in list(rds.subnet_groups.values()):
            yield group.arn, list(group.tags or [])
    if _wanted(resource_type_filters, "rds", "pg"):
        for group in list(rds.db_parameter_groups.values()):
            yield group.arn, list(group.tags or [])
    if _wanted(resource_type_filters, "elasticache", "usergroup"):
        # ElastiCache user groups (moto_elasticache_rbac.py adds them; moto lists users).
        cache = backend.elasticache_backend
        for group in list(getattr(cache, "user_groups", {}).values()):
            yield group.arn, cache.tagging_service.list_tags_for_resource(group.arn)["Tags"]


def _flow_log_arn(resource):
    """moto lists a VPC flow log as `...:ec2:REGION:ACCOUNT:flow-logs/fl-ID`; AWS's ARN for it is
    `...:ec2:REGION:ACCOUNT:vpc-flow-log/fl-ID` (the IAM service authorization reference,
    "Resource types defined by Amazon EC2"). Were AWS's listing to leave flow logs out,
    discovery would not find the network complete there and would ask EC2's Describe calls
    instead: slower, never wrong."""
    arn = resource["ResourceARN"]
    if ":ec2:" in arn and ":flow-logs/" in arn:
        return dict(resource, ResourceARN=arn.replace(":flow-logs/", ":vpc-flow-log/"))
    return resource


def patch_tagging_coverage() -> None:
    from moto.resourcegroupstaggingapi.models import ResourceGroupsTaggingAPIBackend

    listed = ResourceGroupsTaggingAPIBackend._get_resources_generator

    def with_extra(self, tag_filters=None, resource_type_filters=None):
        for resource in listed(self, tag_filters=tag_filters, resource_type_filters=resource_type_filters):
            yield _flow_log_arn(resource)
        for arn, tags in _extra(self, resource_type_filters):
            if tags and _matches(tags, tag_filters):
                yield {"ResourceARN": arn, "Tags": tags}

    ResourceGroupsTaggingAPIBackend._get_resources_generator = with_extra


def patch_bucket_tags_die_with_bucket() -> None:
    """A deleted bucket's tags go with it (patch 22).

    AWS: DeleteBucket deletes the bucket; a bucket later created with the same name is a new
    bucket whose tag set is empty until PutBucketTagging
    (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html,
    https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketTagging.html: `NoSuchTagSet`
    for a bucket without tags). moto 5.2.1 keeps bucket tags in a tagger keyed by the bucket's
    ARN, which DeleteBucket leaves alone: a bucket created again under the name of a deleted
    one carries the old bucket's tags, the `stackctl:hash` that vouches for settings among
    them, while its settings are back to S3's defaults. The patch drops the tags with the
    bucket.
    """
    from moto.s3.models import S3Backend

    delete = S3Backend.delete_bucket

    def delete_with_tags(self, bucket_name):
        arn = self.get_bucket(bucket_name).arn
        deleted = delete(self, bucket_name)
        if deleted is not None:
            self.tagger.delete_all_tags_for_resource(arn)
        return deleted

    S3Backend.delete_bucket = delete_with_tags
