"""The forwarder's own logs: one more output, guarded by the same redactor as every other.

The stages log through stdlib loggers; whatever a log call carries (a reason quoting a record,
an exception message, extra fields) is written through `RedactingStream`, which passes each line
through `Redactor.line` before it reaches stdout (the forwarder's own log group).
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from lambda_forwarder.sanitize import Redactor


class RedactingStream:
    """A text stream that masks secrets line by line before writing to `target`."""

    def __init__(self, redactor: Redactor, target: TextIO | None = None) -> None:
        self.redactor = redactor
        self._target = target

    @property
    def target(self) -> TextIO:
        return self._target if self._target is not None else sys.stdout

    def write(self, text: str) -> int:
        line = self.redactor.line
        masked = "\n".join(line(part) for part in text.split("\n"))
        return self.target.write(masked)

    def flush(self) -> None:
        self.target.flush()


def redact_handler(handler: logging.Handler, redactor: Redactor) -> RedactingStream:
    """Make a stream handler write through a `RedactingStream`; returns it (to swap the
    redactor once the configured terms are known)."""
    if not isinstance(handler, logging.StreamHandler):
        raise TypeError(f"expected a StreamHandler, got {type(handler).__name__}")
    stream = RedactingStream(redactor, None if handler.stream is sys.stdout else handler.stream)
    handler.setStream(stream)  # type: ignore[arg-type]
    return stream
