"""The record schema (../shared/design/record-schema.md) as the forwarder's stages see it.

One place for the keys the emitter writes and the forwarder adds: parsing fills them,
sanitizing never drops them, degrading keeps them, the index template maps them.
"""

from __future__ import annotations

EMITTER_SCHEMA = "emitter/1"

LEVELS = frozenset({"debug", "info", "warning", "error", "critical"})

# Keys of the "Written by the emitter" table.
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

# Keys of the "Added by the forwarder" table that parsing fills (event.ingested is the indexer's).
FORWARDER_KEYS = (
    "aws.cloudwatch.log_group",
    "aws.cloudwatch.log_stream",
    "aws.cloudwatch.event_id",
    "cloud.account.id",
    "cloud.region",
    "event.original_format",
    "event.created",
)

INGESTED_KEY = "event.ingested"

# Every key of both tables.
SCHEMA_KEYS = EMITTER_KEYS | frozenset(FORWARDER_KEYS) | {INGESTED_KEY}
