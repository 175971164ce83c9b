"""Dead letters in a local directory, for `forwarder pipe` and the demo: same layout as S3."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from lambda_forwarder.deadletter.base import StoredLetter, dated_name
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

    def read(self, limit: int | None = None) -> Iterator[StoredLetter]:
        """Files oldest first (paths sort by hour), at most `limit` of them."""
        if not self.directory.is_dir():
            return
        paths = sorted(self.directory.rglob("*.json"))
        for path in paths if limit is None else paths[:limit]:
            try:
                data = path.read_bytes()
            except FileNotFoundError:  # deleted by a concurrent replay
                continue
            except OSError as error:
                raise DeadLetterError(self.target, f"{type(error).__name__}: {error}") from error
            location = path.absolute().as_uri()
            yield StoredLetter(location, from_lines(data, location), handle=str(path))

    def delete(self, stored: StoredLetter) -> None:
        try:
            Path(stored.handle).unlink(missing_ok=True)
        except OSError as error:
            raise DeadLetterError(stored.location, f"{type(error).__name__}: {error}") from error
