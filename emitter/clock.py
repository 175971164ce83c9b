"""RFC 3339 UTC timestamps with microseconds, formatting the seconds part once per second."""

from __future__ import annotations

import time
from collections.abc import Callable


class Clock:
    """`now()` gives `2026-11-25T10:07:06.123456Z`; seconds part is made once a second."""

    __slots__ = ("_cache", "_time")

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._time = clock
        self._cache: tuple[int, str] = (-1, "")

    def now(self) -> str:
        """The current time as the schema's `@timestamp` text."""
        micros = int(self._time() * 1e6)
        seconds = micros // 1_000_000
        cache = self._cache  # one read: another thread may replace it, never half of it
        if cache[0] != seconds:
            cache = (seconds, time.strftime("%Y-%m-%dT%H:%M:%S.%%06dZ", time.gmtime(seconds)))
            self._cache = cache
        return cache[1] % (micros - seconds * 1_000_000)
