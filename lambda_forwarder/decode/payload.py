"""base64 -> gzip -> JSON -> LogBatch, and back.

The payload is decoded once, here, into frozen values (lambda_forwarder.model); every failure
names its stage (`base64`, `gzip`, `json`, `shape`) so a dead letter says exactly what was wrong.

Invalid UTF-8 inside the JSON (CloudWatch does not promise it never happens) is decoded with
U+FFFD replacement characters instead of failing the batch: the event is indexed with the
readable rest of its text, never lost. Lone surrogate escapes (`"\\ud800"`) are replaced the
same way, so every string that leaves this module encodes to UTF-8.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib
from typing import Any

import msgspec

from lambda_forwarder.errors import DecodeError
from lambda_forwarder.jsonio import dumps, exact_loads, fast_loads, scrub, too_deep
from lambda_forwarder.model import CONTROL_MESSAGE, DATA_MESSAGE, LogBatch, LogEvent

# A legitimate payload holds at most ~1 MiB of messages; JSON escaping can inflate that a few
# times. Anything far beyond is a gzip bomb, not a log batch.
MAX_DECOMPRESSED_BYTES = 20 * 1024 * 1024

MESSAGE_TYPES = (DATA_MESSAGE, CONTROL_MESSAGE)


def decode_payload(data: str | bytes, *, max_bytes: int = MAX_DECOMPRESSED_BYTES) -> LogBatch:
    """Decode one subscription payload (`awslogs.data` or a Kinesis record's `data`).

    Strict: the data must be base64 of gzip (or zlib) of a JSON object of CloudWatch's shape.
    Raises DecodeError(stage, reason) with stage in base64, gzip, json, shape.
    """
    raw = _unbase64(data)
    document = _decompress(raw, max_bytes)
    batch = _as_sent(document)
    if batch is not None:
        return batch
    try:
        parsed, scrub = _loads(document)
        return _to_batch(parsed, scrub)
    except DecodeError as error:
        error.content = document  # readable: its dead letter is masked (pipeline.py)
        raise


_DECODER = msgspec.json.Decoder(LogBatch)


def _as_sent(document: bytes) -> LogBatch | None:
    """The batch, when the payload has CloudWatch's exact shape and valid UTF-8 (the payloads
    CloudWatch sends), decoded in one pass (msgspec, in C); None for anything else, which the
    checked path repairs or rejects with the reason. Values are read exactly (no integer
    rounded), as the checked path reads them."""
    try:
        batch = _DECODER.decode(document)
    except msgspec.MsgspecError:
        return None
    return batch if batch.message_type in MESSAGE_TYPES else None


def _unbase64(data: str | bytes) -> bytes:
    if not isinstance(data, str | bytes | bytearray):
        raise DecodeError("base64", f"expected a base64 string, got {type(data).__name__}")
    try:
        raw = base64.b64decode(data.strip(), validate=True)
    except (binascii.Error, ValueError) as error:
        raise DecodeError("base64", f"not valid base64: {error}") from None
    if not raw:
        raise DecodeError("base64", "empty payload")
    return raw


def _decompress(raw: bytes, max_bytes: int) -> bytes:
    parts: list[bytes] = []
    total = 0
    rest = raw
    while True:  # gzip allows concatenated members; each must be complete
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)
        try:
            part = inflater.decompress(rest, max_bytes - total + 1)
        except zlib.error as error:
            if parts:  # what came before the junk is readable: its dead letter is masked
                raise DecodeError(
                    "gzip", f"trailing data after the gzip stream: {error}", b"".join(parts)
                ) from None
            raise DecodeError("gzip", f"not gzip data: {error}") from None
        total += len(part)
        if total > max_bytes or inflater.unconsumed_tail:
            raise DecodeError(
                "gzip", f"decompressed payload exceeds {max_bytes} bytes (gzip bomb?)"
            )
        if not inflater.eof:
            raise DecodeError("gzip", "truncated gzip stream")
        parts.append(part)
        rest = inflater.unused_data
        if not rest:
            break
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _loads(document: bytes) -> tuple[Any, bool]:
    """Parse JSON; returns (value, whether strings may need scrubbing)."""
    try:
        value = fast_loads(document)
    except ValueError as error:
        if too_deep(error):
            raise DecodeError("json", "JSON nested too deeply") from None
        # invalid UTF-8, NaN, lone surrogates...: the standard library decides
    else:
        if not _rounded_ids(value):
            return value, False
    text = document.decode("utf-8", errors="replace")
    try:
        return exact_loads(text), True
    except ValueError as error:
        raise DecodeError("json", f"not valid JSON: {error}") from None
    except RecursionError:
        raise DecodeError("json", "JSON nested too deeply") from None


def _rounded_ids(value: Any) -> bool:
    """orjson turns integers beyond 64 bits into floats: an unquoted id would lose digits."""
    events = value.get("logEvents") if type(value) is dict else None
    if type(events) is not list:
        return False
    return any(type(event) is dict and type(event.get("id")) is float for event in events)


def _string(obj: dict[str, Any], key: str, scrub_strings: bool, where: str = "") -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise DecodeError("shape", f"{where}{key}: expected a string, got {_kind(value)}")
    return scrub(value) if scrub_strings else value


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__


def _to_batch(parsed: Any, scrub_strings: bool) -> LogBatch:
    if not isinstance(parsed, dict):
        raise DecodeError("shape", f"expected a JSON object, got {_kind(parsed)}")
    message_type = parsed.get("messageType")
    if message_type not in MESSAGE_TYPES:
        raise DecodeError(
            "shape", f"messageType: expected DATA_MESSAGE or CONTROL_MESSAGE, got {message_type!r}"
        )
    owner = parsed.get("owner")
    if isinstance(owner, int) and not isinstance(owner, bool):
        owner = str(owner).zfill(12)  # an account id that lost its quotes (and leading zeros)
        parsed["owner"] = owner
    owner = _string(parsed, "owner", scrub_strings)
    log_group = _string(parsed, "logGroup", scrub_strings)
    log_stream = _string(parsed, "logStream", scrub_strings)
    filters = parsed.get("subscriptionFilters", [])
    if filters is None:
        filters = []
    if not isinstance(filters, list) or not all(isinstance(f, str) for f in filters):
        raise DecodeError("shape", "subscriptionFilters: expected a list of strings")
    policy_level = parsed.get("policyLevel")
    if policy_level is not None and not isinstance(policy_level, str):
        raise DecodeError("shape", f"policyLevel: expected a string, got {_kind(policy_level)}")
    raw_events = parsed.get("logEvents")
    if raw_events is None and message_type == CONTROL_MESSAGE:
        raw_events = []
    if not isinstance(raw_events, list):
        raise DecodeError("shape", f"logEvents: expected a list, got {_kind(raw_events)}")
    is_data = message_type == DATA_MESSAGE
    events = tuple(
        _event(item, index, is_data, scrub_strings) for index, item in enumerate(raw_events)
    )
    return LogBatch(
        message_type=message_type,
        owner=owner,
        log_group=log_group,
        log_stream=log_stream,
        events=events,
        subscription_filters=tuple(scrub(f) for f in filters) if scrub_strings else tuple(filters),
        policy_level=scrub(policy_level) if scrub_strings and policy_level else policy_level,
    )


def _event(item: Any, index: int, is_data: bool, scrub_strings: bool) -> LogEvent:
    if type(item) is dict and not scrub_strings:  # the shape CloudWatch sends: nothing to fix
        event_id, timestamp, message = item.get("id"), item.get("timestamp"), item.get("message")
        if type(event_id) is str and event_id and type(timestamp) is int and type(message) is str:
            return LogEvent(event_id, timestamp, message)
    return _checked_event(item, index, is_data, scrub_strings)


def _checked_event(item: Any, index: int, is_data: bool, scrub_strings: bool) -> LogEvent:
    """One event, each field checked and repaired where it can be, or a DecodeError naming it."""
    where = f"logEvents[{index}]."
    if not isinstance(item, dict):
        raise DecodeError("shape", f"logEvents[{index}]: expected an object, got {_kind(item)}")
    event_id = item.get("id")
    if type(event_id) is int:
        event_id = str(event_id)  # a numeric id that lost its quotes
    elif not isinstance(event_id, str):
        raise DecodeError("shape", f"{where}id: expected a string, got {_kind(event_id)}")
    elif scrub_strings:
        event_id = scrub(event_id)
    if is_data and not event_id:
        raise DecodeError("shape", f"{where}id: empty (it is the document id)")
    timestamp = item.get("timestamp")
    if type(timestamp) is not int:
        if type(timestamp) is float and timestamp.is_integer():
            timestamp = int(timestamp)
        else:
            raise DecodeError(
                "shape", f"{where}timestamp: expected epoch milliseconds, got {timestamp!r:.40}"
            )
    message = _string(item, "message", scrub_strings, where)
    return LogEvent(id=event_id, timestamp=timestamp, message=message)


# --- the inverse ------------------------------------------------------------------------------


def batch_to_wire(batch: LogBatch) -> dict[str, Any]:
    """The decoded payload as CloudWatch writes it (camelCase wire names)."""
    wire: dict[str, Any] = {
        "messageType": batch.message_type,
        "owner": batch.owner,
        "logGroup": batch.log_group,
        "logStream": batch.log_stream,
        "subscriptionFilters": list(batch.subscription_filters),
        "logEvents": [
            {"id": event.id, "timestamp": event.timestamp, "message": event.message}
            for event in batch.events
        ],
    }
    if batch.policy_level is not None:
        wire["policyLevel"] = batch.policy_level
    return wire


def encode_payload(batch: LogBatch) -> str:
    """base64(gzip(JSON)), as CloudWatch sends it; deterministic (gzip mtime 0)."""
    document = dumps(batch_to_wire(batch), default=None)
    compressed = gzip.compress(scrub(document).encode("utf-8"), mtime=0)
    return base64.b64encode(compressed).decode("ascii")
