"""EC2, ELBv2, WAFv2, CloudTrail and EKS as AWS has them for the network and the edge,
where moto 5.2.1 accepts what AWS refuses or is ready at once where AWS takes minutes.

Availability zones
- DescribeAvailabilityZones returns each zone's `OptInStatus` (API reference,
  AvailabilityZone: `opt-in-not-required` for the zones of a standard region); moto
  answers without it. Its zone lists match what AWS offers new accounts (ap-northeast-1:
  1a, 1c, 1d; 1b takes no new subnets).
- CreateSubnet in a zone the VPC's region does not offer is refused with AWS's
  `InvalidParameterValue` ("Value (ap-northeast-1b) for parameter availabilityZone is
  invalid. Subnets can currently only be created in the following availability zones:
  ..."), naming that region's zones; moto checks the name against every region's zones,
  so a us-east-1 zone passes in an ap-northeast-1 VPC.
  https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html
- EKS CreateCluster refuses subnets in the zones EKS does not support for the control
  plane (use1-az3 in us-east-1, usw1-az2 in us-west-1, cac1-az3 in ca-central-1) with
  `UnsupportedAvailabilityZoneException` (HTTP 400) and the zones it would take.
  https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html

Security group quota
- A rule that references a managed prefix list counts as the list's weight (its maximum
  entries) against the 60 inbound rules of a group; CloudFront's origin-facing list weighs
  55, so two such rules fail with `RulesPerSecurityGroupLimitExceeded`.
  https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html#aws-managed-prefix-list-weights
  https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups

Ordering and eventual consistency (each refusal once per resource)
- CreateLoadBalancer (internet-facing) in a VPC without an attached internet gateway:
  `InvalidSubnet`, "VPC vpc-... has no internet gateway".
  https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
- A new ALB is `provisioning` for its first describes (moto_readiness.HOLDER), and
  AssociateWebACL on it meanwhile answers `WAFUnavailableEntityException`.
  https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html
- DescribeTrails describes only the trails its `trailNameList` names, as AWS does (moto
  describes every trail of the region).
- DescribeNatGateways applies its `tag:<key>` and `tag-key` filters, as AWS does (moto
  ignores them and returns every NAT gateway of the region).
- A new NAT gateway is `pending` for its first describes, and the first CreateRoute or
  ReplaceRoute naming it answers `InvalidNatGatewayID.NotFound` (eventual consistency of
  the EC2 API). https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html
- The first CreateTrail after a bucket's PutBucketPolicy answers
  `InsufficientS3BucketPolicyException` ("Incorrect S3 bucket policy is detected for
  bucket: ..."), as CloudTrail does while the new policy propagates
  (terraform-provider-aws #820, cloudposse/terraform-aws-cloudtrail-s3-bucket #90).
"""

import threading

from moto_readiness import HOLDER

CLOUDFRONT_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing"
CLOUDFRONT_WEIGHT = 55
INBOUND_RULES_PER_GROUP = 60
EKS_UNSUPPORTED_ZONE_IDS = {"use1-az3", "usw1-az2", "cac1-az3"}


class Once:
    """Remembers which keys already had their one injected refusal."""

    def __init__(self) -> None:
        self._done: set = set()
        self._lock = threading.Lock()

    def first(self, key) -> bool:
        with self._lock:
            if key in self._done:
                return False
            self._done.add(key)
            return True


ONCE = Once()
# Buckets whose policy was just put: the next CreateTrail naming one is refused once.
FRESH_POLICIES: set = set()


def patch_zones() -> None:
    from moto.ec2.exceptions import InvalidAvailabilityZoneError
    from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend, Zone
    from moto.ec2.models.subnets import SubnetBackend

    Zone.opt_in_status = "opt-in-not-required"
    original = SubnetBackend.create_subnet

    def create_subnet(self, *args, **kwargs):
        # moto's response handler passes (vpc_id, cidr_block, ipv6_cidr_block, zone, zone_id, ...).
        given = dict(zip(["vpc_id", "cidr_block", "ipv6_cidr_block", "availability_zone", "availability_zone_id"], args), **kwargs)
        availability_zone, availability_zone_id = given.get("availability_zone"), given.get("availability_zone_id")
        offered = RegionsAndZonesBackend.zones.get(self.region_name, [])
        names = [z.name for z in offered]
        ids = [z.zone_id for z in offered]
        if (availability_zone and availability_zone not in names) or (availability_zone_id and availability_zone_id not in ids):
            raise InvalidAvailabilityZoneError(availability_zone or availability_zone_id, ", ".join(names))
        return original(self, *args, **kwargs)

    SubnetBackend.create_subnet = create_subnet


