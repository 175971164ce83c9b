"""Text lines: any format `textformats.READERS` knows, logfmt, crash output, plain text.

The reader for the line's format gives level, time, logger, ids and the message part; then
the message is searched for an exception (a Python traceback, a Java, .NET or Node stack, a Go
panic, a Ruby or Rails report), which gives `error.*` and, when the line says no level, its
level (crash output is an error, or critical when the process dies); text that still says no
level may be a crash by its first line alone (`ValueError: boom`, a signal's kill:
`crash.crash_line`). Text without a known format gets a level token near its start (`ERROR`,
`[warn]`) and a leading time, and so does a known format whose reader found no level word (a
timed line whose level stands later).
Terminal colour codes (SGR, `ESC[31m`) are read past: the line is parsed and stored without
them. When the message is not the whole line as received, that line is kept whole, codes and
all, in `event.original`: no text is lost.
"""

from __future__ import annotations

from typing import Any

from lambda_forwarder.ansi import without_codes
from lambda_forwarder.parse.crash import (
    BEAM_HALT,
    ELIXIR_BANNER,
    GIN_TAG,
    GO_HTTP_PANIC,
    JVM_OOM,
    LAMBDA_RUBY,
    NEXT_ERROR,
    NODE_REJECTION,
    TRACEBACK,
    crash_line,
    find_crash,
    lambda_ruby_error,
)
from lambda_forwarder.parse.jsonlog import parse_foreign
from lambda_forwarder.parse.levels import SEVERITY, infer_level
from lambda_forwarder.parse.schema import ORIGINAL, TEXT
from lambda_forwarder.parse.textformats import READERS, logfmt_pairs
from lambda_forwarder.times import leading_time

__all__ = ["TRACEBACK", "parse_text"]

_NONE: tuple[Any, ...] = ()
# A cheap gate before the exception search: a stack spans several lines; a one-line crash
# header starts the text (Next.js's error line too), or ends it (Ruby's `... (RuntimeError)`).
_CRASH_STARTS = ("Traceback", "panic: ", "fatal error: ", "Exception in thread ",
                 "Unhandled exception", "Unhandled Exception", NODE_REJECTION, NEXT_ERROR,
                 NEXT_ERROR[1:], GO_HTTP_PANIC, "http: " + GO_HTTP_PANIC,
                 "thread '", *JVM_OOM, GIN_TAG, ELIXIR_BANNER, *BEAM_HALT)  # fmt: skip


def _lambda_error(body: str, record: dict[str, Any]) -> bool:
    """`error.*` from the Lambda Ruby runtime's error JSON below its header line, read as that
    JSON alone in an event reads (`errorType` as written: `Function<RuntimeError>`)."""
    at = body.find("\n{")
    error_json = body[at + 1 :] if at >= 0 else ""
    obj = lambda_ruby_error(error_json) if error_json else None
    if obj is None:
        return False
    error = parse_foreign(obj, error_json)
    for key in ("error.type", "error.message", "error.stack_trace"):
        if key in error:
            record.setdefault(key, error[key])
    return True


def crash_level(level: str | None, crash: str, escalate: bool) -> str:
    """The level of text with a crash in it, whose lines said `level` (None: no level). Text
    that says none takes the crash's. Lines merged from several events (`escalate`) take the
    crash's when it is worse, as a crash may have been merged under an unrelated line; but a
    head line that says warning keeps it (a warning logged with its stack, Python's
    `logger.warning(..., exc_info=True)`, Hikari's `WARN` and its exception), unless the crash
    is critical (the process died: a Go panic, an unhandled .NET exception)."""
    if level is None:
        return crash
    if (
        escalate
        and SEVERITY[level] < SEVERITY[crash]
        and (level != "warning" or crash == "critical")
    ):
        return crash
    return level


def parse_text(message: str, reference_ms: int = 0, *, escalate: bool = False) -> dict[str, Any]:
    """Any text line (or merged lines) as a record; never fails. `reference_ms` is the
    CloudWatch time, for formats that print no year or no date. `escalate` (lines merged from
    several events): a crash in the text raises the level to its own, the level of the whole
    (`crash_level`: not above a warning head's, but to critical)."""
    line = message.rstrip("\r\n")
    if "\r" in line:  # the Lambda runtime joins a multi-line message with carriage returns
        line = line.replace("\r\n", "\n").replace("\r", "\n")
    received = line
    line = without_codes(line)  # colour codes (tracing-subscriber, winston): read past
    record: dict[str, Any] = {}
    body: str | None = None
    for reader in READERS.get(line[:1], _NONE):
        body = reader(line, reference_ms, record)
        if body is not None:
            break
        record.clear()
    if body is None:
        if "=" in line[:40] and line[:1].isalpha():
            pairs = logfmt_pairs(line)
            if pairs is not None:
                record = parse_foreign(pairs, line, TEXT)
                if record["message"] != received:
                    record[ORIGINAL] = received
                return record
        body = line
        if line[:1].isdigit():
            found = leading_time(line)
            if found is not None:
                record["@timestamp"] = found[0]
    if "log.level" not in record:
        level = infer_level(line)
        if level is not None:
            record["log.level"] = level
    crash = None
    if "\n" in body and body.startswith(LAMBDA_RUBY) and _lambda_error(body, record):
        record["log.level"] = crash_level(record.get("log.level"), "error", escalate)
    elif "\n" in body or body.startswith(_CRASH_STARTS) or (body[-1:] == ")" and ":in " in body):
        crash = find_crash(body)
    if crash is None and "log.level" not in record:
        crash = crash_line(body)  # said by its first line alone: `ValueError: boom`
    if crash is not None:
        record.setdefault("error.stack_trace", body[crash.start :])
        if crash.type is not None:
            record.setdefault("error.type", crash.type)
            if crash.message is not None:
                record.setdefault("error.message", crash.message)
        record["log.level"] = crash_level(record.get("log.level"), crash.level, escalate)
    else:
        record.setdefault("log.level", "info")
    record["message"] = body
    record["event.original_format"] = TEXT
    if body != received:
        record[ORIGINAL] = received
    return record
