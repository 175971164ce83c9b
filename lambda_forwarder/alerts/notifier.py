"""What the dispatcher hands a notifier, and what a notifier hands back: no Slack in here.

A notifier renders an `Alert` (one error, or a group of identical ones) or a `Summary` (the
errors beyond the per-invocation cap) into its own wire format, and delivers it within a time
budget. The dispatcher decides *what* to say (grouping, cool-downs, error issues); the notifier
decides *how* and *where* (Block Kit, webhooks or the Web API, routing by service).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from msgspec import Struct

from lambda_forwarder.deadline import Deadline


class DeliveryStatus(StrEnum):
    DELIVERED = "delivered"
    REJECTED = "rejected"  # the destination refused it: the payload or the target is wrong
    FAILED = "failed"  # definitely not posted (5xx, 429 beyond the budget, no connection)
    UNKNOWN = "unknown"  # sent, no answer: may have been posted; never resent


class Delivery(Struct, frozen=True):
    """What became of one message. `thread` names the posted message where the destination
    has threads (Slack app mode: `channel/ts`), so later occurrences can go under it."""

    status: DeliveryStatus
    attempts: int
    http_status: int | None = None
    detail: str = ""
    thread: str | None = None

    @property
    def delivered(self) -> bool:
        return self.status is DeliveryStatus.DELIVERED

    @property
    def maybe_delivered(self) -> bool:
        """Delivered or unknown: either way it must not be sent again."""
        return self.status in (DeliveryStatus.DELIVERED, DeliveryStatus.UNKNOWN)


class IssueKind(StrEnum):
    """Why an error issue speaks up (see alerts/issues/rules.py)."""

    NEW = "new"
    REGRESSED = "regressed"
    ONGOING = "ongoing"


class IssueContext(Struct, frozen=True):
    """An alert's place in its error issue: what the message says about history."""

    kind: IssueKind
    fingerprint: str
    total: int  # occurrences since first seen, this batch included
    since_last: int  # occurrences since the previous message (this batch included)
    first_seen: datetime
    last_alerted: datetime | None  # the previous message, if any
    reason: str = ""  # for REGRESSED: "in 2.0.2", "after 3 days quiet", "after being resolved"
    thread: str | None = None  # the issue's first message, where the destination has threads


class AlertLinks(Struct, frozen=True):
    """The buttons' URLs; None leaves the button out."""

    view_log: str | None = None
    all_occurrences: str | None = None
    request_logs: str | None = None
    cloudwatch: str | None = None


class Alert(Struct, frozen=True):
    """One error record, standing for `count` identical ones of this batch."""

    source: Mapping[str, Any]
    level: str
    at: datetime
    count: int = 1
    suppressed_before: int = 0  # per-container cool-down: repeats held back since the last one
    links: AlertLinks = AlertLinks()
    note: str | None = None  # e.g. "not indexed yet": what happened to the record
    issue: IssueContext | None = None


class SummaryLine(Struct, frozen=True):
    """One distinct error beyond the cap, as the summary lists it."""

    service: str
    error_type: str
    message: str
    count: int
    suppressed_before: int = 0


class Summary(Struct, frozen=True):
    """The errors beyond the per-invocation cap, in one message."""

    lines: Sequence[SummaryLine]
    start: datetime
    end: datetime
    link: str | None
    cap: int


class Rendered(Struct, frozen=True):
    """A message in the notifier's wire format, with where it goes (opaque to the dispatcher)."""

    destination: str
    payload: Any
    thread: str | None = None  # reply under this message, and refresh it (app mode)
    parent: Any = None  # the thread's message refreshed in place, where destinations thread


class Notifier(Protocol):
    """Render and deliver; `deliver` never raises for network or remote trouble."""

    def render(self, message: Alert | Summary) -> Rendered: ...

    def deliver(self, rendered: Rendered, budget: Deadline) -> Delivery: ...

    def close(self) -> None: ...
