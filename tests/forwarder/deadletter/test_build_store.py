"""Which store `build_store` builds for which settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lambda_forwarder.config import DeadLetterSettings
from lambda_forwarder.deadletter import DeadLetterStore, LocalDirStore, build_store
from lambda_forwarder.deadletter.s3 import S3Store
from lambda_forwarder.deadletter.sqs import SQS_MAX_BYTES, SqsStore
from lambda_forwarder.errors import ConfigError
from tests.forwarder.deadletter.conftest import make_letter


def test_queue_with_bucket_sends_large_events_to_the_bucket(aws: Any) -> None:
    """A queue and a bucket: letters in SQS, an event too large for a message in S3, whole."""
    aws.client("s3").create_bucket(Bucket="overflow")
    url = aws.client("sqs").create_queue(QueueName="letters")["QueueUrl"]
    settings = DeadLetterSettings(bucket="overflow", queue_url=url)
    store = build_store(settings, session=aws)
    assert isinstance(store, SqsStore)
    small = make_letter(events=2, message="small")
    huge = make_letter(events=1, message="z" * (SQS_MAX_BYTES + 10), reason="huge")
    store.put([small, huge])
    assert [stored.letters[0] for stored in store.read()] == [small]
    bucket = build_store(DeadLetterSettings(bucket="overflow"), session=aws)
    assert [stored.letters for stored in bucket.read()] == [(huge,)]


def test_bucket(aws: Any) -> None:
    settings = DeadLetterSettings(bucket="b")
    store = build_store(settings, session=aws)
    assert isinstance(store, S3Store)
    assert store.target == settings.target


def test_queue(aws: Any) -> None:
    settings = DeadLetterSettings(queue_url="https://sqs.eu-west-1.amazonaws.com/1/q")
    store = build_store(settings, session=aws)
    assert isinstance(store, SqsStore)
    assert store.target == settings.target


def test_directory(tmp_path: Path) -> None:
    store = build_store(DeadLetterSettings(directory=str(tmp_path)))
    assert isinstance(store, LocalDirStore)
    assert isinstance(store, DeadLetterStore)
    assert store.target == f"file://{tmp_path}"


def test_nothing_configured_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        build_store(DeadLetterSettings())
