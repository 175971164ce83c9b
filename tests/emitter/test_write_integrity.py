"""Lines stay whole on real pipes: signal handlers that log, non-blocking and stalled stdout."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

_CHILD = """
import os, signal, sys
import emitter
emitter.configure(write_wait_seconds={wait})
log = emitter.get_logger("child")
if {nonblocking}:
    os.set_blocking(1, False)
if {signals}:
    signal.signal(signal.SIGALRM, lambda *_: log.info("from signal", blob="s" * 5000))
    signal.setitimer(signal.ITIMER_REAL, 0.0005, 0.0005)
for i in range({count}):
    log.info("main", i=i, blob="m" * {size})
if {signals}:
    signal.setitimer(signal.ITIMER_REAL, 0, 0)
"""


def _run(
    count: int,
    size: int,
    nonblocking: bool = False,
    signals: bool = False,
    wait: float = 1.0,
    pause: float = 0.0,
) -> tuple[list[str], str]:
    code = textwrap.dedent(_CHILD).format(
        count=count, size=size, nonblocking=nonblocking, signals=signals, wait=wait
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SERVICE_NAME": "integrity"}
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    if pause:
        time.sleep(pause)  # the reader stalls: the pipe fills
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()[-2000:]
    return out.decode("utf-8", "replace").split("\n")[:-1], err.decode()


def _parse(lines: list[str]) -> tuple[list[dict], int]:
    records, corrupt = [], 0
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            corrupt += 1
    return records, corrupt


def _dropped(stderr: str) -> int:
    match = re.search(r"emitter: (\d+) records could not be written", stderr)
    return int(match.group(1)) if match else 0


def test_signal_handlers_logging_during_large_writes_never_splice() -> None:
    """A handler logging mid-write gets its line queued: 0 corrupt, every main line there."""
    lines, stderr = _run(count=2000, size=200_000, signals=True)
    records, corrupt = _parse(lines)
    assert corrupt == 0
    assert sorted(r["i"] for r in records if r["message"] == "main") == list(range(2000))
    assert any(r["message"] == "from signal" for r in records)
    assert _dropped(stderr) == 0


def test_a_non_blocking_stdout_gets_whole_lines_and_no_drops_while_read() -> None:
    """O_NONBLOCK stdout with a live reader: every line whole, none dropped."""
    lines, stderr = _run(count=20_000, size=2000, nonblocking=True)
    records, corrupt = _parse(lines)
    assert corrupt == 0 and len(records) == 20_000
    assert _dropped(stderr) == 0


def test_a_stalled_non_blocking_stdout_drops_whole_lines_and_counts_them() -> None:
    """The reader stalls past the wait: lines are dropped whole; written + dropped = logged."""
    lines, stderr = _run(count=3000, size=2000, nonblocking=True, wait=0.05, pause=1.5)
    records, corrupt = _parse(lines)
    dropped = _dropped(stderr)
    assert corrupt == 0
    assert dropped > 0 and len(records) + dropped == 3000
    assert "dropping records whole" in stderr


def test_a_blocking_stdout_with_a_stalled_reader_drops_nothing() -> None:
    """A blocking pipe waits for its reader: 0 dropped, 0 corrupt."""
    lines, stderr = _run(count=3000, size=2000, wait=0.05, pause=1.5)
    records, corrupt = _parse(lines)
    assert corrupt == 0 and len(records) == 3000 and _dropped(stderr) == 0
