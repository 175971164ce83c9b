"""Per-fingerprint cool-down: after an alert, repeats are counted instead of posted.

Three operations, the same for every store:
- `acquire(fp, now, cooldown)`: may an alert for `fp` go out now? Returns how many repeats were
  suppressed since the last one (and resets that count), or None while the cool-down runs.
- `add_suppressed(fp, n, now)`: n more repeats were held back.
- `release(fp, n, now)`: the alert acquired could not be delivered: reopen the cool-down and
  put its n records back in the count, so the next alert reports them and none are lost.

`MemoryCooldownStore` lives as long as the dispatcher that owns it, i.e. the container: it is
the fallback while the shared error issues (alerts/issues) cannot be reached, and what decides
when no issue store is configured. (A DynamoDB cool-down store lived here once; the template
could not deploy it, and error issues replace it across containers.)
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol


class CooldownStore(Protocol):
    def acquire(self, fingerprint: str, now: float, cooldown: float) -> int | None: ...

    def add_suppressed(self, fingerprint: str, count: int, now: float) -> None: ...

    def release(self, fingerprint: str, count: int, now: float) -> None: ...


class MemoryCooldownStore:
    """In-process cool-downs, bounded in size (oldest entries forgotten first)."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self._entries: OrderedDict[str, list[float]] = OrderedDict()  # fp -> [last_sent, count]
        self._max = max_entries

    def _entry(self, fingerprint: str) -> list[float]:
        entry = self._entries.get(fingerprint)
        if entry is None:
            entry = self._entries[fingerprint] = [0.0, 0]
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(fingerprint)
        return entry

    def acquire(self, fingerprint: str, now: float, cooldown: float) -> int | None:
        entry = self._entry(fingerprint)
        if entry[0] and now - entry[0] < cooldown:
            return None
        suppressed = int(entry[1])
        entry[0], entry[1] = now, 0
        return suppressed

    def add_suppressed(self, fingerprint: str, count: int, now: float) -> None:
        self._entry(fingerprint)[1] += count

    def release(self, fingerprint: str, count: int, now: float) -> None:
        entry = self._entry(fingerprint)
        entry[0] = 0.0
        entry[1] += count

    def suppressed(self, fingerprint: str) -> int:
        """Repeats held back and not yet reported (tests, the demo)."""
        entry = self._entries.get(fingerprint)
        return int(entry[1]) if entry else 0
