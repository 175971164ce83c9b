"""Slack app mode: a channel through the Web API, one thread per error issue.

The first message of an issue is posted with `chat.postMessage`; its `channel/ts` becomes the
issue's thread (stored by the issue tracker). Later messages of the issue (Ongoing, Regressed)
are replies in that thread (`thread_ts`; a Regressed one is also broadcast to the channel), and
the parent is refreshed in place with `chat.update`, so the channel shows one line per issue
with its true counts.

The official `slack_sdk.WebClient` does the Web API: the bearer token, JSON bodies, `ok:false`
as `SlackApiError`. Two things are bounded here, because an invocation has a time budget:

- Rate limits: the SDK's `RateLimitErrorRetryHandler` sleeps whatever `Retry-After` says
  (plus up to a second of jitter). `BudgetRateLimitHandler` lets it retry only when that sleep
  fits in the alert budget; otherwise the message is FAILED (not posted: the issue's claim is
  handed back, the next sighting announces it). Nothing waits past the budget.
- Timeouts: the client's timeout is set before every call to the smaller of
  `SLACK_TIMEOUT_SECONDS` and what the budget has left. The SDK's default connection-error
  retry handler is left out: it also retries after the request was sent, which can post a
  duplicate. A request that got no answer is UNKNOWN and never resent.

The SDK opens a connection per call (urllib), so the stale keep-alive trouble the webhook
client works around (webhook.py) cannot happen here; the price is a handshake per message.
"""

from __future__ import annotations

import math
import urllib.error
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from lambda_forwarder.alerts.notifier import Delivery, DeliveryStatus
from lambda_forwarder.alerts.slack.secrets import BotTokenSource
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.errors import SecretError

logger = Logger(child=True)

MIN_ATTEMPT_SECONDS = 0.05
JITTER_SECONDS = 1.0  # the SDK's handler adds up to this to Retry-After
# ok:false errors where retrying cannot help: the payload, the token or the channel is wrong
REJECTING = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "missing_scope",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "msg_too_long",
        "no_text",
        "invalid_blocks",
        "invalid_arguments",
        "too_many_attachments",
    }
)


class BudgetRateLimitHandler(RateLimitErrorRetryHandler):
    """The SDK's rate-limit retry, only while its sleep fits in the current alert budget."""

    def __init__(self, max_retry_count: int = 2) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.budget: Deadline | None = None

    def _can_retry(self, *, state: Any, request: Any, response: Any = None, error: Any = None):
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        wait = _retry_after(response.headers) + JITTER_SECONDS
        return self.budget is not None and wait + MIN_ATTEMPT_SECONDS * 4 < self.budget.remaining()


def _retry_after(headers: Any) -> float:
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            first = value[0] if isinstance(value, list | tuple) else value
            try:
                return max(0.0, float(first))
            except (TypeError, ValueError):
                return 1.0
    return 1.0


def split_thread(thread: str) -> tuple[str, str] | None:
    """`channel/ts` -> (channel, ts), or None when it is not one."""
    channel, _, ts = thread.partition("/")
    return (channel, ts) if channel and ts else None


