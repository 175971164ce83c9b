"""JSON lines: emitter records (kept as they are) and foreign JSON (normalized onto the schema).

Foreign JSON never plants a value on a schema root: what it says about level, time, service,
logger, trace, request and error is mapped onto the schema's keys; any other field under a
reserved root (`service` that is not a name, a `log` object, `aws.*`, ...) is moved aside to
`<root>_...` by the schema's rename rule and listed in `logpipe.renamed`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from emitter.schema import is_reserved, rename_note
from emitter.schema import renamed as aside_name
from lambda_forwarder.model import NOTE_RENAMED
from lambda_forwarder.parse.common import (
    dumps_compact,
    level_from_name,
    level_from_number,
    parse_time,
)
from lambda_forwarder.parse.schema import EMITTER, EMITTER_KEYS, JSON, LEVELS
from lambda_forwarder.parse.text import TRACEBACK, exception_from_traceback

# --- converters: value -> schema value, or None when the value does not fit ----------------


def _message(value: Any, obj: dict[str, Any]) -> Any:
    kind = type(value)
    if kind is str:
        return value
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
        return level_from_number(value, "msg" in obj)
    return None


def _time(value: Any, obj: dict[str, Any]) -> Any:
    return parse_time(value)


def _name(value: Any, obj: dict[str, Any]) -> Any:
    kind = type(value)
    if kind is str:
        return value if value else None
    if kind is int or kind is float:
        return str(value)
    return None


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


def _python_json_logger_name(value: Any, obj: dict[str, Any]) -> Any:
    # `name` is python-json-logger's logger name only beside its `levelname`.
    return value if type(value) is str and value and "levelname" in obj else None


def _powertools(convert: Callable[[Any, dict[str, Any]], Any]) -> Callable[..., Any]:
    # Powertools' Lambda context keys mean what they say only in a Powertools record.
    def powertools_only(value: Any, obj: dict[str, Any]) -> Any:
        if "service" in obj and ("location" in obj or "cold_start" in obj):
            return convert(value, obj)
        return None

    return powertools_only


Converter = Callable[[Any, dict[str, Any]], Any]

ALIASES: dict[str, tuple[str, Converter]] = {
    # message
    "message": ("message", _message),
    "msg": ("message", _message),
    "event": ("message", _text),  # structlog
    "log": ("message", _text),  # Docker / Fluent Bit
    # level
    "log.level": ("log.level", _level),
    "level": ("log.level", _level),
    "levelname": ("log.level", _level),
    "severity": ("log.level", _level),
    "lvl": ("log.level", _level),
    "log_level": ("log.level", _level),
    "loglevel": ("log.level", _level),
    # time
    "@timestamp": ("@timestamp", _time),
    "timestamp": ("@timestamp", _time),
    "time": ("@timestamp", _time),
    "ts": ("@timestamp", _time),
    "asctime": ("@timestamp", _time),
    # service and logger
    "service.name": ("service.name", _name),
    "service": ("service.name", _name),
    "service_name": ("service.name", _name),
    "service.version": ("service.version", _name),
    "service.environment": ("service.environment", _name),
    "log.logger": ("log.logger", _name),
    "logger": ("log.logger", _name),
    "logger_name": ("log.logger", _name),
    "name": ("log.logger", _python_json_logger_name),
    # correlation
    "trace.id": ("trace.id", _name),
    "trace_id": ("trace.id", _name),
    "traceId": ("trace.id", _name),
    "xray_trace_id": ("trace.id", _name),
    "span.id": ("span.id", _name),
    "span_id": ("span.id", _name),
    "spanId": ("span.id", _name),
    "request_id": ("request_id", _name),
    "requestId": ("request_id", _name),
    "aws_request_id": ("request_id", _name),
    "awsRequestId": ("request_id", _name),
    "function_request_id": ("request_id", _name),
    # errors
    "error.type": ("error.type", _name),
    "exception_name": ("error.type", _name),
    "errorType": ("error.type", _name),
    "exc_type": ("error.type", _name),
    "error.message": ("error.message", _text),
    "errorMessage": ("error.message", _text),
    "error": ("error.message", _text),  # zap, logrus: `error` as a string
    "error.stack_trace": ("error.stack_trace", _stack),
    "exception": ("error.stack_trace", _stack),
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


def parse_foreign(obj: dict[str, Any], line: str) -> dict[str, Any]:
    """A JSON object from any other logger, normalized onto the schema's keys."""
    core: dict[str, Any] = {}
    app: dict[str, Any] = {}
    renamed: list[str] | None = None
    aliases = ALIASES
    for key, value in obj.items():
        alias = aliases.get(key)
        if alias is not None:
            target = alias[0]
            if target not in core:
                converted = alias[1](value, obj)
                if converted is not None:
                    core[target] = converted
                    continue
        if is_reserved(key):
            new = aside_name(key, _Taken(obj, app))
            app[new] = value
            if renamed is None:
                renamed = []
            renamed.append(rename_note(key, new))
        else:
            app[key] = value
    if "message" not in core:
        core["message"] = line.rstrip("\r\n")
    stack = core.get("error.stack_trace")
    if stack is not None and "error.type" not in core and TRACEBACK in stack:
        exception_from_traceback(stack, core)
    if "log.level" not in core:
        core["log.level"] = "error" if stack is not None else "info"
    core["event.original_format"] = JSON
    if app:
        core.update(app)
    if renamed:
        core[NOTE_RENAMED] = renamed
    return core


class _Taken:
    """Names already used: the line's own keys and the fields moved aside so far."""

    __slots__ = ("_first", "_second")

    def __init__(self, first: dict[str, Any], second: dict[str, Any]) -> None:
        self._first = first
        self._second = second

    def __contains__(self, name: object) -> bool:
        return name in self._first or name in self._second


def parse_emitter(obj: dict[str, Any], line: str) -> dict[str, Any]:
    """An emitter record, kept as it is; only what the schema guarantees is checked and filled
    (a forged or damaged record cannot plant values under the forwarder's keys)."""
    misplaced = [
        key for key in obj if key not in EMITTER_KEYS and key != NOTE_RENAMED and is_reserved(key)
    ]
    own = obj.get(NOTE_RENAMED)  # the emitter's own renames, kept when they are plain strings
    renamed: list[str] = list(own) if type(own) is list and all(type(x) is str for x in own) else []
    if own is not None and not renamed:
        misplaced.append(NOTE_RENAMED)
    for key in misplaced:
        new = aside_name(key, obj)
        obj[new] = obj.pop(key)
        renamed.append(rename_note(key, new))
    level = obj.get("log.level")
    if level not in LEVELS:
        obj["log.level"] = (_level(level, obj) if level is not None else None) or "info"
    stamp = obj.get("@timestamp")
    if stamp is not None:
        valid = parse_time(stamp)
        if valid is None:
            new = aside_name("@timestamp", obj)
            obj[new] = obj.pop("@timestamp")
            renamed.append(rename_note("@timestamp", new))
        else:
            obj["@timestamp"] = valid
    message = obj.get("message")
    if type(message) is not str:
        obj["message"] = "" if message is None else _message(message, obj)
    for key in ("service.name", "log_id"):
        value = obj.get(key)
        if value is not None and (type(value) is not str or not value):
            new = aside_name(key, obj)
            obj[new] = obj.pop(key)
            renamed.append(rename_note(key, new))
    obj["event.original_format"] = EMITTER
    if renamed:
        obj[NOTE_RENAMED] = renamed
    return obj
