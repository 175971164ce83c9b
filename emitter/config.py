"""Configuration, read from the environment once, when a registry is set up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from emitter.levels import INFO, parse_level

DEFAULT_SERVICE_NAME = "AMBIVALENT_SERVICE_NAME"
DEFAULT_APP_VERSION = "AMBIVALENT_APP_VERSION"
FORMATS = ("json", "console")


@dataclass(frozen=True)
class Config:
    """Everything a registry needs; `from_env` builds it from the process environment.

    `stream` None means "the process's stdout, looked up at write time" (so `sys.stdout`
    replacements such as `contextlib.redirect_stdout` are honoured).
    `problems` lists what was wrong in the environment; the registry reports each on stderr once.
    """

    service_name: str = DEFAULT_SERVICE_NAME
    service_version: str = DEFAULT_APP_VERSION
    environment: str | None = None
    level: int = INFO
    format: str = "json"
    stream: IO[Any] | None = None
    max_string: int = 32768
    max_depth: int = 32
    # One record must stay one CloudWatch Logs event (at most 1 MB, 256 KB before 2025).
    max_line: int = 256 * 1024
    # How long a write waits for a full non-blocking pipe before dropping the line (whole).
    write_wait_seconds: float = 1.0
    use_orjson: bool = True
    opentelemetry: bool = True
    color: bool = True
    problems: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Config:
        """Read SERVICE_NAME, APP_VERSION, ENVIRONMENT, LOG_LEVEL, LOG_FORMAT, LOG_MAX_STRING,
        LOG_MAX_LINE, NO_COLOR; `overrides` (Config fields) win."""
        env = os.environ if environ is None else environ
        problems: list[str] = []
        values: dict[str, Any] = {
            "service_name": env.get("SERVICE_NAME") or DEFAULT_SERVICE_NAME,
            "service_version": env.get("APP_VERSION") or DEFAULT_APP_VERSION,
            "environment": env.get("ENVIRONMENT") or None,
            "color": "NO_COLOR" not in env,
        }
        raw_level = env.get("LOG_LEVEL")
        if raw_level is not None and raw_level.strip():
            level = parse_level(raw_level)
            if level is None:
                problems.append(
                    f"LOG_LEVEL={raw_level!r} is not a level name or number; using info"
                )
                level = INFO
            values["level"] = level
        raw_format = env.get("LOG_FORMAT")
        if raw_format is not None and raw_format.strip():
            fmt = raw_format.strip().lower()
            if fmt not in FORMATS:
                problems.append(f"LOG_FORMAT={raw_format!r} is not json or console; using json")
                fmt = "json"
            values["format"] = fmt
        raw_max = env.get("LOG_MAX_STRING")
        if raw_max is not None and raw_max.strip():
            try:
                max_string = int(raw_max)
                if max_string < 64:
                    raise ValueError
                values["max_string"] = max_string
            except ValueError:
                problems.append(
                    f"LOG_MAX_STRING={raw_max!r} is not a whole number >= 64; using 32768"
                )
        raw_line = env.get("LOG_MAX_LINE")
        if raw_line is not None and raw_line.strip():
            try:
                max_line = int(raw_line)
                if max_line < 4096:
                    raise ValueError
                values["max_line"] = max_line
            except ValueError:
                problems.append(
                    f"LOG_MAX_LINE={raw_line!r} is not a whole number >= 4096; using 262144"
                )
        values.update(overrides)
        values["problems"] = tuple(problems) + tuple(overrides.get("problems", ()))
        return cls(**values)
