"""Fault injection for stackctl's end-to-end tests: make chosen requests fail as AWS does
when an IAM or bucket policy denies them.

This is not an AWS behaviour that moto lacks but a test tool: a call that fails half-way
through creating a resource (after the resource exists, before all its settings are
written) is what an apply that lost a permission, or was killed, leaves behind, and the
tests need that state deterministically.

Off unless `STACKCTL_E2E_FAULTS` names a file. That file is read on every request, so a test
can switch faults on and off while the server runs; each non-empty line not starting with
`#` is

    METHOD QUERY-KEY

and makes every request with that HTTP method whose query string has that key (`PUT policy`
matches S3 PutBucketPolicy, `PUT /bucket?policy`) fail with HTTP 403 and the S3 error
document of `AccessDenied`, as S3 answers a denied call. A line

    throttle PERCENT SEED

throttles PERCENT % of all requests (except `/moto-api`), chosen by a random generator seeded
with SEED (the same sequence of decisions on every run), answering each in the error format of
its service's protocol, as AWS throttles:
- EC2 (query): HTTP 503 `RequestLimitExceeded` in EC2's `<Response><Errors>` document
  (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html);
- the other query services (IAM, STS, RDS, ElastiCache, ELBv2, Auto Scaling, CloudWatch, SNS) and CloudFront
  (rest-XML): HTTP 400 `Throttling` in an `<ErrorResponse><Error>` document
  (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/CommonErrors.html);
- S3: HTTP 503 `SlowDown` in S3's `<Error>` document
  (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html);
- the JSON services (EKS, ECR, SQS, Logs, WAFv2, CloudTrail, CodeCommit, KMS, tagging): HTTP 400
  `ThrottlingException` as `__type` and `x-amzn-ErrorType`
  (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/CommonErrors.html).
The service is read from the request's SigV4 credential scope. Requests that do not match, and
all requests while the file is missing or empty, reach moto unchanged.
"""

import os
import random
import re
import threading
from urllib.parse import parse_qs

ACCESS_DENIED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<Error><Code>AccessDenied</Code><Message>Access Denied (injected by the stackctl e2e tests)</Message>"
    b"<RequestId>stackctl-e2e-fault</RequestId></Error>"
)


QUERY_SERVICES = {"iam", "sts", "rds", "elasticache", "elasticloadbalancing", "autoscaling", "monitoring", "sns", "cloudfront"}
SCOPE = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request")


class Throttler:
    """Decides which requests to throttle: one seeded generator per (percent, seed)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.generators = {}

    def hit(self, percent, seed):
        with self.lock:
            gen = self.generators.setdefault((percent, seed), random.Random(seed))
            return gen.random() * 100 < percent


THROTTLER = Throttler()


def _throttled(environ, path):
    if environ.get("PATH_INFO", "").startswith("/moto-api"):
        return None
    for line in _lines(path):
        parts = line.split()
        if len(parts) == 3 and parts[0] == "throttle" and THROTTLER.hit(float(parts[1]), int(parts[2])):
            match = SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
            return _throttle_response(match.group(1) if match else "")
    return None


def _throttle_response(service):
    """(status, headers, body) of a throttling error in `service`'s protocol."""
    message = "Rate exceeded (injected by the stackctl e2e tests)"
    if service == "s3":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code>'
            f"<Message>Please reduce your request rate. {message}</Message>"
            "<RequestId>stackctl-e2e-fault</RequestId></Error>"
        )
        return "503 Slow Down", [("Content-Type", "application/xml")], body.encode()
    if service == "ec2":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>RequestLimitExceeded</Code>'
            f"<Message>Request limit exceeded. {message}</Message></Error></Errors>"
            "<RequestID>stackctl-e2e-fault</RequestID></Response>"
        )
        return "503 Service Unavailable", [("Content-Type", "text/xml")], body.encode()
    if service in QUERY_SERVICES:
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>'
            f"<Message>{message}</Message></Error><RequestId>stackctl-e2e-fault</RequestId></ErrorResponse>"
        )
        return "400 Bad Request", [("Content-Type", "text/xml")], body.encode()
    body = '{"__type": "ThrottlingException", "message": "%s"}' % message
    headers = [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-ErrorType", "ThrottlingException")]
    return "400 Bad Request", headers, body.encode()


def _lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return []
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def _faults(path):
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return []
    faults = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#") and not line.startswith("throttle "):
            method, _, key = line.partition(" ")
            faults.append((method.upper(), key.strip()))
    return faults


def _denied(environ, path):
    method = environ.get("REQUEST_METHOD", "").upper()
    keys = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True).keys()
    return any(method == m and key in keys for m, key in _faults(path))


def patch_faults() -> None:
    path = os.environ.get("STACKCTL_E2E_FAULTS")
    if not path:
        return
    import moto.server
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    class FaultyApplication(DomainDispatcherApplication):
        def __call__(self, environ, start_response):
            if _denied(environ, path):
                start_response("403 Forbidden", [("Content-Type", "application/xml"), ("Content-Length", str(len(ACCESS_DENIED)))])
                return [ACCESS_DENIED]
            throttled = _throttled(environ, path)
            if throttled:
                status, headers, body = throttled
                start_response(status, headers + [("Content-Length", str(len(body)))])
                return [body]
            return super().__call__(environ, start_response)

    # moto.server.main builds its application from this name.
    moto.server.DomainDispatcherApplication = FaultyApplication
