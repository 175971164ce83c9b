"""Level numbers (the stdlib's), their schema names, and parsing LOG_LEVEL-style values."""

from __future__ import annotations

NOTSET = 0
DEBUG = 10
INFO = 20
WARNING = 30
ERROR = 40
CRITICAL = 50

_BY_NAME = {
    "notset": NOTSET,
    "debug": DEBUG,
    "info": INFO,
    "warning": WARNING,
    "warn": WARNING,
    "error": ERROR,
    "critical": CRITICAL,
    "fatal": CRITICAL,
}


def level_name(level: int) -> str:
    """The schema's `log.level` for any number: custom levels round down to the known one below.

    `log.level` only ever holds debug/info/warning/error/critical, so the forwarder and the
    dashboards never meet a `Level 25`.
    """
    if level >= CRITICAL:
        return "critical"
    if level >= ERROR:
        return "error"
    if level >= WARNING:
        return "warning"
    if level >= INFO:
        return "info"
    return "debug"


def parse_level(value: object) -> int | None:
    """A level from a name (any case, `warn`/`fatal` included) or a number; None when malformed."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    number = _BY_NAME.get(text.lower())
    if number is not None:
        return number
    try:
        number = int(text)
    except ValueError:
        return None
    return number if number >= 0 else None
