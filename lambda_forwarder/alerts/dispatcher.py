"""The alert stage: indexed documents in, Slack messages out, counts back. Never raises.

The handler builds one dispatcher per container (`build_dispatcher`) and keeps it across
invocations: it owns the in-memory cool-downs and the webhook connections. Runs after indexing,
so every "View Full Log" link already works when clicked; its time is bounded by the smaller of
the invocation's deadline and `AlertSettings.budget_seconds`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger

from lambda_forwarder.alerts.cooldown import (
    CooldownStore,
    DynamoCooldownStore,
    FallbackCooldownStore,
    MemoryCooldownStore,
)
from lambda_forwarder.alerts.links import LinkBuilder
from lambda_forwarder.alerts.message import AlertLinks, SummaryLine, build_alert, build_summary
from lambda_forwarder.alerts.noise import (
    AlertPlan,
    Planned,
    group_documents,
    plan_alerts,
    record_time,
)
from lambda_forwarder.alerts.secrets import WebhookUrlSource
from lambda_forwarder.alerts.webhook import Delivery, DeliveryStatus, WebhookClient
from lambda_forwarder.config import AlertSettings, Settings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.errors import SecretError
from lambda_forwarder.model import Document, Failure

if TYPE_CHECKING:
    import boto3

logger = Logger(child=True)

MAIN, CRITICAL = "main", "critical"


@dataclass(frozen=True, slots=True)
class AlertOutcome:
    """What one dispatch did.

    posted: Slack messages delivered (the summary included).
    suppressed: alerting records that got no message of their own: folded into a group's
        count, held back by a cool-down (reported by the next alert), or listed in the summary.
    failed: messages not delivered, or whose delivery is unknown (sent, no answer).
    For every dispatch: alerting records == individual messages attempted + suppressed.
    """

    posted: int = 0
    suppressed: int = 0
    failed: int = 0


class AlertDispatcher:
    """Selects, groups, rate-limits and delivers alerts; keeps state across invocations."""

    def __init__(
        self,
        settings: AlertSettings,
        links: LinkBuilder,
        *,
        main: WebhookUrlSource,
        critical: WebhookUrlSource | None = None,
        store: CooldownStore | None = None,
        clock: Callable[[], float] = time.time,
        client_factory: Callable[[str], WebhookClient] | None = None,
    ) -> None:
        self._settings = settings
        self._links = links
        self._sources = {MAIN: main, **({CRITICAL: critical} if critical else {})}
        self.store: CooldownStore = store if store is not None else MemoryCooldownStore()
        self._clock = clock
        self._client_factory = client_factory or self._default_client
        self._clients: dict[str, tuple[str, WebhookClient]] = {}  # target -> (url, client)

    def _default_client(self, url: str) -> WebhookClient:
        return WebhookClient(
            url,
            timeout=self._settings.http_timeout_seconds,
            idle_reconnect_seconds=self._settings.idle_reconnect_seconds,
        )

    def close(self) -> None:
        for _, client in self._clients.values():
            client.close()
        self._clients.clear()

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
            alerting = sum(
                1
                for d in documents
                if str(d.source.get("log.level", "")).lower() in self._settings.levels
            )
            return AlertOutcome(posted=0, suppressed=0, failed=1 if alerting else 0)

    def _dispatch(
        self, documents: Sequence[Document], deadline: Deadline, unindexed: dict[int, str]
    ) -> AlertOutcome:
        groups = group_documents(documents, self._settings.levels)
        if not groups:
            return AlertOutcome()
        budget = Deadline.after(min(deadline.remaining(), self._settings.budget_seconds))
        now = self._clock()
        plan = plan_alerts(
            groups,
            self.store,
            now=now,
            cooldown=self._settings.cooldown_seconds,
            cap=self._settings.max_messages_per_invocation,
        )
        urls: dict[str, str | SecretError] = {}
        posted = failed = 0
        for planned in plan.individual:
            target = (
                CRITICAL
                if planned.group.level == "critical" and CRITICAL in self._sources
                else MAIN
            )
            delivery = self._send(
                target, lambda p=planned: self._alert_payload(p, unindexed), budget, urls
            )
            self._settle(delivery, (planned,), now, target)
            posted += delivery.delivered
            failed += not delivery.delivered
        if plan.summarized:
            delivery = self._send(MAIN, lambda: self._summary_payload(plan), budget, urls)
            self._settle(delivery, plan.summarized, now, MAIN)
            posted += delivery.delivered
            failed += not delivery.delivered
        outcome = AlertOutcome(posted=posted, suppressed=plan.suppressed, failed=failed)
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
            },
        )
        return outcome

    def _settle(
        self, delivery: Delivery, planned: Sequence[Planned], now: float, target: str
    ) -> None:
        if delivery.delivered:
            return
        logger.warning(
            "slack alert not delivered",
            extra={
                "webhook": target,
                "status": str(delivery.status),
                "http_status": delivery.http_status,
                "detail": delivery.detail,
                "attempts": delivery.attempts,
            },
        )
        if delivery.maybe_delivered:
            return  # may be in the channel already: keep the cool-down, never resend
        for item in planned:  # definitely not posted: the next alert reports these records
            self.store.release(
                item.group.fingerprint, item.suppressed_before + item.group.count, now
            )

    # --- delivery ----------------------------------------------------------------------------

    def _resolve(self, target: str, urls: dict[str, str | SecretError]) -> str | SecretError:
        if target not in urls:
            try:
                urls[target] = self._sources[target].resolve()
            except SecretError as error:
                logger.error(
                    "slack webhook URL unavailable", extra={"webhook": target, "error": str(error)}
                )
                urls[target] = error
        return urls[target]

    def _client(self, target: str, url: str) -> WebhookClient:
        known = self._clients.get(target)
        if known is not None and known[0] == url:
            return known[1]
        if known is not None:  # the secret was rotated
            known[1].close()
        client = self._client_factory(url)
        self._clients[target] = (url, client)
        return client

    def _send(
        self,
        target: str,
        build: Callable[[], dict[str, Any]],
        budget: Deadline,
        urls: dict[str, str | SecretError],
    ) -> Delivery:
        url = self._resolve(target, urls)
        if isinstance(url, SecretError) and target == CRITICAL:
            target, url = MAIN, self._resolve(MAIN, urls)  # a critical error still gets out
        if isinstance(url, SecretError):
            return Delivery(DeliveryStatus.FAILED, 0, None, "webhook URL unavailable")
        if budget.expired():
            return Delivery(DeliveryStatus.FAILED, 0, None, "alert budget spent")
        return self._client(target, url).post(build(), budget)

    # --- payloads ----------------------------------------------------------------------------

    def _alert_payload(self, planned: Planned, unindexed: dict[int, str]) -> dict[str, Any]:
        group = planned.group
        document = group.first
        source = document.source
        at = record_time(document)
        reason = unindexed.get(id(document))
        log_id = source.get("log_id") if reason is None else None
        request_field = next((f for f in ("trace.id", "request_id") if source.get(f)), None)
        log_group = source.get("aws.cloudwatch.log_group") or document.batch.log_group
        log_stream = source.get("aws.cloudwatch.log_stream") or document.batch.log_stream
        links = AlertLinks(
            view_log=self._links.view_log(str(log_id), at) if log_id else None,
            request_logs=(
                self._links.request_logs(request_field, str(source[request_field]), at)
                if request_field
                else None
            ),
            cloudwatch=self._links.cloudwatch(
                str(log_group or ""), str(log_stream or ""), at, source.get("cloud.region")
            ),
        )
        return build_alert(
            source,
            level=group.level,
            at=at,
            count=group.count,
            suppressed_before=planned.suppressed_before,
            links=links,
            mention=self._settings.critical_mention,
            note=None if reason is None else _not_indexed_note(reason),
        )

    def _summary_payload(self, plan: AlertPlan) -> dict[str, Any]:
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
        return build_summary(
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
    settings: Settings, *, session: boto3.Session | None = None
) -> AlertDispatcher | None:
    """The container's dispatcher, or None when no webhook is configured."""
    alerts = settings.alerts
    if not alerts.enabled:
        return None
    main = WebhookUrlSource(
        url=alerts.webhook_url,
        secret_arn=alerts.webhook_secret_arn,
        max_age=alerts.secret_max_age_seconds,
        session=session,
    )
    critical = None
    if alerts.critical_webhook_url or alerts.critical_webhook_secret_arn:
        critical = WebhookUrlSource(
            url=alerts.critical_webhook_url,
            secret_arn=alerts.critical_webhook_secret_arn,
            max_age=alerts.secret_max_age_seconds,
            session=session,
        )
    memory = MemoryCooldownStore()
    store: CooldownStore = memory
    if alerts.dedup_table:
        shared = DynamoCooldownStore.from_session(alerts.dedup_table, session)
        store = FallbackCooldownStore(shared, memory)
    links = LinkBuilder(settings.dashboards, settings.region)
    return AlertDispatcher(alerts, links, main=main, critical=critical, store=store)
