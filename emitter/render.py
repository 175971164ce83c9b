"""Turning a record into one JSON line (text; the sink makes it UTF-8), static parts made once.

A line is `{"@timestamp":...,"log.level":...,"message":...,` + the logger's static part
(`log.logger`, `service.*`) + `"log_id":...,"schema":"emitter/1"` + `error.*` + the fields.
"""

from __future__ import annotations

from typing import Any

from emitter.clock import Clock
from emitter.config import Config
from emitter.encoding import Encoder, encode_basestring
from emitter.ids import _pool as _ids
from emitter.ids import new_log_id
from emitter.levels import level_name
from emitter.schema import (
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
    ) -> str:
        """One complete line (ending in a newline) for a record."""
        part = self._levels.get(level) or self._level_part(level)
        message = encode_basestring(msg) if len(msg) <= self._max else self._encoder.string(msg)
        try:
            log_id = _ids.pop()
        except IndexError:
            log_id = new_log_id()
        head = f'{{"{TIMESTAMP}":"{self._now()}{part}{message}{logger_part}{log_id}{_SCHEMA_PART}'
        if error:
            head += self._error_part(error)
        line = f"{head},{self._fields(fields)[1:]}\n" if fields else head + "}\n"
        if line.isascii():  # O(1) in CPython
            return line
        return escape_line_breaks(line)

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
