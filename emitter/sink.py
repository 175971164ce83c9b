"""Writing finished lines: one write per line under a lock, failures reported once, never raised."""

from __future__ import annotations

import io
import os
import re
import sys
import threading
from collections.abc import Callable
from typing import IO, Any

from emitter.diagnostics import Diagnostics
from emitter.encoding import to_utf8

_NON_ASCII = re.compile(r"[^\x00-\x7f]")

_FD, _BINARY, _TEXT = "fd", "binary", "text"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def ascii_line(line: str) -> str:
    """The same JSON line in ASCII: every non-ASCII character as a `\\uXXXX` escape.

    Only valid for JSON lines (non-ASCII characters only ever occur inside JSON strings there);
    used when a text stream cannot encode the line as it is.
    """
    return _NON_ASCII.sub(_escape, line)


def _mode(stream: object) -> tuple[str, int]:
    """How to write to `stream`: (_FD, fd) for real files, else (_BINARY or _TEXT, -1)."""
    if isinstance(stream, io.FileIO | io.BufferedWriter | io.BufferedRandom | io.TextIOWrapper):
        try:
            return _FD, stream.fileno()
        except Exception:  # a wrapper without a file under it (BytesIO, test capture)
            pass
    if isinstance(stream, io.TextIOBase):
        return _TEXT, -1
    if isinstance(stream, io.RawIOBase | io.BufferedIOBase):
        return _BINARY, -1
    mode = getattr(stream, "mode", "")
    return (_BINARY if isinstance(mode, str) and "b" in mode else _TEXT), -1


def _write_fd(fd: int, data: bytes) -> None:
    written = os.write(fd, data)
    if written < len(data):
        view = memoryview(data)[written:]
        while view:
            view = view[os.write(fd, view) :]


class Sink:
    """Writes each line with one write, under a lock so threads' lines stay whole.

    Streams backed by a file descriptor (stdout, files, pipes) are flushed (so whatever the program
    wrote through them earlier goes first) and the UTF-8 line goes out in one `os.write`: no
    buffer to lose on a crash. Other streams get `write()` then `flush()`: UTF-8 bytes for binary
    streams, the text for text streams. `stream` None is the process's stdout, looked up at each
    write, so `redirect_stdout` and test capture work. `write` is chosen once, here.
    """

    def __init__(self, stream: IO[Any] | None, diagnostics: Diagnostics) -> None:
        self._diagnostics = diagnostics
        # re-entrant: a signal handler, or a stream whose write() logs, must not deadlock
        self._lock = threading.RLock()
        # for stdout: (the sys.stdout object last seen, how to write to it, its fd or -1)
        self._target: tuple[Any, str, int] = (None, _TEXT, -1)
        if stream is None:
            self.write: Callable[[str], None] = self._write_stdout
        else:
            self.write = self._writer(stream)

    def _failed(self, exc: Exception) -> None:
        warn = self._diagnostics.warn
        if isinstance(exc, BrokenPipeError):
            warn("broken_pipe", "output pipe closed (BrokenPipeError); dropping records")
        elif isinstance(exc, ValueError):  # I/O operation on closed file
            warn("closed", f"output stream unusable ({exc}); dropping records")
        elif isinstance(exc, OSError):
            warn("os_error", f"cannot write a record ({exc!r}); dropping records")
        else:
            warn("write_error", f"cannot write a record ({exc!r}); dropping records")

    def _writer(self, stream: Any) -> Callable[[str], None]:
        acquire, release, failed = self._lock.acquire, self._lock.release, self._failed
        how, fd = _mode(stream)
        flush = stream.flush
        if how is _TEXT:
            write_text = stream.write

            def write(line: str) -> None:
                """Write `line`; on failure, report the kind of failure once on stderr."""
                try:
                    acquire()
                    try:
                        try:
                            write_text(line)
                        except UnicodeEncodeError:
                            write_text(ascii_line(line))
                        flush()
                    finally:
                        release()
                except Exception as exc:
                    failed(exc)

            return write
        write_bytes = stream.write

        def write(line: str) -> None:
            """Write `line`; on failure, report the kind of failure once on stderr."""
            try:
                try:
                    data = line.encode()
                except UnicodeEncodeError:
                    data = to_utf8(line)
                acquire()
                try:
                    if how is _FD:
                        flush()
                        _write_fd(fd, data)
                    else:
                        write_bytes(data)
                        flush()
                finally:
                    release()
            except Exception as exc:
                failed(exc)

        return write

    def _write_stdout(self, line: str) -> None:
        """Write `line` to the current sys.stdout; failures are reported once, never raised."""
        try:
            with self._lock:
                stream, how, fd = self._target
                current = sys.stdout
                if current is not stream:
                    if current is None:
                        self._diagnostics.warn("no_stdout", "sys.stdout is None; dropping records")
                        return
                    how, fd = _mode(current)
                    self._target = stream, how, fd = (current, how, fd)
                if how is _TEXT:
                    try:
                        stream.write(line)
                    except UnicodeEncodeError:
                        stream.write(ascii_line(line))
                    stream.flush()
                    return
                stream.flush()
                data = to_utf8(line)
                if how is _FD:
                    _write_fd(fd, data)
                else:
                    stream.write(data)
                    stream.flush()
        except Exception as exc:
            self._failed(exc)
