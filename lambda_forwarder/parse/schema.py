"""The record schema as parsing sees it (defined once in `emitter.schema`), and the formats."""

from __future__ import annotations

from emitter.schema import CREATED, EMITTER_KEYS, FORWARDER_KEYS, LEVELS, ORIGINAL, RESERVED_ROOTS
from emitter.schema import SCHEMA_VERSION as EMITTER_SCHEMA

__all__ = [
    "CREATED",
    "EMITTER",
    "EMITTER_KEYS",
    "EMITTER_SCHEMA",
    "FORWARDER_KEYS",
    "JSON",
    "LAMBDA_PLATFORM",
    "LEVELS",
    "ORIGINAL",
    "RESERVED_ROOTS",
    "TEXT",
]

# Formats, as written to `event.original_format`.
EMITTER = "emitter"
JSON = "json"
LAMBDA_PLATFORM = "lambda_platform"
TEXT = "text"
