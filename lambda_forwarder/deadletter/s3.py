"""Dead letters in S3: one JSON Lines object per `put`, server-side encrypted."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from lambda_forwarder.deadletter.base import Backlog, StoredLetter, dated_name
from lambda_forwarder.deadletter.codec import from_lines, to_lines
from lambda_forwarder.errors import DeadLetterError
from lambda_forwarder.model import DeadLetter

CONTENT_TYPE = "application/x-ndjson"


def _now() -> datetime:
    return datetime.now(UTC)


def describe_aws_error(error: Exception) -> str:
    """`Code: message` for a botocore error, short."""
    if isinstance(error, ClientError):
        info = error.response.get("Error", {})
        return f"{info.get('Code', 'error')}: {info.get('Message', '')}".strip(": ")[:300]
    return f"{type(error).__name__}: {error}"[:300]


class S3Store:
    """Key layout `prefix/YYYY/MM/DD/HH/<uuid>.json` (JSON Lines, one letter a line), which
    Athena's JSON SerDe reads as it is and which lists in time order."""

    def __init__(
        self,
        bucket: str,
        client: Any,
        prefix: str = "dead-letters/",
        *,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix if not prefix or prefix.endswith("/") else prefix + "/"
        self._client = client
        self._clock = clock

    @property
    def target(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def put(self, letters: Sequence[DeadLetter]) -> None:
        if not letters:
            return
        key = self.prefix + dated_name(self._clock())
        try:
            self._client.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=to_lines(tuple(letters)),
                ContentType=CONTENT_TYPE,
                ServerSideEncryption="AES256",
            )
        except (BotoCoreError, ClientError) as error:
            raise DeadLetterError(self.target, describe_aws_error(error)) from error

    def read(
        self, limit: int | None = None, *, not_before: datetime | None = None
    ) -> Iterator[StoredLetter]:
        """Objects oldest first (keys sort by hour), at most `limit` of them; objects last
        modified before `not_before` are passed over without a GET."""
        count = 0
        try:
            pages = self._client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix
            )
            for page in pages:
                for entry in page.get("Contents", ()):
                    if limit is not None and count >= limit:
                        return
                    modified = entry.get("LastModified")
                    if not_before is not None and modified is not None and modified < not_before:
                        continue
                    key = entry["Key"]
                    body = self._client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
                    count += 1
                    location = f"s3://{self.bucket}/{key}"
                    yield StoredLetter(
                        location,
                        from_lines(body, location),
                        handle=key,
                        written_at=modified,
                    )
        except (BotoCoreError, ClientError) as error:
            raise DeadLetterError(self.target, describe_aws_error(error)) from error

    def backlog(self, older_than: datetime | None = None) -> Backlog:
        """Objects under the prefix and the oldest one's time: a listing, no object is read."""
        units, expired, oldest = 0, 0, None
        try:
            pages = self._client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix
            )
            for page in pages:
                for entry in page.get("Contents", ()):
                    units += 1
                    modified = entry.get("LastModified")
                    if modified is None:
                        continue
                    oldest = modified if oldest is None or modified < oldest else oldest
                    expired += int(older_than is not None and modified < older_than)
        except (BotoCoreError, ClientError) as error:
            raise DeadLetterError(self.target, describe_aws_error(error)) from error
        return Backlog(units, oldest, expired)

    def delete(self, stored: StoredLetter) -> None:
        try:
            self._client.delete_object(Bucket=self.bucket, Key=stored.handle)
        except (BotoCoreError, ClientError) as error:
            raise DeadLetterError(stored.location, describe_aws_error(error)) from error
