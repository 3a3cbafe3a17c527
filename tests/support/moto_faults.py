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
The service is read from the request's SigV4 credential scope. A line

    after-create PERCENT SEED [OPERATION]

answers PERCENT % of the requests that create a resource (only OPERATION's, as the
`.injected` log names it, when given; seeded as above) with a server
error *after* moto has carried them out: the resource exists, its answer is lost. This is
what a 500 or a timeout on AWS means: the request may or may not have happened, so a client
must not blindly send it again unless it carries an idempotency token
(https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html,
https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html). A create is
- a query request (EC2, IAM, RDS, ElastiCache, ELBv2, Auto Scaling, CloudWatch) whose
  `Action` is `Create*`, `Allocate*`, `Run*` or `Request*` but not `CreateTags`,
  `CreateRoute` or `CreateLaunchTemplateVersion` (they add to a resource), or CloudWatch's
  `PutMetricAlarm` and `PutDashboard`;
- a JSON request whose `X-Amz-Target` operation is `Create*` (SQS, Logs, ECR, WAFv2,
  CloudTrail, CodeCommit, KMS);
- EKS `POST /clusters` and `POST /clusters/NAME/node-groups`, CloudFront
  `POST /2020-05-31/distribution` and `POST /2020-05-31/origin-access-control`, S3
  `PUT /BUCKET` without a query string, AWS Backup `PUT /backup-vaults/NAME`,
  `PUT /backup/plans/` and `PUT /backup/plans/ID/selections/`.
