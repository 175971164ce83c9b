"""JSON encoding of field values that never fails and never depends on which encoder ran.

The canonical encoding is the stdlib's C encoder (`ensure_ascii=False`, compact separators).
Where orjson is importable it encodes first; its output is kept only where it is byte-identical
to the canonical one, and everything else is re-encoded canonically:
- floats below 1e-4 in magnitude: orjson writes `1e-5`/`0.00001`, the stdlib `1e-05`; such output is
  recognised (`0.0000` or a digit, `e-`, a digit) and re-encoded;
- NaN and infinities: orjson writes `null`; when a `null` shows up the value is checked for them;
- integers beyond 64 bits, non-str keys, lone surrogates, nesting deeper than 255: orjson raises.
Values JSON cannot encode become `str(value)` (or `repr`, or a marker when both raise); enums
become their value; circular references and nesting deeper than `max_depth` are cut with a marker;
strings longer than `max_string` are cut and marked; lone surrogates become U+FFFD.
"""

from __future__ import annotations

import json
import math
import re
from enum import Enum
from typing import Any

try:  # optional speed-up; output is identical without it
    import orjson as _orjson
except ImportError:  # pragma: no cover - exercised by use_orjson=False
    _orjson = None

encode_basestring = json.encoder.encode_basestring  # C version where available

CIRCULAR = "[emitter: circular reference]"
TOO_DEEP = "[emitter: nested too deeply]"
_SMALL_FLOAT = re.compile(r"[0-9]e-[0-9]")

if _orjson is not None:
    _dumps = _orjson.dumps
    _ORJSON_OPTIONS = (
        _orjson.OPT_PASSTHROUGH_SUBCLASS
        | _orjson.OPT_PASSTHROUGH_DATETIME
        | _orjson.OPT_PASSTHROUGH_DATACLASS
    )


def to_utf8(text: str) -> bytes:
    """UTF-8 bytes of `text`; lone surrogates (which UTF-8 cannot carry) become U+FFFD."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        fixed = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return fixed.encode("utf-8", "replace")


def safe_str(value: object) -> str:
    """`str(value)`, else `repr(value)`, else a marker naming the type; never raises."""
    try:
        text = str(value)
        if type(text) is str:
            return text
    except Exception:
        pass
    try:
        text = repr(value)
        if type(text) is str:
            return text
    except Exception:
        pass
    try:
        name = type(value).__qualname__
    except Exception:
        name = "object"
    return f"<unrepresentable {name}>"


def _int(value: int) -> int | str:
    """`value`, or a marker when it has more digits than Python will print (4300 by default)."""
    if value.bit_length() < 14000:
        return value
    try:
        str(value)
    except ValueError:
        digits = int(value.bit_length() * 0.30103) + 1
        return f"[emitter: integer of about {digits} digits]"
    return value


def _default(value: object) -> Any:
    """What both encoders do with a value they do not know (orjson also sends subclasses here)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, dict):
        return dict(value.items())
    if isinstance(value, list | tuple):
        return list(value)
    return safe_str(value)


def _has_nonfinite(value: object, depth: int = 0) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if depth > 300:
        return True
    if isinstance(value, dict):
        return any(_has_nonfinite(item, depth + 1) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nonfinite(item, depth + 1) for item in value)
    if isinstance(value, Enum):
        return _has_nonfinite(value.value, depth + 1)
    return False


class Encoder:
    """Encodes a record's fields (a dict) to compact JSON text; see the module docstring.

    The text may still hold lone surrogates; `to_utf8` makes the bytes.
    """

    def __init__(self, max_string: int = 32768, max_depth: int = 32, use_orjson: bool = True):
        self.max_string = max_string
        self.max_depth = max_depth
        self.uses_orjson = bool(use_orjson and _orjson is not None)
        self._c_encode = json.encoder.c_make_encoder
        self._py = json.JSONEncoder(
            ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_default
        )
        self.fields = self._fields_orjson if self.uses_orjson else self._fields_stdlib

    # -- public ---------------------------------------------------------------------------------
    def string(self, text: str) -> str:
        """A JSON string literal of `text`, cut to `max_string` characters."""
        if len(text) > self.max_string:
            text = self.truncate(text)
        return encode_basestring(text)

    def truncate(self, text: str) -> str:
        """`text` cut to `max_string` characters, with a marker saying how much was cut."""
        cut = len(text) - self.max_string
        return f"{text[: self.max_string]}...[emitter: truncated {cut} chars]"

    def clean(self, value: object) -> Any:
        """A copy of `value` made of JSON types only, cut and marked as the module doc says."""
        return self._clean(value, 0, set())

    # -- the two front doors ----------------------------------------------------------------------
    def _fields_orjson(self, fields: dict[str, Any]) -> str:
        try:
            out = _dumps(fields, _default, _ORJSON_OPTIONS).decode()
        except Exception:
            return self._fields_stdlib(fields)
        if (
            "0.0000" in out
            or ("e-" in out and _SMALL_FLOAT.search(out) is not None)
            or ("null" in out and _has_nonfinite(fields))
        ):
            return self._fields_stdlib(fields)
        if len(out) > self.max_string:
            return self._canonical(self.clean(fields))
        return out

    def _fields_stdlib(self, fields: dict[str, Any]) -> str:
        try:
            out = self._canonical(fields)
        except Exception:
            return self._canonical(self.clean(fields))
        if len(out) > self.max_string:
            return self._canonical(self.clean(fields))
        return out

    def _canonical(self, value: object) -> str:
        if self._c_encode is not None:
            encode = self._c_encode(
                {}, _default, encode_basestring, None, ":", ",", False, False, False
            )
            text = "".join(encode(value, 0))
        else:  # pragma: no cover - interpreters without the C accelerator
            text = self._py.encode(value)
        return text

    # -- cleaning -------------------------------------------------------------------------------
    def _clean_str(self, text: str) -> str:
        if len(text) > self.max_string:
            text = self.truncate(text)
        return text

    def _clean_key(self, key: object) -> str:
        if isinstance(key, str):
            return self._clean_str(str.__str__(key))
        if key is None:
            return "null"
        if key is True:
            return "true"
        if key is False:
            return "false"
        return self._clean_str(safe_str(key))

    def _clean(self, value: object, depth: int, active: set[int]) -> Any:
        kind = type(value)
        if kind is str:
            return self._clean_str(value)
        if kind is int:
            return _int(value)
        if value is None or kind is bool:
            return value
        if kind is float:
            return value if math.isfinite(value) else safe_str(value)
        if isinstance(value, Enum):
            return self._clean(value.value, depth + 1, active)
        if isinstance(value, str):
            return self._clean_str(str.__str__(value))
        if isinstance(value, int):
            return _int(int.__int__(value))
        if isinstance(value, float):
            return self._clean(float.__float__(value), depth, active)
        if not isinstance(value, dict | list | tuple):
            return self._clean_str(_default(value))
        if depth >= self.max_depth:
            return TOO_DEEP
        marker = id(value)
        if marker in active:
            return CIRCULAR
        active.add(marker)
        try:
            if isinstance(value, dict):
                try:
                    items = list(value.items())
                except Exception:
                    return self._clean_str(safe_str(value))
                return {
                    self._clean_key(key): self._clean(item, depth + 1, active)
                    for key, item in items
                }
            try:
                items = list(value)
            except Exception:
                return self._clean_str(safe_str(value))
            return [self._clean(item, depth + 1, active) for item in items]
        finally:
            active.discard(marker)
