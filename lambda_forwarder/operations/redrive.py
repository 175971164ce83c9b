"""Re-drive dead letters through the pipeline: `forwarder replay` and the scheduled self-healing
run both call `redrive`.

Rules:
- a stored unit (an S3 object, an SQS message, a file) is deleted only when every event in it was
  indexed; otherwise it stays, and re-driving it again is harmless (document ids are the
  CloudWatch event ids, so nothing is indexed twice);
- oldest first (the stores list by time), at most `limit` units per run, and never past the
  deadline;
- with `max_age`, units older than that are not re-driven any more: they are kept, never deleted
  unindexed, and reported (`expired`) for a human, since something about them keeps failing;
- with `stop_on_failed_unit` (the scheduled run), the run stops at the first unit that indexed
  nothing, so a cluster that is down again costs one attempt, not the whole budget.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from msgspec import Struct
from msgspec.structs import asdict

from lambda_forwarder.deadletter.base import DeadLetterStore, StoredLetter
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.model import DATA_MESSAGE, DeadLetter, LogBatch

MIN_UNIT_SECONDS = 5.0  # below this much time left, a scheduled run stops before the next unit
CLI_UNIT_SECONDS = 300.0  # the operator's command gives each letter this long


class BatchRunner(Protocol):
    """What the re-drive needs of the pipeline (`Pipeline.run_batch`)."""

    def run_batch(
        self, batch: LogBatch, deadline: Deadline, *, dead_letter_failures: bool
    ) -> Any: ...


class RedriveReport(Struct):
    """The counts of one run; `backlog` and `oldest_age_seconds` describe the store after it."""

    units: int = 0
    letters: int = 0
    events: int = 0
    indexed: int = 0
    still_failing: int = 0
    deleted: int = 0
    expired: int = 0  # units past max_age: kept, not re-driven
    stopped: str = ""  # why the run ended before the store was empty, if it did
    backlog: int | None = None
    oldest_age_seconds: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class UnitOutcome(Struct, frozen=True):
    """What happened to one unit, for progress displays."""

    stored: StoredLetter
    indexed: int
    failed: int
    deleted: bool


def redrive(
    store: DeadLetterStore,
    pipeline: BatchRunner | None,
    *,
    limit: int | None = None,
    max_age: timedelta | None = None,
    deadline: Deadline | None = None,
    stop_on_failed_unit: bool = False,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    on_unit: Callable[[UnitOutcome], None] | None = None,
) -> RedriveReport:
    """Re-drive stored units oldest first; `pipeline=None` is a dry run (count only)."""
    report = RedriveReport()
    started = now()
    cutoff = started - max_age if max_age is not None else None
    for stored in store.read(limit, not_before=cutoff):
        if deadline is not None and deadline.remaining() < MIN_UNIT_SECONDS:
            report.stopped = "deadline"
            break
        report.units += 1
        report.letters += len(stored.letters)
        report.events += stored.event_count
        if pipeline is None:
            if on_unit is not None:
                on_unit(UnitOutcome(stored, 0, 0, False))
            continue
        outcome = _redrive_unit(store, pipeline, stored, deadline)
        report.indexed += outcome.indexed
        report.still_failing += outcome.failed
        report.deleted += int(outcome.deleted)
        if on_unit is not None:
            on_unit(outcome)
        if stop_on_failed_unit and outcome.failed and not outcome.indexed:
            report.stopped = "a unit indexed nothing (the cluster is not accepting yet)"
            break
    else:
        if limit is not None and report.units >= limit:
            report.stopped = "budget"
    backlog = store.backlog(older_than=cutoff)
    report.backlog = backlog.units
    report.expired = backlog.expired
    report.oldest_age_seconds = (
        None if backlog.oldest is None else backlog.oldest_age_seconds(now())
    )
    return report


def _redrive_unit(
    store: DeadLetterStore, pipeline: BatchRunner, stored: StoredLetter, deadline: Deadline | None
) -> UnitOutcome:
    indexed = failed = 0
    for letter in stored.letters:
        batch = batch_of(letter)
        if batch is None:  # an undecodable payload stays undecodable: keep it
            failed += 1
            continue
        budget = deadline if deadline is not None else Deadline.after(CLI_UNIT_SECONDS)
        outcome = pipeline.run_batch(batch, budget, dead_letter_failures=False)
        indexed += outcome.report.indexed
        failed += len(outcome.failures)
    complete = failed == 0
    if complete:
        store.delete(stored)
    return UnitOutcome(stored, indexed, failed, complete)


def batch_of(letter: DeadLetter) -> LogBatch | None:
    """The batch a letter came from (None for a payload that still does not decode)."""
    if letter.raw_payload is not None:
        from lambda_forwarder.decode import decode_payload
        from lambda_forwarder.errors import DecodeError

        try:
            return decode_payload(letter.raw_payload)
        except DecodeError:
            return None
    return LogBatch(
        message_type=DATA_MESSAGE,
        owner=letter.owner or "",
        log_group=letter.log_group or "",
        log_stream=letter.log_stream or "",
        events=letter.events,
    )
