"""The S3 store, against moto."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from lambda_forwarder.config import DeadLetterSettings
from lambda_forwarder.deadletter import build_store
from lambda_forwarder.deadletter.s3 import S3Store
from lambda_forwarder.errors import DeadLetterError
from tests.forwarder.deadletter.conftest import make_letter


def test_put_writes_one_encrypted_object_under_a_dated_key(aws: Any) -> None:
    """One put, one JSON Lines object at prefix/YYYY/MM/DD/HH/<uuid>.json, SSE on."""
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="dead")
    store = S3Store("dead", s3, "letters", clock=lambda: datetime(2026, 11, 25, 7, 5, tzinfo=UTC))
    store.put([make_letter(events=2), make_letter(events=1)])

    [entry] = s3.list_objects_v2(Bucket="dead")["Contents"]
    key = entry["Key"]
    assert key.startswith("letters/2026/11/25/07/") and key.endswith(".json")
    head = s3.head_object(Bucket="dead", Key=key)
    assert head["ServerSideEncryption"] == "AES256"
    body = s3.get_object(Bucket="dead", Key=key)["Body"].read().decode()
    assert len(body.splitlines()) == 2


def test_round_trip_through_read_and_delete(aws: Any) -> None:
    """build_store gives an S3 store whose letters come back whole and can be deleted."""
    aws.client("s3").create_bucket(Bucket="dead")
    store = build_store(DeadLetterSettings(bucket="dead"), session=aws)
    first, second = [make_letter(events=3)], [make_letter(events=1, reason="deadline")]
    store.put(first)
    store.put(second)

    stored = list(store.read())
    assert sorted((s.letters for s in stored), key=repr) == sorted(
        [tuple(first), tuple(second)], key=repr
    )
    assert all(s.location.startswith("s3://dead/dead-letters/") for s in stored)
    assert len(list(store.read(limit=1))) == 1

    for item in stored:
        store.delete(item)
    assert list(store.read()) == []


def test_missing_bucket_raises_dead_letter_error(aws: Any) -> None:
    """A bucket that does not exist fails loudly, so the invocation fails and keeps the event."""
    store = build_store(DeadLetterSettings(bucket="no-such-bucket"), session=aws)
    with pytest.raises(DeadLetterError) as caught:
        store.put([make_letter()])
    assert caught.value.target == "s3://no-such-bucket/dead-letters/"
    assert "NoSuchBucket" in caught.value.reason


def test_messages_are_stored_as_received(aws: Any) -> None:
    """The store keeps the event message byte for byte (no re-encoding, no redaction)."""
    aws.client("s3").create_bucket(Bucket="dead")
    store = build_store(DeadLetterSettings(bucket="dead", prefix="p/"), session=aws)
    letter = make_letter(events=1, message='{"msg": "é\\u0000 \\"quoted\\"", "n": 1}')
    store.put([letter])
    [stored] = list(store.read())
    assert stored.letters[0].events[0].message == letter.events[0].message
