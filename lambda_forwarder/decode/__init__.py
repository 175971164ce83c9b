"""Decode stage: subscription payloads (base64 + gzip + JSON) into LogBatch, and the inverse."""

from lambda_forwarder.decode.events import kinesis_event, subscription_event
from lambda_forwarder.decode.pack import MAX_BATCH_BYTES, MAX_BATCH_EVENTS, event_size, pack_batches
from lambda_forwarder.decode.payload import (
    MAX_DECOMPRESSED_BYTES,
    batch_to_wire,
    decode_payload,
    encode_payload,
    scrub,
)
from lambda_forwarder.errors import DecodeError

__all__ = [
    "MAX_BATCH_BYTES",
    "MAX_BATCH_EVENTS",
    "MAX_DECOMPRESSED_BYTES",
    "DecodeError",
    "batch_to_wire",
    "decode_payload",
    "encode_payload",
    "event_size",
    "kinesis_event",
    "pack_batches",
    "scrub",
    "subscription_event",
]