The error is the service's own 500: EC2 `InternalError` in its `<Response><Errors>`
document, the query services and CloudFront `InternalFailure` in `<ErrorResponse>`, S3
`InternalError` in `<Error>`, EKS `ServerException` and the other JSON services
`InternalFailure` as `__type` and `x-amzn-ErrorType`
(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html,
https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/CommonErrors.html,
https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html,
https://docs.aws.amazon.com/eks/latest/APIReference/CommonErrors.html). Each one is logged
as `after-create SERVICE OPERATION` in the file `<faults file>.injected`, so that a test can
check the fault fired.

Requests that do not match, and all requests while the file is missing or empty, reach moto
unchanged.

The injected 500s need what AWS has and moto 5.2.1 lacks: EC2 `CreateNatGateway` and
`CreateFlowLogs` with a `ClientToken` already used answer with what that token created
instead of a second one (see `patch_client_tokens`).
"""

import io
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

    def hit(self, percent, seed, kind="throttle"):
        with self.lock:
            gen = self.generators.setdefault((kind, percent, seed), random.Random(seed))
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


CREATE_ACTION = re.compile(r"^(Create|Allocate|Run|Request)[A-Z]")
NOT_RESOURCE_CREATES = {"CreateTags", "CreateRoute", "CreateLaunchTemplateVersion"}
PUT_CREATES = {"PutMetricAlarm", "PutDashboard"}
REST_CREATES = [
    ("eks", "POST", re.compile(r"^/clusters/?$")),
    ("eks", "POST", re.compile(r"^/clusters/[^/]+/node-groups/?$")),
    ("cloudfront", "POST", re.compile(r"^/2020-05-31/(distribution|origin-access-control)/?$")),
    # AWS Backup: CreateBackupVault, CreateBackupPlan, CreateBackupSelection.
    ("backup", "PUT", re.compile(r"^/backup-vaults/[^/]+/?$")),
    ("backup", "PUT", re.compile(r"^/backup/plans/?$")),
    ("backup", "PUT", re.compile(r"^/backup/plans/[^/]+/selections/?$")),
]


def _query_action(environ):
    """The `Action` of a query request, from the query string or the form body; the body
    is put back for moto."""
    action = parse_qs(environ.get("QUERY_STRING", "")).get("Action")
    if action:
        return action[0]
    if "x-www-form-urlencoded" not in environ.get("CONTENT_TYPE", ""):
        return None
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return parse_qs(body.decode("utf-8", "replace")).get("Action", [None])[0]


def create_operation(environ, service):
    """The name of the create operation this request is, or None."""
    method = environ.get("REQUEST_METHOD", "").upper()
    path = environ.get("PATH_INFO", "")
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        op = target.rpartition(".")[2]
        return op if op.startswith("Create") else None
    if service == "s3":
        one_segment = path.strip("/") and "/" not in path.strip("/")
        return "CreateBucket" if method == "PUT" and one_segment and not environ.get("QUERY_STRING") else None
    for svc, m, pattern in REST_CREATES:
        if service == svc and method == m and pattern.match(path):
            return f"{method} {path}"
    if service == "ec2" or service in QUERY_SERVICES:
        action = _query_action(environ)
        if action and ((CREATE_ACTION.match(action) and action not in NOT_RESOURCE_CREATES) or action in PUT_CREATES):
            return action
    return None


def _after_create(environ, path):
    """(service, operation) when this request is a create to answer with a 500 once done."""
    if environ.get("PATH_INFO", "").startswith("/moto-api"):
        return None
    rules = [line.split() for line in _lines(path) if line.startswith("after-create ")]
    rules = [r for r in rules if len(r) in (3, 4)]
    if not rules:
        return None
    match = SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    service = match.group(1) if match else ""
    operation = create_operation(environ, service)
    if operation is None:
        return None
    for _, percent, seed, *only in rules:
        if only and only[0] != operation:
            continue
        if THROTTLER.hit(float(percent), int(seed), kind="after-create"):
            return service, operation
    return None


def _server_error_response(service):
    """(status, headers, body) of an internal error in `service`'s protocol."""
    message = "We encountered an internal error. Please try again. (injected by the stackctl e2e tests)"
    if service == "s3":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code>'
            f"<Message>{message}</Message><RequestId>stackctl-e2e-fault</RequestId></Error>"
        )
        return "500 Internal Server Error", [("Content-Type", "application/xml")], body.encode()
    if service == "ec2":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InternalError</Code>'
            f"<Message>{message}</Message></Error></Errors><RequestID>stackctl-e2e-fault</RequestID></Response>"
        )
        return "500 Internal Server Error", [("Content-Type", "text/xml")], body.encode()
    if service in QUERY_SERVICES:
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code>'
            f"<Message>{message}</Message></Error><RequestId>stackctl-e2e-fault</RequestId></ErrorResponse>"
        )
        return "500 Internal Server Error", [("Content-Type", "text/xml")], body.encode()
    code = "ServerException" if service == "eks" else "InternalFailure"
    body = '{"__type": "%s", "message": "%s"}' % (code, message)
    headers = [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-ErrorType", code)]
    return "500 Internal Server Error", headers, body.encode()


def _record(path, service, operation):
    with open(path + ".injected", "a", encoding="utf-8") as f:
        f.write(f"after-create {service} {operation}\n")


def patch_client_tokens() -> None:
    """EC2 creates with a ClientToken already used answer with what that token created, as
    EC2 does for every request with a client token; moto 5.2.1 ignores the token and
    creates another one. CreateNatGateway answers the NAT gateway, CreateFlowLogs the flow
    log ids.
    https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html"""
    from moto.ec2.responses.flow_logs import FlowLogs
    from moto.ec2.responses.nat_gateways import NatGateways
    from moto.core.responses import ActionResult

    def live_nat_gateways(backend):
        return [gid for gid, g in backend.nat_gateways.items() if g.state != "deleted"]

    _remember_tokens(
        NatGateways,
        "create_nat_gateway",
        live_nat_gateways,
        lambda backend, ids, token: ActionResult({"NatGateway": backend.nat_gateways[ids[-1]], "ClientToken": token}),
    )
    _remember_tokens(
        FlowLogs,
        "create_flow_logs",
        lambda backend: list(backend.flow_logs),
        lambda backend, ids, token: ActionResult({"FlowLogIds": ids, "ClientToken": token, "Unsuccessful": []}),
    )


def _remember_tokens(responses, method, live_ids, answer):
    """Wraps the create `method` of an EC2 responses class: the first request with a token
    creates and remembers the ids it made; a later one with that token, while any of them
    still exists, gets `answer(backend, ids, token)` and creates nothing."""
    original = getattr(responses, method)
    lock = threading.Lock()

    def create(self):
        token = self._get_param("ClientToken")
        if not token:
            return original(self)
        backend = self.ec2_backend
        with lock:
            tokens = backend.__dict__.setdefault(f"_stackctl_{method}_tokens", {})
            made = [i for i in tokens.get(token, []) if i in set(live_ids(backend))]
            if made:
                return answer(backend, made, token)
            before = set(live_ids(backend))
            result = original(self)
            tokens[token] = [i for i in live_ids(backend) if i not in before]
            return result

    setattr(responses, method, create)


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
        if line and not line.startswith("#") and not line.startswith(("throttle ", "after-create ")):
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
            lost = _after_create(environ, path)
            if lost:
                # Let moto carry out the create, then lose its answer.
                answer = super().__call__(environ, lambda *_args, **_kw: (lambda _data: None))
                try:
                    for _ in answer:
                        pass
                finally:
                    getattr(answer, "close", lambda: None)()
                _record(path, *lost)
                status, headers, body = _server_error_response(lost[0])
                start_response(status, headers + [("Content-Length", str(len(body)))])
                return [body]
            return super().__call__(environ, start_response)

    # moto.server.main builds its application from this name.
    moto.server.DomainDispatcherApplication = FaultyApplication
