"""Error issues shared by every container: grouping, history and who may post.

`IssueTracker.observe` turns an invocation's alert groups into verdicts (announce as New /
Regressed / Ongoing, or stay quiet) through the issue store; `settle` records what became of
each message (its thread, or the claim handed back when it definitely did not get out).
`build_tracker` wires the store the settings ask for (the cluster's index, or a DynamoDB table
where the cluster cannot give the guarantees), or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from aws_lambda_powertools import Logger
from msgspec import Struct

from lambda_forwarder.alerts.issues.rules import IssueRules, IssueStatus, Sighting
from lambda_forwarder.alerts.issues.store import (
    ISSUES_INDEX,
    IssueStoreError,
    OpenSearchIssueStore,
    ensure_issues_index,
)
from lambda_forwarder.alerts.notifier import Delivery, IssueContext
from lambda_forwarder.deadline import Deadline

if TYPE_CHECKING:
    import boto3

    from lambda_forwarder.alerts.noise import AlertGroup
    from lambda_forwarder.config import Settings

logger = Logger(child=True)

__all__ = [
    "ISSUES_INDEX",
    "IssueRules",
    "IssueStatus",
    "IssueStore",
    "IssueStoreError",
    "IssueTracker",
    "OpenSearchIssueStore",
    "Verdict",
    "build_tracker",
    "ensure_issues_index",
]


class IssueStore(Protocol):
    """Where issues live: the cluster's index (store.py) or a DynamoDB table (dynamo.py).

    Both apply the same rules (rules.py) with the same guarantees: one first sighting wins,
    one claim per window lands, no count is lost; `last_claims` holds the claims `record`
    just made, for `release`.
    """

    rules: IssueRules
    last_claims: dict[str, dict[str, Any]]

    @property
    def index(self) -> str: ...

    def record(
        self, sightings: Sequence[Sighting], now: float, budget: Deadline
    ) -> dict[str, IssueContext | None]: ...

    def release(self, fingerprint: str, claim: dict[str, Any], budget: Deadline) -> None: ...

    def set_thread(self, fingerprint: str, thread: str, budget: Deadline) -> None: ...

    def list(self, *, status: str | None = "open", size: int = 50) -> list[dict[str, Any]]: ...

    def set_status(self, fingerprint: str, status: IssueStatus) -> None: ...


class Verdict(Struct, frozen=True):
    """One group's fate: `context` None means quiet (counted in its issue, no message)."""

    group: AlertGroup
    context: IssueContext | None
    claim: dict[str, Any] | None = None


def sighting_of(group: AlertGroup, members: Sequence[Any] = ()) -> Sighting:
    """What a group tells its issue: counts, times, where and in which versions it was seen."""
    source = group.first.source

    def values(key: str) -> tuple[str, ...]:
        seen = [str(d.source.get(key)) for d in members if d.source.get(key)]
        own = str(source.get(key) or "")
        return tuple(dict.fromkeys([own, *seen]))

    return Sighting(
        fingerprint=group.fingerprint,
        count=group.count,
        first_at=group.first_at,
        last_at=group.last_at,
        level=group.level,
        error_type=str(source.get("error.type") or ""),
        message=str(source.get("message") or source.get("error.message") or ""),
        log_id=str(source.get("log_id") or ""),
        services=values("service.name"),
        environments=values("service.environment"),
        versions=values("service.version"),
    )


class IssueTracker:
    """Asks the issue store who speaks; never decides without it (the caller falls back)."""

    def __init__(self, store: IssueStore) -> None:
        self.store = store

    def observe(self, groups: Sequence[AlertGroup], now: float, budget: Deadline) -> list[Verdict]:
        """Verdicts in the groups' order; raises IssueStoreError when the store is unusable."""
        decided = self.store.record([sighting_of(g, g.members) for g in groups], now, budget)
        claims = self.store.last_claims
        return [Verdict(g, decided.get(g.fingerprint), claims.get(g.fingerprint)) for g in groups]

    def settle(self, verdict: Verdict, delivery: Delivery, budget: Deadline) -> None:
        """After delivery: remember the thread, or hand the claim back if nothing was posted."""
        context = verdict.context
        if context is None:
            return
        try:
            if delivery.delivered and delivery.thread and delivery.thread != context.thread:
                self.store.set_thread(context.fingerprint, delivery.thread, budget)
            elif not delivery.maybe_delivered and verdict.claim is not None:
                self.store.release(context.fingerprint, verdict.claim, budget)
        except IssueStoreError as error:
            logger.warning("issue not settled", extra={"error": str(error)[:300]})


def build_tracker(
    settings: Settings, *, session: boto3.Session | None = None
) -> IssueTracker | None:
    """The issue store the settings ask for: the DynamoDB table (`ALERT_ISSUES_TABLE`), else
    the forwarder's own cluster, unless turned off or on Serverless (which cannot give the
    guarantees: see store.py)."""
    alerts = settings.alerts
    rules = IssueRules(
        window_seconds=alerts.issue_window_seconds, quiet_seconds=alerts.issue_quiet_seconds
    )
    if alerts.issues_enabled and alerts.issues_table:
        from lambda_forwarder.alerts.issues.dynamo import DynamoIssueStore

        return IssueTracker(
            DynamoIssueStore(
                alerts.issues_table,
                session=session,
                timeout=alerts.issues_timeout_seconds,
                rules=rules,
            )
        )
    if not alerts.issues_enabled or settings.opensearch.is_serverless:
        return None
    from lambda_forwarder.index.client import build_client

    client = build_client(settings.opensearch, session=session)
    store = OpenSearchIssueStore(
        client,
        index=alerts.issues_index,
        timeout=alerts.issues_timeout_seconds,
        rules=rules,
    )
    return IssueTracker(store)
