"""Fixtures for the alert tests: documents as the index stage hands them over, and a receiver."""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from lambda_forwarder.model import DATA_MESSAGE, Document, LogBatch, LogEvent

_EVENT_IDS = itertools.count(36_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000)

LOG_GROUP = "/aws/lambda/payments"
LOG_STREAM = "2026/11/25/[$LATEST]0123456789abcdef"


def iso_micros(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def make_document(
    message: str = "charge failed for order 1234",
    *,
    level: str = "error",
    service: str = "payments",
    error_type: str | None = "requests.exceptions.Timeout",
    at: datetime | None = None,
    log_id: str | None = None,
    index: str = "logs-alerts-test",
    **fields: Any,
) -> Document:
    """A sanitized, indexed document with the keys the forwarder writes."""
    at = at or datetime.now(UTC)
    event_id = str(next(_EVENT_IDS))
    source: dict[str, Any] = {
        "@timestamp": iso_micros(at),
        "log.level": level,
        "message": message,
        "service.name": service,
        "service.environment": "prod",
        "service.version": "1.4.2",
        "log.logger": "payments.charge",
        "log_id": log_id or str(uuid.uuid4()),
        "request_id": "req-" + uuid.uuid4().hex[:12],
        "aws.cloudwatch.log_group": LOG_GROUP,
        "aws.cloudwatch.log_stream": LOG_STREAM,
        "aws.cloudwatch.event_id": event_id,
        "cloud.region": "eu-west-1",
        "cloud.account.id": "123456789012",
        "event.original_format": "emitter",
    }
    if error_type:
        source["error.type"] = error_type
        source["error.message"] = "read timed out (timeout=30)"
        source["error.stack_trace"] = (
            "Traceback (most recent call last):\n"
            '  File "/var/task/payments/charge.py", line 42, in charge\n'
            "    response = session.post(url, json=body, timeout=30)\n"
            f"{error_type}: read timed out (timeout=30)"
        )
    for key, value in fields.items():
        key = key.replace("__", ".")
        if value is None:
            source.pop(key, None)
        else:
            source[key] = value
    millis = int(at.timestamp() * 1000)
    event = LogEvent(id=event_id, timestamp=millis, message=json.dumps(source))
    batch = LogBatch(
        message_type=DATA_MESSAGE,
        owner="123456789012",
        log_group=LOG_GROUP,
        log_stream=LOG_STREAM,
        events=(event,),
    )
    return Document(doc_id=event_id, index=index, source=source, event=event, batch=batch)


@pytest.fixture
def document_factory() -> Callable[..., Document]:
    return make_document


class FakeClock:
    """Wall-clock seconds that tests move by hand."""

    def __init__(self, start: float = 1_795_600_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
