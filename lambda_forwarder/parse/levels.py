"""Level names and numbers of every logger the forwarder meets, onto the schema's five levels."""

from __future__ import annotations

import math
import re

_LEVEL_SYNONYMS = {
    "debug": (
        "debug", "trace", "verbose", "fine", "finer", "finest", "dbg", "dbug", "debu", "trce",
        "trc", "trac", "vrb", "silly", "all",
    ),
    "info": ("info", "information", "informational", "notice", "inf", "http", "config"),
    "warning": ("warning", "warn", "wrn", "warnung"),
    "error": ("error", "err", "severe", "exception", "eror", "erro", "fail", "failure"),
    "critical": (
        "critical", "crit", "fatal", "fata", "ftl", "panic", "pani", "pnc", "dpanic", "emerg",
        "emergency", "alert",
    ),
}  # fmt: skip
LEVEL_NAMES: dict[str, str] = {}
for _canonical, _names in _LEVEL_SYNONYMS.items():
    for _name in _names:
        for _variant in (_name, _name.upper(), _name.title()):
            LEVEL_NAMES[_variant] = _canonical
for _number in range(1, 9):  # Apache's trace1 .. trace8
    LEVEL_NAMES[f"trace{_number}"] = "debug"

# The schema's levels, least severe first.
SEVERITY = {"debug": 0, "info": 1, "warning": 2, "error": 3, "critical": 4}

# PHP's error labels (`PHP Fatal error:  ...`, `PHP Warning:  ...`): a fatal or parse error
# ends the script.
PHP_LEVELS = {
    "Fatal error": "critical",
    "Parse error": "critical",
    "Core error": "critical",
    "Compile error": "critical",
    "Recoverable fatal error": "error",
    "Catchable fatal error": "error",
    "Warning": "warning",
    "Core warning": "warning",
    "Compile warning": "warning",
    "Deprecated": "warning",
    "Notice": "info",
    "Strict Standards": "info",
}

# npm's labels after `npm ` (npmlog's in npm 6-8, the display's level names in npm 9+): a
# failure is `npm ERR!` / `npm error` on each of its lines.
NPM_LEVELS = {
    "ERR!": "error",
    "error": "error",
    "WARN": "warning",
    "warn": "warning",
    "notice": "info",
    "http": "info",
    "info": "info",
    "verb": "debug",
    "verbose": "debug",
    "sill": "debug",
    "silly": "debug",
    "timing": "debug",
}

# Redis's level character after its pid, role and time (`1:M 25 Nov 2026 10:07:06.123 # ...`).
REDIS_LEVELS = {".": "debug", "-": "debug", "*": "info", "#": "warning"}  # `-`: verbose

# Erlang/OTP's report headers (`=ERROR REPORT==== 1-Dec-2026::10:00:00.000000 ===`, what
# error_logger and logger's default formatter print) by their kind: a crashed process (CRASH), a
# supervisor's child dying (SUPERVISOR) and an error are errors.
OTP_REPORT_LEVELS = {
    "CRASH": "error",
    "SUPERVISOR": "error",
    "ERROR": "error",
    "WARNING": "warning",
    "INFO": "info",
    "PROGRESS": "info",
}

# Django's `django.request` logger's message (`log_response`: `<reason phrase>: <path>`) by its
# reason phrase: a 5xx response is logged as an error, a 4xx one as a warning.
DJANGO_RESPONSE_LEVELS = {
    "Internal Server Error": "error",
    "Not Implemented": "error",
    "Bad Gateway": "error",
    "Service Unavailable": "error",
    "Gateway Timeout": "error",
    "Bad Request": "warning",
    "Unauthorized": "warning",
    "Forbidden": "warning",
    "Not Found": "warning",
    "Method Not Allowed": "warning",
    "Gone": "warning",
    "Too Many Requests": "warning",
}

# Ruby Logger's and klog's one-letter severities.
LETTER_LEVELS = {
    "D": "debug",
    "I": "info",
    "W": "warning",
    "E": "error",
    "F": "critical",
}


# Go slog's levels between the named ones: `ERROR+4`, `WARN+2`, `INFO-4`, `DEBUG-4`.
_OFFSET_LEVEL = re.compile(r"([A-Z]+)[+-]\d{1,3}\Z")


