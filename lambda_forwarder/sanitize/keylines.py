"""A private key logged one line per call, each line behind a logger's prefix.

A key printed through a logger (`logger.info(line)` for each line, or a container runtime that
prefixes every line) arrives as one record per line, each behind a time-and-level prefix. Only
the BEGIN line looks like a secret on its own, and merging (parse/multiline.py) keeps each line
its own record, since each starts with a time. The parser has read the prefix off, so the
messages show the block: `KeyLines` follows a batch's records (one log stream, in order) with
`pem.OpenBlock`, the rule dead letters follow raw lines with, and masks what of each message
belongs to a block a record before it began, in the record and in the event its outputs show.

A message that is a key's body line whole, read off such a line, is masked the same way: the
redactor's whole-text rule (`pem.is_body_text`) sees the message but not the prefixed line. So
is the body line at the end of a message that keeps a prefix the parser did not read off
(`pem.full_line_start`), and a full body line opens a run (`pem.OpenBlock`): the key's shorter
last line and its END line in the records after it are masked too, when its BEGIN line was in
an earlier batch; when the batch begins at that last line, the END line with no BEGIN in the
record after it tells (`for_batch`: the one look ahead, at the batch's second record).
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

    @classmethod
    def for_batch(cls, heads: Sequence[LogEvent]) -> KeyLines:
        """The `KeyLines` for a batch of these records' first events: with the block open from
        the start when the second ends a block whose BEGIN it does not hold, so that the first,
        the key's last line when the batch was cut just before it, is masked. (Further on, a
        key's last line follows full ones, which open a run.)"""
        keys = cls()
        keys.open = len(heads) > 1 and pem.orphan_end(heads[1].message)
        return keys

    def follow(self, record: dict[str, Any], event: LogEvent) -> LogEvent:
        """Masks in `record` the part of its message that belongs to a block an earlier record
        began, or is a key's body line (behind a prefix the parser did not read off, or read
        off a line that is not one; and the same part of `event.original`); returns `event`,
        or its line masked the same way when something was (dead letters and alerts show that
        event). Most records fail the first look."""
        message = record.get("message")
        if type(message) is not str:
            self.open = False  # no text: no line of a key
            return event
        inside = self.open
        # Without an open block, a BEGIN line or a full body line there is nothing to take.
        if not (inside or _LOOK in message or len(message) >= KEY_LINE):
            return event
        taken = self.take(message)
        if taken is None or (not inside and not taken[0] and len(message) == len(event.message)):
            # Nothing, or a body line that is its line whole: the redactor's whole-text rule
            # masks that in every output (it sees the message, and the line).
            return event
        start, end = taken
        masked = f"{message[:start]}{REDACTED}{message[end:]}"
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
