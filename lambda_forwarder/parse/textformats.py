"""Recognizers of text log formats, set up once as a table keyed by a line's first character.

Each reader takes the line (its first line is the header; later lines, from a merged
traceback, belong to the message), the CloudWatch time in epoch ms (for formats that print no
year or no date) and the record to fill; it returns the message part, or None when the line is
not in its format. `parse_text` tries the readers for the line's first character in order.
Formats, from their own documentation: the Lambda runtimes' text formats (Python, Node.js,
.NET, Java's log4j2 appender, Go), zap's console encoder, klog, logfmt (slog, logrus, go-kit),
Ruby's Logger (with Rails' tags), gunicorn, uvicorn and Python's default format, nginx's error
log, Apache's error and access logs, Spring Boot's default pattern, log4j and logback patterns,
.NET's console, Serilog's and zerolog's consoles, winston's `format.simple()`,
tracing-subscriber's default format (its target is the logger), structlog's console (its level
padded in brackets), PHP's error labels (`PHP Fatal error:  ...`), sd-daemon's `<3>` priority
prefix (with .NET's systemd console), npm's labels (`npm ERR!`, `npm error`, `npm WARN`),
Redis's log, the Lambda runtimes' `LAMBDA_WARNING: `, Django's `django.request` messages
(`Internal Server Error: /path`) under a bare format, Erlang/OTP's report headers
(`=CRASH REPORT==== ...`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from lambda_forwarder.parse.crash import GIN_TAG, GO_HTTP_PANIC
from lambda_forwarder.parse.jsonlog import parse_foreign
from lambda_forwarder.parse.levels import (
    DJANGO_RESPONSE_LEVELS,
    LETTER_LEVELS,
    NPM_LEVELS,
    OTP_REPORT_LEVELS,
    PHP_LEVELS,
    REDIS_LEVELS,
    level_from_name,
    level_from_syslog,
)
from lambda_forwarder.times import (
    apache_time,
    clock_time,
    klog_time,
    leading_time,
    parse_time,
)

Reader = Callable[[str, int, dict[str, Any]], "str | None"]

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
_CALLER = re.compile(r"(\S+\.\w+):(\d+)\Z")  # main/main.go:10, Handler.java:42
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\Z")
# A logger's name, a caller, or a Rust module path (tracing's target: `orders::handler`).
_LOGGER = re.compile(r"[\w$<>][\w$.<>\-/]*(?::\d+)?\Z|[a-z_]\w*(?:::\w+)+\Z")


def _split(line: str) -> tuple[str, str]:
    """The header line and the rest (with its leading newline)."""
    cut = line.find("\n")
    return (line, "") if cut < 0 else (line[:cut], line[cut:])


def _set_level(record: dict[str, Any], name: str) -> bool:
    level = level_from_name(name)
    if level is None:
        return False
    record["log.level"] = level
    return True


def _caller(record: dict[str, Any], text: str) -> bool:
    match = _CALLER.match(text)
    if match is None:
        return False
    record["log.origin.file.name"] = match[1]
    record["log.origin.file.line"] = int(match[2])
    return True


# --- `[`: the Lambda Python runtime, gunicorn, Apache's error log ----------------------------


def _lambda_python(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """`[INFO]\\t2024-01-15T10:07:06.123Z\\t<request id>\\t<message>`, or `[ERROR] KeyError: 'x'`
    (an unhandled exception's summary line)."""
    close = line.find("]", 1, 12)
    if close < 0 or not _set_level(record, line[1:close]):
        return None
    after = line[close + 1 : close + 2]
    if after == "\t":
        parts = line.split("\t", 3)
        if len(parts) == 4:
            stamp = parse_time(parts[1])
            if stamp is not None:
                record["@timestamp"] = stamp
                if parts[2]:
                    record["request_id"] = parts[2]
                return parts[3]
        return line[close + 2 :]
    if after == " ":
        body = line[close + 2 :]
        head = body.split("\n", 1)[0]
        name, sep, detail = head.partition(": ")
        if sep and name and " " not in name and (name[0].isalpha() or name[0] == "_"):
            record["error.type"] = name
            record["error.message"] = detail
        return body
    return None


_GUNICORN = re.compile(
    r"\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?: ([+-]\d{4}))?\] \[(\d+)\] \[([A-Za-z]+)\] "
)


def _gunicorn(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """`[2024-01-15 10:07:06 +0000] [7] [INFO] Booting worker with pid: 7`."""
    match = _GUNICORN.match(line)
    if match is None or not _set_level(record, match[4]):
        return None
    stamp = parse_time(f"{match[1]}{match[2] or ''}")
    if stamp is not None:
        record["@timestamp"] = stamp
    record["process.pid"] = int(match[3])
    return line[match.end() :]


_APACHE_ERROR = re.compile(
    r"\[(\w{3} \w{3} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d{1,6})? \d{4})\] \[(?:([\w-]+):)?(\w+)\]"
    r"(?: \[pid (\d+)(?::tid (\d+))?\])?(?: \[client ([^\]]+)\])? "
)


def _apache_error(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """`[Mon Jan 15 10:07:06.123456 2024] [core:error] [pid 9:tid 10] [client 1.2.3.4:5] ...`."""
    match = _APACHE_ERROR.match(line)
    if match is None or not _set_level(record, match[3]):
        return None
    stamp = apache_time(match[1])
    if stamp is not None:
        record["@timestamp"] = stamp
    if match[2]:
        record["log.logger"] = match[2]
    if match[4]:
        record["process.pid"] = int(match[4])
    if match[6]:
        record["client.address"] = match[6]
    return line[match.end() :]


PHP_LABEL = "PHP "
_FPM_SAID = ' said into stderr: "PHP '
_PHP = re.compile(r"PHP ([A-Z][a-z]+(?: [a-z]+){0,2}|Strict Standards): +")
_PHP_CLASS = re.compile(r"[A-Za-z_\\][\w\\]*\Z")
_PHP_WHERE = re.compile(r"\S+:\d+\Z")  # ` in /app/index.php:3`


def _php(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """PHP's errors on stderr or in its error_log: `PHP Fatal error:  Uncaught Exception: boom
    in /app/index.php:3` (its `Stack trace:` below), `PHP Warning:  ...`, also after the
    error_log's `[25-Nov-2026 10:07:06 UTC] ` (the CloudWatch time is kept), or passed on by
    php-fpm (`... WARNING: [pool www] child 12 said into stderr: "PHP Fatal error: ..."`)."""
    start = 0
    if line[:1] == "[":
        start = line.find("] " + PHP_LABEL, 1, 40) + 2
        if start < 2:  # php-fpm passing on a worker's error: the worker's level is the line's
            said = line.find(_FPM_SAID, 1, 120)
            if said < 0:
                return None
            start = said + len(_FPM_SAID) - len(PHP_LABEL)
    match = _PHP.match(line, start)
    if match is None:
        return None
    level = PHP_LEVELS.get(match[1])
    if level is None:
        return None
    record["log.level"] = level
    body = line[match.end() :]
    if body.startswith("Uncaught "):  # `Uncaught <Class>: <message> in <file>:<line>`
        name, _, message = body.split("\n", 1)[0][9:].partition(": ")
        if _PHP_CLASS.match(name):
            record["error.type"] = name
            text, _, where = message.rpartition(" in ")
            message = text if text and _PHP_WHERE.match(where.rstrip('"')) else message
            if message:
                record["error.message"] = message
    return body


_SYSTEMD_DOTNET = re.compile(r"([^\s\[]+)\[(\d+)\] ")


def _systemd_priority(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """sd-daemon's priority prefix, as systemd reads stdout (`<3>message`, 0 emergency ..
    7 debug), and .NET's systemd console after it (`<3>Orders.Api[13] message`)."""
    if line[2:3] != ">" or not line[1:2].isdigit():
        return None
    level = level_from_syslog(int(line[1]))
    if level is None:
        return None
    record["log.level"] = level
    match = _SYSTEMD_DOTNET.match(line, 3)
    if match is not None:
        record["log.logger"] = match[1]
        return line[match.end() :]
    return line[3:]


# --- a digit: lines that start with their time --------------------------------------------------

_OWN_KEYS = frozenset({"message", "log.level", "event.original_format"})
_LAMBDA_LEVELS = frozenset(
    {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"}
    | {"trce", "dbug", "info", "warn", "fail", "crit"}  # the .NET runtime's labels
)
_INVOKE_ERRORS = ("Invoke Error", "Uncaught Exception", "Unhandled Promise Rejection")


def _runtime_error(body: str, record: dict[str, Any]) -> str:
    """Node's `Invoke Error \\t{"errorType": ..., "errorMessage": ..., "stack": [...]}`."""
    label, _, blob = body.partition("\t")
    try:
        error = json.loads(blob)
    except ValueError:
        return body
    if type(error) is not dict:
        return body
    kind, message = error.get("errorType"), error.get("errorMessage")
    stack = error.get("stack", error.get("stackTrace"))
    if type(kind) is str:
        record["error.type"] = kind
    if type(message) is str:
        record["error.message"] = message
    if type(stack) is list and all(type(frame) is str for frame in stack):
        record["error.stack_trace"] = "\n".join(stack)
    elif type(stack) is str:
        record["error.stack_trace"] = stack
    record["log.level"] = "error" if record.get("log.level") != "critical" else "critical"
    return f"{label.strip()}: {message}" if type(message) is str else body


def _tabbed(header: str, rest: str, record: dict[str, Any]) -> str | None:
    """After a leading time and a tab: the Lambda runtimes' `<request id>\\t<LEVEL>\\t<message>`
    (Node.js, .NET), Node's older `<request id>\\t<message>`, or zap's console encoder
    `<level>\\t[<logger>\\t][<caller>\\t]<message>[\\t{fields}]`."""
    parts = header.split("\t")
    if len(parts) >= 3 and parts[2] in _LAMBDA_LEVELS and " " not in parts[1]:
        _set_level(record, parts[2])
        if parts[1] and parts[1] != "undefined":
            record["request_id"] = parts[1]
        body = "\t".join(parts[3:]) + rest
        if body.startswith(_INVOKE_ERRORS) and "\t{" in body:
            body = _runtime_error(body, record)
        return body
    if len(parts) >= 2 and level_from_name(parts[1]) is not None and parts[1].isalpha():
        _set_level(record, parts[1])
        fields = parts[2:]
        if len(fields) > 1 and fields[-1][:1] == "{":
            try:
                extra = json.loads(fields[-1])
            except ValueError:
                extra = None
            if type(extra) is dict:  # the structured fields, read as a JSON line's
                for key, value in parse_foreign(extra, "").items():
                    if key not in _OWN_KEYS:
                        record.setdefault(key, value)
                fields = fields[:-1]
        if not fields:
            return rest.lstrip("\n")
        for name in fields[:-1]:
            if not _caller(record, name) and "log.logger" not in record:
                record["log.logger"] = name
        return fields[-1] + rest
    if len(parts) == 3 and _UUID.match(parts[1]):
        record["request_id"] = parts[1]
        return parts[2] + rest
    return None


_SPRING = re.compile(
    r"\s*([A-Z]+) +(\d+) --- ((?:\[[^\]]*\] *){1,3})(\S+)\s+: "  # Spring Boot's default pattern
)
_TRACE_SPAN = re.compile(r"([0-9a-f]{32})-([0-9a-f]{16})\Z")
_PYTHON_DASHES = re.compile(r" - (\S+) - ([A-Za-z]+) - ")  # '%(asctime)s - %(name)s - ...'
_NGINX = re.compile(r" \[(\w+)\] (\d+)#(\d+): (?:\*(\d+) )?")
_SEPARATORS = frozenset({"-", "|", ":", "--", "::", "—", "->"})
_HEADER_TOKEN = re.compile(r" *(\[[^\]]*\]|\S+)")
# tracing-subscriber's span context before its target: `request{id=7}:db{q=1}: `, the last
# span with fields (a span without them reads as a logger's name).
_SPANS = re.compile(r"(?:[A-Za-z_][\w.-]*(?:\{[^{}\n]*\})?:)*[A-Za-z_][\w.-]*\{[^{}\n]*\}: ")


def _spring(header: str, rest: str, record: dict[str, Any]) -> str | None:
    match = _SPRING.match(header)
    if match is None or not _set_level(record, match[1]):
        return None
    record["process.pid"] = int(match[2])
    brackets = [part.strip() for part in re.findall(r"\[([^\]]*)\]", match[3])]
    names = []
    for part in brackets:
        ids = _TRACE_SPAN.match(part)
        if ids is not None:
            record["trace.id"], record["span.id"] = ids[1], ids[2]
        elif part:
            names.append(part)
    if names:
        record["process.thread.name"] = names[-1]
    record["log.logger"] = match[4]
    return header[match.end() :] + rest


def _level_follows(text: str, position: int, token: str) -> int | None:
    """Where an upper-case level word starts when `token`, a logger's name or a caller (not a
    capitalized word of a sentence), comes before it, maybe with a separator between."""
    name = token.rstrip(":")
    if not _LOGGER.match(name) or (name.isalpha() and not name.islower()):
        return None
    following = _HEADER_TOKEN.match(text, position)
    if following is not None and following[1] in _SEPARATORS and not token.endswith(":"):
        position = following.end()
        following = _HEADER_TOKEN.match(text, position)
    if following is None:
        return None
    return position if _is_level_word(following[1]) else None


def _is_level_word(token: str) -> bool:
    """An upper-case level word (`ERROR`, `WRN`, `ERROR:`), as headers print the level."""
    word = token.rstrip(":")
    return word.isalpha() and word.isupper() and level_from_name(word) is not None


def _leads_header(text: str, position: int) -> bool:
    """Whether an upper-case level word, or a logger and one, comes at `position`."""
    following = _HEADER_TOKEN.match(text, position)
    if following is None:
        return False
    if _is_level_word(following[1]):
        return True
    return _level_follows(text, following.end(), following[1]) is not None


def _header(text: str, record: dict[str, Any]) -> str:
    """log4j, logback, Python and Go headers after the time: level, `[thread]`, request id,
    pid and logger in any order, up to a separator (`-`, `:`, `|`) or the message."""
    position = 0
    found_level = False
    for _ in range(7):
        match = _HEADER_TOKEN.match(text, position)
        if match is None:
            break
        token = match[1]
        if token in _SEPARATORS:
            if position == 0 and _leads_header(text, match.end()):  # `<time> | app | ERROR | ...`
                position = match.end()
                continue
            return text[match.end() :].lstrip(" ")
        bare = token.strip("[]:")
        if token[:1] == "[" and bare[-1:] == " ":
            bare = bare.rstrip(" ")  # structlog's console pads the level: `[error    ]`
        # (`http:` is Go's net/http server log prefix here, not winston's `http` level)
        if not found_level and bare.isalpha() and token != "http:" and _set_level(record, bare):
            found_level = True
            position = match.end()
            if token.endswith(":") and not token.startswith("["):  # `ERROR: message`
                return text[position:].lstrip(" ")
            continue
        if token[:1] == "[":
            if bare.isdigit():
                record["process.pid"] = int(bare)
            elif len(bare) == 36 and _UUID.match(bare):
                record["request_id"] = bare
            elif found_level and "log.logger" not in record and _DOTTED.match(bare):
                record["log.logger"] = bare  # Python's `%(levelname)s [%(name)s] ...`
            elif bare:
                record["process.thread.name"] = bare
            position = match.end()
            continue
        if len(token) == 36 and _UUID.match(token):
            record["request_id"] = token
            position = match.end()
            continue
        if token.isdigit() and not found_level:
            record["process.pid"] = int(token)
            position = match.end()
            continue
        if not found_level and "log.logger" not in record:
            level_at = _level_follows(text, match.end(), token)
            if level_at is not None:  # `%(name)s %(levelname)s`, log4j `%c %p`, Go's `file:line:`
                name = token.rstrip(":")
                if not _caller(record, name):
                    record["log.logger"] = name
                position = level_at
                continue
        if found_level and "{" in token and "log.logger" not in record:
            spans = _SPANS.match(text, match.start(1))
            target = _HEADER_TOKEN.match(text, spans.end()) if spans is not None else None
            if target is not None and target[1][-1:] == ":" and _LOGGER.match(target[1][:-1]):
                # tracing's `LEVEL spans: target: message`: the spans stay in the message
                record["log.logger"] = target[1][:-1]
                return spans[0] + text[target.end() :].lstrip(" ")
        if found_level and "log.logger" not in record and _LOGGER.match(token.rstrip(":")):
            following = _HEADER_TOKEN.match(text, match.end())
            if token.endswith(":"):
                record["log.logger"] = token[:-1]
                return text[match.end() :].lstrip(" ")
            if following is not None and following[1] in _SEPARATORS:
                record["log.logger"] = token
                return text[following.end() :].lstrip(" ")
        break
    return text[position:].lstrip(" ")


def _timed(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """Lines that start with a date and a clock."""
    found = leading_time(line)
    if found is None:
        return None
    stamp, end = found
    record["@timestamp"] = stamp
    header, rest = _split(line)
    after = header[end:]
    if after[:1] == "\t":
        body = _tabbed(header[end:], rest, record)
        if body is not None:
            return body
    match = None
    if after[:2] == " [":
        if after.startswith(GIN_TAG, 1):
            return after[1:] + rest  # gin's recovered panic after Go's log time: no thread
        match = _NGINX.match(after)
    if match is not None and _set_level(record, match[1]):
        record["process.pid"] = int(match[2])
        record["process.thread.id"] = int(match[3])
        if match[4]:
            record["nginx.error.connection_id"] = int(match[4])
        return after[match.end() :] + rest
    body = _spring(after, rest, record) if " --- " in after else None
    if body is not None:
        return body
    match = _PYTHON_DASHES.match(after) if after[:3] == " - " else None
    if match is not None and _set_level(record, match[2]):
        record["log.logger"] = match[1]
        return after[match.end() :] + rest
    body = _header(after.lstrip(" \t,"), record) + rest
    if "log.level" not in record and after.startswith(" pid="):
        _sidekiq_level(after, record)
    return body


def _sidekiq_level(after: str, record: dict[str, Any]) -> None:
    """Sidekiq's `<time> pid=1 tid=2l9 class=Job jid=ab12 ERROR: message`: its level follows
    the context pairs, maybe past where a level is looked for in text (the line is kept)."""
    position = 1
    for _ in range(12):
        space = after.find(" ", position, position + 300)
        if space < 0:
            return
        token = after[position:space]
        if token[-1:] == ":":
            name = token[:-1]
            if name.isalpha() and name.isupper():
                _set_level(record, name)
            return
        if "=" not in token:
            return
        position = space + 1


_CLOCK = re.compile(r"(\d\d:\d\d:\d\d(?:[.,]\d{1,6})?) ")


def _clock(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """logback's and log4j2's default `10:07:06.123 [main] ERROR com.x.Y - message`: a clock
    without a date, on the CloudWatch day."""
    match = _CLOCK.match(line)
    if match is None:
        return None
    header, rest = _split(line)
    probe: dict[str, Any] = {}
    body = _header(header[match.end() :], probe)
    if "log.level" not in probe:
        return None
    stamp = clock_time(match[1], reference_ms)
    if stamp is not None:
        record["@timestamp"] = stamp
    record.update(probe)
    return body + rest


_SERILOG = re.compile(r"\[(\d\d:\d\d:\d\d(?:\.\d{1,7})?) ([A-Z]{3})\] ")


def _serilog_console(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """Serilog's console default `[10:07:06 ERR] message` (VRB DBG INF WRN ERR FTL): a clock
    without a date, on the CloudWatch day."""
    match = _SERILOG.match(line)
    if match is None or not _set_level(record, match[2]):
        return None
    stamp = clock_time(match[1], reference_ms)
    if stamp is not None:
        record["@timestamp"] = stamp
    return line[match.end() :]


_KITCHEN = re.compile(r"\d{1,2}:\d\d[AP]M ([A-Z]{3}) ")


def _zerolog_console(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """zerolog's ConsoleWriter `10:07AM ERR message key=value` (TRC DBG INF WRN ERR FTL PNC).
    Its minute-only local clock is coarser than the CloudWatch time, which is kept."""
    match = _KITCHEN.match(line)
    if match is None or not _set_level(record, match[1]):
        return None
    return line[match.end() :]


_ACCESS = re.compile(r"(\S+) \S+ (\S+) \[([^\]]+)\] \"[^\"]*\" (\d{3}) ")


def _access(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """Apache's and nginx's common/combined access log (and gunicorn's): info, the request's
    time, the status; the line stays the message."""
    match = _ACCESS.match(line)
    if match is None:
        return None
    stamp = apache_time(match[3])
    if stamp is None:
        return None
    record["@timestamp"] = stamp
    record["log.level"] = "info"
    record["client.address"] = match[1]
    record["http.response.status_code"] = int(match[4])
    return line


_REDIS = re.compile(r"(\d+):[XCSM] \d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3} ([.*#-]) ")


def _redis(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """Redis's `1:M 25 Nov 2026 10:07:06.123 # message`: its pid, its role (M a primary, S a
    replica, C a child writing a snapshot, X a sentinel), its level character (`#` a
    warning). Its clock is the server's local time, without a zone: the CloudWatch time is
    kept."""
    match = _REDIS.match(line)
    if match is None:
        return None
    record["log.level"] = REDIS_LEVELS[match[2]]
    record["process.pid"] = int(match[1])
    return line[match.end() :]


_OTP_REPORT = re.compile(r"=([A-Z]+) REPORT==== \d{1,2}-\w{3}-\d{4}::\d\d:\d\d:\d\d(?:\.\d+)? ===")


def otp_report_level(text: str) -> str | None:
    """The level of Erlang/OTP's report whose header `text` begins with (`=CRASH REPORT====
    1-Dec-2026::10:00:00.000000 ===`), by its kind (`OTP_REPORT_LEVELS`); None: no header.
    Multi-line merging keeps the report's lines below it in its record."""
    match = _OTP_REPORT.match(text) if text.startswith("=") else None
    return None if match is None else OTP_REPORT_LEVELS.get(match[1])


def _otp_report(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """Erlang/OTP's report (`otp_report_level`). Its clock is the node's local time, without a
    zone: the CloudWatch time is kept. The line stays the message."""
    level = otp_report_level(line)
    if level is None:
        return None
    record["log.level"] = level
    return line


# --- a letter -----------------------------------------------------------------------------------

LAMBDA_WARNING = "LAMBDA_WARNING: "


def _lambda_warning(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """The Lambda runtimes' own warning, `LAMBDA_WARNING: Unhandled exception. ...` (before
    the function's error is reported): a warning. The line stays the message."""
    if not line.startswith(LAMBDA_WARNING):
        return None
    record["log.level"] = "warning"
    return line


def _django_response(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """Django's `django.request` logger under a bare format (`%(message)s`): `Internal Server
    Error: /api/pay` (a 5xx response: an error), `Not Found: /favicon.ico` (a 4xx: a warning),
    `Forbidden (CSRF cookie not set.): /pay`; the traceback of a 5xx below it. The line stays
    the message."""
    cut = line.find(": /", 0, 80)
    if cut < 0:
        return None
    phrase = line[:cut]
    if phrase[-1:] == ")":
        phrase = phrase.split(" (", 1)[0]  # the reason Django gives (`Forbidden (CSRF ...)`)
    level = DJANGO_RESPONSE_LEVELS.get(phrase)
    end = line.find("\n", cut)
    if level is None or " " in (line[cut + 2 :] if end < 0 else line[cut + 2 : end]):
        return None  # a path has no space: `Not Found: /x for user y` is another's sentence
    record["log.level"] = level
    return line


_KLOG = re.compile(r"([IWEF])(\d{4}) (\d\d:\d\d:\d\d\.\d{6}) +(\d+) ([^\s:\]]+:\d+)\] ")


def _klog(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """`E0412 20:21:32.880049    1234 server.go:123] message` (klog, Kubernetes)."""
    match = _KLOG.match(line)
    if match is None:
        return None
    record["log.level"] = LETTER_LEVELS[match[1]]
    stamp = klog_time(match[2], match[3], reference_ms)
    if stamp is not None:
        record["@timestamp"] = stamp
    record["process.thread.id"] = int(match[4])
    _caller(record, match[5])
    return line[match.end() :]


_RUBY = re.compile(r"([DIWEFAU]), \[(\S+) #(\d+)\] +([A-Z]+) -- ([^:]*): ")
# Rails' tagged logging: `[tag] ` before the message, once per tag (`config.log_tags`).
_TAGS = re.compile(r"(?:\[[^\]\n]*\] )+")
_TAG = re.compile(r"\[([^\]\n]*)\] ")


def rails_tags(line: str) -> str:
    """The tags (`[<request id>] `) Rails put before a Ruby Logger line's message, or "". Rails
    writes an exception report in one call, its later lines below the header line each starting
    with the same tags (ActionDispatch's `log_array`)."""
    match = _RUBY.match(line) if line[1:4] == ", [" else None
    tags = _TAGS.match(line, match.end()) if match is not None else None
    return tags[0] if tags is not None else ""


def _untag(body: str, record: dict[str, Any]) -> str:
    """A tagged message: the first tag that is a UUID (Rails' `:request_id`) is `request_id`
    and leaves the first line; the later lines lose the copy of the tags Rails put on each, and
    a first line left blank (an exception report's) goes."""
    tags = _TAGS.match(body)
    if tags is None:
        return body
    head, rest = _split(body)
    if rest:
        prefix = tags[0]
        rest = "\n".join([part.removeprefix(prefix) for part in rest.split("\n")])
    for tag in _TAG.finditer(tags[0]):
        if _UUID.match(tag[1]):
            record["request_id"] = tag[1]
            head = head[: tag.start()] + head[tag.end() :]
            break
    if rest and not head.strip():
        return rest[1:]
    return head + rest


def _ruby(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """Ruby's Logger: `E, [2024-01-15T10:07:06.123456 #42] ERROR -- billing: message`, with
    Rails' tags before the message (`-- : [<request id>] message`)."""
    match = _RUBY.match(line)
    if match is None:
        return None
    level = level_from_name(match[4]) or LETTER_LEVELS.get(match[1])
    if level is None:
        return None
    record["log.level"] = level
    stamp = parse_time(match[2])
    if stamp is not None:
        record["@timestamp"] = stamp
    record["process.pid"] = int(match[3])
    if match[5]:
        record["log.logger"] = match[5]
    body = line[match.end() :]
    return _untag(body, record) if body[:1] == "[" else body


_DOTNET = re.compile(r"(trce|dbug|info|warn|fail|crit): ([^\s\[]+)\[(\d+)\]")


def _dotnet_console(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """.NET's console logger: `fail: Orders.Api[0]` and the message on indented lines."""
    match = _DOTNET.match(line)
    if match is None:
        return None
    _set_level(record, match[1])
    record["log.logger"] = match[2]
    body = line[match.end() :]
    lines = [
        part.strip() if n == 0 else part.removeprefix("      ")
        for n, part in enumerate(body.split("\n"))
    ]
    return "\n".join(lines).strip("\n")


_PY_DEFAULT = re.compile(r"(DEBUG|INFO|WARNING|ERROR|CRITICAL):(?:([^\s:]+):| +)")


def _python_default(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """Python's default `ERROR:root:message` and uvicorn's `INFO:     message`."""
    match = _PY_DEFAULT.match(line)
    if match is None:
        return None
    _set_level(record, match[1])
    if match[2]:
        record["log.logger"] = match[2]
    return line[match.end() :]


# winston's npm and syslog level names, lower-case, as `format.simple()` and `format.cli()` open
# a line with them; only at the very start of the line.
_WINSTON = re.compile(
    r"(error|warn|warning|info|http|verbose|debug|silly|emerg|alert|crit|notice): +"
)


def _winston(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """winston's `format.simple()`: `error: payment failed {"service":"billing"}`."""
    match = _WINSTON.match(line)
    if match is None or (match[1] == "http" and line.startswith(GO_HTTP_PANIC, match.end())):
        return None  # (Go net/http's `http: panic serving ...`: a crash, read in text.py)
    _set_level(record, match[1])
    return line[match.end() :]


_NPM = re.compile(
    r"npm (ERR!|WARN|error|warn|notice|http|info|verbose|verb|silly|sill|timing)(?= |$)", re.M
)
NPM_FAILURE = ("npm ERR!", "npm error")  # the label on each line of a failure npm reports
# Detail lines of npm's failure that name no failure: its `code` (read apart), `errno`, ...
_NPM_KEYS = frozenset({"code", "errno", "syscall", "path", "dest", "signal", "cwd"})


def npm_failure(line: str) -> str:
    """The label npm put on `line` if it is a line of a failure npm reports, else ""."""
    for label in NPM_FAILURE:
        if line.startswith(label) and line[len(label) : len(label) + 1] in ("", " ", "\n"):
            return label
    return ""


def _npm(line: str, reference_ms: int, record: dict[str, Any]) -> str | None:
    """npm's own lines (`npm WARN deprecated ...`, `npm notice ...`); a failure, many lines
    with the same label (`npm ERR! code ELIFECYCLE`, `npm ERR! errno 1`, ...), is an error: its
    `code` (`E404`, `ELIFECYCLE`; not a script's exit status) is `error.type`, its first line
    that is not one of npm's keys `error.message`. The line stays the message."""
    match = _NPM.match(line)
    if match is None:
        return None
    level = NPM_LEVELS[match[1]]
    record["log.level"] = level
    if level == "error":
        label = npm_failure(line)
        for part in line.split("\n", 40)[:40]:
            if not part.startswith(label):
                continue
            detail = part[len(label) :].strip()
            key, _, value = detail.partition(" ")
            if key == "code":
                code = value.split(" ", 1)[0]
                if code and not code.lstrip("-").isdigit() and "error.type" not in record:
                    record["error.type"] = code
            elif detail and key not in _NPM_KEYS and "error.message" not in record:
                record["error.message"] = detail
    return line


_LOGFMT_PAIR = re.compile(r'([A-Za-z_][\w.\-/]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)')


def logfmt_pairs(line: str) -> dict[str, Any] | None:
    """`time=... level=error msg="a b" err="boom"` as a dict, or None if the line is not logfmt
    (every space-separated part a pair, one of them a level or a message)."""
    header, rest = _split(line)
    pairs: dict[str, Any] = {}
    position = 0
    size = len(header)
    while position < size:
        match = _LOGFMT_PAIR.match(header, position)
        if match is None:
            return None
        key, value = match[1], match[2]
        if value[:1] == '"':
            try:
                value = json.loads(value)
            except ValueError:
                value = value[1:-1]
        pairs[key] = value
        position = match.end()
        while position < size and header[position] == " ":
            position += 1
    if not ({"level", "lvl", "msg"} & pairs.keys()):
        return None
    if rest:
        pairs["msg"] = f"{pairs.get('msg', '')}{rest}"
    return pairs


# --- the table ------------------------------------------------------------------------------


def _table() -> dict[str, tuple[Reader, ...]]:
    table: dict[str, list[Reader]] = {}

    def add(chars: str, reader: Reader) -> None:
        for char in chars:
            table.setdefault(char, []).append(reader)

    add("[", _lambda_python)
    add("[", _gunicorn)
    add("[", _apache_error)
    add("[", _serilog_console)
    add("[P", _php)
    add("<", _systemd_priority)
    digits = "0123456789"
    add(digits, _timed)
    add(digits, _clock)
    add(digits, _zerolog_console)
    add(digits, _access)
    add(digits, _redis)
    add("IWEF", _klog)
    add("DIWEFAU", _ruby)
    add("tdiwfc", _dotnet_console)
    add("DIWEC", _python_default)
    add("ewihvdsacn", _winston)
    add("n", _npm)
    add("L", _lambda_warning)
    add("=", _otp_report)
    add("".join(sorted({phrase[0] for phrase in DJANGO_RESPONSE_LEVELS})), _django_response)
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    add(letters + ":", _access)  # IPv6 and host names as the client
    return {char: tuple(readers) for char, readers in table.items()}


READERS: dict[str, tuple[Reader, ...]] = _table()
