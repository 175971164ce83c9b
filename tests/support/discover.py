"""Test support: Rison decoding and Discover URL parsing, to check what the alert links say.

The shipped code only encodes Rison (`lambda_forwarder.alerts.rison`); reading links back is
what tests (and an operator debugging a link) need, so it lives here, outside the Lambda.
`loads` accepts the full grammar Dashboards emits (its ids may hold any character except
`` '!:(),*@$`` and space), so URLs copied from a browser parse too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

_NOT_ID_CHARS = frozenset(" '!:(),*@$")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE]-?[0-9]+)?")


class RisonError(ValueError):
    """Text that is not valid Rison, with the position where parsing stopped."""

    def __init__(self, text: str, position: int, problem: str) -> None:
        self.position = position
        self.problem = problem
        excerpt = text[max(0, position - 20) : position + 20]
        super().__init__(f"invalid Rison at {position}: {problem} (near {excerpt!r})")


def loads(text: str) -> Any:
    """Decode one Rison value; raises `RisonError` on anything else, trailing text included."""
    parser = _Parser(text)
    value = parser.value()
    if parser.pos != len(text):
        raise RisonError(text, parser.pos, "unexpected text after the value")
    return value


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def _fail(self, problem: str) -> RisonError:
        return RisonError(self.text, self.pos, problem)

    def value(self) -> Any:
        text, pos = self.text, self.pos
        if pos >= len(text):
            raise self._fail("unexpected end")
        char = text[pos]
        if char == "!":
            return self._bang()
        if char == "(":
            return self._object()
        if char == "'":
            return self._quoted()
        if char == "-" or char.isdigit():
            return self._number()
        return self._id()

    def _bang(self) -> Any:
        self.pos += 1
        if self.pos >= len(self.text):
            raise self._fail("'!' at end of input")
        char = self.text[self.pos]
        self.pos += 1
        if char == "t":
            return True
        if char == "f":
            return False
        if char == "n":
            return None
        if char == "(":
            return self._items(")", self.value)
        self.pos -= 2
        raise self._fail(f"unknown literal '!{char}'")

    def _items(self, close: str, read: Any) -> list[Any]:
        items: list[Any] = []
        while True:
            if self.pos >= len(self.text):
                raise self._fail(f"missing '{close}'")
            if self.text[self.pos] == close:
                self.pos += 1
                return items
            if items:
                if self.text[self.pos] != ",":
                    raise self._fail("expected ','")
                self.pos += 1
            items.append(read())

    def _object(self) -> dict[str, Any]:
        self.pos += 1
        pairs = self._items(")", self._pair)
        return dict(pairs)

    def _pair(self) -> tuple[str, Any]:
        start = self.pos
        key = self._quoted() if self.text[self.pos : self.pos + 1] == "'" else self._id()
        if not isinstance(key, str):  # pragma: no cover - both readers return str
            self.pos = start
            raise self._fail("object key must be a string")
        if self.text[self.pos : self.pos + 1] != ":":
            raise self._fail("expected ':' after an object key")
        self.pos += 1
        return key, self.value()

    def _quoted(self) -> str:
        text = self.text
        self.pos += 1
        chunks: list[str] = []
        start = self.pos
        while True:
            if self.pos >= len(text):
                raise self._fail("unterminated string")
            char = text[self.pos]
            if char == "'":
                chunks.append(text[start : self.pos])
                self.pos += 1
                return "".join(chunks)
            if char == "!":
                chunks.append(text[start : self.pos])
                escaped = text[self.pos + 1 : self.pos + 2]
                if escaped not in ("!", "'"):
                    raise self._fail(f"invalid escape '!{escaped}' in a string")
                chunks.append(escaped)
                self.pos += 2
                start = self.pos
            else:
                self.pos += 1

    def _number(self) -> int | float:
        match = _NUMBER.match(self.text, self.pos)
        if match is None or not match.group():
            raise self._fail("invalid number")
        self.pos = match.end()
        literal = match.group()
        if any(c in literal for c in ".eE"):
            return float(literal)
        return int(literal)

    def _id(self) -> str:
        text, start = self.text, self.pos
        end = start
        while end < len(text) and text[end] not in _NOT_ID_CHARS:
            end += 1
        if end == start:
            raise self._fail(f"unexpected character {text[start : start + 1]!r}")
        self.pos = end
        return text[start:end]


# --- Discover URLs ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiscoverLink:
    """A Discover URL decoded: which index pattern, which filters, which time range."""

    base: str
    style: str
    index_pattern_id: str
    filters: tuple[dict[str, Any], ...]
    time_from: str
    time_to: str
    query: dict[str, Any]


def parse_discover_url(url: str) -> DiscoverLink:
    """Decode a Discover URL of either style; raises ValueError if it is not one."""
    head, _, fragment = url.partition("#")
    if head.endswith("/app/discover"):
        style, base = "classic", head[: -len("/app/discover")]
    elif head.endswith("/app/data-explorer/discover"):
        style, base = "data-explorer", head[: -len("/app/data-explorer/discover")]
    else:
        raise ValueError("not a Discover URL")
    _, _, query_string = fragment.partition("?")
    states: dict[str, Any] = {}
    for part in query_string.split("&"):
        name, _, value = part.partition("=")
        if name in ("_a", "_g", "_q"):
            states[name] = loads(unquote(value))
    g, a, q = states.get("_g", {}), states.get("_a", {}), states.get("_q", {})
    if style == "classic":
        index_id, filters, query = a.get("index"), a.get("filters", []), a.get("query", {})
    else:
        index_id = a.get("metadata", {}).get("indexPattern")
        filters, query = q.get("filters", []), q.get("query", {})
    time = g.get("time", {})
    return DiscoverLink(
        base=base,
        style=style,
        index_pattern_id=index_id or "",
        filters=tuple(filters),
        time_from=time.get("from", ""),
        time_to=time.get("to", ""),
        query=query,
    )
