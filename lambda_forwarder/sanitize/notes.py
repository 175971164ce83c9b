"""The `logpipe.*` lists a record carries about what was cut, renamed or redacted."""

from __future__ import annotations

from typing import Any

from lambda_forwarder.jsonio import dumps
from lambda_forwarder.model import NOTE_REDACTED, NOTE_RENAMED, NOTE_TRUNCATED
from lambda_forwarder.sanitize.core import MAX_NOTE_ENTRIES, MAX_NOTE_ENTRY_BYTES, TRUNCATION_MARKER

LIST_NOTES = (NOTE_REDACTED, NOTE_RENAMED, NOTE_TRUNCATED)
_MARKER_BYTES = len(TRUNCATION_MARKER.encode("utf-8"))


def cut(text: str, limit: int) -> tuple[str, bool]:
    """`text` within `limit` UTF-8 bytes, cut on a character boundary with a marker;
    lone surrogates become U+FFFD so the result always encodes. Returns (text, was_cut)."""
    if text.isascii():
        if len(text) <= limit:
            return text, False
        return text[: max(limit - _MARKER_BYTES, 0)] + TRUNCATION_MARKER, True
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        data = text.encode("utf-8")
    if len(data) <= limit:
        return text, False
    head = data[: max(limit - _MARKER_BYTES, 0)].decode("utf-8", "ignore")
    return head + TRUNCATION_MARKER, True


class Notes:
    """Collects note entries for one record; written once at the end: deduplicated, sorted
    (so sanitizing twice gives the same lists), bounded."""

    __slots__ = ("lists",)

    def __init__(self) -> None:
        self.lists: dict[str, list[str]] = {}

    def add(self, note: str, entry: str) -> None:
        entries = self.lists.get(note)
        if entries is None:
            self.lists[note] = [entry]
        else:
            entries.append(entry)

    def merge(self, note: str, value: Any) -> None:
        """Keep entries an earlier stage (the parser, a previous pass) already wrote."""
        if isinstance(value, list | tuple):
            for entry in value:
                self.add(note, entry if type(entry) is str else _text(entry))
        elif value is not None:
            self.add(note, value if type(value) is str else _text(value))

    def write(self, out: dict[str, Any], cap: int) -> None:
        limit = min(cap, MAX_NOTE_ENTRY_BYTES)
        for note, entries in self.lists.items():
            unique = sorted({cut(entry, limit)[0] for entry in entries})  # stable on re-runs
            if len(unique) > MAX_NOTE_ENTRIES:
                more = len(unique) - (MAX_NOTE_ENTRIES - 1)
                unique = [*unique[: MAX_NOTE_ENTRIES - 1], f"… and {more} more"]
            out[note] = unique


def _text(value: Any) -> str:
    try:
        return dumps(value)
    except (ValueError, TypeError, RecursionError):
        return str(value)