class AppDestination:
    """A channel through the Web API; threads on. One per channel, kept for the container."""

    threads = True

    def __init__(
        self,
        token: BotTokenSource,
        channel: str,
        *,
        base_url: str = "https://slack.com/api/",
        timeout: float = 3.0,
        client_factory: Callable[..., WebClient] = WebClient,
    ) -> None:
        self._token = token
        self._channel = channel
        self._base_url = base_url if base_url.endswith("/") else f"{base_url}/"
        self._timeout = timeout
        self._factory = client_factory
        self._client: tuple[str, WebClient] | None = None
        self._rate_limits = BudgetRateLimitHandler()

    def __repr__(self) -> str:  # never the token
        return f"AppDestination(channel={self._channel!r})"

    @property
    def channel(self) -> str:
        return self._channel

    def _web(self) -> WebClient | SecretError:
        try:
            token = self._token.resolve()
        except SecretError as error:
            logger.error("slack bot token unavailable", extra={"error": str(error)})
            return error
        if self._client is None or self._client[0] != token:  # first use, or rotated
            client = self._factory(
                token=token,
                base_url=self._base_url,
                timeout=math.ceil(self._timeout),
                retry_handlers=[self._rate_limits],
            )
            self._client = (token, client)
        return self._client[1]

    def send(
        self,
        payload: dict[str, Any],
        thread: str | None,
        budget: Deadline,
        parent: dict[str, Any] | None = None,
    ) -> Delivery:
        """Post `payload` (a reply when `thread` names the issue's message), then refresh
        the parent with `parent`; the delivery is the post's, the refresh is best effort."""
        client = self._web()
        if isinstance(client, SecretError):
            return Delivery(DeliveryStatus.FAILED, 0, None, "bot token unavailable")
        payload = dict(payload)
        broadcast = bool(payload.pop("reply_broadcast", False))
        where = split_thread(thread) if thread else None
        if where is None:
            return self._call(client, "chat_postMessage", budget, channel=self._channel, **payload)
        channel, ts = where
        delivery = self._call(
            client,
            "chat_postMessage",
            budget,
            channel=channel,
            thread_ts=ts,
            reply_broadcast=broadcast or None,
            **payload,
        )
        if delivery.detail == "thread_not_found":  # the parent was deleted: start afresh
            return self._call(client, "chat_postMessage", budget, channel=self._channel, **payload)
        if delivery.delivered and parent is not None:
            refreshed = self._call(client, "chat_update", budget, channel=channel, ts=ts, **parent)
            if not refreshed.delivered:
                logger.warning(
                    "slack issue message not refreshed",
                    extra={"status": str(refreshed.status), "detail": refreshed.detail},
                )
            return Delivery(
                delivery.status,
                delivery.attempts + refreshed.attempts,
                delivery.http_status,
                delivery.detail if refreshed.delivered else f"reply ok; parent {refreshed.detail}",
                thread,
            )
        return Delivery(
            delivery.status, delivery.attempts, delivery.http_status, delivery.detail, thread
        )

    def _call(self, client: WebClient, method: str, budget: Deadline, **args: Any) -> Delivery:
        remaining = budget.remaining()
        if remaining < MIN_ATTEMPT_SECONDS:
            return Delivery(DeliveryStatus.FAILED, 0, None, "no time left")
        client.timeout = min(self._timeout, remaining)  # type: ignore[assignment]
        self._rate_limits.budget = budget
        try:
            answer = getattr(client, method)(**{k: v for k, v in args.items() if v is not None})
        except SlackApiError as error:
            return _refused(error)
        except urllib.error.URLError as error:  # raised before the request was sent
            return Delivery(DeliveryStatus.FAILED, 1, None, f"no connection: {error.reason}")
        except (OSError, SlackClientError, ValueError) as error:  # sent, no (usable) answer
            return Delivery(DeliveryStatus.UNKNOWN, 1, None, f"no answer: {type(error).__name__}")
        finally:
            self._rate_limits.budget = None
        channel, ts = answer.get("channel"), answer.get("ts")
        thread = f"{channel}/{ts}" if channel and ts else None
        return Delivery(DeliveryStatus.DELIVERED, 1, answer.status_code, "ok", thread)

    def close(self) -> None:
        self._client = None


def _refused(error: SlackApiError) -> Delivery:
    """A Web API answer with `ok: false` (or a non-JSON one) as a delivery outcome."""
    response = error.response
    status = getattr(response, "status_code", None)
    data = getattr(response, "data", None)
    code = str(data.get("error") if isinstance(data, dict) else data or "")[:100]
    if status == 429 or code == "ratelimited":
        return Delivery(DeliveryStatus.FAILED, 1, status, "ratelimited")
    if code in REJECTING or code in ("message_not_found", "thread_not_found"):
        return Delivery(DeliveryStatus.REJECTED, 1, status, code)
    return Delivery(DeliveryStatus.FAILED, 1, status, code or f"http {status}")
