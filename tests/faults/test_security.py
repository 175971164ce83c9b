"""Security: no secret leaves the forwarder where it should not, and every AWS request is
SigV4-signed, checked on the wire.

Secrets: the Slack webhook URL's token, AWS credentials from the environment, values of redacted
fields (`password`, `api_key`, `Authorization` inside nested objects), and secrets pasted into text
(a JSON line's message and stack trace, plain-text lines, URLs; JWTs, also as a field name,
bearer tokens, a private key block, also one printed line by line, bare or behind a logger's
prefix; inside colour codes; an object under a secret key in text): one redactor guards every output
(lambda_forwarder/sanitize/redact.py). None may appear in the forwarder's own logs (stdout/stderr
and log records), in documents, in Slack messages, in dead letters or in the invocation's result.

Signing: requests to OpenSearch (`es` and `aoss`) pass through the loopback proxy in front of
the real node, and dead letters go to a loopback receiver standing in as S3
(AWS_ENDPOINT_URL_S3); each recorded request's signature is recomputed with botocore.
The template's IAM (no `*` resource on a write action) is checked by
tests/deploy/test_template.py::test_no_write_action_on_every_resource.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator, Mapping

import pytest
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from devtools.slack_receiver import WEBHOOK_PATH, SlackReceiver
from lambda_forwarder import handler as handler_module
from lambda_forwarder.cli.local import LocalContext
from lambda_forwarder.decode import subscription_event
from tests.faults.accounting import Scenario
from tests.faults.aws_receiver import AwsReceiver
from tests.support.opensearch_proxy import OpenSearchProxy
from tests.support.pipeline import balanced, batch_of, documents, invoke

pytestmark = [pytest.mark.faults, pytest.mark.integration]

ACCESS_KEY = "AKIDFAULTMARKERKEY01"
AWS_SECRET = "aws-secret-MARKER-5b1f0c2e9d7a4c3b8e6f"
AWS_TOKEN = "aws-session-token-MARKER-IQoJb3JpZ2luX2VjEJ7"
WEBHOOK_TOKEN = WEBHOOK_PATH.rsplit("/", 1)[1]
MESSAGE_PASSWORD = "password= inside a JSON line's message"
FIELD_SECRETS = {
    "password field": "pw-MARKER-hunter2",
    "api_key field": "apikey-MARKER-9f8e7d",
    "nested Authorization header": "authz-MARKER-eyJhbGciOi",
    "nested password two levels down": "pw2-MARKER-correcthorse",
    "Authorization in a list of headers": "authz2-MARKER-Zm9vYmFy",
    MESSAGE_PASSWORD: "msgpw-MARKER-s3cr3t",
    "api_key= inside a stack trace": "trace-MARKER-k3y",
    "a JWT inside a JSON message": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJNQVJLRVIifQ.c2lnTUFSS0VSeHl6",
    "a nested private key": "MIIEpAIBAAKCAQEAmarkerPRIVATEKEYbody",
    "password= in a plain-text line": "plainpw-MARKER-tr0ub4dor",
    "a bearer token in a plain-text line": "bearer-MARKER-0123456789abcdef",
    "a JWT in a plain-text line": "eyJhbGciOiJFUzI1NiJ9.eyJqdGkiOiJtYXJrZXIifQ.dGV4dE1BUktFUnNpZw",
    "access_token in a URL query": "qtok-MARKER-77aa",
    "a private key printed line by line": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCmarkerPRINTEDlineBYline",
    "password in JSON escaped inside a quoted value": "escpw-MARKER-quoted",
    "password in a Ruby hash": "rubypw-MARKER-arrow",
    "password of a line cut before its closing quote": "cutpw-MARKER-unclosed",
    "password in a URL without a user": "redispw-MARKER-nouser",
    "a fine-grained GitHub token": "github_pat_11MARKER0fine_grained0tokenABCDEFGHIJ",
    "a private key logged line by line behind a logger's prefix": (
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCmarkerLOGGEDbehindAprefix"
    ),
    "a JWT used as a field name": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJOQU1FIn0.TUFSS0VSbmFtZQ",
    "a password inside colour codes": "colourpw-MARKER-sgr",
    "an object under a secret key in text": "objpw-MARKER-nested",
    "a URL password holding an unencoded slash": "slashpw-MARKER/unencoded",
    "a password spelt pass in a name": "dbpass-MARKER-spelt",
    "a key line in a merged record inside a block an earlier record began": (
        "Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNmMARKERmergedINSIDEblock7Qa"
    ),
    "a URL password of digits that are no port, then a slash": "48151623/42MARKER",
    "a numbered password field": "pw2num-MARKER-replica",
    "a key line behind a syslog prefix, its BEGIN in no record": (
        "Qm9vdHN0cmFwU3lzbG9nMARKERbehindSYSLOGprefix0123456789abcdefXYZw"
    ),
}
# Its three lines (BEGIN, body, END) are one CloudWatch event each, and one record.
PRINTED_KEY_LINES = 3
# The indented key line joins the logged line above it: one record of two events.
INDENTED_KEY_LINES = 1
REGION = "eu-west-1"

AUTH_HEADER = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/"
    r"(?P<service>[^/]+)/aws4_request, ?SignedHeaders=(?P<signed>[^,]+), ?"
    r"Signature=(?P<signature>[0-9a-f]{64})"
)


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Marker credentials in the environment, as a Lambda role's would be."""
    for name in ("AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", AWS_SECRET)
    monkeypatch.setenv("AWS_SESSION_TOKEN", AWS_TOKEN)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def secret_lines() -> list[str]:
    s = FIELD_SECRETS
    return [
        json.dumps(
            {
                "level": "error",
                "message": "login failed",
                "error.type": "auth.LoginFailed",
                "password": s["password field"],
                "api_key": s["api_key field"],
                "request": {
                    "headers": {"Authorization": f"Bearer {s['nested Authorization header']}"}
                },
            }
        ),
        json.dumps(
            {
                "schema": "emitter/1",
                "log.level": "critical",
                "message": "payment provider rejected us",
                "error.type": "payments.Rejected",
                "ctx": {"user": {"name": "ada", "password": s["nested password two levels down"]}},
                "headers": [{"Authorization": s["Authorization in a list of headers"]}],
            }
        ),
        json.dumps(
            {
                "level": "error",
                "message": f"db connect failed password={s[MESSAGE_PASSWORD]}"
                f" jwt {s['a JWT inside a JSON message']}",
                "stack": 'Traceback (most recent call last):\n  File "a.py", line 1\n'
                f"ValueError: api_key={s['api_key= inside a stack trace']}",
                "tls": {
                    "pem": "-----BEGIN RSA PRIVATE KEY-----\n"
                    f"{s['a nested private key']}\n-----END RSA PRIVATE KEY-----"
                },
            }
        ),
        f"ERROR login failed for bob password={s['password= in a plain-text line']} retrying",
        "WARN upstream said 401 to Authorization: Bearer "
        + s["a bearer token in a plain-text line"],
        f"ERROR token check {s['a JWT in a plain-text line']} rejected",
        f"INFO GET /cb?code=1&access_token={s['access_token in a URL query']}&state=2 200",
        json.dumps({"level": "info", "message": "all good", "n": 1}),
        "-----BEGIN PRIVATE KEY-----",
        s["a private key printed line by line"],
        "-----END PRIVATE KEY-----",
        'level=ERROR msg="upstream refused" body="{\\"user\\":\\"bob\\",\\"password\\":\\"'
        + s["password in JSON escaped inside a quoted value"]
        + '\\"}"',
        'E, [2026-12-01T10:00:00.000000 #1] ERROR -- : login {"user"=>"bob", "password"=>"'
        + s["password in a Ruby hash"]
        + '"}',
        'ERROR login failed password="' + s["password of a line cut before its closing quote"],
        f"ERROR cache down redis://:{s['password in a URL without a user']}@cache:6379/0",
        f"ERROR git clone failed with {s['a fine-grained GitHub token']}",
        json.dumps({"level": "info", "message": "sessions", s["a JWT used as a field name"]: 1}),
        "2026-12-01 10:00:00,001 INFO -----BEGIN PRIVATE KEY-----",
        "2026-12-01 10:00:00,002 INFO "
        + s["a private key logged line by line behind a logger's prefix"],
        "2026-12-01 10:00:00,003 INFO -----END PRIVATE KEY-----",
        "2026-12-01 10:00:00 [error    ] login failed \x1b[36mpassword\x1b[0m=\x1b[35m"
        + s["a password inside colour codes"]
        + "\x1b[0m user=bob",
        '2026-12-01T10:00:00.000Z\tERROR\tpayments\tcharge failed\t{"credentials": '
        + json.dumps({"user": "svc", "pass": s["an object under a secret key in text"]})
        + "}",
        f"ERROR migration failed postgres://app:{s['a URL password holding an unencoded slash']}"
        "@db.internal:5432/app",
        json.dumps(
            {
                "level": "error",
                "message": "db down",
                "db_pass": s["a password spelt pass in a name"],
            }
        ),
        "2026-12-01 10:00:01,001 INFO -----BEGIN PRIVATE KEY-----",
        "2026-12-01 10:00:01,002 INFO "
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
        "    " + s["a key line in a merged record inside a block an earlier record began"],
        "2026-12-01 10:00:01,003 INFO -----END PRIVATE KEY-----",
        "ERROR replica lag mysql://app:"
        + s["a URL password of digits that are no port, then a slash"]
        + "@db.internal:3306/app",
        json.dumps(
            {
                "level": "error",
                "message": "replica down",
                "password2": s["a numbered password field"],
            }
        ),
        "Dec  1 10:00:02 web app[123]: "
        + s["a key line behind a syslog prefix, its BEGIN in no record"],
    ]


