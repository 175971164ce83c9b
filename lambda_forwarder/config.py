"""Configuration: one declarative table of environment variables, read once, typed, validated.

`VARIABLES` lists every setting once: its variable, where it lands (section and attribute), its
parser, its default (a value, or one derived from other settings), its bounds and its meaning.
From that table come the loader (`read_config`, `load_settings`), the section Structs'
defaults, the README's table and `forwarder config` (the effective settings, secrets masked,
every problem listed). A malformed value, or settings that contradict each other, are a start-up
error naming the variable (`ConfigError`), never a surprise at the first retry.
"""

from __future__ import annotations

import fnmatch
import json
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from msgspec import Struct, field

from emitter.schema import LEVELS
from lambda_forwarder.errors import ConfigError

# Terms of the redaction rule (lambda_forwarder/sanitize/redact.py): a field is secret when the
# words of its name end with one of these.
DEFAULT_REDACT_FIELDS = (
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "authorization",
    "cookie",
    "api_key",
    "apikey",
    "secret_key",
    "access_key",
    "private_key",
    "credentials",
    "signature",
)


# --- parsers: text -> value, or ValueError saying what is expected ---------------------------


def text(raw: str) -> str:
    return raw


def whole(minimum: int = 0, maximum: int | None = None) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"must be a whole number, got {raw!r}") from None
        _check_bounds(value, minimum, maximum, raw)
        return value

    parse.bounds = (minimum, maximum)  # type: ignore[attr-defined]
    return parse


def number(minimum: float = 0.0, maximum: float | None = None) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"must be a number, got {raw!r}") from None
        if not math.isfinite(value):
            raise ValueError(f"must be a finite number, got {raw!r}")
        _check_bounds(value, minimum, maximum, raw)
        return value

    parse.bounds = (minimum, maximum)  # type: ignore[attr-defined]
    return parse


