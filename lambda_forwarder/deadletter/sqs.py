"""Dead letters in SQS: one letter per message, split by events to stay under the size limit.

A message (and a whole `SendMessageBatch`) may hold at most 256 KiB on any queue. A letter
larger than that is split into letters of fewer events, each complete on its own, so replay
needs no reassembly. A single event too large for a message cannot be split without cutting it:
it goes to the `overflow` store (S3) when there is one, and otherwise `put` raises
DeadLetterError, so the invocation fails and Lambda keeps the event. Nothing is truncated.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from msgspec.structs import replace

from lambda_forwarder.deadletter.base import Backlog, DeadLetterStore, StoredLetter
from lambda_forwarder.deadletter.codec import from_json, to_json
from lambda_forwarder.deadletter.s3 import describe_aws_error
from lambda_forwarder.errors import DeadLetterError
from lambda_forwarder.model import DeadLetter, LogEvent

SQS_MAX_BYTES = 256 * 1024
BATCH_MAX_ENTRIES = 10


def _event_size(event: LogEvent) -> int:
    """Bytes the event adds to a letter's JSON, with its separating comma."""
    item = {"id": event.id, "timestamp": event.timestamp, "message": event.message}
    return len(json.dumps(item, ensure_ascii=True, separators=(",", ":"))) + 1


def split_letter(letter: DeadLetter, max_bytes: int) -> tuple[list[str], list[DeadLetter]]:
    """Message bodies of at most `max_bytes` carrying `letter`'s events, and the single-event
    letters that do not fit in any message (too large on their own)."""
    whole = to_json(letter)
    if len(whole) <= max_bytes:
        return [whole], []
    envelope = len(to_json(replace(letter, events=())))
    bodies: list[str] = []
    oversize: list[DeadLetter] = []
    group: list[LogEvent] = []
    size = envelope
    for event in letter.events:
        event_size = _event_size(event)
        if envelope + event_size > max_bytes:
            oversize.append(replace(letter, events=(event,)))
            continue
        if group and size + event_size > max_bytes:
            bodies.append(to_json(replace(letter, events=tuple(group))))
            group, size = [], envelope
        group.append(event)
        size += event_size
    if group:
        bodies.append(to_json(replace(letter, events=tuple(group))))
    if not letter.events:  # an undecodable payload: cannot be split
        oversize.append(letter)
    return bodies, oversize


class SqsStore:
    """One message per letter (or part of a letter). `read` receives messages, hiding them for
    `visibility_timeout` seconds; `delete` removes one after a successful replay."""

    def __init__(
        self,
        queue_url: str,
        client: Any,
        *,
        overflow: DeadLetterStore | None = None,
        max_message_bytes: int = SQS_MAX_BYTES,
        visibility_timeout: int = 300,
        wait_seconds: int = 1,
    ) -> None:
        self.queue_url = queue_url
        self._client = client
        self._overflow = overflow
        self._max = max_message_bytes
        self._visibility = visibility_timeout
        self._wait = wait_seconds

    @property
    def target(self) -> str:
        return self.queue_url

    def put(self, letters: Sequence[DeadLetter]) -> None:
        bodies: list[str] = []
        oversize: list[DeadLetter] = []
        for letter in letters:
            fitting, too_big = split_letter(letter, self._max)
            bodies.extend(fitting)
            oversize.extend(too_big)
        if oversize:
            if self._overflow is None:
                first = oversize[0]
                what = f"event {first.events[0].id}" if first.events else "an undecodable payload"
                raise DeadLetterError(
                    self.target,
                    f"{what} of {first.log_group} is larger than an SQS message "
                    f"({self._max} bytes) on its own; set DEAD_LETTER_BUCKET to keep such events",
                )
            self._overflow.put(oversize)
        self._send(bodies)

    def _send(self, bodies: list[str]) -> None:
        failed: list[str] = []
        batch: list[str] = []
        size = 0
        for body in [*bodies, None]:
            if batch and (
                body is None or len(batch) >= BATCH_MAX_ENTRIES or size + len(body) > self._max
            ):
                failed.extend(self._send_batch(batch))
                batch, size = [], 0
            if body is not None:
                batch.append(body)
                size += len(body)
        if failed:
            raise DeadLetterError(self.target, f"{len(failed)} messages not sent: {failed[0]}")

    def _send_batch(self, batch: list[str]) -> list[str]:
        entries = [{"Id": str(n), "MessageBody": body} for n, body in enumerate(batch)]
        try:
            response = self._client.send_message_batch(QueueUrl=self.queue_url, Entries=entries)
        except (BotoCoreError, ClientError) as error:
            raise DeadLetterError(self.target, describe_aws_error(error)) from error
        return [
            f"{failure.get('Code', 'error')}: {failure.get('Message', '')}"
            for failure in response.get("Failed", ())
        ]

    def read(
        self, limit: int | None = None, *, not_before: datetime | None = None
    ) -> Iterator[StoredLetter]:
        """Messages until the queue answers empty, at most `limit` of them. SQS has no order:
        "oldest first" is best effort here. A message sent before `not_before` is passed over
        (it becomes visible again after the visibility timeout, still stored)."""
        count = 0
        while limit is None or count < limit:
            wanted = BATCH_MAX_ENTRIES if limit is None else min(BATCH_MAX_ENTRIES, limit - count)
            try:
                response = self._client.receive_message(
                    QueueUrl=self.queue_url,
                    AttributeNames=["SentTimestamp"],
                    MaxNumberOfMessages=wanted,
                    VisibilityTimeout=self._visibility,
                    WaitTimeSeconds=self._wait,
                )
            except (BotoCoreError, ClientError) as error:
                raise DeadLetterError(self.target, describe_aws_error(error)) from error
            messages = response.get("Messages", ())
            if not messages:
                return
            for message in messages:
                sent = message.get("Attributes", {}).get("SentTimestamp")
                written = None if sent is None else datetime.fromtimestamp(int(sent) / 1000, UTC)
                if not_before is not None and written is not None and written < not_before:
                    continue
                count += 1
                location = f"{self.queue_url}#{message['MessageId']}"
                letter = from_json(message["Body"], location)
                yield StoredLetter(
                    location, (letter,), handle=message["ReceiptHandle"], written_at=written
                )

    def backlog(self, older_than: datetime | None = None) -> Backlog:
        """Messages waiting, visible or in flight (SQS's approximate counts). SQS does not tell
        the oldest message's age through its API (CloudWatch's ApproximateAgeOfOldestMessage
        does), so `oldest` is None and `expired` 0."""
        try:
            attributes = self._client.get_queue_attributes(
                QueueUrl=self.queue_url,
                AttributeNames=[
                    "ApproximateNumberOfMessages",
                    "ApproximateNumberOfMessagesNotVisible",
                ],
            )["Attributes"]
        except (BotoCoreError, ClientError) as error:
            raise DeadLetterError(self.target, describe_aws_error(error)) from error
        return Backlog(
            int(attributes.get("ApproximateNumberOfMessages", 0))
            + int(attributes.get("ApproximateNumberOfMessagesNotVisible", 0))
        )

    def delete(self, stored: StoredLetter) -> None:
        try:
            self._client.delete_message(QueueUrl=self.queue_url, ReceiptHandle=stored.handle)
        except (BotoCoreError, ClientError) as error:
            raise DeadLetterError(stored.location, describe_aws_error(error)) from error
