"""The typed values that travel between the forwarder's stages.

Decoded once at the boundary into frozen values; inside, code works on these types, not on
raw event dicts. They are msgspec Structs: built in C, one of each per event costs a fraction of
a dataclass, and a class costs next to nothing to define at import (a frozen slots dataclass
compiles five methods at every cold start).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from msgspec import Meta, Struct, field

from emitter.schema import RENAMED

DATA_MESSAGE = "DATA_MESSAGE"
CONTROL_MESSAGE = "CONTROL_MESSAGE"

# Keys the forwarder writes about its own handling of a record. Lists of strings (searchable
# as keywords) or plain strings; never objects.
NOTE_REDACTED = "logpipe.redacted"  # list of field names whose values were replaced
NOTE_RENAMED = RENAMED  # list of "old -> new" field names (the schema's rename rule)
NOTE_TRUNCATED = "logpipe.truncated"  # list of field names whose values were cut to the cap
NOTE_OVERFLOW = "logpipe.overflow"  # JSON string of the fields beyond the per-record cap
NOTE_DEGRADED = "logpipe.degraded"  # reason the record was indexed in degraded form
NOTE_DEGRADED_FIELDS = "logpipe.degraded_fields"  # JSON string of the app fields, when degraded
# the line's own time, when it lay outside the sanity window and the CloudWatch time was used
NOTE_TIME_OUTSIDE = "logpipe.time_outside_window"


class LogEvent(Struct, frozen=True, gc=False):
    """One CloudWatch log event: `id` is a long numeric string, `timestamp` epoch milliseconds.
    (Untracked by the garbage collector: it holds only strings and an integer.)

    The constraints are what a payload decoded straight into events must meet
    (decode/payload.py); anything else takes the checked path, which repairs or rejects it."""

    id: Annotated[str, Meta(min_length=1)]
    timestamp: Annotated[int, Meta(ge=-(2**63), le=2**63 - 1)]
    message: str


class LogBatch(Struct, frozen=True, rename="camel"):
    """One decoded subscription payload: one log group and stream, many events. (Its wire
    names, camelCase and `logEvents`, are what a payload decoded straight into it carries.)"""

    message_type: str
    owner: str
    log_group: str
    log_stream: str
    events: tuple[LogEvent, ...] = field(name="logEvents")
    subscription_filters: tuple[str, ...] = ()
    policy_level: str | None = None

    @property
    def is_control(self) -> bool:
        return self.message_type == CONTROL_MESSAGE


class Document(Struct, frozen=True):
    """A sanitized record bound for one index, beside the event it came from
    (`msgspec.structs.replace` for a changed copy).

    `doc_id` is the CloudWatch event id (idempotent re-delivery), or None where the cluster
    rejects custom ids (Serverless time-series collections). A record merged from several
    events (parse.multiline) carries the first as `event`, the others in `absorbed`.
    """

    doc_id: str | None
    index: str
    source: dict[str, Any]
    event: LogEvent
    batch: LogBatch
    # continuation events merged into this record (a traceback split line by line): they are
    # indexed, dead-lettered and counted with it
    absorbed: tuple[LogEvent, ...] = ()

    @property
    def events(self) -> tuple[LogEvent, ...]:
        """Every CloudWatch event this document stands for, in order."""
        return (self.event, *self.absorbed) if self.absorbed else (self.event,)


class Stage(StrEnum):
    """Where a record failed; written to its dead letter."""

    DECODE = "decode"  # the payload could not be decoded: no events known
    TRANSFORM = "transform"  # parse or sanitize raised (a bug): the event is kept as it came
    INDEX = "index"  # OpenSearch refused it, or kept refusing it through every retry
    DEADLINE = "deadline"  # not finished before the invocation's time ran out


class Failure(Struct, frozen=True):
    """One event that did not get indexed: where, why, and what is left of it.

    `status` is the last HTTP status OpenSearch gave (0 when there was none: a connection error,
    a timeout, a transform failure). `document` is None when no document was built.
    """

    stage: Stage
    reason: str
    event: LogEvent
    batch: LogBatch
    status: int = 0
    document: Document | None = None
    absorbed: tuple[LogEvent, ...] = ()  # continuation events merged into this record

    @property
    def events(self) -> tuple[LogEvent, ...]:
        """Every CloudWatch event that failed with this record, in order."""
        return (self.event, *self.absorbed) if self.absorbed else (self.event,)

    @classmethod
    def of_document(cls, document: Document, stage: Stage, status: int, reason: str) -> Failure:
        return cls(
            stage, reason, document.event, document.batch, status, document, document.absorbed
        )


class BulkResult(Struct):
    """What a bulk run did: which documents landed (some degraded) and which failed, and why."""

    indexed: list[Document] = field(default_factory=list)
    degraded: int = 0
    failures: list[Failure] = field(default_factory=list)
    retries: int = 0

    def add(self, other: BulkResult) -> None:
        """Fold in the result of a later bulk run of the same batch."""
        self.indexed.extend(other.indexed)
        self.degraded += other.degraded
        self.failures.extend(other.failures)
        self.retries += other.retries


class DeadLetter(Struct, frozen=True):
    """Events that could not be indexed, kept whole so `forwarder replay` can re-drive them.

    `raw_payload` holds an undecodable subscription payload as received (then `events` is empty),
    or, when it decompressed and its text held a secret, that text masked and encoded again.
    """

    reason: str
    stage: str
    owner: str | None
    log_group: str | None
    log_stream: str | None
    events: tuple[LogEvent, ...] = ()
    raw_payload: str | None = None


class InvocationReport(Struct):
    """Counts of one invocation. Invariant: received == indexed + dead_lettered + skipped."""

    received: int = 0
    indexed: int = 0
    degraded: int = 0
    dead_lettered: int = 0
    skipped: int = 0
    bulk_retries: int = 0
    alerts_posted: int = 0
    alerts_suppressed: int = 0
    alerts_failed: int = 0
    # the issue store could not be reached: per-container cool-downs decided instead
    alerts_store_fallbacks: int = 0
    # now - CloudWatch ingestion time of the oldest indexed event: how far behind indexing runs
    lag_ms_max: int = 0

    def add(self, other: InvocationReport) -> None:
        for name in self.__struct_fields__:
            combine = max if name == "lag_ms_max" else int.__add__
            setattr(self, name, combine(getattr(self, name), getattr(other, name)))

    def balanced(self) -> bool:
        return self.received == self.indexed + self.dead_lettered + self.skipped

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__struct_fields__}
