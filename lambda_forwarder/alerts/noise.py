"""Noise control: which errors of a batch get a message, which are counted, which summarized.

1. Group: identical errors (same fingerprint) within the invocation become one group with a
   count; the group's message shows its first record at its highest level.
2. Who speaks: the error issues shared by every container (alerts/issues: new, regressed,
   ongoing), or, without them, a per-container cool-down: a group whose fingerprint alerted
   recently is counted into the store, not posted.
3. Cap: at most `cap` groups get their own message, critical first, then in order of first
   appearance; every further group is listed in one summary message. Nothing is dropped
   silently: each distinct error is either posted, summarized, or counted for the next alert.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from msgspec import Struct

from lambda_forwarder.alerts.cooldown import CooldownStore
from lambda_forwarder.alerts.levels import record_level
from lambda_forwarder.model import Document
from lambda_forwarder.sanitize.fingerprint import FINGERPRINT_FIELD, fingerprint
from lambda_forwarder.times import to_datetime

if TYPE_CHECKING:
    from lambda_forwarder.alerts.issues import Verdict

LEVEL_RANK = {"critical": 0, "error": 1, "warning": 2, "info": 3, "debug": 4}


def record_time(document: Document) -> datetime:
    """The record's `@timestamp`, else its CloudWatch event time: what the links must cover."""
    moment = to_datetime(document.source.get("@timestamp"))
    if moment is not None:
        return moment
    return datetime.fromtimestamp(document.event.timestamp / 1000, tz=UTC)


class AlertGroup(Struct, frozen=True):
    """Identical errors of one invocation."""

    fingerprint: str
    first: Document  # the record the message shows and links to
    level: str
    count: int
    first_at: datetime
    last_at: datetime
    members: tuple[Document, ...] = ()


def group_documents(documents: Iterable[Document], levels: frozenset[str]) -> list[AlertGroup]:
    """Documents at an alerting level, grouped by fingerprint, most severe and earliest first."""
    order: list[str] = []
    members: dict[str, list[tuple[Document, str, datetime]]] = {}
    for document in documents:
        level = record_level(document.source)
        if level not in levels:
            continue
        key = document.source.get(FINGERPRINT_FIELD) or fingerprint(document.source)
        if key not in members:
            members[key] = []
            order.append(key)
        members[key].append((document, level, record_time(document)))
    groups = []
    for key in order:
        items = members[key]
        level = min((item[1] for item in items), key=lambda lv: LEVEL_RANK.get(lv, 9))
        first = next(item for item in items if item[1] == level)
        times = [item[2] for item in items]
        groups.append(
            AlertGroup(
                fingerprint=key,
                first=first[0],
                level=level,
                count=len(items),
                first_at=min(times),
                last_at=max(times),
                members=tuple(item[0] for item in items),
            )
        )
    groups.sort(key=lambda group: LEVEL_RANK.get(group.level, 9))  # stable: keeps first-seen order
    return groups


class Planned(Struct, frozen=True):
    """A group cleared to alert, with the repeats held back since its last alert."""

    group: AlertGroup
    suppressed_before: int
    verdict: Verdict | None = None  # the error issue's say, when issues decide


class AlertPlan(Struct, frozen=True):
    """What one invocation sends: individual messages, the summary's lines, and what waits."""

    individual: tuple[Planned, ...]
    summarized: tuple[Planned, ...]
    cooling: tuple[AlertGroup, ...]

    @property
    def suppressed(self) -> int:
        """Records that get no message of their own in this invocation."""
        folded = sum(p.group.count - 1 for p in self.individual)
        return (
            folded
            + sum(p.group.count for p in self.summarized)
            + sum(g.count for g in self.cooling)
        )


def plan_alerts(
    groups: Iterable[AlertGroup], store: CooldownStore, *, now: float, cooldown: float, cap: int
) -> AlertPlan:
    """Ask the cool-down store about each group and apply the per-invocation cap."""
    individual: list[Planned] = []
    summarized: list[Planned] = []
    cooling: list[AlertGroup] = []
    for group in groups:
        suppressed_before = store.acquire(group.fingerprint, now, cooldown)
        if suppressed_before is None:
            store.add_suppressed(group.fingerprint, group.count, now)
            cooling.append(group)
        elif len(individual) < cap:
            individual.append(Planned(group, suppressed_before))
        else:
            summarized.append(Planned(group, suppressed_before))
    return AlertPlan(tuple(individual), tuple(summarized), tuple(cooling))


def plan_from_verdicts(verdicts: Iterable[Verdict], *, cap: int) -> AlertPlan:
    """The error issues decided who speaks; the per-invocation cap still applies."""
    individual: list[Planned] = []
    summarized: list[Planned] = []
    cooling: list[AlertGroup] = []
    for verdict in sorted(verdicts, key=lambda v: LEVEL_RANK.get(v.group.level, 9)):
        if verdict.context is None:
            cooling.append(verdict.group)
        elif len(individual) < cap:
            individual.append(Planned(verdict.group, 0, verdict))
        else:
            summarized.append(Planned(verdict.group, 0, verdict))
    return AlertPlan(tuple(individual), tuple(summarized), tuple(cooling))
