"""The record schema, version 1: every key, the reserved roots, and the one rename rule.

Dependency-free, so the emitter (which writes records) and the forwarder (which reads, fills,
protects and maps them) share one definition; docs/record-schema.md is its specification.

The rename rule: a caller's (or a foreign line's) field whose root, the part before the first dot,
is a reserved root would overwrite a schema key or collide with its object paths (OpenSearch maps
`service` as a value in one document and `service.name` in another as a conflict). Such a field is
renamed by appending `_` to its root: `service` -> `service_`, `log.level` -> `log_.level`, more
underscores while the name is still taken; the record lists `"old -> new"` under `logpipe.renamed`.
"""

from __future__ import annotations

from collections.abc import Container

SCHEMA_VERSION = "emitter/1"

# --- keys the emitter writes -------------------------------------------------------------------
TIMESTAMP = "@timestamp"
LEVEL = "log.level"
MESSAGE = "message"
LOGGER = "log.logger"
SERVICE_NAME = "service.name"
SERVICE_VERSION = "service.version"
SERVICE_ENVIRONMENT = "service.environment"
LOG_ID = "log_id"
SCHEMA = "schema"
ERROR_TYPE = "error.type"
ERROR_MESSAGE = "error.message"
ERROR_STACK_TRACE = "error.stack_trace"
ERROR_FINGERPRINT = "error.fingerprint"
TRACE_ID = "trace.id"
SPAN_ID = "span.id"
REQUEST_ID = "request_id"

EMITTER_KEYS = frozenset(
    {
        TIMESTAMP,
        LEVEL,
        MESSAGE,
        LOGGER,
        SERVICE_NAME,
        SERVICE_VERSION,
        SERVICE_ENVIRONMENT,
        LOG_ID,
        SCHEMA,
        ERROR_TYPE,
        ERROR_MESSAGE,
        ERROR_STACK_TRACE,
        ERROR_FINGERPRINT,
        TRACE_ID,
        SPAN_ID,
        REQUEST_ID,
    }
)

# Schema keys that a caller may set (bound, in a context, per call); written as strings.
CONTEXT_KEYS = frozenset({TRACE_ID, SPAN_ID, REQUEST_ID, ERROR_FINGERPRINT})

# --- keys the forwarder adds ---------------------------------------------------------------------
LOG_GROUP = "aws.cloudwatch.log_group"
LOG_STREAM = "aws.cloudwatch.log_stream"
EVENT_ID = "aws.cloudwatch.event_id"
ACCOUNT_ID = "cloud.account.id"
REGION = "cloud.region"
INGESTED = "event.ingested"
ORIGINAL_FORMAT = "event.original_format"
# The CloudWatch event time in epoch milliseconds, on every record (ECS `event.created`: when the
# pipeline first read the event); `@timestamp` is the line's own time when it has one.
CREATED = "event.created"
# The whole line, kept when a text format's message is only part of it (ECS `event.original`).
ORIGINAL = "event.original"

FORWARDER_KEYS = (LOG_GROUP, LOG_STREAM, EVENT_ID, ACCOUNT_ID, REGION, ORIGINAL_FORMAT, CREATED)

SCHEMA_KEYS = EMITTER_KEYS | frozenset(FORWARDER_KEYS) | {INGESTED}

LEVELS = ("debug", "info", "warning", "error", "critical")

# --- notes: what a tool did to a record --------------------------------------------------------
NOTES_ROOT = "logpipe"
RENAMED = "logpipe.renamed"  # list of "old -> new" field names

EMITTER_ERROR = "emitter.error"  # why the emitter wrote a record in degraded form
CUT_KEY = "emitter.cut"  # the keys whose values the emitter cut to keep the line under its cap

# A field whose root is one of these is renamed (see the module docstring).
RESERVED_ROOTS = frozenset(
    {key.partition(".")[0] for key in SCHEMA_KEYS} | {NOTES_ROOT, EMITTER_ERROR.partition(".")[0]}
)


def is_reserved(key: str) -> bool:
    """Whether a field of this name would land on a schema key or under a reserved root."""
    return key not in CONTEXT_KEYS and key.partition(".")[0] in RESERVED_ROOTS


def renamed(key: str, taken: Container[str] = ()) -> str:
    """The name a reserved field is kept under: its root gets `_` until the name is free.

    `taken` holds the names already in the record; the result is neither in it nor reserved.
    """
    root, dot, rest = key.partition(".")
    while True:
        root += "_"
        name = f"{root}{dot}{rest}"
        if name not in taken and root not in RESERVED_ROOTS:
            return name


def rename_note(old: str, new: str) -> str:
    """One `logpipe.renamed` entry."""
    return f"{old} -> {new}"
