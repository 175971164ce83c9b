"""Text lines: the Lambda Python runtime's default format and plain text.

`[LEVEL]\\t<time>\\t<request id>\\t<message>` gives level, time and request id. Other text gets
its level from an `[ERROR]` prefix, a level token near the start, or a traceback (error), and
a leading timestamp when there is one.
"""

from __future__ import annotations

from typing import Any

from lambda_forwarder.parse.common import infer_level, leading_time, level_from_name, parse_time
from lambda_forwarder.parse.schema import TEXT

TRACEBACK = "Traceback (most recent call last)"
_JAVA_FRAME = "\n\tat "


def parse_text(message: str) -> dict[str, Any]:
    """Any text line as a record; never fails."""
    line = message.rstrip("\r\n")
    if "\r" in line:  # the Lambda runtime joins a multi-line message with carriage returns
        line = line.replace("\r\n", "\n").replace("\r", "\n")
    record: dict[str, Any] = {}
    level: str | None = None
    if line[:1] == "[":
        close = line.find("]", 1, 12)
        if close > 0:
            level = level_from_name(line[1:close])
            if level is not None:
                line = _runtime_format(line, close, record)
    if level is None:
        level = infer_level(line)
        if line[:1].isdigit():
            stamp = leading_time(line)
            if stamp is not None:
                record["@timestamp"] = stamp
    at = line.find(TRACEBACK)
    if at >= 0:
        _python_traceback(line[at:], record)
        if level is None:
            level = "error"
    elif _JAVA_FRAME in line:
        record["error.stack_trace"] = line
        level = level or "error"
    record["message"] = line
    record["log.level"] = level or "info"
    record["event.original_format"] = TEXT
    return record


def _runtime_format(line: str, close: int, record: dict[str, Any]) -> str:
    """`[INFO]\\t2024-01-15T10:07:06.123Z\\t<request id>\\t<message>` -> the message part; also
    `[ERROR] KeyError: 'x'` (an unhandled exception) -> error.type and error.message."""
    if line[close + 1 : close + 2] == "\t":
        parts = line.split("\t", 3)
        if len(parts) == 4:
            stamp = parse_time(parts[1])
            if stamp is not None:
                record["@timestamp"] = stamp
                if parts[2]:
                    record["request_id"] = parts[2]
                return parts[3]
        return line
    if line[close + 1 : close + 2] == " ":
        head = line[close + 2 :].split("\n", 1)[0]
        name, sep, detail = head.partition(": ")
        if sep and name and " " not in name and (name[0].isalpha() or name[0] == "_"):
            record["error.type"] = name
            record["error.message"] = detail
    return line


def _python_traceback(stack: str, record: dict[str, Any]) -> None:
    record["error.stack_trace"] = stack
    if "error.type" not in record:
        exception_from_traceback(stack, record)


def exception_from_traceback(stack: str, record: dict[str, Any]) -> None:
    """`error.type` and `error.message` from a Python traceback's last line (`KeyError: 'x'`)."""
    last = stack.rstrip().rsplit("\n", 1)[-1].strip()
    name, sep, detail = last.partition(": ")
    if name and " " not in name and name[:1].isalpha() and not name.startswith(TRACEBACK):
        record["error.type"] = name
        if sep and "error.message" not in record:
            record["error.message"] = detail
