"""VPC flow logs into an S3 bucket's subfolder, as AWS takes them (patch 23).

AWS: for `LogDestinationType=s3`, `LogDestination` is the bucket's ARN, "optionally with a
subfolder": `arn:aws:s3:::bucket_name/subfolder_name/`
(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateFlowLogs.html,
https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-create-flow-log.html), and
DescribeFlowLogs gives the destination back as it was given. moto 5.2.1
(`FlowLogsBackend.create_flow_logs`) takes everything after the ARN's fifth colon as the
bucket's name, so a subfolder makes it answer "LogDestination: bucket/folder/ does not exist"
in `Unsuccessful`. The patch checks the bucket part and keeps the whole destination.
"""


def patch_flow_logs_subfolder() -> None:
    from moto.ec2.models.flow_logs import FlowLogsBackend

    create = FlowLogsBackend.create_flow_logs

    def create_with_subfolder(self, *args, **kwargs):
        destination = kwargs.get("log_destination")
        if kwargs.get("log_destination_type") != "s3" or not destination or destination.count(":") < 5:
            return create(self, *args, **kwargs)
        head, path = destination.rsplit(":", 1)
        bucket = path.split("/", 1)[0]
        flow_logs, errors = create(self, *args, **dict(kwargs, log_destination=f"{head}:{bucket}"))
        for flow_log in flow_logs:
            flow_log.log_destination = destination
        return flow_logs, errors

    FlowLogsBackend.create_flow_logs = create_with_subfolder
