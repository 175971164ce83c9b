"""App mode's settings, token secret, routing, and its delivery outcomes against the loopback
receiver (no OpenSearch)."""

from __future__ import annotations

import socket
import time

import boto3
import pytest
from moto import mock_aws

from devtools.slack_receiver import Hang, Reset, SlackReceiver
from lambda_forwarder.alerts.notifier import DeliveryStatus
from lambda_forwarder.alerts.slack import MAIN, build_slack_notifier
from lambda_forwarder.alerts.slack.app import AppDestination, split_thread
from lambda_forwarder.alerts.slack.secrets import BotTokenSource, parse_token_secret
from lambda_forwarder.config import load_settings, read_config
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.errors import ConfigError, SecretError

BASE = {"OPENSEARCH_URL": "http://127.0.0.1:9200", "DEAD_LETTER_DIR": "/tmp/dl"}
TOKEN = "xoxb-1111-2222-abcdefABCDEF"


def problems(**env: str) -> dict[str, str]:
    return {p.variable: p.problem for p in read_config({**BASE, **env}).problems}


def test_app_mode_needs_token_and_channel_both() -> None:
    assert "SLACK_CHANNEL" in problems(SLACK_BOT_TOKEN=TOKEN)
    assert "SLACK_BOT_TOKEN_SECRET_ARN" in problems(SLACK_CHANNEL="C0123ABCD")
    assert problems(SLACK_BOT_TOKEN=TOKEN, SLACK_CHANNEL="C0123ABCD") == {}
    both = problems(
        SLACK_BOT_TOKEN=TOKEN, SLACK_BOT_TOKEN_SECRET_ARN="arn:x", SLACK_CHANNEL="#alerts"
    )
    assert "not both" in both["SLACK_BOT_TOKEN"]


def test_one_main_destination_but_webhooks_may_serve_routes() -> None:
    clash = problems(
        SLACK_BOT_TOKEN=TOKEN, SLACK_CHANNEL="#alerts", SLACK_WEBHOOK_URL="https://hooks.x/y"
    )
    assert "choose one main destination" in clash["SLACK_WEBHOOK_URL"]
    routes = '{"payments-*": "https://hooks.example/T/B/x", "checkout": "#checkout-errors"}'
    assert problems(SLACK_BOT_TOKEN=TOKEN, SLACK_CHANNEL="#alerts", SLACK_ROUTES=routes) == {}
    webhook_only = problems(SLACK_WEBHOOK_URL="https://hooks.x/y", SLACK_ROUTES=routes)
    assert "need app mode" in webhook_only["SLACK_ROUTES"]


def test_secrets_are_masked_and_never_in_repr() -> None:
    effective = read_config({**BASE, "SLACK_BOT_TOKEN": TOKEN, "SLACK_CHANNEL": "C0123ABCD"})
    assert effective.shown("SLACK_BOT_TOKEN") == "********"
    settings = load_settings({**BASE, "SLACK_BOT_TOKEN": TOKEN, "SLACK_CHANNEL": "C0123ABCD"})
    assert TOKEN not in repr(settings)
    assert settings.alerts.app_mode and settings.alerts.enabled
    source = BotTokenSource(url=TOKEN, secret_arn=None)
    destination = AppDestination(source, "C0123ABCD")
    assert TOKEN not in repr(source) + repr(destination)
    with pytest.raises(ConfigError):
        load_settings({**BASE, "SLACK_BOT_TOKEN": TOKEN})


@pytest.mark.parametrize(
    "value", [TOKEN, f'{{"token": "{TOKEN}"}}', f'{{"bot_token": "{TOKEN}"}}', f"  {TOKEN}\n"]
)
def test_token_secret_forms(value: str) -> None:
    assert parse_token_secret(value, "arn:secret") == TOKEN


@pytest.mark.parametrize("value", ["https://hooks.slack.com/x", '{"url": "x"}', "{oops", "xoxb a"])
def test_unusable_token_secrets_never_echo_the_value(value: str) -> None:
    with pytest.raises(SecretError) as raised:
        parse_token_secret(value, "arn:secret")
    assert value.strip() not in str(raised.value) or len(value.strip()) < 5


