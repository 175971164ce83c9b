"""Webhook delivery against a real loopback receiver: 200, 429, 5xx, 4xx, hangs, resets, stale
connections. Bounds on time are generous multiples of the budget, never tight timings."""

from __future__ import annotations

import socket
import time

import pytest

from devtools.slack_receiver import (
    Hang,
    RateLimited,
    Reply,
    Reset,
    ServerError,
    SlackReceiver,
)
from lambda_forwarder.alerts.slack.webhook import (
    DeliveryStatus,
    WebhookClient,
    parse_retry_after,
)
from lambda_forwarder.deadline import Deadline

MESSAGE = {"text": "Error in payments", "blocks": [{"type": "divider"}]}


def client(url: str, **kwargs: object) -> WebhookClient:
    kwargs.setdefault("timeout", 1.0)
    return WebhookClient(url, **kwargs)  # type: ignore[arg-type]


def test_ok(receiver: SlackReceiver) -> None:
    delivery = client(receiver.url).post(MESSAGE, Deadline.after(5))
    assert delivery.status is DeliveryStatus.DELIVERED and delivery.attempts == 1
    assert receiver.messages == [MESSAGE]


def test_429_honours_retry_after_and_never_duplicates(receiver: SlackReceiver) -> None:
    """429 means not posted: wait Retry-After, send again; the channel gets it exactly once."""
    receiver.respond(RateLimited(retry_after=0.5))
    started = time.monotonic()
    delivery = client(receiver.url).post(MESSAGE, Deadline.after(5))
    elapsed = time.monotonic() - started
    assert delivery.status is DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert elapsed >= 0.5  # it did wait
    assert len(receiver.requests) == 2 and receiver.messages == [MESSAGE]


def test_429_beyond_budget_gives_up_without_waiting(receiver: SlackReceiver) -> None:
    """A Retry-After longer than the budget fails at once and holds back the next post too."""
    receiver.respond(RateLimited(retry_after=60))
    webhook = client(receiver.url)
    started = time.monotonic()
    first = webhook.post(MESSAGE, Deadline.after(2))
    second = webhook.post(MESSAGE, Deadline.after(2))
    assert first.status is DeliveryStatus.FAILED and first.http_status == 429
    assert second.status is DeliveryStatus.FAILED and second.attempts == 0
    assert time.monotonic() - started < 2  # no sleeping through a wait that cannot fit
    assert len(receiver.requests) == 1 and receiver.messages == []


def test_5xx_retried_a_little(receiver: SlackReceiver) -> None:
    receiver.respond(ServerError(500), ServerError(503, "service_unavailable"))
    delivery = client(receiver.url).post(MESSAGE, Deadline.after(10))
    assert delivery.status is DeliveryStatus.DELIVERED and delivery.attempts == 3
    assert receiver.messages == [MESSAGE]


def test_5xx_persisting_fails(receiver: SlackReceiver) -> None:
    receiver.set_default(ServerError(500))
    delivery = client(receiver.url, server_error_retries=2).post(MESSAGE, Deadline.after(10))
    assert delivery.status is DeliveryStatus.FAILED and delivery.attempts == 3
    assert delivery.http_status == 500 and delivery.detail == "rollup_error"


@pytest.mark.parametrize(
    ("reply", "detail"),
    [
        (Reply(404, "channel_not_found"), "channel_not_found"),
        (Reply(410, "channel_is_archived"), "channel_is_archived"),
        (Reply(403, "action_prohibited"), "action_prohibited"),
    ],
)
def test_4xx_rejected_not_retried(receiver: SlackReceiver, reply: Reply, detail: str) -> None:
    receiver.respond(reply)
    delivery = client(receiver.url).post(MESSAGE, Deadline.after(5))
    assert delivery.status is DeliveryStatus.REJECTED and delivery.detail == detail
    assert len(receiver.requests) == 1


def test_invalid_payload_rejected(receiver: SlackReceiver) -> None:
    """The receiver enforces Slack's limits: a 151-character header is invalid_blocks."""
    bad = {
        "text": "x",
        "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
    }
    delivery = client(receiver.url).post(bad, Deadline.after(5))
    assert delivery.status is DeliveryStatus.REJECTED and delivery.detail == "invalid_blocks"
    assert receiver.rejected and receiver.messages == []


def test_hang_is_bounded_and_not_resent(receiver: SlackReceiver) -> None:
    """A webhook that never answers costs at most the budget; the message is not sent twice."""
    receiver.respond(Hang(30))
    started = time.monotonic()
    delivery = client(receiver.url, timeout=3.0).post(MESSAGE, Deadline.after(1.0))
    elapsed = time.monotonic() - started
    assert delivery.status is DeliveryStatus.UNKNOWN
    assert elapsed < 5 * 1.0
    assert len(receiver.requests) == 1  # it may have been posted: never resent


