"""Writing finished lines: one write per line under a lock, failures reported once, never raised."""

from __future__ import annotations

import io
import os
import sys
import threading
from typing import IO, Any

from emitter.diagnostics import Diagnostics


def _is_binary(stream: object) -> bool:
    if isinstance(stream, io.TextIOBase):
        return False
    if isinstance(stream, io.RawIOBase | io.BufferedIOBase):
        return True
    mode = getattr(stream, "mode", "")
    return isinstance(mode, str) and "b" in mode


class Sink:
    """Writes each line (UTF-8 bytes ending in a newline) in one write, then flushes.

    `stream` None is the process's stdout looked up at each write: while `sys.stdout` is the real
    one, lines go straight to its file descriptor with `os.write` (one system call, no buffer to
    lose on a crash); a replaced `sys.stdout` (`redirect_stdout`, test capture) gets `write(str)`.
    Binary streams get the bytes, text streams the decoded text. A lock keeps threads' lines whole.
    """

    def __init__(self, stream: IO[Any] | None, diagnostics: Diagnostics) -> None:
        self._stream = stream
        self._diagnostics = diagnostics
        self._lock = threading.Lock()
        self._binary = stream is not None and _is_binary(stream)

    def write(self, line: bytes) -> None:
        """Write `line`; on failure, report the kind of failure once on stderr and return."""
        try:
            with self._lock:
                stream = self._stream
                if stream is None:
                    stream = sys.stdout
                    if stream is sys.__stdout__ and stream is not None:
                        self._write_fd(stream, line)
                        return
                    if stream is None:
                        self._diagnostics.warn("no_stdout", "sys.stdout is None; records dropped")
                        return
                    binary = _is_binary(stream)
                else:
                    binary = self._binary
                stream.write(line if binary else line.decode("utf-8", "replace"))
                stream.flush()
        except BrokenPipeError:
            self._diagnostics.warn("broken_pipe", "output pipe closed (BrokenPipeError); dropping")
        except ValueError as exc:  # I/O operation on closed file
            self._diagnostics.warn("closed", f"output stream unusable ({exc}); dropping")
        except OSError as exc:
            self._diagnostics.warn("os_error", f"cannot write a record ({exc!r}); dropping")
        except Exception as exc:
            self._diagnostics.warn("write_error", f"cannot write a record ({exc!r}); dropping")

    def _write_fd(self, stream: Any, line: bytes) -> None:
        try:
            fd = stream.fileno()
        except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
            stream.write(line.decode("utf-8", "replace"))
            stream.flush()
            return
        view = memoryview(line)
        while view:
            written = os.write(fd, view)
            view = view[written:]
