"""Every time rule of the forwarder, in one place; imports no stage.

- `parse_time`: a line's own time (ISO 8601 in its common variants, epoch s/ms/us/ns as numbers
  or digit strings) as RFC 3339 UTC with microseconds and `Z`, the emitter's `@timestamp` form.
- Text forms that logs print: `2024/01/15 10:07:06` (Go, nginx), `2024-01-15 10:07:06,123`
  (log4j, Python), klog's `0115 10:07:06.123456` (no year), a bare clock `10:07:06.123`
  (logback's default; no date), Apache's `15/Jan/2024:10:07:06 +0000` and
  `Mon Jan 15 10:07:06.123456 2024`. The year or day they lack comes from the CloudWatch time.
- `EpochFormatter` and `format_epoch`: the CloudWatch time (epoch ms) as `@timestamp` text.
- `stamp_ms` and `TimeWindow`: whether a line's own time is plausible beside the CloudWatch time.
- `to_datetime`: any of the above as an aware UTC datetime (index names, alert links).

Naive times mean UTC: a container's clock is UTC unless told otherwise, and guessing a zone
would be worse than the sanity window catching an offset.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any

MIN_EPOCH = 631_152_000.0  # 1990-01-01: anything earlier is not a log time
MAX_EPOCH = 7_258_118_400.0  # 2200-01-01
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# --- formatting -------------------------------------------------------------------------------


def format_moment(moment: datetime) -> str:
    """RFC 3339 UTC with microseconds and Z, as the emitter writes `@timestamp`."""
    if moment.tzinfo is not None:
        if moment.utcoffset():
            moment = moment.astimezone(UTC)
        moment = moment.replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds") + "Z"


def format_epoch(seconds: float) -> str:
    """Epoch seconds as `@timestamp` text (out-of-range values give the epoch itself)."""
    try:
        return format_moment(datetime.fromtimestamp(seconds, UTC))
    except (OverflowError, OSError, ValueError):
        return format_moment(_EPOCH)


_MILLIS = tuple(f".{milli:03d}000Z" for milli in range(1000))


class EpochFormatter:
    """Epoch milliseconds -> RFC 3339; the seconds part is reused while it does not change
    (a batch's events are close together), which makes this several times cheaper."""

    __slots__ = ("_prefix", "_second")

    def __init__(self) -> None:
        self._second = -1
        self._prefix = ""

    def __call__(self, epoch_ms: int) -> str:
        second = epoch_ms // 1000
        if second != self._second:
            self._prefix = format_epoch(second)[:19]
            self._second = second
        return self._prefix + _MILLIS[epoch_ms - second * 1000]


# --- reading ----------------------------------------------------------------------------------


def _epoch(value: float) -> str | None:
    """A number as epoch seconds, milliseconds, microseconds or nanoseconds (by magnitude)."""
    if not math.isfinite(value):
        return None
    size = abs(value)
    if size >= 1e17:
        value /= 1e9
    elif size >= 1e14:
        value /= 1e6
    elif size >= 1e11:
        value /= 1e3
    if not MIN_EPOCH <= value < MAX_EPOCH:
        return None
    return format_epoch(value)


def _emitter_form(text: str) -> bool:
    return len(text) == 27 and text[26] == "Z" and text[10] == "T" and text[19] == "."


# Zero UTC offsets after `YYYY-MM-DD?HH:MM:SS.ffffff`, by the whole text's length.
_UTC_SUFFIXES = {27: ("Z",), 31: ("+0000", "-0000"), 32: ("+00:00", "-00:00")}


def parse_time(value: Any) -> str | None:
    """A time from a line (ISO 8601, naive meaning UTC; or epoch s/ms/us/ns) as RFC 3339 UTC;
    None when it is not a plausible log time (so the CloudWatch timestamp is used)."""
    kind = type(value)
    if kind is str:
        size = len(value)
        if size == 27 and value[26] == "Z" and value[10] == "T" and value[19] == ".":
            if (value[:19] in _seconds_cache or _prefix_seconds(value) is not None) and value[
                20:26
            ].isdigit():
                return value  # the emitter's own form: validated through the per-second cache
        elif size in _UTC_SUFFIXES and value[19] == "." and value[26:] in _UTC_SUFFIXES[size]:
            # `2024-01-15 10:07:06.123456+0000` (Python logging, Powertools) and the like:
            # UTC with microseconds, written in the emitter's form without re-reading it
            stamp = value[:10] + "T" + value[11:26] + "Z"
            if (
                value[10] in "T "
                and "1990" <= value[:4] < "2200"
                and value.isascii()
                and (stamp[:19] in _seconds_cache or _prefix_seconds(stamp) is not None)
                and value[20:26].isdigit()
            ):
                return stamp
        text = value.strip()
        if not 4 <= len(text) <= 40 or not text.isascii() or not text[:4].isdigit():
            return None
        if text.isdigit() or (text.count(".") == 1 and text.replace(".", "", 1).isdigit()):
            return _epoch(float(text))
        if text[4:5] == "/":  # Go's and nginx's 2024/01/15 10:07:06
            text = text.replace("/", "-", 2)
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
        return format_moment(moment)
    if kind is int or kind is float:
        return _epoch(float(value))
    return None


# `2024-01-15 10:07:06,123`, `2024-01-15T10:07:06.123+01:00`, `2024/01/15 10:07:06`: a date,
# a clock, an optional fraction and zone. Group 1 is the whole time.
_LEADING = re.compile(
    r"(\d{4}[-/]\d\d[-/]\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?"
    r"(?: ?(?:Z|UTC|[+-]\d\d:?\d\d)(?![\w:]))?)"
)


def leading_time(text: str) -> tuple[str, int] | None:
    """The timestamp at the very start of a text line and where it ends, or None."""
    match = _LEADING.match(text)
    if match is None:
        return None
    raw = match[1]
    if len(raw) > 19 and (raw[19] == "," or " " in raw[19:] or "U" in raw[19:]):
        raw = raw.replace(",", ".", 1).replace(" UTC", "Z").replace("UTC", "Z")
        raw = raw[:19] + raw[19:].replace(" ", "")
    stamp = parse_time(raw)
    return None if stamp is None else (stamp, match.end())


def _nearest_year(month: int, day: int, clock: str, reference_ms: int) -> str | None:
    """A month-day-clock without a year, in the year that puts it nearest the reference."""
    reference = datetime.fromtimestamp(reference_ms / 1000, UTC)
    best: datetime | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            moment = datetime.fromisoformat(f"{year:04d}-{month:02d}-{day:02d}T{clock}+00:00")
        except ValueError:
            continue
        if best is None or abs(moment - reference) < abs(best - reference):
            best = moment
    return None if best is None else format_moment(best)


def klog_time(month_day: str, clock: str, reference_ms: int) -> str | None:
    """klog's `MMDD hh:mm:ss.uuuuuu`, in the year nearest the CloudWatch time."""
    if len(month_day) != 4 or not month_day.isdigit():
        return None
    return _nearest_year(int(month_day[:2]), int(month_day[2:]), clock, reference_ms)


def clock_time(clock: str, reference_ms: int) -> str | None:
    """A bare `hh:mm:ss[.fff]` (logback's and log4j's default patterns), on the day that puts
    it nearest the CloudWatch time."""
    reference = datetime.fromtimestamp(reference_ms / 1000, UTC)
    try:
        base = datetime.fromisoformat(f"{reference.date().isoformat()}T{clock.replace(',', '.')}")
    except ValueError:
        return None
    base = base.replace(tzinfo=UTC)
    best = min(
        (base + timedelta(days=shift) for shift in (-1, 0, 1)),
        key=lambda moment: abs(moment - reference),
    )
    return format_moment(best)


_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_APACHE_ACCESS = re.compile(r"(\d\d)/(\w{3})/(\d{4}):(\d\d:\d\d:\d\d) ([+-]\d{4})\Z")
_CTIME = re.compile(r"\w{3} (\w{3}) +(\d{1,2}) (\d\d:\d\d:\d\d(?:\.\d{1,6})?) (\d{4})\Z")


def apache_time(text: str) -> str | None:
    """Apache's access-log `15/Jan/2024:10:07:06 +0000` or error-log (ctime)
    `Mon Jan 15 10:07:06.123456 2024`."""
    match = _APACHE_ACCESS.match(text)
    if match is not None:
        month = _MONTHS.get(match[2].lower())
        zone = f"{match[5][:3]}:{match[5][3:]}"
        if month is None:
            return None
        return parse_time(f"{match[3]}-{month:02d}-{match[1]}T{match[4]}{zone}")
    match = _CTIME.match(text)
    if match is not None:
        month = _MONTHS.get(match[1].lower())
        if month is None:
            return None
        return parse_time(f"{match[4]}-{month:02d}-{int(match[2]):02d}T{match[3]}")
    return None


# --- comparing --------------------------------------------------------------------------------

_seconds_cache: dict[str, int] = {}


def _prefix_seconds(stamp: str) -> int | None:
    """Epoch seconds of `YYYY-MM-DDTHH:MM:SS` (cached: a batch repeats the same few seconds)."""
    prefix = stamp[:19]
    seconds = _seconds_cache.get(prefix)
    if seconds is None:
        if not prefix.isascii():
            return None
        try:
            moment = datetime.fromisoformat(prefix).replace(tzinfo=UTC)
        except ValueError:
            return None
        seconds = int((moment - _EPOCH).total_seconds())
        if len(_seconds_cache) > 4096:
            _seconds_cache.clear()
        _seconds_cache[prefix] = seconds
    return seconds


def stamp_ms(stamp: str) -> int | None:
    """Epoch milliseconds of an `@timestamp` in the emitter's form (as `parse_time` returns)."""
    if not _emitter_form(stamp):
        moment = to_datetime(stamp)
        return None if moment is None else int((moment - _EPOCH).total_seconds() * 1000)
    seconds = _prefix_seconds(stamp)
    fraction = stamp[20:23]
    if seconds is None or not fraction.isdigit():
        return None
    return seconds * 1000 + int(fraction)


class TimeWindow:
    """How far a line's own time may lie from its CloudWatch time and still be believed.

    CloudWatch Logs itself refuses events more than 14 days old or 2 hours ahead of the time
    they are put, so the defaults are those bounds: a line's time outside them is a wrong clock,
    a wrong zone or a misread, and the CloudWatch time is used instead (with a note).

    Called once per record, so it is cheap: `@timestamp` text in the emitter's form sorts as
    time does, and the window's bounds are formatted once per CloudWatch second.
    """

    __slots__ = ("_high", "_low", "_second", "ahead_ms", "behind_ms")

    def __init__(self, behind_seconds: float = 14 * 86400, ahead_seconds: float = 2 * 3600):
        self.behind_ms = int(behind_seconds * 1000)
        self.ahead_ms = int(ahead_seconds * 1000)
        self._second = -1
        self._low = self._high = ""

    def admits(self, stamp: str, reference_ms: int) -> bool:
        """Whether `stamp` (RFC 3339 UTC, as `parse_time` writes it) lies within the window
        around `reference_ms` (to the second)."""
        second = reference_ms // 1000
        if second != self._second:
            self._low = format_epoch((second * 1000 - self.behind_ms) / 1000)
            self._high = format_epoch(((second + 1) * 1000 + self.ahead_ms) / 1000)
            self._second = second
        if len(stamp) == 27 and stamp[26] == "Z":  # the emitter's form: compared as text
            return self._low <= stamp <= self._high
        moment = stamp_ms(stamp)
        return (
            moment is not None
            and reference_ms - self.behind_ms <= moment <= reference_ms + self.ahead_ms
        )


def to_datetime(stamp: object) -> datetime | None:
    """Any ISO 8601 string (naive means UTC) or epoch number (s/ms/us/ns), as an aware UTC
    datetime; None when it is neither."""
    if isinstance(stamp, bool):
        return None
    try:
        if isinstance(stamp, str):
            text = stamp.strip()
            if text.isdigit():
                stamp = float(text)
            else:
                moment = datetime.fromisoformat(text)
                if moment.tzinfo is None:
                    return moment.replace(tzinfo=UTC)
                return moment.astimezone(UTC)
        if isinstance(stamp, int | float):
            text = _epoch(float(stamp))
            return None if text is None else datetime.fromisoformat(text)
    except (ValueError, OverflowError, OSError):
        return None
    return None
