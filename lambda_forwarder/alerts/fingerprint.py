"""What makes two errors "the same" for noise control.

Service, error type and the message with its variable parts collapsed: ids, numbers, hex,
UUIDs and quoted values differ between occurrences of one bug and must not split it into
thousands of alerts. A plain-text traceback has no `error.type`, and its first line is the same
for every traceback, so the last line (`ValueError: ...`) stands for it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

_MAX_MESSAGE = 2000  # what is beyond this rarely tells two errors apart

_UUID = re.compile(
    r"\b[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\b"
)
_HEX_PREFIXED = re.compile(r"\b0[xX][0-9a-fA-F]+\b")
_HEX_LONG = re.compile(r"\b(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b")
_QUOTED = re.compile(r"'[^'\n]{0,200}'|\"[^\"\n]{0,200}\"|`[^`\n]{0,200}`")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def normalize_message(message: str) -> str:
    """The message with the parts that vary between occurrences replaced by placeholders."""
    text = message[:_MAX_MESSAGE]
    if text.lstrip().startswith("Traceback (most recent call last)"):
        lines = [line for line in text.splitlines() if line.strip()]
        text = lines[-1] if lines else text
    text = _UUID.sub("<uuid>", text)
    text = _HEX_PREFIXED.sub("<hex>", text)
    text = _HEX_LONG.sub("<hex>", text)
    text = _QUOTED.sub("<str>", text)
    text = _DIGITS.sub("<n>", text)
    return _SPACE.sub(" ", text).strip()


def fingerprint(source: Mapping[str, Any]) -> str:
    """A short stable hash of service, error type and normalized message of a record."""
    service = str(source.get("service.name") or "")
    error_type = str(source.get("error.type") or "")
    message = str(source.get("message") or source.get("error.message") or "")
    key = "\x1f".join((service, error_type, normalize_message(message)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
