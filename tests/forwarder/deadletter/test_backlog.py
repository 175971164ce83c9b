"""The stores' backlog figures (what the scheduled re-drive publishes) and their age cut, on
moto."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from lambda_forwarder.config import DeadLetterSettings
from lambda_forwarder.deadletter import build_store
from tests.forwarder.deadletter.conftest import make_letter


def letter(n: int) -> Any:
    return make_letter(events=1, message=f"unit {n}")


def test_s3_backlog_and_the_age_cut_without_reading(aws: Any) -> None:
    """A listing gives the count and the oldest time; units before `not_before` are passed over
    unread and counted as expired."""
    aws.client("s3").create_bucket(Bucket="dead")
    store = build_store(DeadLetterSettings(bucket="dead"), session=aws)
    store.put([letter(1)])
    store.put([letter(2)])
    backlog = store.backlog()
    assert backlog.units == 2 and backlog.oldest is not None
    future = datetime.now(UTC) + timedelta(minutes=5)
    assert list(store.read(not_before=future)) == []
    assert store.backlog(older_than=future).expired == 2
    (first, second) = store.read()
    assert first.written_at is not None and first.written_at <= second.written_at


def test_sqs_backlog_counts_visible_and_in_flight(aws: Any) -> None:
    url = aws.client("sqs").create_queue(QueueName="dead")["QueueUrl"]
    store = build_store(DeadLetterSettings(queue_url=url), session=aws)
    store.put([letter(1), letter(2)])
    assert store.backlog().units == 2
    (first, *_) = store.read(limit=1)
    assert first.written_at is not None
    assert store.backlog().units == 2  # one in flight, still stored
    store.delete(first)
    assert store.backlog().units == 1
