"""Which store `build_store` builds for which settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lambda_forwarder.config import DeadLetterSettings
from lambda_forwarder.deadletter import DeadLetterStore, LocalDirStore, build_store
from lambda_forwarder.deadletter.s3 import S3Store
from lambda_forwarder.deadletter.sqs import SqsStore
from lambda_forwarder.errors import ConfigError


def test_bucket_wins_like_settings_target(aws: Any) -> None:
    """With several targets set, the store is the one `DeadLetterSettings.target` names."""
    settings = DeadLetterSettings(bucket="b", queue_url="https://sqs.us-east-1.amazonaws.com/1/q")
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
