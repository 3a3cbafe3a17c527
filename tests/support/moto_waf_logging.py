"""WAF logging (issue 10): what AWS refuses that moto 5.2.1 accepts, so that a test fails
the day stackctl breaks the rule.

29. PutLoggingConfiguration refuses a log destination that AWS WAF cannot write to. For a
    CloudWatch Logs destination, the log group's name must start with `aws-waf-logs-`, it
    must be in the web ACL's region (us-east-1 for a CLOUDFRONT web ACL, whose ARN says
    `global`) and it must exist. WAF answers HTTP 400 `WAFInvalidParameterException` for the
    first two (the field is LOG_DESTINATION) and `WAFNonexistentItemException` for a missing
    group, as for a missing web ACL; moto stores any string. (The wording of WAF's messages
    is not documented; the codes and the field are.)
    https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
    https://docs.aws.amazon.com/waf/latest/APIReference/API_PutLoggingConfiguration.html
"""


def destination_refusal(acl_arn: str, destination: str, account_id: str, group_exists) -> tuple | None:
    """Why WAF would refuse `destination` for the web ACL `acl_arn`, or None."""
    parts = destination.split(":")
    if len(parts) < 7 or parts[2] != "logs" or parts[5] != "log-group":
        return None  # S3 and Firehose destinations: not what the stack uses
    region, account, name = parts[3], parts[4], parts[6]
    acl_region = "us-east-1" if ":global/" in acl_arn else acl_arn.split(":")[3]
    if not name.startswith("aws-waf-logs-"):
        return ("WAFInvalidParameterException", f"Error reason: The log group name must start with aws-waf-logs-., field: LOG_DESTINATION, parameter: {destination}")
    if region != acl_region:
        return ("WAFInvalidParameterException", f"Error reason: The log destination must be in the web ACL's Region, {acl_region}., field: LOG_DESTINATION, parameter: {destination}")
    if account != account_id or not group_exists(account, region, name):
        return ("WAFNonexistentItemException", "AWS WAF couldn't perform the operation because your resource doesn't exist.")
    return None


def patch_waf_logging() -> None:
    """Patch 29."""
    from moto.logs.models import logs_backends
    from moto.wafv2 import exceptions
    from moto.wafv2.models import WAFV2Backend

    original = WAFV2Backend.put_logging_configuration

    def group_exists(account, region, name):
        return name in logs_backends[account][region].groups

    def put_logging_configuration(self, arn, log_destination_configs, *args, **kwargs):
        for destination in log_destination_configs or []:
            refusal = destination_refusal(arn, destination, self.account_id, group_exists)
            if refusal is not None:
                code, message = refusal
                if code == "WAFNonexistentItemException":
                    raise exceptions.WAFNonexistentItemException()
                raise exceptions.WAFv2ClientError(code, message)
        return original(self, arn, log_destination_configs, *args, **kwargs)

    WAFV2Backend.put_logging_configuration = put_logging_configuration
