"""Index names from the record time: `logs-%Y.%m.%d` by default, optionally per service.

Called once per document, so the common case (RFC 3339 UTC `@timestamp`, a date-only pattern)
takes no datetime parsing at all: the day is read from the string and the formatted name comes
from a small cache keyed by (pattern, day).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from lambda_forwarder.times import to_datetime

SERVICE_PLACEHOLDER = "{service}"
UNKNOWN_SERVICE = "unknown"
# Index names are at most 255 bytes; the service part is kept well below, so any pattern fits.
MAX_SERVICE_LENGTH = 100

# strftime directives that only depend on the calendar day: such patterns can be cached per day.
_DAY_DIRECTIVES = frozenset("YmdyjbBaAwuUWVGgeCDFx%")
_DIRECTIVE = re.compile(r"%[-_0^#]?([A-Za-z%])")
_FAST_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T[0-9:.]+Z\Z")
_UNSAFE = re.compile(r"[^a-z0-9_-]+")


def index_name(source: Mapping[str, Any], pattern: str) -> str:
    """The index for one record: `pattern` formatted with strftime on the record's `@timestamp`
    (UTC), `{service}` replaced by the sanitized `service.name`.

    A missing or unparseable time uses the current time, so the record still lands somewhere
    recent (and searchable) rather than failing.
    """
    service = service_part(source.get("service.name")) if SERVICE_PLACEHOLDER in pattern else ""
    stamp = source.get("@timestamp")
    if _is_day_pattern(pattern):
        if type(stamp) is str and _FAST_UTC.match(stamp):
            name = _day_name(pattern, stamp[:10])  # the parser's own form: one lookup per record
        else:
            moment = to_datetime(stamp) or datetime.now(UTC)
            name = _format_day(pattern, moment.year, moment.month, moment.day)
        if name is None:  # a well-formed but impossible date, such as 2026-02-31
            name = datetime.now(UTC).strftime(pattern)
    else:
        name = (to_datetime(stamp) or datetime.now(UTC)).strftime(pattern)
    return name.replace(SERVICE_PLACEHOLDER, service) if service else name


@lru_cache(maxsize=1024)
def service_part(name: object) -> str:
    """A service name as an index-name-safe lowercase token (`Checkout API` -> `checkout-api`)."""
    if not isinstance(name, str):
        return UNKNOWN_SERVICE
    token = _UNSAFE.sub("-", name.strip().lower())[:MAX_SERVICE_LENGTH].strip("-_")
    return token or UNKNOWN_SERVICE


@lru_cache(maxsize=64)
def _is_day_pattern(pattern: str) -> bool:
    return all(d in _DAY_DIRECTIVES for d in _DIRECTIVE.findall(pattern))


@lru_cache(maxsize=4096)
def _day_name(pattern: str, day: str) -> str | None:
    """`pattern` for the day `YYYY-MM-DD` (digits, as `_FAST_UTC` matched them), or None for
    an impossible date."""
    try:
        return _format_day(pattern, int(day[:4]), int(day[5:7]), int(day[8:10]))
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _format_day(pattern: str, year: int, month: int, day: int) -> str:
    return datetime(year, month, day, tzinfo=UTC).strftime(pattern)
