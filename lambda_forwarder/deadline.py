"""The invocation's time budget, shared by every stage that waits on the network.

Lambda kills an invocation at its timeout; work not finished by then is lost to a retry at best.
Stages ask the deadline how long they may still wait, keeping `margin_ms` for dead-lettering.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from msgspec import Struct


class Deadline(Struct, frozen=True):
    """A point on the monotonic clock by which the stages must be done."""

    at: float  # time.monotonic() value
    clock: Callable[[], float] = time.monotonic

    @classmethod
    def from_context(cls, context: object, margin_ms: int, default_ms: int = 900_000) -> Deadline:
        """From a Lambda context's remaining time, less the margin kept for dead-lettering."""
        remaining = getattr(context, "get_remaining_time_in_millis", None)
        remaining_ms = remaining() if callable(remaining) else default_ms
        return cls.after(max(0.0, (remaining_ms - margin_ms) / 1000.0))

    @classmethod
    def after(cls, seconds: float, clock: Callable[[], float] = time.monotonic) -> Deadline:
        return cls(at=clock() + seconds, clock=clock)

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self.at - self.clock())

    def expired(self) -> bool:
        return self.clock() >= self.at

    def cap(self, seconds: float) -> float:
        """`seconds`, or less if the deadline comes sooner: a timeout that respects the budget."""
        return min(seconds, self.remaining())
