"""The record-schema keys parsing fills, and the roots a line may not plant values under."""

from __future__ import annotations

from lambda_forwarder.schema import EMITTER_KEYS, EMITTER_SCHEMA, FORWARDER_KEYS, LEVELS

__all__ = [
    "EMITTER",
    "EMITTER_KEYS",
    "EMITTER_SCHEMA",
    "FORWARDER_KEYS",
    "JSON",
    "LAMBDA_PLATFORM",
    "LEVELS",
    "RESERVED_ROOTS",
    "TEXT",
]

# Formats, as written to `event.original_format`.
EMITTER = "emitter"
JSON = "json"
LAMBDA_PLATFORM = "lambda_platform"
TEXT = "text"

# The whole line, kept when a text format's message is only part of it (ECS `event.original`).
ORIGINAL = "event.original"
# The CloudWatch event time in epoch milliseconds, on every record (ECS `event.created`: when
# the pipeline first read the event); `@timestamp` is the line's own time when it has one.
CREATED = "event.created"

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