def level_from_name(value: str) -> str | None:
    """A level name in any of its spellings (`WARN`, `Information`, `[error]`, `fail`); slog's
    `ERROR+4` is read as its named level (the schema has no level between error and critical)."""
    level = LEVEL_NAMES.get(value)
    if level is None and len(value) <= 16:
        level = LEVEL_NAMES.get(value.strip().strip("[]:").lower())
        if level is None and value[-1:].isdigit():
            offset = _OFFSET_LEVEL.match(value)
            if offset is not None:
                level = LEVEL_NAMES.get(offset[1])
    return level


# (floor, level) steps, highest first, of the numeric scales loggers write.
PYTHON_SCALE = ((50, "critical"), (40, "error"), (30, "warning"), (20, "info"))
PINO_SCALE = ((60, "critical"), (50, "error"), (40, "warning"), (30, "info"))  # pino, bunyan
OTEL_SCALE = ((21, "critical"), (17, "error"), (13, "warning"), (9, "info"))  # severityNumber
LOGBACK_SCALE = ((50000, "critical"), (40000, "error"), (30000, "warning"), (20000, "info"))
# Monolog (Laravel, Symfony): 100 debug, 200 info, 250 notice, 300 warning, 400 error,
# 500 critical, 550 alert, 600 emergency.
MONOLOG_SCALE = ((500, "critical"), (400, "error"), (300, "warning"), (200, "info"))
# syslog severities (GELF's `level`): 0 emergency .. 7 debug, lower is worse.
_SYSLOG = ("critical", "critical", "critical", "error", "warning", "info", "info", "debug")


def level_from_number(
    value: float, scale: tuple[tuple[int, str], ...] = PYTHON_SCALE
) -> str | None:
    """A numeric level on one of the scales above."""
    if not math.isfinite(value):
        return None
    for floor, level in scale:
        if value >= floor:
            return level
    return "debug"


def level_from_syslog(value: float) -> str | None:
    """A syslog severity number (0 emergency .. 7 debug)."""
    if not math.isfinite(value) or not 0 <= value <= 7:
        return None
    return _SYSLOG[int(value)]


_LEVEL_TOKEN = re.compile(
    r"\b(CRITICAL|FATAL|PANIC|SEVERE|ERROR|WARNING|WARN|NOTICE|INFO|DEBUG|TRACE)\b"
    r"|\[(critical|crit|fatal|error|warn|warning|notice|info|debug|emerg|alert) *\]"
    r"|\blevel=\"?([A-Za-z]+)"
)


# A count after a level word (`FATAL: 0`, `Errors: 0, FATAL: 0,`) or an exception's name
# (`Error: 0`): a tally, not a header.
COUNT_AFTER = re.compile(r": *\d+ *(?:[,;)]|\Z)")


def _stands_as_level(text: str, start: int, end: int) -> bool:
    """Whether the upper-case level word at `start:end` is where a level stands: the line's
    first word, a header's (`[main] ERROR`, `app | ERROR |`, `app[7]: ERROR`, `local.ERROR:`,
    after a logger's name or a clock), not a value (`LOG_LEVEL=ERROR`, `--log-level ERROR`),
    a count (`0 ERROR`, `FATAL: 0`, `ERROR=3`) or the object of a sentence (`set to ERROR`)."""
    before = text[max(0, start - 100) : start]
    head = before.strip()
    if not head:
        return True
    if before[-1:] in ("=", '"', "'") or COUNT_AFTER.match(text, end, end + 24):
        return False
    tokens = head.split()
    previous = tokens[-1]
    if previous.isdigit() or (previous[:1] == "-" and len(previous) > 1):
        return False  # `0 ERROR`, `--log-level ERROR`
    after = text[end : end + 2]
    if after[:1] == "=":
        return False  # a key: `ERROR=3`
    if after[:1] in (":", "]", "|") or after in (" -", " |") or before.endswith(("[", "| ")):
        return True
    # after a header's tokens (a logger's name, a clock, `[thread]`), not a sentence's words
    return len(tokens) == 1 or not previous.isalpha()


def infer_level(text: str) -> str | None:
    """A level token near the start of a text line (`ERROR`, `[warn]`, `level=error`), if any;
    an upper-case level word counts only where a level stands (`_stands_as_level`)."""
    for match in _LEVEL_TOKEN.finditer(text, 0, 100):
        token = match[1]
        if token is None:
            token = match[2] or match[3]
        elif not _stands_as_level(text, match.start(), match.end()):
            continue
        return level_from_name(token)
    return None
