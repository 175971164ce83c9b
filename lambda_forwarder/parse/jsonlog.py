"""JSON lines: emitter records (kept as they are) and foreign JSON (normalized onto the schema).

Foreign JSON never plants a value on a schema root: what it says about level, time, service,
logger, trace, request and error is mapped onto the schema's keys (`ALIASES`, flat names, and
`EXPANDERS`, nested objects such as ECS's `error: {...}`, pino's `err`, log4j2's `thrown`,
OpenTelemetry's `attributes`); any other field under a reserved root (`service` that is not a
name, a `log` object, `aws.*`, ...) is moved aside to `<root>_...` by the schema's rename rule and
listed in `logpipe.renamed`. Nothing the line carried is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from emitter.schema import is_reserved, rename_note
from emitter.schema import renamed as aside_name
from lambda_forwarder.model import NOTE_RENAMED
from lambda_forwarder.parse.common import dumps_compact
from lambda_forwarder.parse.crash import exception_from_stack
from lambda_forwarder.parse.jsonshapes import EXPANDERS, flatten_loguru
from lambda_forwarder.parse.levels import (
    LETTER_LEVELS,
    LOGBACK_SCALE,
    MONOLOG_SCALE,
    OTEL_SCALE,
    PINO_SCALE,
    PYTHON_SCALE,
    level_from_name,
    level_from_number,
    level_from_syslog,
)
from lambda_forwarder.parse.schema import EMITTER, EMITTER_KEYS, JSON, LEVELS
from lambda_forwarder.times import parse_time

Converter = Callable[[Any, dict[str, Any]], Any]

# --- converters: value -> schema value, or None when the value does not fit ----------------


def _message(value: Any, obj: dict[str, Any]) -> Any:
    kind = type(value)
    if kind is str:
        return value
    if kind is dict and ("errorType" in value or "errorMessage" in value):
        return None  # Lambda's JSON format with a Node error: read by `_message_object`
    if kind is dict or kind is list:
        return dumps_compact(value)  # Powertools logs dict messages as objects
    if value is None:
        return None
    return str(value)


def _text(value: Any, obj: dict[str, Any]) -> Any:
    return value if type(value) is str else None


def _level(value: Any, obj: dict[str, Any]) -> Any:
    kind = type(value)
    if kind is str:
        return level_from_name(value)
    if kind is int or kind is float:
        if "short_message" in obj:  # GELF: syslog severities
            return level_from_syslog(value)
        if _monolog(obj):  # 100 debug .. 600 emergency
            return level_from_number(value, MONOLOG_SCALE)
        # pino and bunyan (`msg`, `v`, `hostname`, or pino's epoch-ms `time` without its
        # base fields) count 10 trace .. 60 fatal
        pino = "msg" in obj or "hostname" in obj or "v" in obj or _epoch_ms(obj.get("time"))
        return level_from_number(value, PINO_SCALE if pino else PYTHON_SCALE)
    return None


def _epoch_ms(value: Any) -> bool:
    """pino's default `time`: an integer of epoch milliseconds (Python's loggers write their
    time as a string or as float seconds)."""
    return type(value) is int and 10**12 <= value < 10**13


def _monolog(obj: dict[str, Any]) -> bool:
    """A Monolog JsonFormatter record (Laravel, Symfony): `channel` beside `level_name` or
    `datetime`."""
    return "channel" in obj and ("level_name" in obj or "datetime" in obj)


def _monolog_only(convert: Converter) -> Converter:
    # Monolog's `datetime` is the record's time only in a Monolog record.
    def monolog_only(value: Any, obj: dict[str, Any]) -> Any:
        return convert(value, obj) if _monolog(obj) else None

    return monolog_only


def _mongodb(obj: dict[str, Any]) -> bool:
    """A MongoDB structured log line (4.4+): `t`, `s`everity, `c`omponent, `ctx`, `msg`."""
    return "c" in obj and "ctx" in obj and "t" in obj


def _mongodb_severity(value: Any, obj: dict[str, Any]) -> Any:
    # `F`, `E`, `W`, `I`, `D1` .. `D5`
    if type(value) is not str or not 0 < len(value) <= 2 or not _mongodb(obj):
        return None
    return LETTER_LEVELS.get(value[0]) if len(value) == 1 or value[1].isdigit() else None


def _mongodb_time(value: Any, obj: dict[str, Any]) -> Any:
    # `t: {"$date": "2026-11-25T10:07:06.123+00:00"}`
    if type(value) is dict and "$date" in value and _mongodb(obj):
        return parse_time(value["$date"])
    return None


def _level_name(value: Any, obj: dict[str, Any]) -> Any:
    # `status` is Datadog's level only when it is a level's name (an HTTP status is not).
    return level_from_name(value) if type(value) is str else None


def _scaled(scale: tuple[tuple[int, str], ...]) -> Converter:
    def level(value: Any, obj: dict[str, Any]) -> Any:
        if type(value) is str and value.isdigit():
            value = int(value)
        if type(value) is int or type(value) is float:
            return level_from_number(value, scale)
        return None

    return level


def _time(value: Any, obj: dict[str, Any]) -> Any:
    return parse_time(value)


def _name(value: Any, obj: dict[str, Any]) -> Any:
    kind = type(value)
    if kind is str:
        return value if value else None
    if kind is int or kind is float:
        return str(value)
    return None


def _trace(value: Any, obj: dict[str, Any]) -> Any:
    """X-Ray's `Root=1-...;Parent=...`, OpenTelemetry's `0x...` and zero ids, numbers."""
    value = _name(value, obj)
    if value is None:
        return None
    if value.startswith("Root="):
        value = value[5:].split(";", 1)[0]
    elif value[:2] == "0x":
        value = value[2:]
    return None if not value.strip("0") else value


def _stack(value: Any, obj: dict[str, Any]) -> Any:
    kind = type(value)
    if kind is str:
        return value or None
    if kind is list and value and all(type(line) is str for line in value):
        return "\n".join(line.rstrip("\n") for line in value)  # Lambda's `stackTrace` list
    return None


def _bool(value: Any, obj: dict[str, Any]) -> Any:
    return value if type(value) is bool else None


def _int(value: Any, obj: dict[str, Any]) -> Any:
    if type(value) is int:
        return value
    if type(value) is str and value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return None


def _logger_name(value: Any, obj: dict[str, Any]) -> Any:
    # `name` is a logger's name beside python-json-logger's `levelname` or in bunyan and pino
    # records (`hostname`); elsewhere it is the application's own field.
    if "levelname" in obj or "hostname" in obj:
        return _name(value, obj)
    return None


def _powertools(convert: Converter) -> Converter:
    # Powertools' Lambda context keys mean what they say only in a Powertools record.
    def powertools_only(value: Any, obj: dict[str, Any]) -> Any:
        if "service" in obj and ("location" in obj or "cold_start" in obj):
            return convert(value, obj)
        return None

    return powertools_only


_TEMPLATE_HOLE = re.compile(r"\{([@$]?)([A-Za-z_][\w.]*)(?:[,:][^}]*)?\}")


def _serilog_template(value: Any, obj: dict[str, Any]) -> Any:
    """Serilog's `@mt` message template, rendered from the record's properties (`@m` is the
    rendered message when present and wins, being earlier in `ALIASES`' order of use)."""
    if type(value) is not str:
        return None
    if "@m" in obj and type(obj["@m"]) is str:
        return obj["@m"]

    def hole(match: re.Match[str]) -> str:
        name = match[2]
        if name not in obj:
            return match[0]
        found = obj[name]
        return found if type(found) is str else dumps_compact(found)

    return _TEMPLATE_HOLE.sub(hole, value) if "{" in value else value


_STRING = _name

ALIASES: dict[str, tuple[str, Converter]] = {
    # message
    "message": ("message", _message),
    "msg": ("message", _message),
    "Message": ("message", _message),  # Microsoft's JSON console
    "@m": ("message", _message),  # Serilog compact
    "@mt": ("message", _serilog_template),
    "event": ("message", _text),  # structlog
    "log": ("message", _text),  # Docker / Fluent Bit
    "body": ("message", _text),  # OpenTelemetry (OTLP's `{"stringValue": ...}`: `_body`)
    "short_message": ("message", _text),  # GELF
    # level
    "log.level": ("log.level", _level),
    "level": ("log.level", _level),
    "levelname": ("log.level", _level),
    "severity": ("log.level", _level),
    "lvl": ("log.level", _level),
    "log_level": ("log.level", _level),
    "loglevel": ("log.level", _level),
    "LogLevel": ("log.level", _level),
    "@l": ("log.level", _level),
    "status": ("log.level", _level_name),  # Datadog
    "severityText": ("log.level", _level_name),
    "severity_text": ("log.level", _level_name),
    "severityNumber": ("log.level", _scaled(OTEL_SCALE)),
    "severity_number": ("log.level", _scaled(OTEL_SCALE)),
    "level_value": ("log.level", _scaled(LOGBACK_SCALE)),  # logstash-logback-encoder
    "level_name": ("log.level", _level_name),  # Monolog
    "s": ("log.level", _mongodb_severity),
    # time
    "@timestamp": ("@timestamp", _time),
    "timestamp": ("@timestamp", _time),
    "time": ("@timestamp", _time),
    "ts": ("@timestamp", _time),
    "asctime": ("@timestamp", _time),
    "@t": ("@timestamp", _time),
    "Timestamp": ("@timestamp", _time),
    "timeMillis": ("@timestamp", _time),  # log4j2 JSON layout, older
    "timeUnixNano": ("@timestamp", _time),
    "time_unix_nano": ("@timestamp", _time),
    "observedTimeUnixNano": ("@timestamp", _time),
    "observed_timestamp": ("@timestamp", _time),
    "datetime": ("@timestamp", _monolog_only(_time)),  # Monolog
    "t": ("@timestamp", _mongodb_time),
    # service and logger
    "service.name": ("service.name", _name),
    "service": ("service.name", _name),
    "service_name": ("service.name", _name),
    "service.version": ("service.version", _name),
    "service.environment": ("service.environment", _name),
    "log.logger": ("log.logger", _name),
    "logger": ("log.logger", _name),
    "logger_name": ("log.logger", _name),
    "loggerName": ("log.logger", _name),
    "logger.name": ("log.logger", _name),
    "Category": ("log.logger", _name),
    "SourceContext": ("log.logger", _name),
    "name": ("log.logger", _logger_name),
    "log.origin.function": ("log.origin.function", _name),
    "log.origin.file.name": ("log.origin.file.name", _name),
    "log.origin.file.line": ("log.origin.file.line", _int),
    # correlation
    "trace.id": ("trace.id", _trace),
    "trace_id": ("trace.id", _trace),
    "traceId": ("trace.id", _trace),
    "TraceId": ("trace.id", _trace),
    "@tr": ("trace.id", _trace),
    "xray_trace_id": ("trace.id", _trace),
    "AWS-XRAY-TRACE-ID": ("trace.id", _trace),
    "dd.trace_id": ("trace.id", _trace),
    "span.id": ("span.id", _trace),
    "span_id": ("span.id", _trace),
    "spanId": ("span.id", _trace),
    "SpanId": ("span.id", _trace),
    "@sp": ("span.id", _trace),
    "dd.span_id": ("span.id", _trace),
    "request_id": ("request_id", _name),
    "requestId": ("request_id", _name),
    "aws_request_id": ("request_id", _name),
    "awsRequestId": ("request_id", _name),
    "AWSRequestId": ("request_id", _name),
    "function_request_id": ("request_id", _name),
    # errors
    "error.type": ("error.type", _name),
    "error.kind": ("error.type", _name),  # Datadog
    "error.name": ("error.type", _name),
    "exception_name": ("error.type", _name),
    "errorType": ("error.type", _name),
    "exc_type": ("error.type", _name),
    "exception.type": ("error.type", _name),  # OpenTelemetry semantic conventions
    "error.message": ("error.message", _text),
    "errorMessage": ("error.message", _text),
    "exception.message": ("error.message", _text),
    "error": ("error.message", _text),  # zap, logrus: `error` as a string
    "err": ("error.message", _text),  # slog
    "error.stack_trace": ("error.stack_trace", _stack),
    "error.stack": ("error.stack_trace", _stack),
    "error.stacktrace": ("error.stack_trace", _stack),
    "exception.stacktrace": ("error.stack_trace", _stack),
    "exception": ("error.stack_trace", _stack),
    "Exception": ("error.stack_trace", _stack),  # Microsoft's JSON console
    "@x": ("error.stack_trace", _stack),  # Serilog compact
    "exc_info": ("error.stack_trace", _stack),
    "stack_trace": ("error.stack_trace", _stack),
    "stackTrace": ("error.stack_trace", _stack),
    "stacktrace": ("error.stack_trace", _stack),
    "stack": ("error.stack_trace", _stack),
    # Powertools' Lambda context
    "location": ("log.origin.function", _powertools(_name)),
    "cold_start": ("aws.lambda.cold_start", _powertools(_bool)),
    "function_name": ("aws.lambda.function_name", _powertools(_name)),
    "function_arn": ("aws.lambda.function_arn", _powertools(_name)),
    "function_memory_size": ("aws.lambda.memory_size_mb", _powertools(_int)),
}


def parse_foreign(obj: dict[str, Any], line: str, fmt: str = JSON) -> dict[str, Any]:
    """A JSON object from any other logger, normalized onto the schema's keys."""
    if "record" in obj and "text" in obj:
        flat = flatten_loguru(obj)
        if flat is not None:
            obj = flat
    core: dict[str, Any] = {}
    app: dict[str, Any] = {}
    renamed: list[str] = []
    aliases = ALIASES
    expanders = EXPANDERS
    for key, value in obj.items():
        alias = aliases.get(key)
        if alias is not None and alias[0] not in core:
            converted = alias[1](value, obj)
            if converted is not None:
                core[alias[0]] = converted
                continue
        kind = type(value)
        if kind is dict or kind is list:
            expander = expanders.get(key)
            if expander is not None:
                expansion = expander(value, obj)
                if expansion is not None:
                    pairs, rest = expansion
                    for flat_key, item in pairs:
                        if item is not None:
                            _take(flat_key, item, obj, core, app, renamed)
                    if rest is not None:
                        _keep(key, rest, obj, app, renamed)
                    continue
        if key in app or is_reserved(key):
            _keep(key, value, obj, app, renamed)
        else:
            app[key] = value
    stack = core.get("error.stack_trace")
    if stack is not None and ("error.type" not in core or "error.message" not in core):
        found_type, found_message = exception_from_stack(stack)
        if found_type is not None:
            core.setdefault("error.type", found_type)
            if found_message is not None:
                core.setdefault("error.message", found_message)
    if "message" not in core:
        core["message"] = core.get("error.message") or line.rstrip("\r\n")
    if "log.level" not in core:
        serilog = "@mt" in obj or "@m" in obj  # Serilog leaves out `@l` at Information
        failed = stack is not None or "error.type" in core
        core["log.level"] = "error" if failed and not serilog else "info"
    core["event.original_format"] = fmt
    if app:
        core.update(app)
    if renamed:
        core[NOTE_RENAMED] = renamed
    return core


def _take(
    key: str,
    value: Any,
    obj: dict[str, Any],
    core: dict[str, Any],
    app: dict[str, Any],
    renamed: list[str],
) -> None:
    """A flat name read out of a nested object: onto the schema, else kept."""
    alias = ALIASES.get(key)
    if alias is not None:
        target = alias[0]
        if target not in core:
            converted = alias[1](value, obj)
            if converted is not None:
                core[target] = converted
                return
    _keep(key, value, obj, app, renamed)


def _keep(
    key: str, value: Any, obj: dict[str, Any], app: dict[str, Any], renamed: list[str]
) -> None:
    """An application field: kept under its name, or moved aside from a reserved root."""
    # (a flat name read out of an object may meet the line's own key: both are kept)
    if is_reserved(key) or key in app:
        new = aside_name(key, _Taken(obj, app))
        app[new] = value
        renamed.append(rename_note(key, new))
    else:
        app[key] = value


class _Taken:
    """Names already used: the line's own keys and the fields moved aside so far."""

    __slots__ = ("_first", "_second")

    def __init__(self, first: dict[str, Any], second: dict[str, Any]) -> None:
        self._first = first
        self._second = second

    def __contains__(self, name: object) -> bool:
        return name in self._first or name in self._second


# Field names of emitter records already known not to sit on a reserved root (bounded).
_FINE_NAMES: set[str] = set(EMITTER_KEYS)
_FINE_NAMES_LIMIT = 20_000


def parse_emitter(obj: dict[str, Any], line: str) -> dict[str, Any]:
    """An emitter record, kept as it is; only what the schema guarantees is checked and filled
    (a forged or damaged record cannot plant values under the forwarder's keys)."""
    # The common case, decided in C: every name known fine, no renames of the emitter's own
    # (`logpipe.renamed` is never a fine name), so no per-key Python work and no list.
    renamed = None if _FINE_NAMES.issuperset(obj) else _misplaced_aside(obj)
    level = obj.get("log.level")
    if level not in LEVELS:
        obj["log.level"] = (_level(level, obj) if level is not None else None) or "info"
    stamp = obj.get("@timestamp")
    if stamp is not None:
        valid = parse_time(stamp)
        if valid is None:
            renamed = _aside(obj, "@timestamp", renamed)
        elif valid is not stamp:
            obj["@timestamp"] = valid
    message = obj.get("message")
    if type(message) is not str:
        obj["message"] = "" if message is None else _message(message, obj)
    service, log_id = obj.get("service.name"), obj.get("log_id")
    if (service is not None and (type(service) is not str or not service)) or (
        log_id is not None and (type(log_id) is not str or not log_id)
    ):
        for key in ("service.name", "log_id"):
            value = obj.get(key)
            if value is not None and (type(value) is not str or not value):
                renamed = _aside(obj, key, renamed)
    obj["event.original_format"] = EMITTER
    if renamed:
        obj[NOTE_RENAMED] = renamed
    return obj


def _aside(obj: dict[str, Any], key: str, renamed: list[str] | None) -> list[str]:
    """Move `key` aside by the schema's rename rule; the rename notes so far, with its own."""
    new = aside_name(key, obj)
    obj[new] = obj.pop(key)
    notes = [] if renamed is None else renamed
    notes.append(rename_note(key, new))
    return notes


def _misplaced_aside(obj: dict[str, Any]) -> list[str]:
    """An emitter record with names not known fine: the emitter's own renames (kept when they
    are plain strings), then every field on a reserved root moved aside."""
    own = obj.get(NOTE_RENAMED)
    renamed: list[str] = list(own) if type(own) is list and all(type(x) is str for x in own) else []
    misplaced = [
        key for key in obj if key not in EMITTER_KEYS and key != NOTE_RENAMED and is_reserved(key)
    ]
    if own is not None and not renamed:
        misplaced.append(NOTE_RENAMED)
    if len(_FINE_NAMES) > _FINE_NAMES_LIMIT:
        _FINE_NAMES.intersection_update(EMITTER_KEYS)
    _FINE_NAMES.update(
        key for key in obj if type(key) is str and key != NOTE_RENAMED and key not in misplaced
    )
    for key in misplaced:
        _aside(obj, key, renamed)
    return renamed
