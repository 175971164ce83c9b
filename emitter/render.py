"""Turning a record into one JSON line (text; the sink makes it UTF-8), static parts made once.

A line is `{"@timestamp":...,"log.level":...,"message":...,` + the logger's static part
(`log.logger`, `service.*`) + `"log_id":...,"schema":"emitter/1"` + `error.*` + the fields.
"""

from __future__ import annotations

from typing import Any

from emitter.clock import Clock
from emitter.config import Config
from emitter.encoding import Encoder, encode_basestring
from emitter.errors import ERROR_STACK
from emitter.ids import _pool as _ids
from emitter.ids import new_log_id
from emitter.levels import level_name
from emitter.schema import (
    CUT_KEY,
    EMITTER_ERROR,
    LEVEL,
    LOG_ID,
    LOGGER,
    MESSAGE,
    SCHEMA,
    SCHEMA_VERSION,
    SERVICE_ENVIRONMENT,
    SERVICE_NAME,
    SERVICE_VERSION,
    TIMESTAMP,
)

_SCHEMA_PART = f'","{SCHEMA}":"{SCHEMA_VERSION}"'


def _utf8_len(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def _cut(text: str, keep: int, tail: bool = False) -> str:
    """`text` with all but `keep` characters removed, and a marker saying how many went."""
    gone = len(text) - keep
    if gone <= 0:
        return text
    marker = f"[emitter: cut {gone} chars to fit the line cap]"
    return f"{marker}{text[gone:]}" if tail else f"{text[:keep]}{marker}"


_MARKER_BYTES = 64  # a cut marker, and the value's share of the `emitter.cut` list


def _ceiling(sizes: list[int], over: int) -> int | None:
    """The size to cut every larger value down to, so that `over` bytes go (sizes descending).

    None when even cutting everything to its marker would not be enough.
    """
    total = 0
    for count, size in enumerate(sizes, start=1):
        total += size
        need = over + _MARKER_BYTES * count
        ceiling = (total - need) // count
        following = sizes[count] if count < len(sizes) else 0
        if ceiling >= following:
            return ceiling if ceiling >= 0 else None
    return None


_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def escape_line_breaks(line: str) -> str:
    """Escape the characters other than newline that some readers take as line ends.

    JSON allows U+0085, U+2028 and U+2029 raw inside strings (and they occur nowhere else in a
    line), but `str.splitlines` and JavaScript-style readers would cut the record there.
    """
    if "\x85" in line or "\u2028" in line or "\u2029" in line:
        return line.translate(_LINE_BREAKS)
    return line


class JsonRenderer:
    """Renders records to UTF-8 JSON lines; `render` is the per-record hot path."""

    def __init__(self, config: Config, encoder: Encoder, clock: Clock | None = None) -> None:
        self._encoder = encoder
        self._fields = encoder.fields
        self._clock = clock or Clock()
        self._now = self._clock.now
        self._max = encoder.max_string
        service = [
            f',"{SERVICE_NAME}":{encode_basestring(config.service_name)}',
            f',"{SERVICE_VERSION}":{encode_basestring(config.service_version)}',
        ]
        if config.environment is not None:
            service.append(f',"{SERVICE_ENVIRONMENT}":{encode_basestring(config.environment)}')
        self._service = "".join(service)
        self._levels: dict[int, str] = {}
        self._max_line = config.max_line
        self._quarter_line = config.max_line // 4  # a str up to this long fits in UTF-8 anyway

    def logger_part(self, name: str) -> str:
        """The static middle of every line of logger `name`, up to the opening quote of log_id."""
        return f',"{LOGGER}":{encode_basestring(name)}{self._service},"{LOG_ID}":"'

    def _level_part(self, level: int) -> str:
        part = self._levels.get(level)
        if part is None:
            part = f'","{LEVEL}":"{level_name(level)}","{MESSAGE}":'
            if len(self._levels) < 256:
                self._levels[level] = part
        return part

    def render(
        self,
        level: int,
        msg: str,
        logger_part: str,
        fields: dict[str, Any],
        error: dict[str, str] | None,
        capped: bool = True,
    ) -> str:
        """One complete line (ending in a newline) for a record, at most `max_line` bytes
        (`capped` False: whatever its size)."""
        part = self._levels.get(level) or self._level_part(level)
        message = encode_basestring(msg) if len(msg) <= self._max else self._encoder.string(msg)
        try:
            log_id = _ids.pop()
        except IndexError:
            log_id = new_log_id()
        errors = self._error_part(error) if error else ""
        if fields:  # one f-string: the line is joined once
            line = (
                f'{{"{TIMESTAMP}":"{self._now()}{part}{message}{logger_part}{log_id}'
                f"{_SCHEMA_PART}{errors},{self._fields(fields)[1:]}\n"
            )
        else:
            line = (
                f'{{"{TIMESTAMP}":"{self._now()}{part}{message}{logger_part}{log_id}'
                f"{_SCHEMA_PART}{errors}}}\n"
            )
        if capped and len(line) > self._quarter_line and _utf8_len(line) > self._max_line:
            return self._fit(level, msg, logger_part, fields, error)
        if line.isascii():  # O(1) in CPython
            return line
        return escape_line_breaks(line)

    def _fit(
        self,
        level: int,
        msg: str,
        logger_part: str,
        fields: dict[str, Any],
        error: dict[str, str] | None,
    ) -> str:
        """The record cut to `max_line` bytes, the schema keys always kept.

        The largest values are cut first, all to one common size, each with a marker (a
        traceback keeps its end, where the exception is); `emitter.cut` names them. Thousands
        of small fields that cannot fit are dropped, and the record says so.
        """
        fields = dict(fields)
        error = dict(error) if error else None
        cut: list[str] = []
        for _ in range(4):
            sizes: list[tuple[int, str]] = [(_utf8_len(msg), "message")]
            if error:
                sizes += [(_utf8_len(value), key) for key, value in error.items()]
            sizes += [(_utf8_len(self._fields({key: value})), key) for key, value in fields.items()]
            sizes.sort(reverse=True)
            kept = {**fields, CUT_KEY: cut} if cut else fields
            line = self.render(level, msg, logger_part, kept, error, capped=False)
            over = _utf8_len(line) - self._max_line
            if over <= 0:
                return line
            ceiling = _ceiling([size for size, _ in sizes], over)
            if ceiling is None:
                break
            for size, key in sizes:
                if size <= ceiling:
                    break
                share = ceiling / size
                if key == "message":
                    msg = _cut(msg, int(len(msg) * share))
                elif error and key in error:
                    text = error[key]
                    error[key] = _cut(text, int(len(text) * share), tail=key == ERROR_STACK)
                else:
                    value = fields[key]
                    text = value if isinstance(value, str) else self._fields({"": value})[4:-1]
                    fields[key] = _cut(text, int(len(text) * share))
                if key not in cut:
                    cut.append(key)
        note = {
            CUT_KEY: ["fields"],
            "emitter.error": "fields dropped: too many to fit the line cap",
        }
        return self.render(level, _cut(msg, self._max_line // 8), logger_part, note, None, False)

    def _error_part(self, error: dict[str, str]) -> str:
        string = self._encoder.string
        return "".join(f",{encode_basestring(key)}:{string(value)}" for key, value in error.items())

    def fallback(self, level: int, msg: object, logger_part: str, problem: str) -> str:
        """A minimal line for a record whose normal rendering failed (the record says why)."""
        try:
            text = msg if type(msg) is str else repr(type(msg))
            message = self._encoder.string(text)
        except Exception:
            message = '"[emitter: message lost]"'
        head = (
            f'{{"{TIMESTAMP}":"{self._now()}{self._level_part(level)}{message}{logger_part}'
            f"{new_log_id()}{_SCHEMA_PART}"
            f',"{EMITTER_ERROR}":{encode_basestring(problem[:1000])}}}\n'
        )
        return escape_line_breaks(head)