def prefix_list_weight(backend, prefix_list_id) -> int:
    pl = backend.managed_prefix_lists.get(prefix_list_id)
    if pl is None:
        return 1
    if pl.prefix_list_name == CLOUDFRONT_PREFIX_LIST:
        return CLOUDFRONT_WEIGHT
    return int(pl.max_entries or 1)


def patch_security_group_quota() -> None:
    from moto.ec2.exceptions import RulesPerSecurityGroupLimitExceededError
    from moto.ec2.models.security_groups import SecurityGroupBackend

    original = SecurityGroupBackend.authorize_security_group_ingress

    def authorize(self, group_name_or_id, ip_protocol, from_port, to_port, ip_ranges, sgrule_tags=None, source_groups=None, prefix_list_ids=None, security_rule_ids=None, vpc_id=None):
        group = self.get_security_group_by_name_or_id(group_name_or_id, vpc_id)
        if group is not None and group.vpc_id:
            used = sum(prefix_list_weight(self, r.prefix_list_id) if r.prefix_list_id else 1 for r in group.ingress_rules)
            ranges = ip_ranges if isinstance(ip_ranges, list) else ([ip_ranges] if ip_ranges else [])
            added = len(ranges) + len(source_groups or [])
            added += sum(prefix_list_weight(self, p.get("PrefixListId")) for p in prefix_list_ids or [])
            if used + added > INBOUND_RULES_PER_GROUP:
                raise RulesPerSecurityGroupLimitExceededError()
        return original(self, group_name_or_id, ip_protocol, from_port, to_port, ip_ranges, sgrule_tags, source_groups, prefix_list_ids, security_rule_ids, vpc_id)

    SecurityGroupBackend.authorize_security_group_ingress = authorize


def with_tags(backend, nats, filters):
    """DescribeNatGateways' `tag:<key>` and `tag-key` filters, which moto ignores (it applies
    only nat-gateway-id, vpc-id, subnet-id and state): AWS returns only the gateways whose
    tags match (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNatGateways.html,
    Filter.N). Without them a stack's tag filter returned every stack's NAT gateways."""
    for name, values in (filters or {}).items():
        if name.startswith("tag:"):
            nats = [n for n in nats if backend.tags.get(n.id, {}).get(name[4:]) in values]
        elif name == "tag-key":
            nats = [n for n in nats if any(k in backend.tags.get(n.id, {}) for k in values)]
    return nats


def patch_nat_gateways() -> None:
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.models.nat_gateways import NatGatewayBackend
    from moto.ec2.models.route_tables import RouteBackend

    original_describe = NatGatewayBackend.describe_nat_gateways

    def describe(self, filters, nat_gateway_ids):
        found = with_tags(self, original_describe(self, filters, nat_gateway_ids), filters)
        for nat in found:
            if nat.state in ("pending", "available"):
                nat.state = "pending" if HOLDER.still_creating(("ec2:natgateway", nat.id)) else "available"
        return found

    NatGatewayBackend.describe_nat_gateways = describe
    original_create = NatGatewayBackend.create_nat_gateway

    def create(self, *args, **kwargs):
        nat = original_create(self, *args, **kwargs)
        nat.state = "pending"
        return nat

    NatGatewayBackend.create_nat_gateway = create

    def not_found(nat_gateway_id):
        return EC2ClientError("InvalidNatGatewayID.NotFound", f"The natGateway ID '{nat_gateway_id}' does not exist")

    for name in ("create_route", "replace_route"):
        original = getattr(RouteBackend, name)

        def route(self, *args, __original=original, name=name, **kwargs):
            nat = kwargs.get("nat_gateway_id") or (args[4] if name == "replace_route" and len(args) > 4 else None)
            if nat and ONCE.first(("route-to-nat", nat)):
                raise not_found(nat)
            return __original(self, *args, **kwargs)

        setattr(RouteBackend, name, route)


