"""Dead-letter stores: where events go that could not be indexed, kept whole for replay.

`build_store(settings)` is the one place that decides which store: an SQS queue (with the S3
bucket, when both are set, taking the events too large for a message), an S3 bucket, or a local
directory; configuration allows no other combination. Letters hold events as the pipeline gives
them (redacted); stores never alter them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lambda_forwarder.config import DeadLetterSettings
from lambda_forwarder.deadletter.base import Backlog, DeadLetterStore, StoredLetter
from lambda_forwarder.deadletter.codec import FORMAT, from_json, to_json
from lambda_forwarder.deadletter.local import LocalDirStore
from lambda_forwarder.errors import ConfigError

if TYPE_CHECKING:
    import boto3

__all__ = [
    "FORMAT",
    "Backlog",
    "DeadLetterStore",
    "LocalDirStore",
    "StoredLetter",
    "build_store",
    "from_json",
    "to_json",
]


def _aws_config() -> object:
    from botocore.config import Config

    # Dead-lettering runs inside the deadline margin (seconds): fail fast, retry once.
    return Config(
        connect_timeout=2, read_timeout=5, retries={"mode": "standard", "max_attempts": 2}
    )


def _queue_region(queue_url: str) -> str | None:
    """`us-east-1` from `https://sqs.us-east-1.amazonaws.com/123/q`, else None."""
    parts = (urlsplit(queue_url).hostname or "").split(".")
    return parts[1] if len(parts) >= 4 and parts[0] == "sqs" else None


def build_store(
    settings: DeadLetterSettings, *, session: boto3.Session | None = None
) -> DeadLetterStore:
    """The configured store; clients are created here, once per container."""
    if settings.bucket or settings.queue_url:
        import boto3

        session = session or boto3.Session()
    bucket_store = None
    if settings.bucket:
        from lambda_forwarder.deadletter.s3 import S3Store

        client = session.client("s3", config=_aws_config())  # type: ignore[union-attr]
        bucket_store = S3Store(settings.bucket, client, settings.prefix)
    if settings.queue_url:
        from lambda_forwarder.deadletter.sqs import SqsStore

        client = session.client(  # type: ignore[union-attr]
            "sqs", region_name=_queue_region(settings.queue_url), config=_aws_config()
        )
        return SqsStore(settings.queue_url, client, overflow=bucket_store)
    if bucket_store is not None:
        return bucket_store
    if settings.directory:
        return LocalDirStore(settings.directory)
    raise ConfigError(
        "DEAD_LETTER_BUCKET",
        "no dead-letter store configured: set DEAD_LETTER_BUCKET, DEAD_LETTER_QUEUE_URL "
        "or DEAD_LETTER_DIR",
    )
