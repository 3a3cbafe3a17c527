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
document of `AccessDenied`, as S3 answers a denied call. Requests that do not match, and all
requests while the file is missing or empty, reach moto unchanged.
"""

import os
from urllib.parse import parse_qs

ACCESS_DENIED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<Error><Code>AccessDenied</Code><Message>Access Denied (injected by the stackctl e2e tests)</Message>"
    b"<RequestId>stackctl-e2e-fault</RequestId></Error>"
)


def _faults(path):
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return []
    faults = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
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
            return super().__call__(environ, start_response)

    # moto.server.main builds its application from this name.
    moto.server.DomainDispatcherApplication = FaultyApplication
