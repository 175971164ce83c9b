"""Rison: the compact JSON-like notation OpenSearch Dashboards keeps its URL state in.

Written here rather than taken from PyPI: `rison` 2.0.1 tests its bare-string pattern with
`re.M`, so a value holding a newline (`"a\\nb"`) is emitted unquoted and cannot be parsed back;
`prison` is unmaintained. This module is small and strict:

- `dumps` keeps a string bare only when it is made of ASCII id characters (letters, digits,
  `_-./~%+`) and does not start with `-` or a digit; anything else is quoted `'...'` with `'`
  written `!'` and `!` written `!!`. Quoting more than needed is always safe: every decoder reads
  a quoted string back to the same value.
- `loads` accepts the full grammar Dashboards emits (its ids may hold any character except
  `` '!:(),*@$`` and space), so URLs copied from a browser parse too.

`url_quote` percent-encodes a Rison value for a URL query or fragment, keeping the characters
Dashboards itself leaves readable (`!'(),:*@$/`) and encoding the ones a query string would
misread (`&`, `=`, `+`, `#`, `%`, space, quotes, non-ASCII as UTF-8).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

_BARE = re.compile(r"[A-Za-z_./~%+][A-Za-z0-9_./~%+\-]*")
_NOT_ID_CHARS = frozenset(" '!:(),*@$")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE]-?[0-9]+)?")
_URL_SAFE = "!'(),:*@$/"


class RisonError(ValueError):
    """Text that is not valid Rison, with the position where parsing stopped."""

    def __init__(self, text: str, position: int, problem: str) -> None:
        self.position = position
        self.problem = problem
        excerpt = text[max(0, position - 20) : position + 20]
        super().__init__(f"invalid Rison at {position}: {problem} (near {excerpt!r})")


# --- encoding ------------------------------------------------------------------------------


def dumps(value: Any) -> str:
    """Encode dicts (str keys, order kept), lists/tuples, str, int, float, bool and None."""
    parts: list[str] = []
    _encode(value, parts)
    return "".join(parts)


def _encode_string(text: str) -> str:
    if text == "":
        return "''"
    if _BARE.fullmatch(text):
        return text
    return "'" + text.replace("!", "!!").replace("'", "!'") + "'"


def _encode(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("!n")
    elif value is True:
        out.append("!t")
    elif value is False:
        out.append("!f")
    elif isinstance(value, str):
        out.append(_encode_string(value))
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"Rison has no encoding for {value!r}")
        out.append(_float_text(value))
    elif isinstance(value, Mapping):
        out.append("(")
        for index, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError(f"Rison object keys must be strings, got {type(key).__name__}")
            if index:
                out.append(",")
            out.append(_encode_string(key))
            out.append(":")
            _encode(item, out)
        out.append(")")
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        out.append("!(")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _encode(item, out)
        out.append(")")
    else:
        raise TypeError(f"Rison cannot encode {type(value).__name__}")


def _float_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(value).replace("e+", "e")
    return text


def url_quote(rison_text: str) -> str:
    """Percent-encode Rison text for a URL query or fragment parameter value."""
    return quote(rison_text, safe=_URL_SAFE)


# --- decoding ------------------------------------------------------------------------------


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