def _check_bounds(value: float, minimum: float, maximum: float | None, raw: str) -> None:
    if value < minimum:
        raise ValueError(f"must be at least {minimum}, got {raw!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"must be at most {maximum}, got {raw!r}")


def boolean(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"must be true or false, got {raw!r}")


def choice(*options: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw.lower() not in options:
            raise ValueError(f"must be one of {', '.join(options)}, got {raw!r}")
        return raw.lower()

    parse.options = options  # type: ignore[attr-defined]
    return parse


def url(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http(s) URL")  # never echo it: URLs may hold secrets
    return raw.rstrip("/")


def names(raw: str) -> tuple[str, ...]:
    return tuple(item.strip().lower() for item in raw.split(",") if item.strip())


def items(raw: str) -> tuple[str, ...]:
    """A comma-separated list, case kept (log group prefixes are case-sensitive)."""
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def template_name(raw: str) -> str:
    if raw != raw.lower() or not all(c.isalnum() or c in "-_." for c in raw):
        raise ValueError("must be lowercase letters, digits, '-', '_' or '.'")
    return raw


def filter_pattern(raw: str) -> str:
    if len(raw) > 1024:
        raise ValueError("a filter pattern has at most 1024 characters")
    return raw


def levels(raw: str) -> frozenset[str]:
    chosen = frozenset(names(raw))
    if not chosen <= set(LEVELS):
        raise ValueError(f"levels must be among {', '.join(LEVELS)}, got {raw!r}")
    return chosen


def service_mapping(raw: str) -> tuple[tuple[str, str], ...]:
    """JSON object of log group prefix -> service name; longest prefix first."""
    problem = "must be a JSON object of log group prefix to service name"
    try:
        mapping = json.loads(raw)
    except ValueError:
        raise ValueError(problem) from None
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k and v for k, v in mapping.items()
    ):
        raise ValueError(problem)
    return tuple(sorted(mapping.items(), key=lambda item: -len(item[0])))


def index_name(raw: str) -> str:
    if (
        raw != raw.lower()
        or raw.startswith(("_", "-", "+"))
        or any(c in raw for c in ' "*\\<>|,#:?/')
    ):
        raise ValueError(f"must be a lowercase index name, got {raw!r}")
    return raw


_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{6,}")


def is_channel(target: str) -> bool:
    """A Slack channel (`#name` or an id like `C0123ABCD`), as opposed to a webhook."""
    return target.startswith("#") or bool(_CHANNEL_ID.fullmatch(target))


def slack_routes(raw: str) -> tuple[tuple[str, str], ...]:
    """JSON object, service glob -> webhook URL, secret ARN or channel (first match wins)."""
    problem = "must be a JSON object of service glob to webhook URL, secret ARN or channel"
    try:
        routes = json.loads(raw)
    except ValueError:
        raise ValueError(problem) from None  # never echo: URLs are secrets
    if not isinstance(routes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k and v for k, v in routes.items()
    ):
        raise ValueError(problem)
    if not all(
        v.startswith(("https://", "http://", "arn:")) or is_channel(v) for v in routes.values()
    ):
        raise ValueError(problem)
    return tuple(routes.items())


def index_pattern(raw: str) -> str:
    try:
        sample = datetime(2026, 1, 2, tzinfo=UTC).strftime(raw.replace("{service}", "svc"))
    except ValueError:
        raise ValueError("must be a strftime pattern, optionally with {service}") from None
    if sample != sample.lower() or any(c in sample for c in ' "*\\<>|,#:?/') or "{" in sample:
        raise ValueError('must render lowercase index names without spaces or \\/*?"<>|,#:')
    return raw


# --- the table -------------------------------------------------------------------------------

Values = Mapping[str, Any]  # variable name -> effective value


class Var(Struct, frozen=True):
    """One environment variable: where its value lands, how it is read, what it means.

    `default` is the value when the variable is unset, or None for no value; `derive`, when
    given, computes the default from the other effective values (and `default_doc` says how,
    for the docs).
    """

    name: str
    section: str
    attr: str
    parse: Callable[[str], Any]
    meaning: str
    default: Any = None
    derive: Callable[[Values], Any] | None = None
    default_doc: str | None = None
    secret: bool = False


def _host(values: Values) -> str:
    return urlsplit(values.get("OPENSEARCH_URL") or "").hostname or ""


def _is_aws(values: Values) -> bool:
    return _host(values).endswith(".amazonaws.com")


def _default_auth(values: Values) -> str:
    if _is_aws(values):
        return "sigv4"
    return "basic" if values.get("OPENSEARCH_USERNAME") else "none"


AWS_DASHBOARDS_PATH = "/_dashboards"
# OpenSearch Service domains (classic and newer endpoints) and Serverless collections.
_AWS_DOMAIN_HOSTS = (".es.amazonaws.com", ".aos.amazonaws.com", ".on.aws")
_SERVERLESS_HOSTS = (".aoss.amazonaws.com",)


def dashboards_kind(url: str) -> str:
    """`aws-domain`, `serverless` or `self-hosted`: decides where Dashboards is served."""
    host = (urlsplit(url).hostname or "").lower()
    if host.endswith(_SERVERLESS_HOSTS):
        return "serverless"
    if host.endswith(_AWS_DOMAIN_HOSTS):
        return "aws-domain"
    return "self-hosted"


def dashboards_base(url: str) -> str:
    """The Dashboards root for `url` (DASHBOARDS_URL): AWS domains and Serverless collections
    serve it under `/_dashboards` on their endpoint, so a bare endpoint gets that path; a URL
    with a path, or a self-hosted one, is taken as given."""
    url = url.rstrip("/")
    if not urlsplit(url).path and dashboards_kind(url) != "self-hosted":
        return url + AWS_DASHBOARDS_PATH
    return url


def dashboards_url_for(opensearch_url: str | None) -> str:
    """DASHBOARDS_URL's default: the cluster's own endpoint for AWS domains and Serverless
    (`dashboards_base` adds `/_dashboards`); a self-hosted cluster runs it on port 5601."""
    parts = urlsplit(opensearch_url or "")
    host = parts.hostname or "127.0.0.1"
    if dashboards_kind(opensearch_url or "") != "self-hosted":
        return dashboards_base(f"https://{host}")
    return f"{parts.scheme or 'http'}://{host}:5601"


def dashboards_url(raw: str) -> str:
    return dashboards_base(url(raw))


def _index_pattern_title(values: Values) -> str:
    """`logs-%Y.%m.%d` -> `logs-*`: the pattern's fixed part before its first placeholder."""
    pattern = values.get("INDEX_PATTERN") or "logs-%Y.%m.%d"
    cut = min((i for i in (pattern.find("%"), pattern.find("{")) if i >= 0), default=len(pattern))
    return f"{pattern[:cut]}*"


def _self_log_group(values: Values) -> str | None:
    explicit = values.get("AWS_LAMBDA_LOG_GROUP_NAME")
    if explicit:
        return explicit
    function = values.get("AWS_LAMBDA_FUNCTION_NAME")
    return f"/aws/lambda/{function}" if function else None


VARIABLES: tuple[Var, ...] = (
    # where it runs
    Var(
        "AWS_REGION",
        "",
        "region",
        text,
        "the Region (set by Lambda)",
        "us-east-1",
        derive=lambda v: v.get("AWS_DEFAULT_REGION") or "us-east-1",
        default_doc="`AWS_DEFAULT_REGION`, else `us-east-1`",
    ),
    Var("AWS_DEFAULT_REGION", "", "", text, "the Region, when `AWS_REGION` is unset"),
    Var("AWS_LAMBDA_FUNCTION_NAME", "", "", text, "the function's name (set by Lambda)"),
    Var("AWS_LAMBDA_LOG_GROUP_NAME", "", "", text, "the function's log group (set by Lambda)"),
    Var(
        "FORWARDER_LOG_GROUP",
        "",
        "self_log_group",
        text,
        "the forwarder's own log group, never processed (no feedback loop)",
        derive=_self_log_group,
        default_doc="Lambda's log group of this function",
    ),
    # OpenSearch
    Var("OPENSEARCH_URL", "opensearch", "url", url, "cluster endpoint (required)"),
    Var(
        "OPENSEARCH_AUTH",
        "opensearch",
        "auth",
        choice("none", "basic", "sigv4"),
        "how requests are authenticated",
        derive=_default_auth,
        default_doc="`sigv4` for `*.amazonaws.com`, else `basic` with a username, else `none`",
    ),
    Var(
        "OPENSEARCH_SERVICE",
        "opensearch",
        "aws_service",
        choice("es", "aoss"),
        "SigV4 service name",
        derive=lambda v: "aoss" if ".aoss." in _host(v) else "es",
        default_doc="`aoss` for Serverless hosts, else `es`",
    ),
    Var("OPENSEARCH_USERNAME", "opensearch", "username", text, "basic auth user"),
    Var("OPENSEARCH_PASSWORD", "opensearch", "password", text, "basic auth password", secret=True),
    Var(
        "OPENSEARCH_TIMEOUT_SECONDS",
        "opensearch",
        "timeout_seconds",
        number(0.1, 300),
        "per-request timeout (never more than the invocation has left)",
        10.0,
    ),
    # indexing
    Var(
        "INDEX_PATTERN",
        "index",
        "index_pattern",
        index_pattern,
        "strftime on the record time (UTC); may contain `{service}`",
        "logs-%Y.%m.%d",
    ),
    Var(
        "USE_DOCUMENT_IDS",
        "index",
        "use_document_ids",
        boolean,
        "`_id` = CloudWatch event id (idempotent re-delivery)",
        derive=lambda v: v.get("OPENSEARCH_SERVICE") != "aoss",
        default_doc="`true` (`false` on Serverless, which rejects custom ids)",
    ),
    Var(
        "BULK_MAX_BYTES",
        "index",
        "bulk_max_bytes",
        whole(1024, 100 * 1024 * 1024),
        "bulk request size cap (AWS rejects bodies over 10 MiB on small instances)",
        5 * 1024 * 1024,
    ),
    # 1,000: in three bench runs (bench/RESULTS.md) the realistic 1 MiB batch into the node took
    # a median 374, 355 and 439 ms at 1,000 documents per request against 490, 427 and 453 ms at
    # 500; 2,500 was faster than 1,000 once and slower twice. BULK_MAX_BYTES still caps a
    # request of large documents.
    Var(
        "BULK_MAX_DOCS",
        "index",
        "bulk_max_docs",
        whole(1, 100_000),
        "documents per bulk request",
        1000,
    ),
    Var(
        "BULK_MAX_RETRIES",
        "index",
        "max_retries",
        whole(0, 50),
        "retries of 429/5xx items, exponential with full jitter",
        6,
    ),
    Var(
        "BULK_RETRY_BASE_SECONDS",
        "index",
        "retry_base_seconds",
        number(0.0, 60),
        "first back-off ceiling",
        0.2,
    ),
    Var(
        "BULK_RETRY_MAX_SECONDS",
        "index",
        "retry_max_seconds",
        number(0.0, 300),
        "largest back-off ceiling",
        5.0,
    ),
    Var(
        "DEADLINE_MARGIN_MS",
        "index",
        "deadline_margin_ms",
        whole(0, 600_000),
        "time kept back from the Lambda timeout for dead-lettering",
        5000,
    ),
    Var(
        "RETENTION_DAYS",
        "index",
        "retention_days",
        whole(1, 36_500),
        "retention policy age (where the cluster has ISM)",
        30,
    ),
    # parsing
    Var(
        "SERVICE_MAPPING",
        "parse",
        "service_mapping",
        service_mapping,
        "JSON: log group prefix -> service name",
        (),
    ),
    # sanitizing
    Var(
        "MAX_FIELDS",
        "sanitize",
        "max_fields",
        whole(10, 900),
        "app fields per record; the rest go to `logpipe.overflow`",
        100,
    ),
    Var(
        "MAX_VALUE_BYTES",
        "sanitize",
        "max_value_bytes",
        whole(256, 1_000_000),
        "UTF-8 bytes per string value",
        32_000,
    ),
    Var(
        "REDACT_FIELDS",
        "sanitize",
        "redact_fields",
        names,
        "terms of the redaction rule: a field whose name's words end with one is secret",
        DEFAULT_REDACT_FIELDS,
    ),
    # dead letters
    Var(
        "DEAD_LETTER_BUCKET",
        "dead_letter",
        "bucket",
        text,
        "S3 bucket for dead letters (with `DEAD_LETTER_QUEUE_URL`: for events too large for SQS)",
    ),
    Var(
        "DEAD_LETTER_PREFIX",
        "dead_letter",
        "prefix",
        text,
        "key prefix in the bucket",
        "dead-letters/",
    ),
    Var("DEAD_LETTER_QUEUE_URL", "dead_letter", "queue_url", text, "SQS queue for dead letters"),
    Var(
        "DEAD_LETTER_DIR",
        "dead_letter",
        "directory",
        text,
        "a local directory for dead letters (local runs)",
    ),
    # Dashboards links
    Var(
        "DASHBOARDS_URL",
        "dashboards",
        "url",
        dashboards_url,
        "OpenSearch Dashboards, for links",
        derive=lambda v: dashboards_url_for(v.get("OPENSEARCH_URL")),
        default_doc="`https://<host>/_dashboards` for AWS hosts, else `<host>:5601`",
    ),
    Var(
        "DISCOVER_STYLE",
        "dashboards",
        "discover_style",
        choice("classic", "data-explorer"),
        "Discover URL style (`data-explorer` from Dashboards 2.10)",
        "data-explorer",
    ),
    Var(
        "INDEX_PATTERN_ID",
        "dashboards",
        "index_pattern_id",
        text,
        "id of the Dashboards index pattern the links open",
        "logpipe-logs",
    ),
    Var(
        "INDEX_PATTERN_TITLE",
        "dashboards",
        "index_pattern_title",
        text,
        "its title: must match every index `INDEX_PATTERN` makes",
        derive=_index_pattern_title,
        default_doc="`INDEX_PATTERN`'s fixed part + `*` (`logs-*`)",
    ),
    # alerts
    Var(
        "ALERT_LEVELS",
        "alerts",
        "levels",
        levels,
        "which records alert",
        frozenset({"error", "critical"}),
    ),
    Var(
        "SLACK_WEBHOOK_URL",
        "alerts",
        "webhook_url",
        url,
        "incoming webhook (local runs)",
        secret=True,
    ),
    Var(
        "SLACK_WEBHOOK_SECRET_ARN",
        "alerts",
        "webhook_secret_arn",
        text,
        "Secrets Manager secret holding the webhook URL",
    ),
    Var(
        "SLACK_CRITICAL_WEBHOOK_URL",
        "alerts",
        "critical_webhook_url",
        url,
        "a second webhook for critical records",
        secret=True,
    ),
    Var(
        "SLACK_CRITICAL_WEBHOOK_SECRET_ARN",
        "alerts",
        "critical_webhook_secret_arn",
        text,
        "its secret",
    ),
    Var(
        "SLACK_BOT_TOKEN",
        "alerts",
        "bot_token",
        text,
        "Slack app mode: the bot token `xoxb-…` (local runs)",
        secret=True,
    ),
    Var(
        "SLACK_BOT_TOKEN_SECRET_ARN",
        "alerts",
        "bot_token_secret_arn",
        text,
        "Slack app mode: Secrets Manager secret holding the bot token",
    ),
    Var(
        "SLACK_CHANNEL",
        "alerts",
        "channel",
        text,
        "Slack app mode: the channel (`C0123ABCD` or `#name`); one thread per error issue",
    ),
    Var(
        "SLACK_API_URL",
        "alerts",
        "api_url",
        url,
        "Slack Web API base URL (tests point it at a loopback receiver)",
        "https://slack.com/api",
    ),
    Var(
        "SLACK_CRITICAL_MENTION",
        "alerts",
        "critical_mention",
        text,
        "who critical alerts mention (`<!here>`, `<@U123>`, `<!subteam^S1>`)",
    ),
    Var(
        "ALERT_COOLDOWN_SECONDS",
        "alerts",
        "cooldown_seconds",
        whole(0, 86_400),
        "one alert per fingerprint per this many seconds",
        300,
    ),
    Var(
        "ALERT_MAX_MESSAGES",
        "alerts",
        "max_messages_per_invocation",
        whole(1, 50),
        "Slack messages per invocation; the rest are summed up in one",
        10,
    ),
    Var(
        "SLACK_TIMEOUT_SECONDS",
        "alerts",
        "http_timeout_seconds",
        number(0.1, 30),
        "per-request timeout to Slack",
        3.0,
    ),
    Var(
        "SLACK_BUDGET_SECONDS",
        "alerts",
        "budget_seconds",
        number(0.1, 120),
        "time alerting may take per invocation (indexing never waits on it)",
        10.0,
    ),
    Var(
        "SLACK_IDLE_RECONNECT_SECONDS",
        "alerts",
        "idle_reconnect_seconds",
        number(0.0, 3600),
        "a pooled connection idle longer than this is not reused",
        30.0,
    ),
    Var(
        "SLACK_SECRET_MAX_AGE_SECONDS",
        "alerts",
        "secret_max_age_seconds",
        whole(0, 86_400),
        "how long the webhook secret is cached",
        300,
    ),
    Var(
        "ALERT_ISSUES",
        "alerts",
        "issues_enabled",
        boolean,
        "error issues shared by every container, kept in the cluster (`logpipe-issues`)",
        derive=lambda v: bool(v.get("ALERT_ISSUES_TABLE")) or v.get("OPENSEARCH_SERVICE") != "aoss",
        default_doc="`true` (on Serverless only with `ALERT_ISSUES_TABLE`; see on-call.md)",
    ),
    Var(
        "ALERT_ISSUES_TABLE",
        "alerts",
        "issues_table",
        text,
        "a DynamoDB table for error issues instead of the cluster's index (Serverless)",
    ),
    Var(
        "ALERT_ISSUES_INDEX",
        "alerts",
        "issues_index",
        index_name,
        "the issues index",
        "logpipe-issues",
    ),
    Var(
        "ALERT_ISSUES_TIMEOUT_SECONDS",
        "alerts",
        "issues_timeout_seconds",
        number(0.1, 30),
        "per request to the issues index (also capped by the alert budget)",
        2.0,
    ),
    Var(
        "ALERT_ISSUE_WINDOW_SECONDS",
        "alerts",
        "issue_window_seconds",
        whole(1, 604_800),
        "at most one Ongoing message per issue per window",
        1800,
    ),
    Var(
        "ALERT_ISSUE_QUIET_SECONDS",
        "alerts",
        "issue_quiet_seconds",
        whole(60, 31_536_000),
        "an issue seen again after this long quiet is Regressed",
        86_400,
    ),
    Var(
        "SLACK_ROUTES",
        "alerts",
        "routes",
        slack_routes,
        "JSON: service glob -> webhook URL or secret ARN, first match wins",
        (),
        secret=True,
    ),
    Var(
        "LINE_TIME_MAX_AGE_SECONDS",
        "parse",
        "line_time_max_age_seconds",
        number(0.0, 10 * 365 * 86400.0),
        "a line's own time this far before its CloudWatch time is not believed",
        14 * 86400.0,
    ),
    Var(
        "LINE_TIME_MAX_AHEAD_SECONDS",
        "parse",
        "line_time_max_ahead_seconds",
        number(0.0, 365 * 86400.0),
        "nor this far after it (then `@timestamp` is the CloudWatch time, with a note)",
        2 * 3600.0,
    ),
    Var(
        "INDEX_TEMPLATE_NAME",
        "index",
        "template_name",
        template_name,
        "index template and retention policy name (per-container setup and bootstrap)",
        default_doc="`logpipe-logs`/`logpipe-retention` for `logs-*`, else `logpipe-<prefix>`",
    ),
    Var(
        "INDEX_AUTO_SETUP",
        "index",
        "auto_setup",
        boolean,
        "each container ensures the template, retention policy and Dashboards pattern",
        True,
    ),
    Var(
        "AUTO_SUBSCRIBE_PREFIXES",
        "auto_subscribe",
        "prefixes",
        items,
        "new log groups to subscribe, by prefix (empty: off)",
        (),
    ),
    Var(
        "AUTO_SUBSCRIBE_PATTERNS",
        "auto_subscribe",
        "patterns",
        items,
        "new log groups to subscribe, by glob",
        (),
    ),
    Var(
        "AUTO_SUBSCRIBE_FILTER_PATTERN",
        "auto_subscribe",
        "filter_pattern",
        filter_pattern,
        "the filter pattern of those subscriptions",
        "",
    ),
    Var(
        "AUTO_SUBSCRIBE_PERMISSION_SCOPE",
        "auto_subscribe",
        "permission_scope",
        choice("existing", "group", "account"),
        "`existing`: the stack's account-wide invoke permission; `group`/`account` add one",
        "existing",
    ),
    Var(
        "REDRIVE_MAX_UNITS",
        "redrive",
        "max_units",
        whole(1, 100_000),
        "stored dead-letter objects re-driven per scheduled run",
        200,
    ),
    Var(
        "REDRIVE_MAX_AGE_HOURS",
        "redrive",
        "max_age_hours",
        whole(1, 87_600),
        "older dead letters are kept and reported, no longer re-driven",
        72,
    ),
)

BY_NAME: dict[str, Var] = {var.name: var for var in VARIABLES}
# Every variable the forwarder reads through this table.
ENVIRONMENT_VARIABLES: frozenset[str] = frozenset(BY_NAME)


def default_of(name: str) -> Any:
    """The table's default for a variable (section Structs take theirs from here)."""
    return BY_NAME[name].default


# --- cross-field rules -------------------------------------------------------------------------


class Problem(Struct, frozen=True):
    """A setting that cannot work, named by its variable."""

    variable: str
    problem: str

    def error(self) -> ConfigError:
        return ConfigError(self.variable, self.problem)


def _cross_field(values: Values) -> list[Problem]:
    problems: list[Problem] = []
    if not values.get("OPENSEARCH_URL"):
        problems.append(Problem("OPENSEARCH_URL", "is required (the cluster to index into)"))
    if values.get("OPENSEARCH_AUTH") == "basic" and not (
        values.get("OPENSEARCH_USERNAME") and values.get("OPENSEARCH_PASSWORD")
    ):
        problems.append(
            Problem(
                "OPENSEARCH_PASSWORD",
                "basic auth needs OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD",
            )
        )
    if values["BULK_RETRY_BASE_SECONDS"] > values["BULK_RETRY_MAX_SECONDS"]:
        problems.append(
            Problem("BULK_RETRY_BASE_SECONDS", "must not exceed BULK_RETRY_MAX_SECONDS")
        )
    stores = [
        name
        for name in ("DEAD_LETTER_BUCKET", "DEAD_LETTER_QUEUE_URL", "DEAD_LETTER_DIR")
        if values.get(name)
    ]
    if not stores:
        problems.append(
            Problem(
                "DEAD_LETTER_BUCKET",
                "no dead-letter store configured: set DEAD_LETTER_BUCKET, DEAD_LETTER_QUEUE_URL "
                "or (locally) DEAD_LETTER_DIR, so records that cannot be indexed are kept",
            )
        )
    elif len(stores) > 1 and stores != ["DEAD_LETTER_BUCKET", "DEAD_LETTER_QUEUE_URL"]:
        problems.append(
            Problem(
                stores[-1],
                f"{' and '.join(stores)} are set: use one store (or a queue with a bucket for "
                "events too large for SQS)",
            )
        )
    title = values.get("INDEX_PATTERN_TITLE") or ""
    sample = datetime(2026, 1, 2, tzinfo=UTC).strftime(
        (values.get("INDEX_PATTERN") or "").replace("{service}", "some-service")
    )
    if values.get("INDEX_PATTERN") and not fnmatch.fnmatchcase(sample, title):
        problems.append(
            Problem(
                "INDEX_PATTERN_TITLE",
                f"{title!r} does not match the index names INDEX_PATTERN makes ({sample!r}): "
                "every alert link would open nothing",
            )
        )
    for critical, plain in (
        ("SLACK_CRITICAL_WEBHOOK_URL", "SLACK_WEBHOOK_URL"),
        ("SLACK_CRITICAL_WEBHOOK_SECRET_ARN", "SLACK_WEBHOOK_SECRET_ARN"),
    ):
        if values.get(critical) and not (
            values.get("SLACK_WEBHOOK_URL")
            or values.get("SLACK_WEBHOOK_SECRET_ARN")
            or values.get("SLACK_BOT_TOKEN")
            or values.get("SLACK_BOT_TOKEN_SECRET_ARN")
        ):
            problems.append(
                Problem(critical, f"a critical webhook alone sends nothing: set {plain} too")
            )
    app_token = values.get("SLACK_BOT_TOKEN") or values.get("SLACK_BOT_TOKEN_SECRET_ARN")
    main = app_token or values.get("SLACK_WEBHOOK_URL") or values.get("SLACK_WEBHOOK_SECRET_ARN")
    if values.get("SLACK_ROUTES") and not main:
        problems.append(
            Problem("SLACK_ROUTES", "routes need a main destination (SLACK_WEBHOOK_* or app mode)")
        )
    channels = [t for _, t in values.get("SLACK_ROUTES") or () if is_channel(t)]
    if channels and not app_token:
        problems.append(
            Problem("SLACK_ROUTES", "routes to channels need app mode (SLACK_BOT_TOKEN_*)")
        )
    if app_token and not values.get("SLACK_CHANNEL"):
        problems.append(Problem("SLACK_CHANNEL", "app mode needs the channel to post in"))
    if values.get("SLACK_CHANNEL") and not app_token:
        problems.append(
            Problem(
                "SLACK_BOT_TOKEN_SECRET_ARN",
                "SLACK_CHANNEL needs a bot token (SLACK_BOT_TOKEN_SECRET_ARN, or locally "
                "SLACK_BOT_TOKEN)",
            )
        )
    if values.get("SLACK_BOT_TOKEN") and values.get("SLACK_BOT_TOKEN_SECRET_ARN"):
        problems.append(
            Problem(
                "SLACK_BOT_TOKEN", "set SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_SECRET_ARN, not both"
            )
        )
    if app_token and (values.get("SLACK_WEBHOOK_URL") or values.get("SLACK_WEBHOOK_SECRET_ARN")):
        problems.append(
            Problem(
                "SLACK_WEBHOOK_URL",
                "app mode (SLACK_CHANNEL) and a main webhook are both set: choose one main "
                "destination (webhooks may still serve SLACK_ROUTES)",
            )
        )
    if values.get("SLACK_WEBHOOK_URL") and values.get("SLACK_WEBHOOK_SECRET_ARN"):
        problems.append(
            Problem(
                "SLACK_WEBHOOK_URL", "set SLACK_WEBHOOK_URL or SLACK_WEBHOOK_SECRET_ARN, not both"
            )
        )
    return problems


# --- reading -------------------------------------------------------------------------------------


class Effective(Struct, frozen=True):
    """What the environment amounts to: every variable's value, where it came from, and every
    problem (per variable and cross-field)."""

    values: Mapping[str, Any]
    from_env: frozenset[str]
    problems: tuple[Problem, ...]

    def raise_first(self, sections: Sequence[str] | None = None) -> None:
        """Raise ConfigError for the first problem (in `sections`, when given)."""
        for problem in self.problems:
            section = BY_NAME[problem.variable].section
            if sections is None or section in sections or section == "":
                raise problem.error()

    def section(self, cls: type[Any]) -> Any:
        """The section Struct `cls`, built from the table's values."""
        name = SECTIONS[cls]
        kwargs = {var.attr: self.values[var.name] for var in VARIABLES if var.section == name}
        if cls is ParseSettings:
            kwargs["region"] = self.values["AWS_REGION"]
        if cls is OpenSearchSettings:
            kwargs["region"] = self.values["AWS_REGION"]
        return cls(**kwargs)

    def shown(self, name: str) -> str:
        """A value as `forwarder config` prints it: secrets masked."""
        value = self.values.get(name)
        if value is None:
            return ""
        if BY_NAME[name].secret:
            return "********"
        if isinstance(value, frozenset):
            return ",".join(sorted(value))
        if isinstance(value, tuple):
            pairs = all(isinstance(item, tuple) for item in value)
            return json.dumps(dict(value)) if value and pairs else ",".join(value)
        return str(value)


def read_config(env: Mapping[str, str] | None = None) -> Effective:
    """Every variable of the table read from `env`, defaults derived, every problem listed."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    from_env: set[str] = set()
    problems: list[Problem] = []
    for var in VARIABLES:  # given values first: derived defaults may read any of them
        raw = (env.get(var.name) or "").strip()
        if not raw:
            continue
        try:
            values[var.name] = var.parse(raw)
            from_env.add(var.name)
        except ValueError as error:
            problems.append(Problem(var.name, str(error)))
    for var in VARIABLES:  # then defaults, in table order (a derived one sees those before it)
        if var.name not in values:
            values[var.name] = var.derive(values) if var.derive else var.default
    problems.extend(_cross_field(values))
    return Effective(values, frozenset(from_env), tuple(problems))


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate every setting; raises ConfigError naming the first bad variable."""
    effective = read_config(env)
    effective.raise_first()
    return Settings(
        region=effective.values["AWS_REGION"],
        opensearch=effective.section(OpenSearchSettings),
        index=effective.section(IndexSettings),
        parse=effective.section(ParseSettings),
        sanitize=effective.section(SanitizeSettings),
        dead_letter=effective.section(DeadLetterSettings),
        dashboards=effective.section(DashboardsSettings),
        alerts=effective.section(AlertSettings),
        self_log_group=effective.values["FORWARDER_LOG_GROUP"],
        auto_subscribe=effective.section(AutoSubscribeSettings),
        redrive=effective.section(RedriveSettings),
    )


def markdown_table() -> str:
    """The README's configuration table, generated from `VARIABLES`."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for var in VARIABLES:
        if not var.attr:
            continue
        if var.default_doc:
            default = var.default_doc
        elif var.default is None or var.default == ():
            default = ""
        elif isinstance(var.default, frozenset):
            default = f"`{','.join(sorted(var.default))}`"
        elif isinstance(var.default, tuple):
            default = f"`{','.join(var.default)}`"
        else:
            default = f"`{var.default}`"
        bounds = getattr(var.parse, "bounds", None)
        meaning = var.meaning
        if bounds:
            low, high = bounds
            meaning += f" ({low} to {high})" if high is not None else f" (at least {low})"
        rows.append(f"| `{var.name}` | {default} | {meaning} |")
    return "\n".join(rows)


# --- the settings of each stage (defaults from the table) ----------------------------------------


class _SecretsUnshown:
    """A section whose repr leaves out the fields named in `unshown` (secrets, and routes,
    which may hold webhook URLs), so a logged or printed section never shows them."""

    __slots__ = ()
    unshown: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        shown = (
            f"{name}={getattr(self, name)!r}"
            for name in self.__struct_fields__  # type: ignore[attr-defined]
            if name not in self.unshown
        )
        return f"{type(self).__name__}({', '.join(shown)})"


class OpenSearchSettings(_SecretsUnshown, Struct, frozen=True):
    """Where and how to reach the cluster."""

    unshown = frozenset({"password"})

    url: str
    auth: Literal["none", "basic", "sigv4"]
    aws_service: Literal["es", "aoss"]
    region: str
    username: str | None = None
    password: str | None = None
    timeout_seconds: float = default_of("OPENSEARCH_TIMEOUT_SECONDS")

    @property
    def is_serverless(self) -> bool:
        return self.aws_service == "aoss"


class IndexSettings(Struct, frozen=True):
    """How records become bulk requests: index names, ids, chunking, retries, time budget."""

    index_pattern: str = default_of("INDEX_PATTERN")
    use_document_ids: bool = True
    bulk_max_bytes: int = default_of("BULK_MAX_BYTES")
    bulk_max_docs: int = default_of("BULK_MAX_DOCS")
    max_retries: int = default_of("BULK_MAX_RETRIES")
    retry_base_seconds: float = default_of("BULK_RETRY_BASE_SECONDS")
    retry_max_seconds: float = default_of("BULK_RETRY_MAX_SECONDS")
    deadline_margin_ms: int = default_of("DEADLINE_MARGIN_MS")
    retention_days: int = default_of("RETENTION_DAYS")
    template_name: str | None = None
    auto_setup: bool = default_of("INDEX_AUTO_SETUP")


class ParseSettings(Struct, frozen=True):
    """What parsing needs beyond the line itself."""

    region: str
    # (log group prefix, service name), longest prefix first
    service_mapping: tuple[tuple[str, str], ...] = default_of("SERVICE_MAPPING")
    # A line's own time is believed within this window around its CloudWatch time (the bounds
    # CloudWatch Logs itself puts on event times); outside it the CloudWatch time is used.
    line_time_max_age_seconds: float = default_of("LINE_TIME_MAX_AGE_SECONDS")
    line_time_max_ahead_seconds: float = default_of("LINE_TIME_MAX_AHEAD_SECONDS")


class SanitizeSettings(Struct, frozen=True):
    """Caps that keep every document indexable and free of secrets."""

    max_fields: int = default_of("MAX_FIELDS")
    max_value_bytes: int = default_of("MAX_VALUE_BYTES")
    redact_fields: tuple[str, ...] = default_of("REDACT_FIELDS")
    max_field_name_length: int = 200  # not configurable: OpenSearch names stay readable


class DeadLetterSettings(Struct, frozen=True):
    """Where records go that could not be indexed: exactly one store."""

    bucket: str | None = None
    prefix: str = default_of("DEAD_LETTER_PREFIX")
    queue_url: str | None = None
    directory: str | None = None

    @property
    def target(self) -> str:
        """Where letters go, for messages (build_store decides the same way)."""
        if self.queue_url:
            overflow = f" (large events: s3://{self.bucket}/{self.prefix})" if self.bucket else ""
            return f"{self.queue_url}{overflow}"
        if self.bucket:
            return f"s3://{self.bucket}/{self.prefix}"
        return f"file://{self.directory}"


class DashboardsSettings(Struct, frozen=True):
    """OpenSearch Dashboards, for the links in alerts and the index pattern bootstrap creates."""

    url: str = dashboards_url_for(None)
    discover_style: Literal["classic", "data-explorer"] = default_of("DISCOVER_STYLE")
    index_pattern_id: str = default_of("INDEX_PATTERN_ID")
    index_pattern_title: str = _index_pattern_title({})


class AlertSettings(_SecretsUnshown, Struct, frozen=True):
    """Slack alerting: which levels, where to, and how much noise is allowed."""

    unshown = frozenset({"webhook_url", "critical_webhook_url", "bot_token", "routes"})

    levels: frozenset[str] = default_of("ALERT_LEVELS")
    webhook_url: str | None = None
    webhook_secret_arn: str | None = None
    critical_webhook_url: str | None = None
    critical_webhook_secret_arn: str | None = None
    critical_mention: str | None = None
    # Slack app mode (alerts/slack/app.py): a bot token and the channel, one thread per issue
    bot_token: str | None = None
    bot_token_secret_arn: str | None = None
    channel: str | None = None
    api_url: str = default_of("SLACK_API_URL")
    cooldown_seconds: int = default_of("ALERT_COOLDOWN_SECONDS")
    max_messages_per_invocation: int = default_of("ALERT_MAX_MESSAGES")
    http_timeout_seconds: float = default_of("SLACK_TIMEOUT_SECONDS")
    budget_seconds: float = default_of("SLACK_BUDGET_SECONDS")
    idle_reconnect_seconds: float = default_of("SLACK_IDLE_RECONNECT_SECONDS")
    secret_max_age_seconds: int = default_of("SLACK_SECRET_MAX_AGE_SECONDS")
    # Error issues shared by every container (alerts/issues), in the cluster itself.
    issues_enabled: bool = True
    issues_index: str = default_of("ALERT_ISSUES_INDEX")
    issues_timeout_seconds: float = default_of("ALERT_ISSUES_TIMEOUT_SECONDS")
    issue_window_seconds: int = default_of("ALERT_ISSUE_WINDOW_SECONDS")
    issue_quiet_seconds: int = default_of("ALERT_ISSUE_QUIET_SECONDS")
    issues_table: str | None = None  # DynamoDB instead of the cluster (alerts/issues/dynamo.py)
    # (service glob, destination): a webhook URL or a Secrets Manager ARN holding one
    routes: tuple[tuple[str, str], ...] = default_of("SLACK_ROUTES")

    @property
    def enabled(self) -> bool:
        return bool(self.webhook_url or self.webhook_secret_arn or self.app_mode)

    @property
    def app_mode(self) -> bool:
        """A bot token and a channel: messages through the Web API, one thread per issue."""
        return bool((self.bot_token or self.bot_token_secret_arn) and self.channel)


class AutoSubscribeSettings(Struct, frozen=True):
    """Which new log groups the forwarder subscribes itself to (CreateLogGroup events, sweep)."""

    prefixes: tuple[str, ...] = default_of("AUTO_SUBSCRIBE_PREFIXES")
    patterns: tuple[str, ...] = default_of("AUTO_SUBSCRIBE_PATTERNS")  # fnmatch globs
    filter_pattern: str = default_of("AUTO_SUBSCRIBE_FILTER_PATTERN")
    permission_scope: Literal["existing", "group", "account"] = default_of(
        "AUTO_SUBSCRIBE_PERMISSION_SCOPE"
    )

    @property
    def enabled(self) -> bool:
        return bool(self.prefixes or self.patterns)


class RedriveSettings(Struct, frozen=True):
    """The scheduled re-drive of dead letters (operations/redrive.py)."""

    max_units: int = default_of("REDRIVE_MAX_UNITS")
    max_age_hours: int = default_of("REDRIVE_MAX_AGE_HOURS")


class Settings(Struct, frozen=True):
    """Everything the forwarder reads from its environment, once."""

    region: str
    opensearch: OpenSearchSettings
    index: IndexSettings
    parse: ParseSettings
    sanitize: SanitizeSettings
    dead_letter: DeadLetterSettings
    dashboards: DashboardsSettings
    alerts: AlertSettings
    self_log_group: str | None = None
    auto_subscribe: AutoSubscribeSettings = field(default_factory=AutoSubscribeSettings)
    redrive: RedriveSettings = field(default_factory=RedriveSettings)


SECTIONS: dict[type[Any], str] = {
    OpenSearchSettings: "opensearch",
    IndexSettings: "index",
    ParseSettings: "parse",
    SanitizeSettings: "sanitize",
    DeadLetterSettings: "dead_letter",
    DashboardsSettings: "dashboards",
    AlertSettings: "alerts",
    AutoSubscribeSettings: "auto_subscribe",
    RedriveSettings: "redrive",
}
