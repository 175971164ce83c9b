"""RFC 3339 UTC timestamps with microseconds, formatting the seconds part once per second."""

from __future__ import annotations

import time
from collections.abc import Callable


class Clock:
    """`now()` returns `2026-11-25T10:07:06.123456Z`; only the microseconds change within a second."""

    __slots__ = ("_cache", "_time_ns")

    def __init__(self, time_ns: Callable[[], int] = time.time_ns) -> None:
        self._time_ns = time_ns
        self._cache: tuple[int, str] = (-1, "")

    def now(self) -> str:
        """The current time as the schema's `@timestamp` text."""
        seconds, micros = divmod(self._time_ns() // 1000, 1_000_000)
        cache = self._cache  # one read: another thread may replace it, never half of it
        if cache[0] != seconds:
            cache = (seconds, time.strftime("%Y-%m-%dT%H:%M:%S.", time.gmtime(seconds)))
            self._cache = cache
        return f"{cache[1]}{micros:06d}Z"
