"""Pack (timestamp, message) pairs into LogBatches the way CloudWatch batches PutLogEvents.

Used by `forwarder pipe`/`event`, the samples and the benchmark to build realistic payloads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lambda_forwarder.model import DATA_MESSAGE, LogBatch, LogEvent

MAX_BATCH_EVENTS = 10_000
MAX_BATCH_BYTES = 1_048_576
EVENT_OVERHEAD_BYTES = 26  # PutLogEvents counts each event's UTF-8 message bytes plus 26
MAX_BATCH_SPAN_MS = 24 * 3600 * 1000  # a batch may not span more than 24 hours
EVENT_ID_DIGITS = 56  # CloudWatch event ids are 56-digit numeric strings


def event_size(message: str) -> int:
    """What one event counts against the 1,048,576-byte batch limit."""
    if message.isascii():
        return len(message) + EVENT_OVERHEAD_BYTES
    return len(message.encode("utf-8", "replace")) + EVENT_OVERHEAD_BYTES


def pack_batches(
    messages: Iterable[tuple[int, str]],
    *,
    owner: str,
    log_group: str,
    log_stream: str,
    start_id: int | None = None,
    subscription_filters: tuple[str, ...] = ("logpipe",),
) -> Iterator[LogBatch]:
    """Yield batches of at most 10,000 events and 1,048,576 bytes (message bytes + 26 each),
    never spanning more than 24 h. Event ids are 56-digit numbers counting up from `start_id`
    (default: derived from the first timestamp), so the same input gives the same ids.

    An event too large for any batch travels alone rather than being dropped.
    """
    events: list[LogEvent] = []
    size = 0
    first_ts = 0
    next_id = start_id
    for timestamp, message in messages:
        if next_id is None:
            next_id = max(timestamp, 0) * 10 ** (EVENT_ID_DIGITS - 13)
        cost = event_size(message)
        if events and (
            len(events) >= MAX_BATCH_EVENTS
            or size + cost > MAX_BATCH_BYTES
            or abs(timestamp - first_ts) > MAX_BATCH_SPAN_MS
        ):
            yield _batch(events, owner, log_group, log_stream, subscription_filters)
            events, size = [], 0
        if not events:
            first_ts = timestamp
        events.append(LogEvent(str(next_id).zfill(EVENT_ID_DIGITS), timestamp, message))
        next_id += 1
        size += cost
    if events:
        yield _batch(events, owner, log_group, log_stream, subscription_filters)


def _batch(
    events: list[LogEvent], owner: str, log_group: str, log_stream: str, filters: tuple[str, ...]
) -> LogBatch:
    return LogBatch(
        message_type=DATA_MESSAGE,
        owner=owner,
        log_group=log_group,
        log_stream=log_stream,
        events=tuple(events),
        subscription_filters=filters,
    )
