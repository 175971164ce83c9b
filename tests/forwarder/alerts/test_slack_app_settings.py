"""App mode's settings, token secret and routing, without a network."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from lambda_forwarder.alerts.slack import MAIN, build_slack_notifier
from lambda_forwarder.alerts.slack.app import AppDestination, split_thread
from lambda_forwarder.alerts.slack.secrets import BotTokenSource, parse_token_secret
from lambda_forwarder.config import load_settings, read_config
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
