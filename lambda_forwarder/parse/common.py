"""Small, hot helpers shared by the format parsers: JSON loading, levels, times, ids, names."""

from __future__ import annotations

import hashlib
import math
import re
from datetime import UTC, datetime
from typing import Any

from lambda_forwarder.jsonio import dumps

# --- JSON ---------------------------------------------------------------------------------


def dumps_compact(value: Any) -> str:
    """A JSON string for a nested value inside a record (the sanitizer caps it later)."""
    try:
        return dumps(value)
    except (ValueError, TypeError, RecursionError):
        return str(value)


# --- levels -------------------------------------------------------------------------------

_LEVEL_SYNONYMS = {
    "debug": ("debug", "trace", "verbose", "fine", "finer", "finest", "dbg", "dbug"),
    "info": ("info", "information", "informational", "notice", "inf"),
    "warning": ("warning", "warn", "wrn"),
    "error": ("error", "err", "severe", "exception", "eror"),
    "critical": ("critical", "crit", "fatal", "panic", "emerg", "emergency", "alert"),
}
LEVEL_NAMES: dict[str, str] = {}
for _canonical, _names in _LEVEL_SYNONYMS.items():
    for _name in _names:
        for _variant in (_name, _name.upper(), _name.title()):
            LEVEL_NAMES[_variant] = _canonical


def level_from_name(value: str) -> str | None:
    level = LEVEL_NAMES.get(value)
    if level is None and len(value) <= 16:
        level = LEVEL_NAMES.get(value.strip().strip("[]").lower())
    return level


def level_from_number(value: float, pino: bool) -> str | None:
    """Python's levelno (10..50) or, for pino/bunyan lines (`msg` beside a numeric `level`),
    their scale (10 trace .. 60 fatal)."""
    if not math.isfinite(value):
        return None
    if pino:
        steps = ((60, "critical"), (50, "error"), (40, "warning"), (30, "info"))
    else:
        steps = ((50, "critical"), (40, "error"), (30, "warning"), (20, "info"))
    for floor, level in steps:
        if value >= floor:
            return level
    return "debug"


_LEVEL_TOKEN = re.compile(
    r"\b(CRITICAL|FATAL|PANIC|SEVERE|ERROR|WARNING|WARN|NOTICE|INFO|DEBUG|TRACE)\b"
    r"|\[(critical|crit|fatal|error|warn|warning|notice|info|debug)\]"
    r"|\blevel=\"?([A-Za-z]+)"
)


def infer_level(text: str) -> str | None:
    """A level token near the start of a text line (`ERROR`, `[warn]`, `level=error`), if any."""
    match = _LEVEL_TOKEN.search(text, 0, 100)
    if match is None:
        return None
    token = match[1] or match[2] or match[3]
    return level_from_name(token)


# --- times --------------------------------------------------------------------------------

_MIN_EPOCH = 631_152_000.0  # 1990-01-01: anything earlier is not a log time
_MAX_EPOCH = 7_258_118_400.0  # 2200-01-01


def format_moment(moment: datetime) -> str:
    """RFC 3339 UTC with microseconds and Z, as the emitter writes `@timestamp`."""
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:"
        f"{moment.minute:02d}:{moment.second:02d}.{moment.microsecond:06d}Z"
    )


class EpochFormatter:
    """Epoch milliseconds -> RFC 3339; the seconds part is reused while it does not change
    (a batch's events are close together), which makes this several times cheaper."""

    __slots__ = ("_prefix", "_second")

    def __init__(self) -> None:
        self._second = -1
        self._prefix = ""

    def __call__(self, epoch_ms: int) -> str:
        second, milli = divmod(epoch_ms, 1000)
        if second != self._second:
            try:
                moment = datetime.fromtimestamp(second, UTC)
            except (OverflowError, OSError, ValueError):
                moment = datetime.fromtimestamp(0, UTC)
            self._prefix = format_moment(moment)[:19]
            self._second = second
        return f"{self._prefix}.{milli:03d}000Z"


def _epoch(value: float) -> str | None:
    if not math.isfinite(value):
        return None
    size = abs(value)
    if size >= 1e17:
        value /= 1e9
    elif size >= 1e14:
        value /= 1e6
    elif size >= 1e11:
        value /= 1e3
    if not _MIN_EPOCH <= value < _MAX_EPOCH:
        return None
    return format_moment(datetime.fromtimestamp(value, UTC))


def parse_time(value: Any) -> str | None:
    """A time from a line (ISO 8601, naive meaning UTC; or epoch s/ms/us/ns) as RFC 3339 UTC;
    None when it is not a plausible log time (so the CloudWatch timestamp is used)."""
    kind = type(value)
    if kind is str:
        text = value.strip()
        if not 4 <= len(text) <= 40 or not text.isascii() or not text[:4].isdigit():
            return None
        if text.isdigit() or (text.count(".") == 1 and text.replace(".", "", 1).isdigit()):
            return _epoch(float(text))
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        else:
            try:
                moment = moment.astimezone(UTC)
            except (OverflowError, ValueError):
                return None
        if not 1990 <= moment.year < 2200:
            return None
        if len(text) == 27 and text[26] == "Z" and text[10] == "T" and text[19] == ".":
            return text  # already the emitter's form
        return format_moment(moment)
    if kind is int or kind is float:
        return _epoch(float(value))
    return None


def leading_time(text: str) -> str | None:
    """A timestamp at the very start of a text line (`2024-01-15 10:07:06,123 ...`)."""
    if len(text) < 10 or not text[:5].isascii() or not text[:4].isdigit() or text[4] not in "-/":
        return None
    head = text[:40].replace("/", "-", 2).split(None, 2)
    found = parse_time(head[0].rstrip(",;|:"))
    if len(head) >= 2 and head[1][:2].isdigit() and ":" in head[1][:3]:
        found = parse_time(f"{head[0]}T{head[1].rstrip(',;|:')}") or found
    return found


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
