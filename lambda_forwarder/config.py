"""Configuration, read once from the environment, typed and validated.

Every setting has one environment variable. A missing required one or a malformed value raises
`ConfigError` naming the variable; optional ones have loud, documented defaults.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, TypeVar
from urllib.parse import urlsplit

from lambda_forwarder.errors import ConfigError

T = TypeVar("T")

DEFAULT_REDACT_FIELDS = (
    "password",
    "passwd",
    "secret",
    "token",
    "authorization",
    "cookie",
    "api_key",
    "apikey",
)


# --- small typed readers -------------------------------------------------------------------


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def env_str(env: Mapping[str, str], name: str, default: str | None = None) -> str | None:
    value = _get(env, name)
    return default if value is None else value


def env_required(env: Mapping[str, str], name: str, why: str) -> str:
    value = _get(env, name)
    if value is None:
        raise ConfigError(name, f"is required ({why})")
    return value


_KIND_NAMES: dict[Callable[[str], object], str] = {int: "a whole number", float: "a number"}


def _env_number(
    env: Mapping[str, str], name: str, default: T, kind: Callable[[str], T], minimum: float
) -> T:
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(name, f"must be {_KIND_NAMES[kind]}, got {raw!r}") from None
    if value < minimum:  # type: ignore[operator]
        raise ConfigError(name, f"must be at least {minimum}, got {raw!r}")
    return value


def env_int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    return _env_number(env, name, default, int, minimum)


def env_float(env: Mapping[str, str], name: str, default: float, minimum: float = 0.0) -> float:
    return _env_number(env, name, default, float, minimum)


def env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = _get(env, name)
    if raw is None:
        return default
    lowered = raw.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(name, f"must be true or false, got {raw!r}")


def env_choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    raw = _get(env, name)
    if raw is None:
        return default
    if raw.lower() not in choices:
        raise ConfigError(name, f"must be one of {', '.join(choices)}, got {raw!r}")
    return raw.lower()


def env_list(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = _get(env, name)
    if raw is None:
        return default
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def env_url(env: Mapping[str, str], name: str, default: str | None = None) -> str | None:
    raw = _get(env, name)
    if raw is None:
        return default
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(name, "must be an http(s) URL")  # never echo it: URLs may hold secrets
    return raw.rstrip("/")


# --- the settings of each stage ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpenSearchSettings:
    """Where and how to reach the cluster."""

    url: str
    auth: Literal["none", "basic", "sigv4"]
    aws_service: Literal["es", "aoss"]
    region: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout_seconds: float = 10.0

    @property
    def is_serverless(self) -> bool:
        return self.aws_service == "aoss"


@dataclass(frozen=True, slots=True)
class IndexSettings:
    """How records become bulk requests: index names, ids, chunking, retries, time budget."""

    index_pattern: str = "logs-%Y.%m.%d"  # strftime on the record time (UTC); may hold {service}
    use_document_ids: bool = True
    bulk_max_bytes: int = 5 * 1024 * 1024  # AWS rejects bodies over 10 MiB on small instances
    bulk_max_docs: int = 500
    max_retries: int = 6  # full-jitter backoff: about 5.6 s of waiting, capped by the deadline
    retry_base_seconds: float = 0.2
    retry_max_seconds: float = 5.0
    deadline_margin_ms: int = 5000  # kept back from the Lambda timeout for dead-lettering
    retention_days: int = 30
    # The index template and retention policy the forwarder ensures before its first bulk request
    # (index/ensure.py). None: `logpipe-<literal prefix of index_pattern>` (`logpipe-logs`), so
    # forwarders with different index patterns on one cluster never share one.
    template_name: str | None = None
    auto_setup: bool = True


@dataclass(frozen=True, slots=True)
class ParseSettings:
    """What parsing needs beyond the line itself."""

    region: str
    # (log group prefix, service name), longest prefix first
    service_mapping: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SanitizeSettings:
    """Caps that keep every document indexable and free of secrets."""

    max_fields: int = 100
    max_value_bytes: int = 32_000
    max_field_name_length: int = 200
    redact_fields: tuple[str, ...] = DEFAULT_REDACT_FIELDS


@dataclass(frozen=True, slots=True)
class DeadLetterSettings:
    """Where records go that could not be indexed. At least one target is required."""

    bucket: str | None = None
    prefix: str = "dead-letters/"
    queue_url: str | None = None
    directory: str | None = None

    @property
    def target(self) -> str:
        if self.bucket:
            return f"s3://{self.bucket}/{self.prefix}"
        if self.queue_url:
            return self.queue_url
        return f"file://{self.directory}"


@dataclass(frozen=True, slots=True)
class DashboardsSettings:
    """OpenSearch Dashboards, for the links in alerts and the index pattern bootstrap creates."""

    url: str = "http://127.0.0.1:5601"
    discover_style: Literal["classic", "data-explorer"] = "data-explorer"
    index_pattern_id: str = "logpipe-logs"
    index_pattern_title: str = "logs-*"


@dataclass(frozen=True, slots=True)
class AlertSettings:
    """Slack alerting: which levels, where to, and how much noise is allowed."""

    levels: frozenset[str] = frozenset({"error", "critical"})
    webhook_url: str | None = field(default=None, repr=False)
    webhook_secret_arn: str | None = None
    critical_webhook_url: str | None = field(default=None, repr=False)
    critical_webhook_secret_arn: str | None = None
    critical_mention: str | None = None
    cooldown_seconds: int = 300
    max_messages_per_invocation: int = 10
    dedup_table: str | None = None
    http_timeout_seconds: float = 3.0
    budget_seconds: float = 10.0
    # A pooled webhook connection idle longer than this is never reused (see alerts/webhook.py).
    idle_reconnect_seconds: float = 30.0
    secret_max_age_seconds: int = 300  # Powertools Parameters cache of the webhook secret

    @property
    def enabled(self) -> bool:
        return bool(self.webhook_url or self.webhook_secret_arn)


@dataclass(frozen=True, slots=True)
class AutoSubscribeSettings:
    """Which new log groups the forwarder subscribes itself to (CreateLogGroup events, sweep)."""

    prefixes: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()  # fnmatch globs
    filter_pattern: str = ""
    # "existing": the stack granted CloudWatch Logs an account-wide invoke permission already;
    # "group"/"account": add one per group / one for the account (needs lambda:AddPermission).
    permission_scope: Literal["existing", "group", "account"] = "existing"

    @property
    def enabled(self) -> bool:
        return bool(self.prefixes or self.patterns)


@dataclass(frozen=True, slots=True)
class RedriveSettings:
    """The scheduled re-drive of dead letters (operations/redrive.py)."""

    max_units: int = 200  # stored units (S3 objects, messages, files) per run
    max_age_hours: int = 72  # older letters are kept and reported, no longer re-driven


@dataclass(frozen=True, slots=True)
class Settings:
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


SANITIZE_DEFAULTS = SanitizeSettings()

# --- loading -------------------------------------------------------------------------------


def region_of(env: Mapping[str, str]) -> str:
    return env_str(env, "AWS_REGION") or env_str(env, "AWS_DEFAULT_REGION") or "us-east-1"


def opensearch_settings(env: Mapping[str, str], region: str) -> OpenSearchSettings:
    url = env_url(env, "OPENSEARCH_URL")
    if url is None:
        raise ConfigError("OPENSEARCH_URL", "is required (the cluster to index into)")
    host = urlsplit(url).hostname or ""
    aws_service = env_choice(
        env, "OPENSEARCH_SERVICE", ("es", "aoss"), "aoss" if ".aoss." in host else "es"
    )
    username = env_str(env, "OPENSEARCH_USERNAME")
    default_auth = "sigv4" if host.endswith(".amazonaws.com") else ("basic" if username else "none")
    auth = env_choice(env, "OPENSEARCH_AUTH", ("none", "basic", "sigv4"), default_auth)
    password = env_str(env, "OPENSEARCH_PASSWORD")
    if auth == "basic" and (username is None or password is None):
        raise ConfigError(
            "OPENSEARCH_PASSWORD", "basic auth needs OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD"
        )
    return OpenSearchSettings(
        url=url,
        auth=auth,  # type: ignore[arg-type]
        aws_service=aws_service,  # type: ignore[arg-type]
        region=region,
        username=username,
        password=password,
        timeout_seconds=env_float(env, "OPENSEARCH_TIMEOUT_SECONDS", 10.0, minimum=0.1),
    )


def index_settings(env: Mapping[str, str], serverless: bool) -> IndexSettings:
    pattern = env_str(env, "INDEX_PATTERN", "logs-%Y.%m.%d") or "logs-%Y.%m.%d"
    try:
        sample = datetime(2026, 1, 2, tzinfo=UTC).strftime(pattern.replace("{service}", "svc"))
    except ValueError:
        raise ConfigError(
            "INDEX_PATTERN", "must be a strftime pattern, optionally with {service}"
        ) from None
    if sample != sample.lower() or any(c in sample for c in ' "*\\<>|,#:?/') or "{" in sample:
        raise ConfigError(
            "INDEX_PATTERN", 'must render lowercase index names without spaces or \\/*?"<>|,#:'
        )
    defaults = IndexSettings()
    return IndexSettings(
        index_pattern=pattern,
        use_document_ids=env_bool(env, "USE_DOCUMENT_IDS", not serverless),
        bulk_max_bytes=env_int(env, "BULK_MAX_BYTES", defaults.bulk_max_bytes, minimum=1024),
        bulk_max_docs=env_int(env, "BULK_MAX_DOCS", defaults.bulk_max_docs, minimum=1),
        max_retries=env_int(env, "BULK_MAX_RETRIES", defaults.max_retries),
        retry_base_seconds=env_float(env, "BULK_RETRY_BASE_SECONDS", defaults.retry_base_seconds),
        retry_max_seconds=env_float(env, "BULK_RETRY_MAX_SECONDS", defaults.retry_max_seconds),
        deadline_margin_ms=env_int(env, "DEADLINE_MARGIN_MS", defaults.deadline_margin_ms),
        retention_days=env_int(env, "RETENTION_DAYS", defaults.retention_days, minimum=1),
        template_name=_template_name(env, defaults.template_name),
        auto_setup=env_bool(env, "INDEX_AUTO_SETUP", defaults.auto_setup),
    )


def _template_name(env: Mapping[str, str], default: str | None) -> str | None:
    name = env_str(env, "INDEX_TEMPLATE_NAME", default)
    if name is None:
        return None
    if name != name.lower() or not all(c.isalnum() or c in "-_." for c in name):
        raise ConfigError(
            "INDEX_TEMPLATE_NAME", "must be lowercase letters, digits, '-', '_' or '.'"
        )
    return name


def _service_mapping(env: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    raw = env_str(env, "SERVICE_MAPPING")
    if raw is None:
        return ()
    try:
        mapping = json.loads(raw)
    except ValueError:
        raise ConfigError(
            "SERVICE_MAPPING", "must be a JSON object of log group prefix to service name"
        ) from None
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k and v for k, v in mapping.items()
    ):
        raise ConfigError(
            "SERVICE_MAPPING", "must be a JSON object of log group prefix to service name"
        )
    return tuple(sorted(mapping.items(), key=lambda item: -len(item[0])))


def dead_letter_settings(env: Mapping[str, str]) -> DeadLetterSettings:
    settings = DeadLetterSettings(
        bucket=env_str(env, "DEAD_LETTER_BUCKET"),
        prefix=env_str(env, "DEAD_LETTER_PREFIX", "dead-letters/") or "dead-letters/",
        queue_url=env_str(env, "DEAD_LETTER_QUEUE_URL"),
        directory=env_str(env, "DEAD_LETTER_DIR"),
    )
    if not (settings.bucket or settings.queue_url or settings.directory):
        raise ConfigError(
            "DEAD_LETTER_BUCKET",
            "no dead-letter store configured: set DEAD_LETTER_BUCKET, DEAD_LETTER_QUEUE_URL "
            "or (locally) DEAD_LETTER_DIR, so records that cannot be indexed are kept",
        )
    return settings


def dashboards_settings(env: Mapping[str, str]) -> DashboardsSettings:
    defaults = DashboardsSettings()
    return DashboardsSettings(
        url=env_url(env, "DASHBOARDS_URL", defaults.url) or defaults.url,
        discover_style=env_choice(  # type: ignore[arg-type]
            env, "DISCOVER_STYLE", ("classic", "data-explorer"), defaults.discover_style
        ),
        index_pattern_id=env_str(env, "INDEX_PATTERN_ID", defaults.index_pattern_id)
        or defaults.index_pattern_id,
        index_pattern_title=env_str(env, "INDEX_PATTERN_TITLE", defaults.index_pattern_title)
        or defaults.index_pattern_title,
    )


def alert_settings(env: Mapping[str, str]) -> AlertSettings:
    defaults = AlertSettings()
    levels = frozenset(
        level.lower() for level in env_list(env, "ALERT_LEVELS", ("error", "critical"))
    )
    known = {"debug", "info", "warning", "error", "critical"}
    if not levels <= known:
        raise ConfigError("ALERT_LEVELS", f"levels must be among {', '.join(sorted(known))}")
    return AlertSettings(
        levels=levels,
        webhook_url=env_url(env, "SLACK_WEBHOOK_URL"),
        webhook_secret_arn=env_str(env, "SLACK_WEBHOOK_SECRET_ARN"),
        critical_webhook_url=env_url(env, "SLACK_CRITICAL_WEBHOOK_URL"),
        critical_webhook_secret_arn=env_str(env, "SLACK_CRITICAL_WEBHOOK_SECRET_ARN"),
        critical_mention=env_str(env, "SLACK_CRITICAL_MENTION"),
        cooldown_seconds=env_int(env, "ALERT_COOLDOWN_SECONDS", defaults.cooldown_seconds),
        max_messages_per_invocation=env_int(
            env, "ALERT_MAX_MESSAGES", defaults.max_messages_per_invocation, 1
        ),
        dedup_table=env_str(env, "ALERT_DEDUP_TABLE"),
        http_timeout_seconds=env_float(
            env, "SLACK_TIMEOUT_SECONDS", defaults.http_timeout_seconds, 0.1
        ),
        budget_seconds=env_float(env, "SLACK_BUDGET_SECONDS", defaults.budget_seconds, 0.1),
        idle_reconnect_seconds=env_float(
            env, "SLACK_IDLE_RECONNECT_SECONDS", defaults.idle_reconnect_seconds
        ),
        secret_max_age_seconds=env_int(
            env, "SLACK_SECRET_MAX_AGE_SECONDS", defaults.secret_max_age_seconds
        ),
    )


def auto_subscribe_settings(env: Mapping[str, str]) -> AutoSubscribeSettings:
    filter_pattern = env_str(env, "AUTO_SUBSCRIBE_FILTER_PATTERN", "") or ""
    if len(filter_pattern) > 1024:
        raise ConfigError(
            "AUTO_SUBSCRIBE_FILTER_PATTERN", "a filter pattern has at most 1024 characters"
        )
    return AutoSubscribeSettings(
        prefixes=env_list(env, "AUTO_SUBSCRIBE_PREFIXES", ()),
        patterns=env_list(env, "AUTO_SUBSCRIBE_PATTERNS", ()),
        filter_pattern=filter_pattern,
        permission_scope=env_choice(  # type: ignore[arg-type]
            env, "AUTO_SUBSCRIBE_PERMISSION_SCOPE", ("existing", "group", "account"), "existing"
        ),
    )


def redrive_settings(env: Mapping[str, str]) -> RedriveSettings:
    defaults = RedriveSettings()
    return RedriveSettings(
        max_units=env_int(env, "REDRIVE_MAX_UNITS", defaults.max_units, minimum=1),
        max_age_hours=env_int(env, "REDRIVE_MAX_AGE_HOURS", defaults.max_age_hours, minimum=1),
    )


def self_log_group(env: Mapping[str, str]) -> str | None:
    """The forwarder's own log group, never to be processed (no feedback loop)."""
    explicit = env_str(env, "FORWARDER_LOG_GROUP") or env_str(env, "AWS_LAMBDA_LOG_GROUP_NAME")
    if explicit:
        return explicit
    function = env_str(env, "AWS_LAMBDA_FUNCTION_NAME")
    return f"/aws/lambda/{function}" if function else None


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate every setting; raises ConfigError naming the first bad variable."""
    env = os.environ if env is None else env
    region = region_of(env)
    opensearch = opensearch_settings(env, region)
    return Settings(
        region=region,
        opensearch=opensearch,
        index=index_settings(env, opensearch.is_serverless),
        parse=ParseSettings(region=region, service_mapping=_service_mapping(env)),
        sanitize=SanitizeSettings(
            max_fields=env_int(env, "MAX_FIELDS", SANITIZE_DEFAULTS.max_fields, minimum=10),
            max_value_bytes=env_int(
                env, "MAX_VALUE_BYTES", SANITIZE_DEFAULTS.max_value_bytes, minimum=256
            ),
            redact_fields=tuple(
                name.lower() for name in env_list(env, "REDACT_FIELDS", DEFAULT_REDACT_FIELDS)
            ),
        ),
        dead_letter=dead_letter_settings(env),
        dashboards=dashboards_settings(env),
        alerts=alert_settings(env),
        self_log_group=self_log_group(env),
        auto_subscribe=auto_subscribe_settings(env),
        redrive=redrive_settings(env),
    )


# Every environment variable the functions above read. tests/deploy checks that template.yaml sets
# only names from here (or the libraries' own) and that this list matches the env_* calls above:
# add a new setting's variable here too.
ENVIRONMENT_VARIABLES: frozenset[str] = frozenset(
    {
        "ALERT_COOLDOWN_SECONDS",
        "ALERT_DEDUP_TABLE",
        "ALERT_LEVELS",
        "ALERT_MAX_MESSAGES",
        "AUTO_SUBSCRIBE_FILTER_PATTERN",
        "AUTO_SUBSCRIBE_PATTERNS",
        "AUTO_SUBSCRIBE_PERMISSION_SCOPE",
        "AUTO_SUBSCRIBE_PREFIXES",
        "AWS_DEFAULT_REGION",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_REGION",
        "BULK_MAX_BYTES",
        "BULK_MAX_DOCS",
        "BULK_MAX_RETRIES",
        "BULK_RETRY_BASE_SECONDS",
        "BULK_RETRY_MAX_SECONDS",
        "DASHBOARDS_URL",
        "DEADLINE_MARGIN_MS",
        "DEAD_LETTER_BUCKET",
        "DEAD_LETTER_DIR",
        "DEAD_LETTER_PREFIX",
        "DEAD_LETTER_QUEUE_URL",
        "DISCOVER_STYLE",
        "FORWARDER_LOG_GROUP",
        "INDEX_AUTO_SETUP",
        "INDEX_PATTERN",
        "INDEX_PATTERN_ID",
        "INDEX_PATTERN_TITLE",
        "INDEX_TEMPLATE_NAME",
        "MAX_FIELDS",
        "MAX_VALUE_BYTES",
        "OPENSEARCH_AUTH",
        "OPENSEARCH_PASSWORD",
        "OPENSEARCH_SERVICE",
        "OPENSEARCH_TIMEOUT_SECONDS",
        "OPENSEARCH_URL",
        "OPENSEARCH_USERNAME",
        "REDACT_FIELDS",
        "REDRIVE_MAX_AGE_HOURS",
        "REDRIVE_MAX_UNITS",
        "RETENTION_DAYS",
        "SERVICE_MAPPING",
        "SLACK_BUDGET_SECONDS",
        "SLACK_CRITICAL_MENTION",
        "SLACK_CRITICAL_WEBHOOK_SECRET_ARN",
        "SLACK_CRITICAL_WEBHOOK_URL",
        "SLACK_IDLE_RECONNECT_SECONDS",
        "SLACK_SECRET_MAX_AGE_SECONDS",
        "SLACK_TIMEOUT_SECONDS",
        "SLACK_WEBHOOK_SECRET_ARN",
        "SLACK_WEBHOOK_URL",
        "USE_DOCUMENT_IDS",
    }
)
