"""Lambda events around encoded payloads: what CloudWatch Logs and Kinesis deliver.

Used by `forwarder event`, the samples in `events/` and tests, so the handler is exercised with
the same shapes AWS sends.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from lambda_forwarder.decode.payload import encode_payload
from lambda_forwarder.model import LogBatch


def subscription_event(batch: LogBatch) -> dict[str, Any]:
    """A CloudWatch Logs subscription event: `{"awslogs": {"data": base64(gzip(JSON))}}`."""
    return {"awslogs": {"data": encode_payload(batch)}}


def kinesis_event(
    batches: Sequence[LogBatch],
    *,
    region: str = "us-east-1",
    stream: str = "logpipe-logs",
    shard: str = "shardId-000000000000",
    arrival_seconds: float | None = None,
) -> dict[str, Any]:
    """A Kinesis Data Streams event with one record per batch, as a CloudWatch Logs subscription
    to a stream produces; deterministic (sequence numbers and keys derive from the batches)."""
    records = []
    for position, batch in enumerate(batches):
        account = batch.owner if batch.owner.isdigit() else "123456789012"
        digest = hashlib.sha256(f"{batch.log_group}\n{batch.log_stream}".encode()).hexdigest()
        first = batch.events[0].timestamp if batch.events else 0
        sequence = str(49_000_000_000_000_000 + first).ljust(50, "0")[:50] + f"{position:06d}"
        arrival = arrival_seconds if arrival_seconds is not None else (first + 1500) / 1000
        records.append(
            {
                "kinesis": {
                    "kinesisSchemaVersion": "1.0",
                    "partitionKey": digest[:32],
                    "sequenceNumber": sequence,
                    "data": encode_payload(batch),
                    "approximateArrivalTimestamp": round(arrival, 3),
                },
                "eventSource": "aws:kinesis",
                "eventVersion": "1.0",
                "eventID": f"{shard}:{sequence}",
                "eventName": "aws:kinesis:record",
                "invokeIdentityArn": f"arn:aws:iam::{account}:role/logpipe-forwarder",
                "awsRegion": region,
                "eventSourceARN": f"arn:aws:kinesis:{region}:{account}:stream/{stream}",
            }
        )
    return {"Records": records}
