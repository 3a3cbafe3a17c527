"""What AWS answers about the data tier and its protection, where moto 5.2.1 lacks it (issue 10):
the answers an auditor (Prowler) reads, given the way the AWS API reference documents them.

- RDS DescribeDBInstances carries `CACertificateIdentifier` and `CertificateDetails`
  {`CAIdentifier`, `ValidTill`}: the CA of the instance's server certificate and the
  certificate's expiry (RDS renews server certificates itself, a year at a time). moto has
  no `CertificateDetails` and names a CA `rds-ca-default` that RDS does not have; an
  instance created without `CACertificateIdentifier` gets the region's default CA, which is
  `rds-ca-rsa2048-g1` since January 2024. CreateDBInstanceReadReplica and ModifyDBInstance
  take `CACertificateIdentifier`; an identifier RDS does not offer is refused with
  HTTP 400 `CertificateNotFound` ("Certificate not found: ID").
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBInstance.html
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CertificateDetails.html
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html#UsingWithRDS.SSL.RegionCertificateAuthorities
- RDS DescribeCertificates (not in moto) lists the CAs RDS offers, with their validity;
  `CertificateIdentifier` narrows it to one (`CertificateNotFound` for an unknown one).
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeCertificates.html
- RDS DescribeDBEngineVersions (not in moto) lists the engine versions RDS offers, narrowed
  by `Engine`, `EngineVersion` and `DBParameterGroupFamily`. The PostgreSQL list is the
  one RDS offers since its minor versions 14.14-14.17, 15.9-15.12, 16.5-16.8 and 17.1-17.4
  reached the end of standard support on 31 May 2026 (AWS Health notice; targets 14.20,
  15.15, 16.11, 17.7 or higher).
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBEngineVersions.html
  https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
- WAFv2 ListResourcesForWebACL (not in moto) lists the resources a REGIONAL web ACL is
  associated with (AssociateWebACL), of one `ResourceType` (default
  `APPLICATION_LOAD_BALANCER`).
  https://docs.aws.amazon.com/waf/latest/APIReference/API_ListResourcesForWebACL.html
- EC2 CreateNetworkAclEntry and ReplaceNetworkAclEntry keep an ICMP rule's type and code
  (`Icmp.Type`, `Icmp.Code` on the wire, `IcmpTypeCode` in DescribeNetworkAcls); moto 5.2.1
  looks for them under the wire name after parsing has renamed them, and drops them.
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html
- The master user secret RDS manages (`ManageMasterUserPassword`) is rotated by RDS every
  seven days from its creation: DescribeSecret shows `RotationEnabled` true and
  `RotationRules.AutomaticallyAfterDays` 7. moto 5.2.1 creates the secret without rotation.
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html#rds-secrets-manager-rotation
"""

import json
from datetime import datetime, timedelta, timezone

DEFAULT_CA = "rds-ca-rsa2048-g1"


def _utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


# The CAs of the RDS user guide's table "Certificate authorities": their expiry years are the
# table's (2024, 2061, 2121, 2121); the times of day are this launcher's.
CERTIFICATE_AUTHORITIES = {
    "rds-ca-2019": ("2019-08-22T17:08:50Z", "2024-08-22T17:08:50Z"),
    "rds-ca-rsa2048-g1": ("2021-05-25T23:34:57Z", "2061-05-25T23:34:57Z"),
    "rds-ca-rsa4096-g1": ("2021-05-25T23:28:12Z", "2121-05-25T23:28:12Z"),
    "rds-ca-ecc384-g1": ("2021-05-25T23:06:54Z", "2121-05-25T23:06:54Z"),
}

ENGINE_VERSIONS = {
    "postgres": ["14.18", "14.19", "14.20", "15.13", "15.14", "15.15", "16.9", "16.10", "16.11", "17.5", "17.6", "17.7"],
    "mysql": ["8.0.42", "8.0.43", "8.4.5", "8.4.6", "8.4.7"],
}


def _family(engine: str, version: str) -> str:
    parts = version.split(".")
    return f"{engine}{parts[0]}" if engine == "postgres" else f"{engine}{parts[0]}.{parts[1]}"


def _refuse_unknown_ca(identifier) -> None:
    from moto.rds.exceptions import RDSClientError

    if identifier and identifier not in CERTIFICATE_AUTHORITIES:
        raise RDSClientError("CertificateNotFound", f"Certificate not found: {identifier}")


