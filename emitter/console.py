"""LOG_FORMAT=console: one readable, colored line per record for local development.

Chosen only by the explicit switch, never by looking at whether stdout is a terminal.
"""

from __future__ import annotations

import time
from typing import Any

from emitter.config import Config
from emitter.encoding import Encoder, safe_str
from emitter.errors import ERROR_STACK, ERROR_TYPE
from emitter.levels import level_name

_RESET = "\x1b[0m"
_DIM = "\x1b[2m"
_COLORS = {
    "debug": "\x1b[2;36m",
    "info": "\x1b[32m",
    "warning": "\x1b[33m",
    "error": "\x1b[31m",
    "critical": "\x1b[1;31m",
}


class ConsoleRenderer:
    """`10:07:06.123 INFO     payments  payment failed  amount=12.5`, then any traceback."""

    def __init__(self, config: Config, encoder: Encoder) -> None:
        self._encoder = encoder
        self._color = config.color

    def logger_part(self, name: str) -> str:
        """For the console the logger's static part is just its name."""
        return name

    def _paint(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self._color else text

    def _value(self, value: Any) -> str:
        if isinstance(value, str):
            text = value
        else:
            try:
                text = self._encoder.fields({"v": value})[5:-1]
            except Exception:
                text = safe_str(value)
        if len(text) > self._encoder.max_string:
            text = self._encoder.truncate(text)
        return text

    def render(
        self,
        level: int,
        msg: str,
        logger_part: str,
        fields: dict[str, Any],
        error: dict[str, str] | None,
    ) -> str:
        """One line (plus the traceback's lines when there is an error)."""
        now = time.time()
        stamp = time.strftime("%H:%M:%S", time.localtime(now)) + f".{int(now % 1 * 1000):03d}"
        name = level_name(level)
        parts = [
            self._paint(_DIM, stamp),
            self._paint(_COLORS[name], f"{name.upper():<8}"),
            self._paint(_DIM, logger_part),
            msg if len(msg) <= self._encoder.max_string else self._encoder.truncate(msg),
        ]
        pairs = " ".join(
            f"{self._paint(_DIM, str(k) + '=')}{self._value(v)}" for k, v in fields.items()
        )
        if pairs:
            parts.append(pairs)
        text = "  ".join(parts)
        if error:
            trace = error.get(ERROR_STACK) or error.get(ERROR_TYPE, "")
            text += "\n" + self._paint(_COLORS["error"], trace)
        return text + "\n"

    def fallback(self, level: int, msg: object, logger_part: str, problem: str) -> str:
        """A minimal line when rendering failed."""
        text = msg if type(msg) is str else "[emitter: message lost]"
        return f"{level_name(level).upper()} {logger_part} {text} (emitter: {problem})\n"
