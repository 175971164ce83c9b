"""Writing finished lines: whole or not at all, under a lock; drops counted, never raised."""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import re
import select
import sys
import threading
import time
from collections import deque
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


_UNSET = object()  # no sys.stdout seen yet


def _no_writer(line: str) -> None:  # never called: _UNSET is never sys.stdout
    raise AssertionError("no stdout writer yet")


class _Stuck(Exception):
    """The file descriptor took no byte of a line within the wait: the line is dropped whole."""


_MAX_QUEUED = 64  # lines queued from within one write (signal handlers, a stream that logs)
_LONG_WAIT = 30.0  # a line already begun is finished unless the reader stalls this long


def _wait_writable(fd: int, seconds: float) -> bool:
    poller = select.poll()
    poller.register(fd, select.POLLOUT | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(max(seconds, 0.0) * 1000))


def _write_fd(fd: int, data: bytes, wait_seconds: float, started: bool = False) -> None:
    """Write all of `data` to `fd`, or none of it.

    A blocking fd takes it in one call (or a few, each continuing the last). A non-blocking fd
    (O_NONBLOCK stdout, a full pipe) is waited on with poll: up to `wait_seconds` for the first
    byte, after which the line is dropped whole (`_Stuck`); once begun, a line is finished, so
    no half line ever reaches the reader.
    """
    view = memoryview(data)
    deadline: float | None = None
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError as exc:
            written = getattr(exc, "characters_written", 0) or 0
        if written:
            view = view[written:]
            started = True
            deadline = None  # progress: the wait starts over
            continue
        now = time.monotonic()
        if deadline is None:
            deadline = now + (_LONG_WAIT if started else wait_seconds)
        left = deadline - now
        if left <= 0 or not _wait_writable(fd, left):
            if not started:
                raise _Stuck
            raise OSError(f"output stalled for {_LONG_WAIT:.0f}s in the middle of a line")


class Sink:
    """Writes each line whole, once, under a lock: threads' and signal handlers' lines never splice.

    Streams backed by a file descriptor (stdout, files, pipes) are flushed (so whatever the program
    wrote through them earlier goes first) and the UTF-8 line goes out with `os.write`: no
    buffer to lose on a crash. Other streams get `write()` then `flush()`: UTF-8 bytes for binary
    streams, the text for text streams. `stream` None is the process's stdout, looked up at each
    write, so `redirect_stdout` and test capture work. `write` is chosen once, here.

    A line written while another is being written by the same thread (a signal handler that
    logs, a stream whose `write()` logs) is queued and written right after that one. A line the
    output cannot take (closed, broken, a non-blocking pipe full for `wait_seconds`) is dropped
    whole and counted in `dropped`; the first drop of each kind is reported on stderr at once,
    the total at exit.
    """

    def __init__(
        self, stream: IO[Any] | None, diagnostics: Diagnostics, wait_seconds: float = 1.0
    ) -> None:
        self._diagnostics = diagnostics
        self._wait = wait_seconds
        # re-entrant: a signal handler, or a stream whose write() logs, must not deadlock
        self._lock = threading.RLock()
        self._busy = False
        self._pending: deque[str] = deque()
        self.dropped = 0
        self._exit_report = False
        # for stdout: (the sys.stdout object last seen, its writer)
        self._target: tuple[Any, Callable[[str], None]] = (_UNSET, _no_writer)
        self._out: Callable[[str], None] = (
            self._out_stdout if stream is None else self._writer(stream)
        )

    def write(self, line: str) -> None:
        """Write `line` whole or not at all; never raises."""
        with self._lock:
            if self._busy:  # re-entered from within a write of this thread
                self._pending.append(line)
                return
            self._busy = True
            try:
                self._out(line)
            except Exception as exc:
                self._drop(exc)
            finally:
                if self._pending:
                    self._drain()
                self._busy = False

    def _drain(self) -> None:
        budget = _MAX_QUEUED
        while self._pending:
            queued = self._pending.popleft()
            if budget:
                budget -= 1
                self._attempt(queued)
            else:  # a write that logs on every write: break the chain
                self._drop(RecursionError("logging from within every write"))

    def _attempt(self, line: str) -> None:
        try:
            self._out(line)
        except Exception as exc:
            self._drop(exc)

    def _drop(self, exc: Exception) -> None:
        self.dropped += 1
        warn = self._diagnostics.warn
        if isinstance(exc, _Stuck):
            warn(
                "would_block",
                f"output not writable for {self._wait:g}s (non-blocking or stalled pipe);"
                " dropping records whole",
            )
        elif isinstance(exc, RecursionError):
            warn("reentrant", "records logged from within every write; dropping the excess")
        elif isinstance(exc, BrokenPipeError):
            warn("broken_pipe", "output pipe closed (BrokenPipeError); dropping records")
        elif isinstance(exc, ValueError):  # I/O operation on closed file
            warn("closed", f"output stream unusable ({exc}); dropping records")
        elif isinstance(exc, OSError):
            warn("os_error", f"cannot write a record ({exc!r}); dropping records")
        else:
            warn("write_error", f"cannot write a record ({exc!r}); dropping records")
        if not self._exit_report:
            self._exit_report = True
            with contextlib.suppress(Exception):
                atexit.register(self._report_drops)

    def _report_drops(self) -> None:
        self._diagnostics.report(f"{self.dropped} records could not be written and were dropped")

    def _writer(self, stream: Any) -> Callable[[str], None]:
        how, fd = _mode(stream)
        flush = stream.flush
        if how is _TEXT:
            write_text = stream.write

            def write(line: str) -> None:
                try:
                    write_text(line)
                except UnicodeEncodeError:
                    write_text(ascii_line(line))
                flush()

            return write
        write_bytes = stream.write
        wait = self._wait

        def write(line: str) -> None:
            try:
                data = line.encode()
            except UnicodeEncodeError:
                data = to_utf8(line)
            if how is _FD:
                flush()
                try:
                    written = os.write(fd, data)
                except BlockingIOError:
                    written = 0
                if written != len(data):
                    _write_fd(fd, data[written:], wait, written > 0)
            else:
                write_bytes(data)
                flush()

        return write

    def _out_stdout(self, line: str) -> None:
        """Write `line` to the current sys.stdout (its writer made again when it is replaced)."""
        stream, write = self._target
        current = sys.stdout
        if current is not stream:
            if current is None:
                self._diagnostics.warn("no_stdout", "sys.stdout is None; dropping records")
                return
            write = self._writer(current)
            self._target = (current, write)
        write(line)
