"""Progress and summaries of the long operator commands (`replay`, `subscribe`, `pipe`).

On a terminal: a live line on standard error with done / total, the rate and the failures so far
(`rich`, from the `cli` extra: the Lambda artifact never ships it, and without it the commands
still work, only without the live line). Failures are printed above the line as they happen.

The result is always also machine-readable:
- `--json`: standard output carries exactly one JSON object, the summary; the human lines go to
  standard error;
- not on a terminal (a pipe, a CI log): the human lines as usual, then the summary as the last
  line of standard output, one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any, TextIO


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    """`--json`: the summary alone on standard output."""
    parser.add_argument(
        "--json",
        action="store_true",
        help="print only a JSON summary on standard output (human lines go to standard error)",
    )


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Reporter:
    """Where a command's human lines, progress and summary go, decided once from the flags and
    the streams."""

    def __init__(
        self, *, json_only: bool = False, stdout: TextIO | None = None, stderr: TextIO | None = None
    ) -> None:
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.json_only = json_only
        self.interactive = _is_terminal(self.stderr) and not json_only

    def line(self, text: str) -> None:
        """A human line: standard output, or standard error under `--json`."""
        print(text, file=self.stderr if self.json_only else self.stdout, flush=True)

    def note(self, text: str) -> None:
        """A side remark for a human (always standard error)."""
        print(text, file=self.stderr, flush=True)

    def summary(self, data: Mapping[str, Any]) -> None:
        """The JSON summary, under `--json` or when standard output is not a terminal."""
        if self.json_only or not _is_terminal(self.stdout):
            print(json.dumps(dict(data), sort_keys=True, default=str), file=self.stdout, flush=True)

    def progress(self, label: str, total: int | None = None) -> Progress:
        return Progress(label, total, self)


class Progress:
    """A live "label done/total rate failed" line on a terminal; counts only, elsewhere."""

    def __init__(self, label: str, total: int | None, reporter: Reporter) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.failed = 0
        self._reporter = reporter
        self._started = time.monotonic()
        self._live: Any = None
        self._task: Any = None

    @property
    def rate(self) -> float:
        """Items per second so far."""
        elapsed = time.monotonic() - self._started
        return self.done / elapsed if elapsed > 0 else 0.0

    def __enter__(self) -> Progress:
        if self._reporter.interactive:
            self._start_live()
        return self

    def _start_live(self) -> None:
        try:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.progress import Progress as RichProgress
        except ImportError:  # the `cli` extra is not installed: no live line, same results
            return
        self._live = RichProgress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f}/s"),
            TextColumn("[red]{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            console=Console(file=self._reporter.stderr),
            transient=False,
        )
        self._live.start()
        self._task = self._live.add_task(self.label, total=self.total, rate=0.0, failed=0)

    def set_total(self, total: int) -> None:
        self.total = total
        if self._live is not None:
            self._live.update(self._task, total=total)

    def advance(self, count: int = 1, *, failure: str | None = None) -> None:
        """`count` more items done; `failure` says what failed, printed at once."""
        self.done += count
        if failure is not None:
            self.failed += 1
        if self._live is not None:
            if failure is not None:
                from rich.text import Text

                self._live.console.print(Text.assemble(("failed ", "red"), failure))
            self._live.update(self._task, completed=self.done, rate=self.rate, failed=self.failed)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None
