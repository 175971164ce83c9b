"""The record-schema keys parsing fills, and the roots a line may not plant values under."""

from __future__ import annotations

# Formats, as written to `event.original_format`.
EMITTER = "emitter"
JSON = "json"
LAMBDA_PLATFORM = "lambda_platform"
TEXT = "text"

EMITTER_SCHEMA = "emitter/1"

LEVELS = frozenset({"debug", "info", "warning", "error", "critical"})

# Keys of record-schema.md's "Written by the emitter" table.
EMITTER_KEYS = frozenset(
    {
        "@timestamp",
        "log.level",
        "message",
        "log.logger",
        "service.name",
        "service.version",
        "service.environment",
        "log_id",
        "schema",
        "error.type",
        "error.message",
        "error.stack_trace",
        "trace.id",
        "span.id",
        "request_id",
    }
)

# Keys the forwarder adds ("Added by the forwarder"), minus event.ingested (the indexer's).
FORWARDER_KEYS = (
    "aws.cloudwatch.log_group",
    "aws.cloudwatch.log_stream",
    "aws.cloudwatch.event_id",
    "cloud.account.id",
    "cloud.region",
    "event.original_format",
)

# A line's own field whose first path segment is one of these would collide with the schema
# (`service` as a string beside `service.name` is a mapping conflict): it is moved aside.
RESERVED_ROOTS = frozenset(
    {
        "@timestamp",
        "log",
        "service",
        "error",
        "trace",
        "span",
        "event",
        "aws",
        "cloud",
        "message",
        "log_id",
        "schema",
        "request_id",
        "logpipe",
    }
)

ASIDE_SUFFIX = "_original"
