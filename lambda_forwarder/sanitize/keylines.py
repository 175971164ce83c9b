"""A private key logged one line per call, each line behind a logger's prefix.

A key printed through a logger (`logger.info(line)` for each line, or a container runtime that
prefixes every line) arrives as one record per line, each behind a time-and-level prefix. Only
the BEGIN line looks like a secret on its own, and merging (parse/multiline.py) keeps each line
its own record, since each starts with a time. The parser has read the prefix off, so the
messages show the block: `KeyLines` follows a batch's records (one log stream, in order) with
`pem.OpenBlock`, the rule dead letters follow raw lines with, and masks what of each message
belongs to a block a record before it began, in the record and in the event its outputs show.

A message that is a key's body line whole, read off such a line, is masked the same way: the
redactor's whole-text rule (`pem.is_body_text`) sees the message but not the prefixed line.
`masked_within` takes out of `event.original`, which holds the line a message was read from,
what was taken out of the message.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from emitter.schema import ORIGINAL
from lambda_forwarder import pem
from lambda_forwarder.model import NOTE_REDACTED, LogEvent
from lambda_forwarder.parse.multiline import event_line
from lambda_forwarder.sanitize.core import REDACTED

# The shortest message that is a key's body line whole: a record with a shorter message, no
# hint from the redactor (which finds every BEGIN line) and no block open needs no `follow`.
KEY_LINE = pem.FULL_BODY_LINE_LENGTH


def masked_within(line: str, message: str, masked: str) -> str:
    """`line` with `message`, which was read out of it, replaced by its `masked` form; the
    whole line masked when the message is not found in it as it is (nothing is guessed)."""
    head, found, tail = line.rpartition(message)
    return f"{head}{masked}{tail}" if found else REDACTED


def spread(events: Sequence[LogEvent], masked: str) -> tuple[LogEvent, ...]:
    """The events a merged record was joined from (`parse.multiline.merged_event`: their lines
    joined by newlines), with `masked`, the joined text as `follow` masked it, put back in them:
    the lines that did not change stay in their events, the changed run goes whole into the
    first changed event and the others of the run keep their ids and times with no text (every
    event still counted; none of them holds what was masked)."""
    lines = [event_line(event) for event in events]
    shown = masked.split("\n")
    first = 0
    while first < min(len(lines), len(shown)) and lines[first] == shown[first]:
        first += 1
    last = 0  # lines equal at the end, not reaching back into the equal start
    while (
        last < min(len(lines), len(shown)) - first
        and lines[len(lines) - 1 - last] == shown[len(shown) - 1 - last]
    ):
        last += 1
    changed = "\n".join(shown[first : len(shown) - last])
    out = list(events)
    for position in range(first, len(lines) - last):
        event = events[position]
        text = changed if position == first else ""
        out[position] = LogEvent(event.id, event.timestamp, text)
    return tuple(out)


class KeyLines(pem.OpenBlock):
    """One per batch: call `follow` on each record in the batch's order (`open`: whether the
    records so far leave a block open, so that the next may be its body)."""

    __slots__ = ()

    def follow(self, record: dict[str, Any], event: LogEvent) -> LogEvent:
        """Masks in `record` the part of its message that belongs to a block an earlier record
        began, or its whole message when that is a body line (and the same part of
        `event.original`); returns `event`, or its line masked the same way when something was
        (dead letters and alerts show that event). Most records fail the first look."""
        message = record.get("message")
        if type(message) is not str:
            self.open = False  # no text: no line of a key
            return event
        inside = self.open
        # Without an open block or a BEGIN line there is nothing to take (nor to open).
        taken = self.take(message) if inside or _LOOK in message else 0
        if not (inside and taken):
            # A message that is a key's body line whole, read off a line that is not: masked
            # in that line too (the redactor's whole-text rule sees only the message).
            if len(message) == len(event.message) or not pem.is_body_text(message):
                return event
            taken = len(message)
        masked = REDACTED if taken == len(message) else f"{REDACTED}{message[taken:]}"
        record["message"] = masked
        notes = record.get(NOTE_REDACTED)
        redacted = [*notes] if type(notes) is list else []
        redacted.append("message")
        original = record.get(ORIGINAL)
        if type(original) is str:
            record[ORIGINAL] = masked_within(original, message, masked)
            redacted.append(ORIGINAL)
        record[NOTE_REDACTED] = redacted
        line = masked_within(event.message, message, masked)
        return LogEvent(event.id, event.timestamp, line)


_LOOK = pem.MARKER_TAIL  # in every BEGIN line (which the redactor's hints also find)
