"""Small, hot helpers shared by the format parsers: JSON loading, ids, names.

Levels are in `levels.py`, every time rule in `lambda_forwarder.times`."""

from __future__ import annotations

import hashlib
from typing import Any

from lambda_forwarder.jsonio import dumps

# --- JSON ---------------------------------------------------------------------------------


def dumps_compact(value: Any) -> str:
    """A JSON string for a nested value inside a record (the sanitizer caps it later)."""
    try:
        return dumps(value)
    except (ValueError, TypeError, RecursionError):
        return str(value)


# --- ids and names ------------------------------------------------------------------------

# uuid5 namespace of CloudWatch event ids (uuid5(NAMESPACE_URL, "https://logpipe/cloudwatch")).
LOG_ID_NAMESPACE = bytes.fromhex("2de097c8dcd252348ae86e2ae84d2937")


_sha1 = hashlib.sha1
# The UUID variant's hex digit for each possible 17th hex digit of the digest.
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def log_id_for(event_id: str) -> str:
    """uuid5(LOG_ID_NAMESPACE, event_id) as text, without building a UUID object (3x cheaper):
    the same CloudWatch event always gets the same `log_id`."""
    try:
        raw = event_id.encode()
    except UnicodeEncodeError:
        raw = event_id.encode("utf-8", "replace")
    digest = _sha1(LOG_ID_NAMESPACE + raw).hexdigest()
    return (
        f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-{_VARIANT[digest[16]]}{digest[17:20]}-"
        f"{digest[20:32]}"
    )


def service_for_log_group(log_group: str, mapping: tuple[tuple[str, str], ...]) -> str:
    """`service.name` for lines that do not carry one: a configured prefix (longest first),
    `/aws/lambda/<fn>`, `/ecs/<service>`, else the log group itself."""
    for prefix, service in mapping:
        if log_group.startswith(prefix):
            return service
    for prefix in ("/aws/lambda/", "/ecs/", "/aws/ecs/"):
        if log_group.startswith(prefix):
            name = log_group[len(prefix) :].split("/", 1)[0]
            if name:
                return name
    return log_group or "unknown"
