"""A document OpenSearch refused with a mapping conflict, made indexable.

Keeps the schema's own keys (searchable as before) and moves every other field into one JSON
string, `logpipe.degraded_fields`, so the record is indexed and its data still searchable as
text. A schema key the error names (`failed to parse field [request_id]`) moves too, unless the
document cannot do without it.
"""

from __future__ import annotations

import re
from typing import Any

from lambda_forwarder.jsonio import dumps
from lambda_forwarder.model import NOTE_DEGRADED, NOTE_DEGRADED_FIELDS, NOTE_TRUNCATED
from lambda_forwarder.sanitize.core import is_core
from lambda_forwarder.sanitize.notes import cut

DEGRADED_FIELDS_MAX_BYTES = 256 * 1024
MAX_REASON_CHARS = 300
_ESSENTIAL = frozenset(
    {
        "@timestamp",
        "message",
        "log.level",
        "service.name",
        "log_id",
        "aws.cloudwatch.log_group",
        "aws.cloudwatch.log_stream",
        "aws.cloudwatch.event_id",
        "event.ingested",
    }
)
_BRACKETED = re.compile(r"\[([^\[\]]{1,512})\]")


def short_reason(reason: str) -> str:
    """The first line of an OpenSearch reason, without the value preview it may carry (a
    value is data, possibly a secret), bounded."""
    text = str(reason).split("\n", 1)[0]
    for marker in ("Preview of field's value", "preview of field's value"):
        at = text.find(marker)
        if at >= 0:
            text = text[:at].rstrip(" .;,")
    return text[:MAX_REASON_CHARS]


def degrade(
    source: dict[str, Any], reason: str, *, max_bytes: int = DEGRADED_FIELDS_MAX_BYTES
) -> dict[str, Any]:
    """A new document: core keys kept, every other field as one JSON string."""
    blamed = set(_BRACKETED.findall(str(reason)))
    kept: dict[str, Any] = {}
    moved: dict[str, Any] = {}
    for key, value in source.items():
        if _keep(key, blamed):
            kept[key] = value
        else:
            moved[key] = value
    if moved:
        previous = kept.get(NOTE_DEGRADED_FIELDS)
        if previous is not None:
            moved = {NOTE_DEGRADED_FIELDS: previous, **moved}
        text = dumps(moved)
        text, was_cut = cut(text, max_bytes)
        if was_cut:
            truncated = kept.get(NOTE_TRUNCATED)
            entries = list(truncated) if isinstance(truncated, list) else []
            if NOTE_DEGRADED_FIELDS not in entries:
                entries.append(NOTE_DEGRADED_FIELDS)
            kept[NOTE_TRUNCATED] = entries
        kept[NOTE_DEGRADED_FIELDS] = text
    kept[NOTE_DEGRADED] = short_reason(reason)
    return kept


def _keep(key: str, blamed: set[str]) -> bool:
    """Core keys stay, unless the error names one the document can do without."""
    if not is_core(key):
        return False
    if key in _ESSENTIAL or key.startswith("logpipe.") or not blamed:
        return True
    return key not in blamed and not any(key.startswith(f"{name}.") for name in blamed)
