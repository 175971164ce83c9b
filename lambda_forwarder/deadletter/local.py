"""Dead letters in a local directory, for `forwarder pipe` and the demo: same layout as S3."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from lambda_forwarder.deadletter.base import Backlog, StoredLetter, dated_name
from lambda_forwarder.deadletter.codec import from_lines, to_lines
from lambda_forwarder.errors import DeadLetterError
from lambda_forwarder.model import DeadLetter


def _now() -> datetime:
    return datetime.now(UTC)


class LocalDirStore:
    """`directory/YYYY/MM/DD/HH/<uuid>.json`, JSON Lines; written atomically (rename)."""

    def __init__(
        self, directory: str | os.PathLike[str], *, clock: Callable[[], datetime] = _now
    ) -> None:
        self.directory = Path(directory)
        self._clock = clock

    @property
    def target(self) -> str:
        return f"file://{self.directory}"

    def put(self, letters: Sequence[DeadLetter]) -> None:
        if not letters:
            return
        path = self.directory / dated_name(self._clock())
        partial = path.with_suffix(".partial")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(to_lines(tuple(letters)))
            os.replace(partial, path)
        except OSError as error:
            raise DeadLetterError(self.target, f"{type(error).__name__}: {error}") from error

    def read(
        self, limit: int | None = None, *, not_before: datetime | None = None
    ) -> Iterator[StoredLetter]:
        """Files oldest first (paths sort by hour), at most `limit` of them; files modified
        before `not_before` are passed over unread."""
        if not self.directory.is_dir():
            return
        count = 0
        for path in sorted(self.directory.rglob("*.json")):
            if limit is not None and count >= limit:
                return
            try:
                written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                if not_before is not None and written < not_before:
                    continue
                data = path.read_bytes()
            except FileNotFoundError:  # deleted by a concurrent replay
                continue
            except OSError as error:
                raise DeadLetterError(self.target, f"{type(error).__name__}: {error}") from error
            location = path.absolute().as_uri()
            count += 1
            yield StoredLetter(
                location, from_lines(data, location), handle=str(path), written_at=written
            )

    def backlog(self, older_than: datetime | None = None) -> Backlog:
        """Files waiting and the oldest one's modification time."""
        if not self.directory.is_dir():
            return Backlog(0)
        units, expired, oldest = 0, 0, None
        for path in self.directory.rglob("*.json"):
            try:
                written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            except FileNotFoundError:
                continue
            units += 1
            oldest = written if oldest is None or written < oldest else oldest
            expired += int(older_than is not None and written < older_than)
        return Backlog(units, oldest, expired)

    def delete(self, stored: StoredLetter) -> None:
        try:
            Path(stored.handle).unlink(missing_ok=True)
        except OSError as error:
            raise DeadLetterError(stored.location, f"{type(error).__name__}: {error}") from error
