"""What every dead-letter store offers: put (the Lambda), read and delete (replay)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from msgspec import Struct

from lambda_forwarder.model import DeadLetter


class StoredLetter(Struct, frozen=True):
    """One stored unit (an S3 object, an SQS message, a file) and the letters it holds.

    Replay deletes the unit once every letter in it has been re-driven.
    """

    location: str
    letters: tuple[DeadLetter, ...]
    handle: str = ""  # what delete() needs: key, receipt, path
    written_at: datetime | None = None  # when the store received it (for the re-drive's age limit)

    @property
    def event_count(self) -> int:
        return sum(max(1, len(letter.events)) for letter in self.letters)


class Backlog(Struct, frozen=True):
    """How many stored units wait, and since when (None where the store cannot tell)."""

    units: int
    oldest: datetime | None = None
    expired: int = 0  # units written before the `older_than` asked for

    def oldest_age_seconds(self, now: datetime) -> float:
        """Age of the oldest unit at `now` (0 when unknown or empty)."""
        return 0.0 if self.oldest is None else max(0.0, (now - self.oldest).total_seconds())


@runtime_checkable
class DeadLetterStore(Protocol):
    """Where records go that could not be indexed.

    `put` raises DeadLetterError when the letters were not stored: the handler then fails the
    invocation so Lambda keeps the event. It never drops a letter silently.
    """

    @property
    def target(self) -> str: ...

    def put(self, letters: Sequence[DeadLetter]) -> None: ...

    def read(
        self, limit: int | None = None, *, not_before: datetime | None = None
    ) -> Iterator[StoredLetter]:
        """Units oldest first, at most `limit`; those written before `not_before` are passed
        over unread (where the store can tell without reading them) and stay stored."""
        ...

    def delete(self, stored: StoredLetter) -> None: ...

    def backlog(self, older_than: datetime | None = None) -> Backlog:
        """What waits; `expired` counts units written before `older_than`."""
        ...


def dated_name(now: datetime, suffix: str = ".json") -> str:
    """`YYYY/MM/DD/HH/<uuid>.json`: sorts by time, never collides."""
    return f"{now:%Y/%m/%d/%H}/{uuid.uuid4()}{suffix}"
