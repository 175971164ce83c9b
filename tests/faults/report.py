"""The fault suite's figures, collected across the session and written as Markdown at its end.

Tests record what they did (faults survived with their counts, hostile inputs tried, load
figures, security checks); `FaultReport.markdown()` renders them. The conftest writes the file
named by `FAULT_REPORT` when the session ends.
"""

from __future__ import annotations

import platform
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True)
class FaultRow:
    """One fault survived: what came in, where it went, what replay brought back."""

    name: str
    received: int
    indexed: int
    dead_lettered: int
    skipped: int = 0
    replayed: int = 0
    lost: int = 0
    duplicates: int = 0
    retries: int = 0
    note: str = ""


@dataclass
class FaultReport:
    """Session-wide collector; thread-safe because the load and 429 tests use threads."""

    faults: list[FaultRow] = field(default_factory=list)
    inputs: dict[str, int] = field(default_factory=dict)
    input_lost: int = 0
    load: dict[str, float | int | str] = field(default_factory=dict)
    security: list[str] = field(default_factory=list)
    slack: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def fault(self, row: FaultRow) -> None:
        with self._lock:
            self.faults.append(row)

    def tried(self, category: str, count: int = 1, lost: int = 0) -> None:
        with self._lock:
            self.inputs[category] = self.inputs.get(category, 0) + count
            self.input_lost += lost

    def check(self, kind: str, text: str) -> None:
        with self._lock:
            (self.security if kind == "security" else self.slack).append(text)

    @property
    def records_lost(self) -> int:
        return sum(row.lost for row in self.faults) + self.input_lost

    def markdown(self) -> str:
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        lines = [
            "# Fault report",
            "",
            f"Produced by `FAULT_REPORT=docs/fault-report.md .venv/bin/python -m pytest -m faults`"
            f" on {now} ({platform.python_implementation()} {platform.python_version()}, "
            f"{platform.machine()}), against a real local OpenSearch node.",
            "",
            "## Summary",
            "",
            f"- Faults survived: **{len(self.faults)}** (node and index faults), "
            f"plus **{len(self.slack)}** Slack faults",
            f"- Hostile inputs tried: **{sum(self.inputs.values())}**",
            f"- Records lost: **{self.records_lost}**",
        ]
        if self.load:
            lines.append(
                f"- Throughput: **{self.load.get('records_per_s', 0):,.0f} records/s**, "
                f"**{self.load.get('mb_per_s', 0):.2f} MB/s** "
                f"({self.load.get('invocations', 0)} invocations of ~1 MB)"
            )
        lines += ["", "## Faults against the real node", ""]
        lines += [
            "| fault | received | indexed | dead-lettered | skipped | replayed | lost "
            "| duplicates after replay | bulk retries | note |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for r in self.faults:
            lines.append(
                f"| {r.name} | {r.received} | {r.indexed} | {r.dead_lettered} | {r.skipped} "
                f"| {r.replayed} | {r.lost} | {r.duplicates} | {r.retries} | {r.note} |"
            )
        lines += ["", "## Slack faults", ""]
        lines += [f"- {text}" for text in self.slack] or ["- (not run)"]
        lines += ["", "## Hostile input", "", "| inputs | tried |", "| --- | ---: |"]
        lines += [f"| {name} | {count} |" for name, count in sorted(self.inputs.items())]
        lines += [f"| **total** | **{sum(self.inputs.values())}** |"]
        lines += ["", f"Records lost among hostile inputs: **{self.input_lost}**."]
        lines += ["", "## Security", ""]
        lines += [f"- {text}" for text in self.security] or ["- (not run)"]
        lines += ["", "## Load", ""]
        if self.load:
            lines += ["| figure | value |", "| --- | ---: |"]
            for key, value in self.load.items():
                shown = f"{value:,.2f}" if isinstance(value, float) else f"{value}"
                lines.append(f"| {key} | {shown} |")
        else:
            lines.append("(not run)")
        return "\n".join(lines) + "\n"
