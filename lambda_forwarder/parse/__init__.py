"""Parse stage: a CloudWatch log event -> a flat record (emitter, other JSON, platform, text)."""

from lambda_forwarder.parse.common import log_id_for, service_for_log_group
from lambda_forwarder.parse.multiline import group_events, merge_plan, merged_event
from lambda_forwarder.parse.parser import RecordParser
from lambda_forwarder.parse.schema import (
    EMITTER,
    EMITTER_KEYS,
    FORWARDER_KEYS,
    JSON,
    LAMBDA_PLATFORM,
    LEVELS,
    RESERVED_ROOTS,
    TEXT,
)

__all__ = [
    "EMITTER",
    "EMITTER_KEYS",
    "FORWARDER_KEYS",
    "JSON",
    "LAMBDA_PLATFORM",
    "LEVELS",
    "RESERVED_ROOTS",
    "TEXT",
    "RecordParser",
    "group_events",
    "log_id_for",
    "merge_plan",
    "merged_event",
    "service_for_log_group",
]
