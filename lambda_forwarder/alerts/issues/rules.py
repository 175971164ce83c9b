"""When an error issue speaks: New, Regressed, Ongoing, or quiet. Pure functions, no I/O.

- **New**: the first sighting of a fingerprint (or one whose announcement never got out).
- **Regressed**: seen again after being resolved, in a `service.version` the issue was never
  seen in, or after a quiet period (default 24 h) without occurrences.
- **Ongoing**: at most one message per issue per window (default 30 min), carrying the true
  count since the previous message and since first seen.
- **Muted**: counted, never announced.

`decide` turns the stored issue and this batch's sighting into the next stored issue and what
to say. The store writes that result only if nobody else wrote in between (create, or
`if_seq_no`/`if_primary_term`), so a decision is always taken on the latest counts, and the
container whose write lands is the one that posts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from msgspec import Struct

from lambda_forwarder.alerts.notifier import IssueContext, IssueKind

MAX_LIST = 50  # versions, services, environments kept per issue (oldest dropped first)
MAX_SAMPLE = 2000
IGNORED_VERSIONS = frozenset({"", "AMBIVALENT_APP_VERSION"})


class IssueStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    MUTED = "muted"


class IssueRules(Struct, frozen=True):
    """The issue settings (AlertSettings.issue_window_seconds / issue_quiet_seconds)."""

    window_seconds: float = 1800.0
    quiet_seconds: float = 86_400.0


class Sighting(Struct, frozen=True):
    """One batch's occurrences of one fingerprint."""

    fingerprint: str
    count: int
    first_at: datetime
    last_at: datetime
    level: str
    error_type: str
    message: str
    log_id: str
    services: tuple[str, ...]
    environments: tuple[str, ...]
    versions: tuple[str, ...]


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _merge(old: Iterable[Any], new: Iterable[str]) -> list[str]:
    merged = [str(item) for item in old if isinstance(item, str)]
    for item in new:
        if item and item not in merged:
            merged.append(item)
    return merged[-MAX_LIST:]


def _quiet_text(seconds: float) -> str:
    days, hours = int(seconds // 86_400), int(seconds // 3_600)
    if days >= 1:
        return f"after {days} day{'s' if days != 1 else ''} quiet"
    return f"after {hours} hour{'s' if hours != 1 else ''} quiet"


def new_issue(sighting: Sighting, now: float) -> tuple[dict[str, Any], IssueContext]:
    """The document a first sighting creates, and its announcement."""
    doc = {
        "fingerprint": sighting.fingerprint,
        "status": IssueStatus.OPEN.value,
        "first_seen": iso(sighting.first_at),
        "last_seen": iso(sighting.last_at),
        "count": sighting.count,
        "alerted_count": sighting.count,
        "last_alerted_at": iso(datetime.fromtimestamp(now, UTC)),
        "level": sighting.level,
        "error_type": sighting.error_type,
        "sample_message": sighting.message[:MAX_SAMPLE],
        "last_log_id": sighting.log_id,
        "services": _merge((), sighting.services),
        "environments": _merge((), sighting.environments),
        "versions": _merge((), (v for v in sighting.versions if v not in IGNORED_VERSIONS)),
        "thread": None,
    }
    context = IssueContext(
        kind=IssueKind.NEW,
        fingerprint=sighting.fingerprint,
        total=sighting.count,
        since_last=sighting.count,
        first_seen=sighting.first_at,
        last_alerted=None,
    )
    return doc, context


def decide(
    current: Mapping[str, Any], sighting: Sighting, now: float, rules: IssueRules
) -> tuple[dict[str, Any], IssueContext | None]:
    """The stored issue after this sighting, and what to announce (None: stay quiet)."""
    count = int(current.get("count") or 0) + sighting.count
    first_seen = parse_iso(current.get("first_seen")) or sighting.first_at
    last_seen = parse_iso(current.get("last_seen")) or first_seen
    last_alerted = parse_iso(current.get("last_alerted_at"))
    status = str(current.get("status") or IssueStatus.OPEN)
    known_versions = [v for v in current.get("versions") or () if isinstance(v, str)]
    fresh_versions = [
        v for v in sighting.versions if v not in IGNORED_VERSIONS and v not in known_versions
    ]
    doc = dict(current)
    doc.update(
        count=count,
        last_seen=iso(max(last_seen, sighting.last_at)),
        last_log_id=sighting.log_id,
        sample_message=sighting.message[:MAX_SAMPLE],
        services=_merge(current.get("services") or (), sighting.services),
        environments=_merge(current.get("environments") or (), sighting.environments),
        versions=_merge(known_versions, fresh_versions),
    )
    if status == IssueStatus.MUTED:
        return doc, None
    quiet = (sighting.first_at - last_seen).total_seconds()
    kind: IssueKind | None = None
    reason = ""
    if last_alerted is None:
        kind = IssueKind.NEW  # announced never (its first message did not get out)
    elif status == IssueStatus.RESOLVED:
        kind, reason = IssueKind.REGRESSED, "after being resolved"
    elif fresh_versions and known_versions:
        kind, reason = IssueKind.REGRESSED, f"in {fresh_versions[0]}"
    elif quiet >= rules.quiet_seconds:
        kind, reason = IssueKind.REGRESSED, _quiet_text(quiet)
    elif now - last_alerted.timestamp() >= rules.window_seconds:
        kind = IssueKind.ONGOING
    if kind is None:
        return doc, None
    since_last = count - int(current.get("alerted_count") or 0)
    doc.update(
        status=IssueStatus.OPEN.value,
        alerted_count=count,
        last_alerted_at=iso(datetime.fromtimestamp(now, UTC)),
    )
    if kind is IssueKind.REGRESSED:
        doc["regressed_at"] = doc["last_alerted_at"]
    context = IssueContext(
        kind=kind,
        fingerprint=sighting.fingerprint,
        total=count,
        since_last=since_last,
        first_seen=first_seen,
        last_alerted=last_alerted,
        reason=reason,
        thread=current.get("thread") if isinstance(current.get("thread"), str) else None,
    )
    return doc, context


def ago_seconds(now: float, moment: datetime) -> timedelta:
    return timedelta(seconds=max(0.0, now - moment.timestamp()))