def test_token_from_secrets_manager(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        session = boto3.Session(region_name="eu-west-1")
        arn = session.client("secretsmanager").create_secret(
            Name="slack-bot", SecretString=f'{{"token": "{TOKEN}"}}'
        )["ARN"]
        assert BotTokenSource(url=None, secret_arn=arn, session=session).resolve() == TOKEN


def test_routes_build_channels_and_webhooks() -> None:
    settings = load_settings(
        {
            **BASE,
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_CHANNEL": "C0ALERTS1",
            "SLACK_ROUTES": '{"payments-*": "https://hooks.example/T/B/x", "checkout": "#co"}',
        }
    )
    notifier = build_slack_notifier(settings.alerts)
    destinations = notifier._destinations
    assert isinstance(destinations[MAIN], AppDestination)
    assert destinations[MAIN].channel == "C0ALERTS1"
    assert not destinations["route-0"].threads
    assert isinstance(destinations["route-1"], AppDestination)
    assert destinations["route-1"].channel == "#co"


def test_split_thread() -> None:
    assert split_thread("C0ALERTS1/1700000001.000002") == ("C0ALERTS1", "1700000001.000002")
    assert split_thread("nonsense") is None


def _app(receiver: SlackReceiver, timeout: float = 1.0) -> AppDestination:
    source = BotTokenSource(url=receiver.token, secret_arn=None)
    return AppDestination(source, "C0ALERTS1", base_url=receiver.api_url, timeout=timeout)


PAYLOAD = {"text": "boom", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}]}


def test_no_answer_is_unknown_within_the_timeout_and_never_resent() -> None:
    """Against the loopback receiver: a hung answer costs the timeout, is UNKNOWN (Slack may
    have posted it) and is sent once; a reset after the request is UNKNOWN too."""
    with SlackReceiver() as receiver:
        receiver.respond(Hang(5))
        started = time.monotonic()
        delivery = _app(receiver).send(dict(PAYLOAD), None, Deadline.after(10))
        assert delivery.status is DeliveryStatus.UNKNOWN
        assert time.monotonic() - started < 3
        receiver.respond(Reset())
        assert _app(receiver).send(dict(PAYLOAD), None, Deadline.after(10)).status is (
            DeliveryStatus.UNKNOWN
        )
        assert len(receiver.calls("chat.postMessage")) == 2


def test_nobody_listening_is_failed_and_a_spent_budget_sends_nothing() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = BotTokenSource(url=TOKEN, secret_arn=None)
    closed = AppDestination(source, "C0ALERTS1", base_url=f"http://127.0.0.1:{port}/api/")
    assert closed.send(dict(PAYLOAD), None, Deadline.after(5)).status is DeliveryStatus.FAILED
    with SlackReceiver() as receiver:
        spent = _app(receiver).send(dict(PAYLOAD), None, Deadline.after(0))
        assert spent.status is DeliveryStatus.FAILED and receiver.requests == []


def test_reply_then_parent_refresh_and_a_deleted_parent_starts_afresh() -> None:
    with SlackReceiver() as receiver:
        app = _app(receiver)
        first = app.send(dict(PAYLOAD), None, Deadline.after(5))
        assert first.delivered and first.thread
        parent = {"text": "parent v2", "blocks": PAYLOAD["blocks"]}
        reply = app.send(dict(PAYLOAD), first.thread, Deadline.after(5), parent)
        assert reply.delivered and reply.thread == first.thread
        (message,) = receiver.channel("C0ALERTS1")
        assert message.payload["text"] == "parent v2" and len(message.replies) == 1
        gone = app.send(dict(PAYLOAD), "C0ALERTS1/1.000001", Deadline.after(5), parent)
        assert gone.delivered and gone.thread != first.thread  # thread_not_found: new parent
        assert len(receiver.channel("C0ALERTS1")) == 2
