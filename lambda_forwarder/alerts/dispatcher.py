"""The alert stage: indexed documents in, messages out, counts back. Never raises.

The handler builds one dispatcher per container (`build_dispatcher`) and keeps it across
invocations: it owns the in-memory cool-downs and the notifier's connections. Runs after
indexing, so every "View Full Log" link already works when clicked; its time is bounded by the
smaller of the invocation's deadline and `AlertSettings.budget_seconds`. It knows no Slack:
rendering and delivery are the notifier's (alerts/notifier.py, alerts/slack).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger
from msgspec import Struct

from lambda_forwarder.alerts.cooldown import CooldownStore, MemoryCooldownStore
from lambda_forwarder.alerts.issues import IssueStoreError, IssueTracker, Verdict, build_tracker
from lambda_forwarder.alerts.levels import record_level
from lambda_forwarder.alerts.links import LinkBuilder
from lambda_forwarder.alerts.noise import (
    AlertPlan,
    Planned,
    group_documents,
    plan_alerts,
    plan_from_verdicts,
    record_time,
)
from lambda_forwarder.alerts.notifier import (
    Alert,
    AlertLinks,
    Delivery,
    Notifier,
    Summary,
    SummaryLine,
)
from lambda_forwarder.config import AlertSettings, Settings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.model import Document, Failure
from lambda_forwarder.sanitize.fingerprint import FINGERPRINT_FIELD

if TYPE_CHECKING:
    import boto3

logger = Logger(child=True)


class AlertOutcome(Struct, frozen=True):
    """What one dispatch did.

    posted: messages delivered (the summary included).
    suppressed: alerting records that got no message of their own: folded into a group's
        count, held back by a cool-down or an issue's window (reported by a later message),
        or listed in the summary.
    failed: messages not delivered, or whose delivery is unknown (sent, no answer).
    store_fallbacks: 1 when the issue store could not be reached and the per-container
        cool-down decided instead.
    For every dispatch: alerting records == individual messages attempted + suppressed.
    """

    posted: int = 0
    suppressed: int = 0
    failed: int = 0
    store_fallbacks: int = 0


class AlertDispatcher:
    """Selects, groups, rate-limits and hands alerts to a notifier; keeps state across
    invocations.

    With an issue tracker (error issues shared by every container, alerts/issues), each group
    speaks when its issue is new, regressed or due an "ongoing" message. Without one, or while
    the tracker's store cannot be reached, the per-container cool-down decides (`store`), and
    each such fallback is counted (`AlertOutcome.store_fallbacks`).
    """

    def __init__(
        self,
        settings: AlertSettings,
        links: LinkBuilder,
        notifier: Notifier,
        *,
        store: CooldownStore | None = None,
        tracker: IssueTracker | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings = settings
        self._links = links
        self._notifier = notifier
        self.store: CooldownStore = store if store is not None else MemoryCooldownStore()
        self.tracker = tracker
        self._clock = clock

    def close(self) -> None:
        self._notifier.close()

    # --- the stage ---------------------------------------------------------------------------

    def dispatch(
        self,
        documents: Sequence[Document],
        deadline: Deadline,
        *,
        not_indexed: Sequence[Failure] = (),
    ) -> AlertOutcome:
        """Alert on the documents at an alerting level; failures are logged and counted.

        `not_indexed` are records that ended in the dead-letter store (the cluster was down, say):
        an error still reaches a human, with what happened to it instead of a link that would
        open nothing.
        """
        unindexed = {id(f.document): f.reason for f in not_indexed if f.document is not None}
        documents = [*documents, *(f.document for f in not_indexed if f.document is not None)]
        try:
            return self._dispatch(documents, deadline, unindexed)
        except Exception as error:  # a bug here must never fail the invocation
            logger.error(
                "alert dispatch failed", extra={"error": type(error).__name__}, exc_info=True
            )
            alerting = sum(1 for d in documents if record_level(d.source) in self._settings.levels)
            return AlertOutcome(posted=0, suppressed=0, failed=1 if alerting else 0)

    def _dispatch(
        self, documents: Sequence[Document], deadline: Deadline, unindexed: dict[int, str]
    ) -> AlertOutcome:
        groups = group_documents(documents, self._settings.levels)
        if not groups:
            return AlertOutcome()
        budget = Deadline.after(min(deadline.remaining(), self._settings.budget_seconds))
        now = self._clock()
        fallbacks = 0
        verdicts: Sequence[Verdict] | None = None
        if self.tracker is not None:
            try:
                verdicts = self.tracker.observe(groups, now, budget)
            except IssueStoreError as error:
                fallbacks = 1
                logger.warning(
                    "issue store unreachable; per-container cool-downs decide",
                    extra={"error": str(error)[:300]},
                )
        if verdicts is not None:
            plan = plan_from_verdicts(verdicts, cap=self._settings.max_messages_per_invocation)
        else:
            plan = plan_alerts(
                groups,
                self.store,
                now=now,
                cooldown=self._settings.cooldown_seconds,
                cap=self._settings.max_messages_per_invocation,
            )
        posted = failed = 0
        for planned in plan.individual:
            alert = self._alert(planned, unindexed)
            delivery = self._notifier.deliver(self._notifier.render(alert), budget)
            self._settle(delivery, (planned,), now, budget)
            posted += delivery.delivered
            failed += not delivery.delivered
        if plan.summarized:
            rendered = self._notifier.render(self._summary(plan))
            delivery = self._notifier.deliver(rendered, budget)
            self._settle(delivery, plan.summarized, now, budget)
            posted += delivery.delivered
            failed += not delivery.delivered
        outcome = AlertOutcome(
            posted=posted, suppressed=plan.suppressed, failed=failed, store_fallbacks=fallbacks
        )
        logger.info(
            "alerts dispatched",
            extra={
                "groups": len(groups),
                "individual": len(plan.individual),
                "summarized": len(plan.summarized),
                "cooling": len(plan.cooling),
                "posted": outcome.posted,
                "suppressed": outcome.suppressed,
                "failed": outcome.failed,
                "issue_store": "fallback" if fallbacks else ("on" if self.tracker else "off"),
            },
        )
        return outcome

    def _settle(
        self, delivery: Delivery, planned: Sequence[Planned], now: float, budget: Deadline
    ) -> None:
        for item in planned:
            if item.verdict is not None and self.tracker is not None:
                self.tracker.settle(item.verdict, delivery, budget)
        if delivery.delivered:
            return
        logger.warning(
            "slack alert not delivered",
            extra={
                "status": str(delivery.status),
                "http_status": delivery.http_status,
                "detail": delivery.detail,
                "attempts": delivery.attempts,
            },
        )
        if delivery.maybe_delivered:
            return  # may be in the channel already: keep the cool-down, never resend
        for item in planned:  # definitely not posted: the next alert reports these records
            if item.verdict is None:
                self.store.release(
                    item.group.fingerprint, item.suppressed_before + item.group.count, now
                )

    # --- messages ----------------------------------------------------------------------------

    def _alert(self, planned: Planned, unindexed: dict[int, str]) -> Alert:
        group = planned.group
        document = group.first
        source = document.source
        at = record_time(document)
        reason = unindexed.get(id(document))
        log_id = source.get("log_id") if reason is None else None
        request_field = next((f for f in ("trace.id", "request_id") if source.get(f)), None)
        log_group = source.get("aws.cloudwatch.log_group") or document.batch.log_group
        log_stream = source.get("aws.cloudwatch.log_stream") or document.batch.log_stream
        issue = planned.verdict.context if planned.verdict is not None else None
        indexed_fp = source.get(FINGERPRINT_FIELD)
        links = AlertLinks(
            view_log=self._links.view_log(str(log_id), at) if log_id else None,
            all_occurrences=(
                self._links.occurrences(str(indexed_fp), issue.first_seen if issue else at, at)
                if indexed_fp and reason is None
                else None
            ),
            request_logs=(
                self._links.request_logs(request_field, str(source[request_field]), at)
                if request_field
                else None
            ),
            cloudwatch=self._links.cloudwatch(
                str(log_group or ""), str(log_stream or ""), at, source.get("cloud.region")
            ),
        )
        return Alert(
            source=source,
            level=group.level,
            at=at,
            count=group.count,
            suppressed_before=planned.suppressed_before,
            links=links,
            note=None if reason is None else _not_indexed_note(reason),
            issue=issue,
        )

    def _summary(self, plan: AlertPlan) -> Summary:
        everything = [p.group for p in (*plan.individual, *plan.summarized)] + list(plan.cooling)
        start = min(g.first_at for g in everything)
        end = max(g.last_at for g in everything)
        lines = [
            SummaryLine(
                service=str(p.group.first.source.get("service.name") or "unknown service"),
                error_type=str(p.group.first.source.get("error.type") or p.group.level),
                message=str(p.group.first.source.get("message") or ""),
                count=p.group.count,
                suppressed_before=p.suppressed_before,
            )
            for p in plan.summarized
        ]
        return Summary(
            lines,
            start=start,
            end=end,
            link=self._links.errors(self._settings.levels, start, end),
            cap=self._settings.max_messages_per_invocation,
        )


def _not_indexed_note(reason: str) -> str:
    return (
        f"Not indexed yet ({reason[:200]}): kept in the dead-letter store; "
        "`forwarder replay` indexes it once the cause is fixed."
    )


def build_dispatcher(
    settings: Settings,
    *,
    session: boto3.Session | None = None,
    clock: Callable[[], float] = time.time,
) -> AlertDispatcher | None:
    """The container's dispatcher, or None when no Slack destination is configured."""
    from lambda_forwarder.alerts.slack import build_slack_notifier

    alerts = settings.alerts
    if not alerts.enabled:
        return None
    links = LinkBuilder(settings.dashboards, settings.region)
    tracker = build_tracker(settings, session=session)
    return AlertDispatcher(
        alerts, links, build_slack_notifier(alerts, session=session), tracker=tracker, clock=clock
    )
