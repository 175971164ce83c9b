"""Small, hot helpers shared by the format parsers: JSON loading, ids, names.

Levels are in `levels.py`, every time rule in `lambda_forwarder.times`."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from lambda_forwarder.parse.schema import ASIDE_SUFFIX, RESERVED_ROOTS

try:
    import orjson

    _orjson_loads: Any = orjson.loads
except ImportError:  # pragma: no cover - the standard library gives the same results
    _orjson_loads = None

# --- JSON ---------------------------------------------------------------------------------

# orjson turns integers beyond 64 bits into floats; the standard library keeps them exact.
_HUGE = 9.2e18


def _has_huge_float(values: Any) -> bool:
    for value in values:
        kind = type(value)
        if kind is float:
            if value >= _HUGE or value <= -_HUGE:
                return True
        elif kind is dict:
            if _has_huge_float(value.values()):
                return True
        elif kind is list and _has_huge_float(value):
            return True
    return False


def _scrub_tree(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return value
    if kind is dict:
        return {_scrub_tree(key): _scrub_tree(item) for key, item in value.items()}
    if kind is list:
        return [_scrub_tree(item) for item in value]
    return value


def _std_loads(text: str) -> Any:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if "\\u" in text:  # lone surrogate escapes would not encode to UTF-8 later
        value = _scrub_tree(value)
    return value


def loads_object(text: str) -> dict[str, Any] | None:
    """The JSON object in `text`, or None if it is not one. orjson when installed, the standard
    library otherwise or where orjson refuses or would round (NaN, big integers): same results."""
    if _orjson_loads is not None:
        try:
            value = _orjson_loads(text)
        except ValueError:
            value = _std_loads(text)
        else:
            if type(value) is dict and _has_huge_float(value.values()):
                value = _std_loads(text)
    else:
        value = _std_loads(text)
    return value if type(value) is dict else None


def dumps_compact(value: Any) -> str:
    """A JSON string for a nested value inside a record (the sanitizer caps it later)."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    except (ValueError, TypeError, RecursionError):
        return str(value)


# --- ids and names ------------------------------------------------------------------------

# uuid5 namespace of CloudWatch event ids (uuid5(NAMESPACE_URL, "https://logpipe/cloudwatch")).
LOG_ID_NAMESPACE = bytes.fromhex("2de097c8dcd252348ae86e2ae84d2937")


def log_id_for(event_id: str) -> str:
    """uuid5(LOG_ID_NAMESPACE, event_id) as text, without building a UUID object (3x cheaper):
    the same CloudWatch event always gets the same `log_id`."""
    digest = hashlib.sha1(LOG_ID_NAMESPACE + event_id.encode("utf-8", "replace")).hexdigest()
    variant = "89ab"[int(digest[16], 16) & 3]
    return f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-{variant}{digest[17:20]}-{digest[20:32]}"


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


def is_reserved(key: str) -> bool:
    """Whether a line's own field would land on a schema root (`service`, `log.x`, ...)."""
    if key in RESERVED_ROOTS:
        return True
    dot = key.find(".")
    return dot > 0 and key[:dot] in RESERVED_ROOTS


def aside_name(key: str, taken: Any) -> str:
    """The non-colliding name of a reserved-root field: `service` -> `service_original`,
    `log.origin` -> `log_original.origin`; numbered if that is taken too."""
    root, dot, rest = key.partition(".")
    number = 1
    while True:
        suffix = ASIDE_SUFFIX if number == 1 else f"{ASIDE_SUFFIX}{number}"
        name = f"{root}{suffix}{dot}{rest}"
        if name not in taken:
            return name
        number += 1