def patch_load_balancers() -> None:
    from moto.elbv2.exceptions import ELBClientError as RESTError
    from moto.ec2.models import ec2_backends
    from moto.elbv2.models import ELBv2Backend, FakeLoadBalancer
    from moto.wafv2.exceptions import WAFv2ClientError
    from moto.wafv2.models import WAFV2Backend
    from moto.elbv2.models import elbv2_backends

    original_create = ELBv2Backend.create_load_balancer

    def create_load_balancer(self, *args, **kwargs):
        scheme, subnet_ids = kwargs.get("scheme") or "internet-facing", kwargs.get("subnet_ids") or []
        if scheme != "internal" and subnet_ids:
            ec2 = ec2_backends[self.account_id][self.region_name]
            subnet = ec2.get_subnet(subnet_ids[0])
            attached = [g for g in ec2.internet_gateways.values() if g.vpc and g.vpc.id == subnet.vpc_id]
            if not attached:
                raise RESTError("InvalidSubnet", f"VPC {subnet.vpc_id} has no internet gateway")
        return original_create(self, *args, **kwargs)

    ELBv2Backend.create_load_balancer = create_load_balancer

    def activate(self):
        if self.state == "provisioning" and not HOLDER.still_creating(("elbv2:loadbalancer", self.arn)):
            self.state = "active"

    FakeLoadBalancer.activate = activate

    class WAFUnavailableEntityException(WAFv2ClientError):
        def __init__(self) -> None:
            super().__init__(
                "WAFUnavailableEntityException",
                "AWS WAF couldn't retrieve a resource that you specified for this operation. Verify the resource, and retry your request.",
            )

    original_associate = WAFV2Backend.associate_web_acl

    def associate_web_acl(self, web_acl_arn, resource_arn):
        lb = elbv2_backends[self.account_id][self.region_name].load_balancers.get(resource_arn)
        if lb is not None and lb.state == "provisioning":
            raise WAFUnavailableEntityException()
        return original_associate(self, web_acl_arn, resource_arn)

    WAFV2Backend.associate_web_acl = associate_web_acl


def patch_trails() -> None:
    from moto.core.exceptions import JsonRESTError
    from moto.cloudtrail.models import CloudTrailBackend
    from moto.s3.models import S3Backend

    class InsufficientS3BucketPolicyException(JsonRESTError):
        code = 400

        def __init__(self, bucket) -> None:
            super().__init__("InsufficientS3BucketPolicyException", f"Incorrect S3 bucket policy is detected for bucket: {bucket}")

    original_put = S3Backend.put_bucket_policy

    def put_bucket_policy(self, bucket_name, policy):
        result = original_put(self, bucket_name, policy)
        FRESH_POLICIES.add(bucket_name)
        return result

    S3Backend.put_bucket_policy = put_bucket_policy
    original_create = CloudTrailBackend.create_trail

    def create_trail(self, *args, **kwargs):
        bucket_name = kwargs.get("bucket_name") or (args[1] if len(args) > 1 else None)
        if bucket_name in FRESH_POLICIES:
            FRESH_POLICIES.discard(bucket_name)
            raise InsufficientS3BucketPolicyException(bucket_name)
        return original_create(self, *args, **kwargs)

    CloudTrailBackend.create_trail = create_trail
    patch_trail_name_list()


def patch_trail_name_list() -> None:
    """DescribeTrails' `trailNameList` (names or ARNs): AWS describes only those trails
    (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html);
    moto ignores the list and describes every trail of the region."""
    import json

    from moto.cloudtrail.responses import CloudTrailResponse

    original = CloudTrailResponse.describe_trails

    def describe_trails(self):
        wanted = self._get_param("trailNameList") or []
        answer = original(self)
        if not wanted:
            return answer
        trails = json.loads(answer)["trailList"]
        kept = [t for t in trails if t.get("Name") in wanted or t.get("TrailARN") in wanted]
        return json.dumps({"trailList": kept})

    CloudTrailResponse.describe_trails = describe_trails


def patch_eks_zones() -> None:
    from moto.ec2.models import ec2_backends
    from moto.eks.exceptions import EKSError
    from moto.eks.models import EKSBackend

    original = EKSBackend.create_cluster

    class UnsupportedAvailabilityZoneException(EKSError):
        TYPE = "UnsupportedAvailabilityZoneException"
        STATUS = 400

    def create_cluster(self, *args, **kwargs):
        name = kwargs.get("name")
        vpc_config = kwargs.get("resources_vpc_config") or {}
        ec2 = ec2_backends[self.account_id][self.region_name]
        zones = {}
        for subnet_id in vpc_config.get("subnetIds", []):
            subnet = ec2.get_subnet(subnet_id)
            zones[subnet.availability_zone_id] = subnet.availability_zone
        refused = [zones[z] for z in zones if z in EKS_UNSUPPORTED_ZONE_IDS]
        if refused:
            valid = [z.name for z in ec2.describe_availability_zones() if z.zone_id not in EKS_UNSUPPORTED_ZONE_IDS]
            raise UnsupportedAvailabilityZoneException(
                message=f"Cannot create cluster '{name}' because {refused[0]}, the targeted availability zone, does not currently have sufficient capacity to support the cluster. Retry and choose from these availability zones: {', '.join(valid)}",
                clusterName=name,
                validZones=valid,
            )
        return original(self, *args, **kwargs)

    EKSBackend.create_cluster = create_cluster


def patch_network_and_edge() -> None:
    patch_zones()
    patch_security_group_quota()
    patch_nat_gateways()
    patch_load_balancers()
    patch_trails()
    patch_eks_zones()