class _Records(logging.Handler):
    """Every log record, rendered with its extras, from any logger we can reach."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a broken format string is a finding too: keep the raw parts
            text = f"{record.msg!r} {record.args!r}"
        extras = {k: v for k, v in record.__dict__.items() if k not in _PLAIN_RECORD}
        self.texts.append(f"{record.name} {record.levelname} {text} {extras!r}")
        if record.exc_info:
            self.texts.append(logging.Formatter().formatException(record.exc_info))


_PLAIN_RECORD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message"}


@pytest.fixture
def log_records() -> Iterator[_Records]:
    """Attached to the root logger and to every logger that does not propagate (the forwarder's
    own, Powertools'); the forwarder's logger at DEBUG, as with LOG_LEVEL=DEBUG."""
    records = _Records()
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    package = logging.getLogger("lambda_forwarder")
    level = package.level
    package.setLevel(logging.DEBUG)
    for logger in loggers:
        logger.addHandler(records)
    yield records
    for logger in loggers:
        logger.removeHandler(records)
    package.setLevel(level)


def test_no_secret_in_logs_documents_slack_or_dead_letters(
    aws_env: None,
    scenario: Scenario,
    opensearch_url: str,
    log_records: _Records,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = secret_lines()
    with (
        SlackReceiver() as slack,
        OpenSearchProxy(opensearch_url) as proxy,
        AwsReceiver() as s3,
    ):
        # 1. Indexed through SigV4, with a 500 and a dropped connection to make it log.
        proxy.fail_requests(1, 500)
        # The index setup off, so the injected 500 and dropped connection hit bulk requests.
        indexing = scenario.pipeline(
            proxy.url,
            OPENSEARCH_AUTH="sigv4",
            SLACK_WEBHOOK_URL=slack.url,
            ALERT_LEVELS="error,critical",
            INDEX_AUTO_SETUP="false",
        )
        monkeypatch.setattr(handler_module, "_pipeline", indexing)
        context = LocalContext(timeout_seconds=60)
        first = handler_module.lambda_handler(subscription_event(batch_of(lines)), context)
        proxy.drop_connections(1)
        second = invoke(indexing, subscription_event(batch_of(lines, timestamp_ms=10**12)))
        # 2. OpenSearch unreachable: everything dead-lettered to "S3" (the loopback receiver).
        monkeypatch.setenv("AWS_ENDPOINT_URL_S3", s3.url)
        env = scenario.env("http://127.0.0.1:9", OPENSEARCH_AUTH="sigv4", BULK_MAX_RETRIES="0")
        del env["DEAD_LETTER_DIR"]
        env |= {"DEAD_LETTER_BUCKET": "dead-letters-bucket", "SLACK_WEBHOOK_URL": slack.url}
        from lambda_forwarder.config import load_settings
        from lambda_forwarder.handler import build_pipeline

        third = invoke(build_pipeline(load_settings(env)), subscription_event(batch_of(lines)))
        slack_bodies = [r.body.decode("utf-8", "replace") for r in slack.requests]
        dead_letters = [r.body.decode("utf-8", "replace") for r in s3.requests]
    captured = capfd.readouterr()

    n = len(lines)
    assert balanced(first) and first["indexed"] == n, first
    assert balanced(second) and second["indexed"] == n and second["bulk_retries"] >= 1, second
    assert balanced(third) and third["dead_lettered"] == n and len(dead_letters) == 1, third
    assert first["alerts_posted"] >= 1 and slack_bodies
    docs = documents(scenario.client, scenario.prefix)
    assert len(docs) == 2 * (n - PRINTED_KEY_LINES + 1 - INDENTED_KEY_LINES)
    assert any(d.get("password") == "[REDACTED]" for d in docs)

    places = {
        "forwarder stdout/stderr": captured.out + captured.err,
        "log records": "\n".join(log_records.texts),
        "documents": json.dumps(docs, ensure_ascii=False),
        "Slack messages": "\n".join(slack_bodies),
        "dead letters (S3 objects)": "\n".join(dead_letters),
        "invocation results": json.dumps([first, second, third]),
    }
    assert "invocation done" in places["forwarder stdout/stderr"] + places["log records"]
    secrets = {
        "Slack webhook token": WEBHOOK_TOKEN,
        "AWS_SECRET_ACCESS_KEY": AWS_SECRET,
        "AWS_SESSION_TOKEN": AWS_TOKEN,
        **FIELD_SECRETS,
    }
    leaks = [
        f"{what} in {where}"
        for what, secret in secrets.items()
        for where, text in places.items()
        if secret in text
    ]
    scenario.report.check(
        "security",
        f"secrets: {len(secrets)} secret values x {len(places)} places "
        f"({', '.join(places)}): {len(leaks)} leaks",
    )
    assert leaks == []


def verify_sigv4(
    request: tuple[str, str, Mapping[str, str], bytes],
    secret: str,
    token: str | None,
    *,
    s3: bool = False,
) -> re.Match[str]:
    """Recompute the request's SigV4 signature with botocore from what was on the wire."""
    method, path, raw_headers, body = request
    headers = {k.lower(): v for k, v in raw_headers.items()}
    match = AUTH_HEADER.fullmatch(headers.get("authorization", ""))
    assert match, headers.get("authorization")
    amz_date = headers["x-amz-date"]
    assert amz_date[:8] == match["date"]
    signed = match["signed"].split(";")
    assert "host" in signed and "x-amz-date" in signed, signed
    if token is not None:
        assert headers.get("x-amz-security-token") == token
        assert "x-amz-security-token" in signed
    content_sha = headers.get("x-amz-content-sha256")
    if content_sha is not None and re.fullmatch(r"[0-9a-f]{64}", content_sha):
        assert content_sha == hashlib.sha256(body).hexdigest(), "body hash does not match"
    aws_request = AWSRequest(
        method=method,
        url=f"http://{headers['host']}{path}",
        data=body,
        headers={name: headers[name] for name in signed},
    )
    aws_request.context["timestamp"] = amz_date
    signer = (S3SigV4Auth if s3 else SigV4Auth)(
        Credentials(match["key"], secret, token), match["service"], match["region"]
    )
    canonical = signer.canonical_request(aws_request)
    expected = signer.signature(signer.string_to_sign(aws_request, canonical), aws_request)
    assert expected == match["signature"], f"signature mismatch for {method} {path}"
    # And a wrong secret must not verify: the check has teeth.
    wrong = (S3SigV4Auth if s3 else SigV4Auth)(
        Credentials(match["key"], secret + "x", token), match["service"], match["region"]
    )
    assert wrong.signature(wrong.string_to_sign(aws_request, canonical), aws_request) != expected
    return match


@pytest.mark.parametrize("service", ["es", "aoss"])
def test_opensearch_requests_are_sigv4_signed_on_the_wire(
    service: str, aws_env: None, scenario: Scenario, opensearch_url: str
) -> None:
    with OpenSearchProxy(opensearch_url) as proxy:
        pipeline = scenario.pipeline(proxy.url, OPENSEARCH_AUTH="sigv4", OPENSEARCH_SERVICE=service)
        lines = [json.dumps({"message": f"signed {n}", "n": n}) for n in range(30)]
        counts = invoke(pipeline, subscription_event(batch_of(lines)))
        seen = list(proxy.seen)
    assert counts["indexed"] == 30 and balanced(counts), counts
    # The bulk requests, and before them the index setup's (template, plugins, health): all
    # signed.
    bulk = [r for r in seen if r[1].split("?")[0].endswith("/_bulk")]
    assert bulk, [r[:2] for r in seen]
    for request in seen:
        match = verify_sigv4(request, AWS_SECRET, AWS_TOKEN)
        assert match["key"] == ACCESS_KEY and match["region"] == REGION
        assert match["service"] == service
        headers = {k.lower() for k in request[2]}
        assert "x-amz-content-sha256" in headers  # required by aoss, sent for es too
    scenario.report.check(
        "security",
        f"SigV4 `{service}`: {len(seen)} request(s) to OpenSearch recorded on the wire, each "
        f"`Credential=…/{REGION}/{service}/aws4_request`, X-Amz-Date, X-Amz-Security-Token, "
        "x-amz-content-sha256 = SHA-256 of the body; signature recomputed with botocore: match",
    )


def test_s3_dead_letters_are_sigv4_signed_on_the_wire(
    aws_env: None, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    with AwsReceiver() as s3:
        monkeypatch.setenv("AWS_ENDPOINT_URL_S3", s3.url)
        env = scenario.env("http://127.0.0.1:9", BULK_MAX_RETRIES="0")
        del env["DEAD_LETTER_DIR"]
        env["DEAD_LETTER_BUCKET"] = "dead-letters-bucket"
        from lambda_forwarder.config import load_settings
        from lambda_forwarder.handler import build_pipeline

        counts = invoke(
            build_pipeline(load_settings(env)), subscription_event(batch_of(["one", "two"]))
        )
        requests = list(s3.requests)
    assert counts["dead_lettered"] == 2 and balanced(counts), counts
    assert len(requests) == 1 and requests[0].method == "PUT"
    (put,) = requests
    assert "dead-letters-bucket" in put.path or "dead-letters-bucket" in (put.header("Host") or "")
    match = verify_sigv4(
        (put.method, put.path, put.headers, put.body), AWS_SECRET, AWS_TOKEN, s3=True
    )
    assert match["service"] == "s3" and match["key"] == ACCESS_KEY
    scenario.report.check(
        "security",
        "SigV4 `s3`: the dead-letter PutObject recorded on the wire by a loopback receiver "
        "(AWS_ENDPOINT_URL_S3), `Credential=…/s3/aws4_request`, session token sent and signed; "
        "signature recomputed with botocore's S3SigV4Auth: match",
    )


def test_template_iam_is_checked_by_the_deploy_tests(scenario: Scenario) -> None:
    """Referenced, not repeated: the deploy suite owns the template checks."""
    from tests.deploy import test_template

    assert callable(test_template.test_no_write_action_on_every_resource)
    scenario.report.check(
        "security",
        "IAM: no `*` resource on a write action, checked by "
        "tests/deploy/test_template.py::test_no_write_action_on_every_resource (not repeated)",
    )


def test_a_compressing_client_never_poisons_a_plain_one(
    aws_env: None, scenario: Scenario, opensearch_url: str
) -> None:
    """Regression: a SigV4 (gzip) bulk used to leave `content-encoding: gzip` in the indexer's
    shared headers, so a later plain client in the process sent a plain body labelled gzip and
    the node dropped every request (all dead-lettered)."""
    lines = [json.dumps({"message": f"m{n}"}) for n in range(20)]
    with OpenSearchProxy(opensearch_url) as proxy:
        signed = invoke(
            scenario.pipeline(proxy.url, OPENSEARCH_AUTH="sigv4"),
            subscription_event(batch_of(lines, timestamp_ms=10**12)),
        )
    plain = invoke(
        scenario.pipeline(), subscription_event(batch_of(lines, timestamp_ms=2 * 10**12))
    )
    assert signed["indexed"] == 20 and plain["indexed"] == 20, (signed, plain)
    assert plain["bulk_retries"] == 0
