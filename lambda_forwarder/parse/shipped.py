"""A container's line as a log router ships it: FireLens and Fluent Bit (`log`, `container_id`,
`container_name`, `source`, `ecs_*`), Docker's json-file (`log`, `stream`, `time`).

The rule that tells such an envelope from an application's JSON line (which may have a `log`
field of its own) lives here, for the parser (which reads the line inside) and for multi-line
merging (which merges the lines inside envelopes as it merges the same lines written plain),
and so does the parser's memo of the envelopes merging decoded (`Envelopes`).
"""

from __future__ import annotations

from typing import Any

from lambda_forwarder.jsonio import loads_object

# Beside `log`, one of these says a router wrapped the line.
SHIPPED = frozenset({"container_id", "container_name", "stream"})
_SOURCE = ("container_id", "container_name", "stream", "source")
# Where multi-line merging looks for envelopes among a batch's JSON lines, it looks first at
# the first key, which a router writes as one of its own: Docker's json-file `log` (then
# `stream`, `time`); the fluentd driver FireLens reads `container_id`, `container_name`,
# `source` and `log` in any order (the task's `ecs_*` follow). So a character, then a prefix,
# and most JSON lines (an application's, `{"@timestamp"`, `{"level"`) are never searched or
# decoded twice. A router that writes a field of its own first goes unmerged (each of its
# lines is still read as an envelope: `shipped_line`).
FIRST_KEYS = ('{"log"', '{"container_', '{"source"', '{"stream"')
FIRST_KEY_INITIALS = "".join(sorted({key[2] for key in FIRST_KEYS}))  # "cls"


def shipped_line(obj: dict[str, Any]) -> str | None:
    """The container's own line in a router's envelope, or None if `obj` is none."""
    inner = obj.get("log")
    if type(inner) is str and not SHIPPED.isdisjoint(obj):
        return inner
    return None


def source_of(obj: dict[str, Any]) -> tuple[Any, ...]:
    """Which container and stream an envelope's line came from: a record is never merged
    from the lines of two (stdout's line between stderr's traceback lines cuts it)."""
    return tuple(map(obj.get, _SOURCE))


class Envelopes(dict[str, dict[str, Any]]):
    """The envelopes multi-line merging decoded, by their text, for the parse of the same batch
    to take instead of decoding them again (`take`): a FireLens batch is all envelopes. Each is
    taken once (the parse owns what it takes); the next batch's merging clears what is left. A
    text not found is decoded as ever, so the memo changes no record. A parser owns one
    (`RecordParser.envelopes`), which the merging of each batch it parses is given
    (`multiline.merge_plan`); a dict itself, so the parse's look at an empty one (a batch of
    no envelopes) is a truth test, no call."""

    __slots__ = ()

    def unwrapped(self, message: str) -> tuple[str, tuple[Any, ...]] | None:
        """The line inside an envelope and where it came from, or None when `message` is no
        envelope; an envelope is kept (a text seen before is not decoded again)."""
        obj = self.get(message)
        if obj is None:
            obj = loads_object(message)
        inner = shipped_line(obj) if obj is not None else None
        if inner is None:
            return None
        self[message] = obj
        return inner, source_of(obj)

    def take(self, message: str) -> dict[str, Any] | None:
        """The object in `message`, a JSON line: the one merging decoded, else decoded now."""
        obj = self.pop(message, None) if self else None
        return obj if obj is not None else loads_object(message)

    def merged(self, message: str) -> tuple[dict[str, Any], str] | None:
        """The first envelope of a record merged from several (their texts joined by newlines,
        as multi-line merging joins events; compact JSON holds no raw newline) and the lines
        inside them, joined the same way; None when some line is no envelope."""
        first: dict[str, Any] | None = None
        lines = []
        for text in message.split("\n"):
            obj = self.take(text)
            inner = shipped_line(obj) if obj is not None else None
            if inner is None:
                return None
            if first is None:
                first = obj
            lines.append(inner.rstrip("\r\n"))
        return (first, "\n".join(lines)) if first is not None else None
