"""Sanitize stage: a parsed record -> a flat document OpenSearch accepts, free of secrets."""

from lambda_forwarder.sanitize.core import (
    CORE_FIELDS,
    CORE_PREFIXES,
    METADATA_FIELDS,
    REDACTED,
    TRUNCATION_MARKER,
    is_core,
)
from lambda_forwarder.sanitize.degrade import degrade
from lambda_forwarder.sanitize.keylines import KEY_LINE, KeyLines, masked_within, spread
from lambda_forwarder.sanitize.names import is_valid_name, safe_name
from lambda_forwarder.sanitize.redact import Redactor, words_of
from lambda_forwarder.sanitize.sanitizer import Sanitizer

__all__ = [
    "CORE_FIELDS",
    "CORE_PREFIXES",
    "KEY_LINE",
    "METADATA_FIELDS",
    "REDACTED",
    "TRUNCATION_MARKER",
    "KeyLines",
    "Redactor",
    "Sanitizer",
    "degrade",
    "is_core",
    "is_valid_name",
    "masked_within",
    "safe_name",
    "spread",
    "words_of",
]