def patch_rds_certificates() -> None:
    from moto.rds.models import DBInstance
    from moto.rds.responses import RDSResponse

    original_init = DBInstance.__init__

    def init(self, *args, **kwargs):
        _refuse_unknown_ca(kwargs.get("ca_certificate_identifier"))
        original_init(self, *args, **kwargs)
        if self.ca_certificate_identifier in (None, "rds-ca-default"):
            self.ca_certificate_identifier = DEFAULT_CA
        self.stackctl_certificate_issued = datetime.now(timezone.utc)

    def certificate_details(self):
        issued = getattr(self, "stackctl_certificate_issued", datetime.now(timezone.utc))
        return {"CAIdentifier": self.ca_certificate_identifier, "ValidTill": issued + timedelta(days=365)}

    original_update = DBInstance.update

    def update(self, **kwargs):
        ca = kwargs.get("ca_certificate_identifier")
        _refuse_unknown_ca(ca)
        original_update(self, **kwargs)
        if ca:
            # A new CA means a new server certificate, signed by it.
            self.stackctl_certificate_issued = datetime.now(timezone.utc)

    DBInstance.__init__ = init
    DBInstance.update = update
    DBInstance.certificate_details = property(certificate_details)
    RDSResponse.describe_certificates = describe_certificates
    RDSResponse.describe_db_engine_versions = describe_db_engine_versions


def describe_certificates(self):
    from moto.core.responses import ActionResult

    wanted = self.params.get("CertificateIdentifier")
    if wanted:
        wanted = wanted.lower()
        _refuse_unknown_ca(wanted)
    certificates = [
        {
            "CertificateIdentifier": name,
            "CertificateType": "CA",
            "Thumbprint": name.replace("-", ""),
            "ValidFrom": _utc(valid_from),
            "ValidTill": _utc(valid_till),
            "CertificateArn": f"arn:aws:rds:{self.region}::cert:{name}",
            "CustomerOverride": False,
        }
        for name, (valid_from, valid_till) in CERTIFICATE_AUTHORITIES.items()
        if wanted in (None, name)
    ]
    return ActionResult({"Certificates": certificates, "DefaultCertificateForNewLaunches": DEFAULT_CA})


def describe_db_engine_versions(self):
    from moto.core.responses import ActionResult

    engine = self.params.get("Engine")
    version = self.params.get("EngineVersion")
    family = self.params.get("DBParameterGroupFamily")
    answer = []
    for name, versions in ENGINE_VERSIONS.items():
        for v in versions:
            if engine not in (None, name) or version not in (None, v) or family not in (None, _family(name, v)):
                continue
            answer.append(
                {
                    "Engine": name,
                    "EngineVersion": v,
                    "DBParameterGroupFamily": _family(name, v),
                    "DBEngineDescription": "PostgreSQL" if name == "postgres" else "MySQL Community Edition",
                    "DBEngineVersionDescription": f"{'PostgreSQL' if name == 'postgres' else 'MySQL'} {v}",
                    "Status": "available",
                }
            )
    return ActionResult({"DBEngineVersions": answer})


def patch_waf_resources() -> None:
    from moto.wafv2.exceptions import WAFNonexistentItemException
    from moto.wafv2.responses import WAFV2Response

    def list_resources_for_web_acl(self):
        body = json.loads(self.body)
        acl = self.wafv2_backend.wacls.get(body["WebACLArn"])
        if acl is None:
            raise WAFNonexistentItemException
        kind = body.get("ResourceType", "APPLICATION_LOAD_BALANCER")
        marker = {"APPLICATION_LOAD_BALANCER": ":loadbalancer/app/", "API_GATEWAY": ":apigateway:"}.get(kind, f":{kind.lower()}")
        arns = [arn for arn in acl.associated_resources if marker in arn]
        return 200, {"Content-Type": "application/json"}, json.dumps({"ResourceArns": arns})

    WAFV2Response.list_resources_for_web_acl = list_resources_for_web_acl


def patch_network_acl_icmp() -> None:
    from moto.ec2.responses.network_acls import NetworkACLs

    def keep_icmp(original):
        def call(self):
            icmp = self._get_param("IcmpTypeCode")
            if isinstance(icmp, dict) and self._get_param("Icmp") is None:
                self.params["Icmp"] = icmp
            return original(self)

        return call

    NetworkACLs.create_network_acl_entry = keep_icmp(NetworkACLs.create_network_acl_entry)
    NetworkACLs.replace_network_acl_entry = keep_icmp(NetworkACLs.replace_network_acl_entry)


def patch_rds_secret_rotation() -> None:
    from moto.rds.models import MasterUserSecret

    create = MasterUserSecret._create_secret

    def create_rotated(self, kms_key_id):
        secret = create(self, kms_key_id)
        secret.rotation_requested = True  # moto shows rotation fields only once asked for
        secret.rotation_enabled = True
        secret.auto_rotate_after_days = 7
        return secret

    MasterUserSecret._create_secret = create_rotated


def patch_data_protection() -> None:
    patch_rds_secret_rotation()
    patch_rds_certificates()
    patch_waf_resources()
    patch_network_acl_icmp()
