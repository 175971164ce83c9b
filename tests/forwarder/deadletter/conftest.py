"""Letters and moto-backed AWS clients for the dead-letter tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lambda_forwarder.model import DeadLetter, LogEvent

REGION = "us-east-1"


def make_letter(events: int = 2, message: str = "boom", reason: str = "index: 400") -> DeadLetter:
    return DeadLetter(
        reason=reason,
        stage="index",
        owner="123456789012",
        log_group="/aws/lambda/checkout",
        log_stream="2026/11/25/[$LATEST]abc",
        events=tuple(
            LogEvent(
                id=f"3800000000000000000000000000000000000000000000000000{n:04d}",
                timestamp=1_764_065_226_000 + n,
                message=f"{message} {n}",
            )
            for n in range(events)
        ),
    )


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A boto3 session inside moto's mock (no real AWS reachable, fake credentials)."""
    import boto3
    from moto import mock_aws

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        yield boto3.Session(region_name=REGION)
