"""The SQS store, against moto: one message per letter, split to fit, never truncated."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lambda_forwarder.config import DeadLetterSettings
from lambda_forwarder.deadletter import build_store
from lambda_forwarder.deadletter.codec import to_json
from lambda_forwarder.deadletter.s3 import S3Store
from lambda_forwarder.deadletter.sqs import SQS_MAX_BYTES, SqsStore, split_letter
from lambda_forwarder.errors import DeadLetterError
from lambda_forwarder.model import DeadLetter
from tests.forwarder.deadletter.conftest import make_letter


def _queue(aws: Any) -> tuple[Any, str]:
    sqs = aws.client("sqs")
    return sqs, sqs.create_queue(QueueName="dead")["QueueUrl"]


def _events(letters: list[DeadLetter] | tuple[DeadLetter, ...]) -> list[str]:
    return sorted(event.id for letter in letters for event in letter.events)


def test_round_trip_through_read_and_delete(aws: Any) -> None:
    """Each letter is a message; read gives them back, delete removes them for good."""
    _, url = _queue(aws)
    store = build_store(DeadLetterSettings(queue_url=url), session=aws)
    letters = [make_letter(events=2, reason="a"), make_letter(events=1, reason="b")]
    store.put(letters)

    stored = list(store.read())
    assert sorted((s.letters[0] for s in stored), key=repr) == sorted(letters, key=repr)
    for item in stored:
        store.delete(item)
    # Received messages are hidden for the visibility timeout; deleted ones never come back.
    assert list(SqsStore(url, aws.client("sqs"), visibility_timeout=0, wait_seconds=0).read()) == []


def test_large_letter_is_split_by_events_under_the_limit(aws: Any) -> None:
    """A 600 KiB letter becomes several complete letters, each message under 256 KiB."""
    sqs, url = _queue(aws)
    letter = make_letter(events=60, message="x" * 10_000)
    assert len(to_json(letter)) > 2 * SQS_MAX_BYTES
    store = SqsStore(url, sqs, wait_seconds=0)
    store.put([letter])

    stored = list(store.read())
    assert len(stored) >= 3
    for item in stored:
        assert len(to_json(item.letters[0])) <= SQS_MAX_BYTES
        assert item.letters[0].reason == letter.reason
        assert item.letters[0].log_group == letter.log_group
    assert _events([s.letters[0] for s in stored]) == _events([letter])


def test_split_bodies_respect_a_small_limit_exactly() -> None:
    """Every body is at most the limit and the events are all there, in order."""
    letter = make_letter(events=25, message="y" * 300)
    bodies, oversize = split_letter(letter, 2000)
    assert oversize == []
    assert all(len(body) <= 2000 for body in bodies)
    ids = [event["id"] for body in bodies for event in json.loads(body)["events"]]
    assert ids == [event.id for event in letter.events]


def test_single_event_too_large_without_overflow_raises(aws: Any) -> None:
    """An event that no message can hold is never cut or dropped: put raises."""
    sqs, url = _queue(aws)
    store = SqsStore(url, sqs, wait_seconds=0)
    huge = make_letter(events=1, message="z" * (SQS_MAX_BYTES + 10))
    with pytest.raises(DeadLetterError) as caught:
        store.put([make_letter(events=1), huge])
    assert "DEAD_LETTER_BUCKET" in caught.value.reason
    # Nothing was sent: a half-written put would duplicate on the Lambda retry.
    assert list(store.read()) == []


def test_single_event_too_large_goes_to_the_overflow_store(aws: Any) -> None:
    """With an S3 overflow, the oversize event lands there whole and the rest in SQS."""
    sqs, url = _queue(aws)
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="overflow")
    overflow = S3Store("overflow", s3)
    store = SqsStore(url, sqs, overflow=overflow, wait_seconds=0)
    small = make_letter(events=2, message="small")
    huge = make_letter(events=1, message="z" * (SQS_MAX_BYTES + 10), reason="huge")
    store.put([small, huge])

    assert [s.letters[0] for s in store.read()] == [small]
    [kept] = list(overflow.read())
    assert kept.letters == (huge,)


def test_queue_that_does_not_exist_raises(aws: Any) -> None:
    """A wrong queue URL fails loudly."""
    _queue(aws)
    url = "https://sqs.us-east-1.amazonaws.com/123456789012/absent"
    store = SqsStore(url, aws.client("sqs"))
    with pytest.raises(DeadLetterError):
        store.put([make_letter()])


def test_many_letters_are_sent_in_batches(aws: Any) -> None:
    """25 letters (more than one SendMessageBatch) all arrive."""
    sqs, url = _queue(aws)
    store = SqsStore(url, sqs, wait_seconds=0)
    letters = [make_letter(events=1, reason=f"r{n}") for n in range(25)]
    store.put(letters)
    assert sorted(s.letters[0].reason for s in store.read()) == sorted(f"r{n}" for n in range(25))