def test_reset_after_send_is_unknown_and_not_resent(receiver: SlackReceiver) -> None:
    receiver.respond(Reset())
    delivery = client(receiver.url).post(MESSAGE, Deadline.after(5))
    assert delivery.status is DeliveryStatus.UNKNOWN
    assert len(receiver.requests) == 1


def test_no_listener_is_failed_not_unknown() -> None:
    """Connection refused: nothing was sent, so it is a definite failure."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    delivery = client(f"http://127.0.0.1:{port}/services/x", server_error_retries=1).post(
        MESSAGE, Deadline.after(5)
    )
    assert delivery.status is DeliveryStatus.FAILED and delivery.attempts == 2


def test_no_time_no_request(receiver: SlackReceiver) -> None:
    delivery = client(receiver.url).post(MESSAGE, Deadline.after(0))
    assert delivery.status is DeliveryStatus.FAILED and delivery.attempts == 0
    assert receiver.requests == []


class FakeTime:
    def __init__(self) -> None:
        self.mono = 1000.0
        self.wall = 1_795_600_000.0

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += seconds


def test_burst_reuses_one_connection_idle_gets_a_fresh_one(receiver: SlackReceiver) -> None:
    """Within the idle window posts share a connection; after it, a new one is opened."""
    now = FakeTime()
    webhook = client(
        receiver.url, idle_reconnect_seconds=30, monotonic=lambda: now.mono, wall=lambda: now.wall
    )
    for _ in range(3):
        assert webhook.post(MESSAGE, Deadline.after(5)).delivered
    assert receiver.connections == 1
    now.advance(31)
    assert webhook.post(MESSAGE, Deadline.after(5)).delivered
    assert receiver.connections == 2


def test_frozen_monotonic_clock_still_counts_as_idle(receiver: SlackReceiver) -> None:
    """A thawed sandbox whose monotonic clock did not move is caught by the wall clock."""
    now = FakeTime()
    webhook = client(
        receiver.url, idle_reconnect_seconds=30, monotonic=lambda: now.mono, wall=lambda: now.wall
    )
    assert webhook.post(MESSAGE, Deadline.after(5)).delivered
    now.wall += 600  # only the wall clock moved
    assert webhook.post(MESSAGE, Deadline.after(5)).delivered
    assert receiver.connections == 2


def test_half_dead_keepalive_connection_is_never_used(receiver: SlackReceiver) -> None:
    """The seed's 30 s hangs: a pooled connection that silently died. After the idle window the
    client opens a fresh connection, so the alert goes out instead of into a black hole."""
    now = FakeTime()
    webhook = client(
        receiver.url,
        timeout=1.0,
        idle_reconnect_seconds=30,
        monotonic=lambda: now.mono,
        wall=lambda: now.wall,
    )
    assert webhook.post(MESSAGE, Deadline.after(5)).delivered
    assert receiver.blackhole_open_connections() == 1
    now.advance(300)  # a frozen sandbox, a NAT idle drop
    delivery = webhook.post(MESSAGE, Deadline.after(5))
    assert delivery.status is DeliveryStatus.DELIVERED
    assert len(receiver.messages) == 2


def test_half_dead_connection_without_recycling_loses_the_alert(receiver: SlackReceiver) -> None:
    """The control: reusing the dead connection ends in UNKNOWN after the read timeout, which
    is why recycling, not the timeout, is the cure."""
    webhook = client(receiver.url, timeout=0.5, idle_reconnect_seconds=1e9)
    assert webhook.post(MESSAGE, Deadline.after(5)).delivered
    receiver.blackhole_open_connections()
    delivery = webhook.post(MESSAGE, Deadline.after(5))
    assert delivery.status is DeliveryStatus.UNKNOWN
    assert len(receiver.messages) == 1


def test_url_never_in_repr(receiver: SlackReceiver) -> None:
    assert "services" not in repr(client(receiver.url))


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("2", 2.0), ("0.5", 0.5), (None, 1.0), ("junk", 1.0), ("-3", 0.0)],
)
def test_parse_retry_after(header: str | None, seconds: float) -> None:
    assert parse_retry_after(header) == seconds


def test_parse_retry_after_http_date() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 25, 10, 0, 0, tzinfo=UTC).timestamp()
    assert parse_retry_after("Wed, 25 Nov 2026 10:00:10 GMT", now=now) == 10.0
