"""Slack: the notifier behind the dispatcher. Block Kit rendering, routing, delivery.

Destinations are incoming webhooks (`webhook.py`) or, in app mode, channels through the Web
API (`app.py`), which have threads: an issue's later messages are replies under its first one,
whose counts are refreshed in place. Routing picks one per message: a critical error goes to
the critical destination when there is one, else the first route whose service glob matches
(a webhook or a channel), else the main destination (app mode's channel, or the webhook).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from aws_lambda_powertools import Logger
from msgspec import Struct

from lambda_forwarder.alerts.notifier import (
    Alert,
    Delivery,
    DeliveryStatus,
    IssueKind,
    Rendered,
    Summary,
)
from lambda_forwarder.alerts.slack.app import AppDestination
from lambda_forwarder.alerts.slack.blocks import build_alert, build_summary
from lambda_forwarder.alerts.slack.secrets import BotTokenSource, WebhookUrlSource
from lambda_forwarder.alerts.slack.webhook import WebhookClient
from lambda_forwarder.config import AlertSettings, is_channel
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.errors import SecretError

if TYPE_CHECKING:
    import boto3

logger = Logger(child=True)

MAIN, CRITICAL = "main", "critical"


class Destination(Protocol):
    """One place messages go: a webhook, or a channel through the Web API."""

    threads: bool  # whether later occurrences can go under the first message

    def send(
        self,
        payload: dict[str, Any],
        thread: str | None,
        budget: Deadline,
        parent: dict[str, Any] | None = None,
    ) -> Delivery: ...

    def close(self) -> None: ...


class WebhookDestination:
    """An incoming webhook: its URL resolved when first needed, one client per URL."""

    threads = False

    def __init__(
        self,
        source: WebhookUrlSource,
        client_factory: Callable[[str], WebhookClient],
    ) -> None:
        self._source = source
        self._factory = client_factory
        self._client: tuple[str, WebhookClient] | None = None

    def _url(self) -> str | SecretError:
        try:
            return self._source.resolve()
        except SecretError as error:
            logger.error("slack webhook URL unavailable", extra={"error": str(error)})
            return error

    def send(
        self,
        payload: dict[str, Any],
        thread: str | None,
        budget: Deadline,
        parent: dict[str, Any] | None = None,
    ) -> Delivery:
        url = self._url()
        if isinstance(url, SecretError):
            return Delivery(DeliveryStatus.FAILED, 0, None, "webhook URL unavailable")
        if self._client is None or self._client[0] != url:
            if self._client is not None:  # the secret was rotated
                self._client[1].close()
            self._client = (url, self._factory(url))
        return self._client[1].post(payload, budget)

    def available(self) -> bool:
        return not isinstance(self._url(), SecretError)

    def close(self) -> None:
        if self._client is not None:
            self._client[1].close()
            self._client = None


class Route(Struct, frozen=True):
    """Errors of services matching `pattern` (a shell glob) go to `destination`."""

    pattern: str
    destination: str


class SlackNotifier:
    """Renders Block Kit and delivers to the routed destination within the budget."""

    def __init__(
        self,
        destinations: dict[str, Destination],
        *,
        routes: Sequence[Route] = (),
        mention: str | None = None,
    ) -> None:
        if MAIN not in destinations:
            raise ValueError("a main destination is required")
        self._destinations = destinations
        self._routes = tuple(routes)
        self._mention = mention

    def route(self, message: Alert | Summary) -> str:
        """The destination's name for a message (summaries go to the main one)."""
        if isinstance(message, Summary):
            return MAIN
        if message.level == "critical" and CRITICAL in self._destinations:
            return CRITICAL
        service = str(message.source.get("service.name") or "")
        for route in self._routes:
            if fnmatch.fnmatchcase(service, route.pattern):
                return route.destination
        return MAIN

    def render(self, message: Alert | Summary) -> Rendered:
        destination = self.route(message)
        if isinstance(message, Summary):
            payload = build_summary(
                message.lines,
                start=message.start,
                end=message.end,
                link=message.link,
                cap=message.cap,
            )
            return Rendered(destination, payload)
        common: dict[str, Any] = {
            "level": message.level,
            "at": message.at,
            "count": message.count,
            "suppressed_before": message.suppressed_before,
            "links": message.links,
            "mention": self._mention,
            "note": message.note,
            "issue": message.issue,
        }
        payload = build_alert(message.source, **common)
        issue = message.issue
        if issue is None or not self._destinations[destination].threads:
            return Rendered(destination, payload, issue.thread if issue else None)
        if issue.thread is None:  # the issue's first message in a channel: it is the parent
            return Rendered(destination, build_alert(message.source, **common, parent=True))
        if issue.kind is IssueKind.REGRESSED:
            payload["reply_broadcast"] = True  # a regression also shows in the channel
        parent = build_alert(message.source, **common, parent=True)
        return Rendered(destination, payload, issue.thread, parent)

    def deliver(self, rendered: Rendered, budget: Deadline) -> Delivery:
        if budget.expired():
            return Delivery(DeliveryStatus.FAILED, 0, None, "alert budget spent")
        name = rendered.destination
        destination = self._destinations[name]
        if name == CRITICAL:
            webhook = destination if isinstance(destination, WebhookDestination) else None
            if webhook is not None and not webhook.available():
                destination = self._destinations[MAIN]  # a critical error still gets out
        if destination.threads:
            return destination.send(rendered.payload, rendered.thread, budget, rendered.parent)
        payload = rendered.payload
        if "reply_broadcast" in payload:  # rendered for a channel that fell back to a webhook
            payload = {k: v for k, v in payload.items() if k != "reply_broadcast"}
        return destination.send(payload, None, budget)

    def close(self) -> None:
        for destination in self._destinations.values():
            destination.close()


