"""The webhook URL from Secrets Manager (moto) or the environment; never logged."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from lambda_forwarder.alerts.slack.secrets import WebhookUrlSource, parse_webhook_secret
from lambda_forwarder.errors import SecretError

URL = "https://hooks.slack.com/services/T0AAA/B0BBB/s3cretpart"


@pytest.fixture
def session() -> Iterator[boto3.Session]:
    with mock_aws():
        yield boto3.Session(region_name="eu-west-1")


def make_secret(session: boto3.Session, name: str, **value: object) -> str:
    return session.client("secretsmanager").create_secret(Name=name, **value)["ARN"]


@pytest.mark.parametrize(
    "value",
    [
        {"SecretString": URL},
        {"SecretString": f'{{"url": "{URL}"}}'},
        {"SecretBinary": URL.encode()},
    ],
)
def test_secret_forms(session: boto3.Session, value: dict) -> None:
    """Plain URL, JSON {"url": ...} and binary secrets all resolve to the URL."""
    arn = make_secret(session, "slack-webhook", **value)
    source = WebhookUrlSource(url=None, secret_arn=arn, session=session)
    assert source.resolve() == URL


def test_cached_for_max_age(session: boto3.Session) -> None:
    """A warm container reads the secret once per max_age (Powertools cache)."""
    arn = make_secret(session, "slack-webhook", SecretString=URL)
    source = WebhookUrlSource(url=None, secret_arn=arn, session=session, max_age=300)
    assert source.resolve() == URL
    session.client("secretsmanager").put_secret_value(SecretId=arn, SecretString=URL + "x")
    assert source.resolve() == URL
    fresh = WebhookUrlSource(url=None, secret_arn=arn, session=session, max_age=0)
    assert fresh.resolve() == URL + "x"


def test_missing_secret_is_a_clear_error_without_value(session: boto3.Session) -> None:
    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:nope"
    with pytest.raises(SecretError) as caught:
        WebhookUrlSource(url=None, secret_arn=arn, session=session).resolve()
    assert caught.value.source == arn and "cannot read the secret" in str(caught.value)


@pytest.mark.parametrize(
    "value",
    ["not a url", '{"webhook": "x"}', '{"url": 3}', "{broken", "ftp://x/y", '["x"]'],
)
def test_unusable_values(value: str) -> None:
    """A bad secret names its source and the problem, never the value."""
    with pytest.raises(SecretError) as caught:
        parse_webhook_secret(value, "arn:secret")
    assert value not in str(caught.value)


def test_environment_url_wins_and_is_never_shown(caplog: pytest.LogCaptureFixture) -> None:
    source = WebhookUrlSource(url=URL, secret_arn="arn:x")
    caplog.set_level(logging.DEBUG)
    assert source.resolve() == URL
    assert "s3cretpart" not in repr(source) and "s3cretpart" not in source.description
    assert "s3cretpart" not in caplog.text


def test_webhook_key_alias() -> None:
    assert parse_webhook_secret(f'{{"webhook_url": "{URL}"}}', "arn") == URL
