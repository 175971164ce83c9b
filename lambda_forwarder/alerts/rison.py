"""Rison: the compact JSON-like notation OpenSearch Dashboards keeps its URL state in.

Kept rather than the `rison` package from PyPI, after running the links' tests against both
(2.0.1): its bare-string pattern is tested with `re.M`, so a value holding a newline (`"a\\nb"`)
is emitted unquoted and the link cannot be parsed back (the URL round-trip test fails); it
encodes NaN and infinities instead of refusing them; and its encoder alone is longer than this
module. `prison` is unmaintained. Only encoding ships; the decoder lives in tests/support.
This module is small and strict:

- `dumps` keeps a string bare only when it is made of ASCII id characters (letters, digits,
  `_-./~%+`) and does not start with `-` or a digit; anything else is quoted `'...'` with `'`
  written `!'` and `!` written `!!`. Quoting more than needed is always safe: every decoder reads
  a quoted string back to the same value.

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
_URL_SAFE = "!'(),:*@$/"


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
