"""JSON in and out for every stage: orjson where it is installed (msgspec for a log line's
object), the standard library where they refuse or orjson would change a value (integers beyond
64 bits, NaN, lone surrogates).

One module, so every stage reads and writes JSON by the same rules (the Lambda artifact ships
orjson; without it the results are the same, only slower).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import msgspec

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is in the Lambda build and in dev
    orjson = None  # type: ignore[assignment]

# orjson turns integers beyond 64 bits into floats; the standard library keeps them exact.
_HUGE = 9.2e18


def has_rounded_integers(values: Any) -> bool:
    """Whether a parsed tree holds a float that orjson may have rounded from a huge integer."""
    for value in values:
        kind = type(value)
        if kind is str:  # most values: one test, not three
            continue
        if kind is float:
            if value >= _HUGE or value <= -_HUGE:
                return True
        elif kind is dict:
            if has_rounded_integers(value.values()):
                return True
        elif kind is list and has_rounded_integers(value):
            return True
    return False


def scrub(text: str) -> str:
    """The same text, with lone surrogates (unencodable in UTF-8) replaced by U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def scrub_tree(value: Any) -> Any:
    """The same tree with lone surrogates (unencodable in UTF-8) replaced by U+FFFD."""
    kind = type(value)
    if kind is str:
        return scrub(value)
    if kind is dict:
        return {scrub_tree(key): scrub_tree(item) for key, item in value.items()}
    if kind is list:
        return [scrub_tree(item) for item in value]
    return value


def exact_loads(text: str) -> Any:
    """The standard library's reading (exact integers, NaN accepted), surrogates scrubbed.
    Raises ValueError (or RecursionError for absurd nesting)."""
    value = json.loads(text)
    if "\\u" in text:  # lone surrogate escapes would not encode to UTF-8 later
        value = scrub_tree(value)
    return value


def _std_fast_loads(data: str | bytes) -> Any:
    return json.loads(data)


fast_loads: Callable[[str | bytes], Any] = orjson.loads if orjson else _std_fast_loads
"""The fastest reading; may round huge integers and refuses NaN and invalid UTF-8 (ValueError)."""


def too_deep(error: ValueError) -> bool:
    """Whether orjson refused a value for nesting past its 1024 levels. The standard library's
    recursion limit is lower still: trying it would only recurse a thousand frames to fail (and
    run whatever finalizers a garbage collection then triggers at that depth)."""
    return (
        orjson is not None
        and isinstance(error, orjson.JSONDecodeError)
        and error.msg.startswith("depth limit")
    )


# A log line's object, read by msgspec: exact integers at any size, so no walk for the integers
# orjson rounds (on the bench's 2,060 JSON lines, 28 M instructions against orjson's 27 M plus
# 17 M for that walk). It recurses on the C stack up to Python's recursion limit, so a line
# that could nest deeper than this goes to orjson, which stops at its own (a line of at most
# twice as many characters cannot: each level takes two).
_MSGSPEC_NESTING = 256
_read_object = msgspec.json.Decoder().decode


def loads_object(text: str) -> dict[str, Any] | None:
    """The JSON object in `text`, or None if it is not one; integers exact at any size."""
    if len(text) <= 2 * _MSGSPEC_NESTING or text.count("{") + text.count("[") <= _MSGSPEC_NESTING:
        try:
            value = _read_object(text)
        except msgspec.MsgspecError:
            pass  # NaN, lone surrogates, infinite numbers, not JSON: the general reading decides
        else:
            return value if type(value) is dict else None
    try:
        value = fast_loads(text)
    except ValueError as error:
        if too_deep(error):
            return None
        value = None
        try:
            value = exact_loads(text)
        except (ValueError, RecursionError):
            return None
    else:
        if type(value) is not dict:
            return None
        if not has_rounded_integers(value.values()):
            return value
        value = exact_loads(text)
    return value if type(value) is dict else None


def _std_dumps_bytes(value: Any) -> bytes:
    # ASCII output always encodes, even for lone surrogates; NaN is refused, not sent.
    return json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode()


def dumps_line(value: Any) -> bytes:
    """Compact UTF-8 JSON bytes and a newline (an NDJSON line), written by orjson in one go.
    Raises TypeError/ValueError for what JSON cannot hold."""
    if orjson is not None:
        try:
            return orjson.dumps(value, option=orjson.OPT_APPEND_NEWLINE)
        except orjson.JSONEncodeError:
            pass  # integers beyond 64 bits, lone surrogates: the standard library copes
    return _std_dumps_bytes(value) + b"\n"


def dumps(value: Any, *, default: Callable[[Any], Any] | None = str) -> str:
    """Compact JSON text (non-ASCII kept as is), for values stored inside a record.

    Values JSON cannot hold become `default(value)` (str by default); with `default=None` they
    raise TypeError. Callers turn non-finite floats into text first (the sanitizer does): the
    standard library refuses them, orjson would write null.
    """
    if orjson is not None:
        try:
            return orjson.dumps(value, default=default).decode()
        except (orjson.JSONEncodeError, UnicodeDecodeError):
            pass
    return json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), default=default, allow_nan=False
    )
