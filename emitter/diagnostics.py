"""The emitter's own complaints: at most one line per kind of failure, on stderr, never raising."""

from __future__ import annotations

import sys
import threading
from typing import IO, Any


class Diagnostics:
    """Writes `emitter: <text>` to stderr the first time each kind of failure happens."""

    def __init__(self, stream: IO[Any] | None = None) -> None:
        self._stream = stream
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def warn(self, kind: str, text: str) -> None:
        """Report `text` unless a failure of this `kind` was reported already."""
        if kind in self._seen:
            return
        with self._lock:
            if kind in self._seen:
                return
            self._seen.add(kind)
        try:
            stream = self._stream if self._stream is not None else sys.stderr
            if stream is None:
                return
            stream.write(f"emitter: {text}\n")
            stream.flush()
        except Exception:  # stderr itself is gone: nothing left to tell
            pass

    def report(self, text: str) -> None:
        """Write `emitter: <text>` on stderr now (summaries, such as drop counts at exit)."""
        try:
            stream = self._stream if self._stream is not None else sys.stderr
            if stream is not None:
                stream.write(f"emitter: {text}\n")
                stream.flush()
        except Exception:
            pass

    @property
    def reported(self) -> frozenset[str]:
        """The kinds reported so far."""
        return frozenset(self._seen)