def build_slack_notifier(
    alerts: AlertSettings,
    *,
    session: boto3.Session | None = None,
    client_factory: Callable[[str], WebhookClient] | None = None,
) -> SlackNotifier:
    """The notifier the settings describe: the main destination (app mode's channel, or a
    webhook), the critical webhook, and routes to webhooks or channels."""

    def default_client(url: str) -> WebhookClient:
        return WebhookClient(
            url,
            timeout=alerts.http_timeout_seconds,
            idle_reconnect_seconds=alerts.idle_reconnect_seconds,
        )

    factory = client_factory or default_client

    def webhook(url: str | None, arn: str | None) -> WebhookDestination:
        source = WebhookUrlSource(
            url=url, secret_arn=arn, max_age=alerts.secret_max_age_seconds, session=session
        )
        return WebhookDestination(source, factory)

    token = None
    if alerts.app_mode:
        token = BotTokenSource(
            url=alerts.bot_token,
            secret_arn=alerts.bot_token_secret_arn,
            max_age=alerts.secret_max_age_seconds,
            session=session,
        )

    def channel(name: str) -> AppDestination:
        assert token is not None
        return AppDestination(
            token, name, base_url=alerts.api_url, timeout=alerts.http_timeout_seconds
        )

    destinations: dict[str, Destination] = {
        MAIN: (
            channel(alerts.channel)
            if alerts.app_mode and alerts.channel
            else webhook(alerts.webhook_url, alerts.webhook_secret_arn)
        )
    }
    if alerts.critical_webhook_url or alerts.critical_webhook_secret_arn:
        destinations[CRITICAL] = webhook(
            alerts.critical_webhook_url, alerts.critical_webhook_secret_arn
        )
    routes = []
    for number, (pattern, target) in enumerate(alerts.routes):
        name = f"route-{number}"
        is_arn = target.startswith("arn:")
        if is_channel(target):
            destinations[name] = channel(target)
        else:
            destinations[name] = webhook(None if is_arn else target, target if is_arn else None)
        routes.append(Route(pattern, name))
    return SlackNotifier(destinations, routes=routes, mention=alerts.critical_mention)
