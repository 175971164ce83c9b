"""Nested objects of foreign JSON loggers, read as flat schema names.

Each expander takes a nested value (ECS's `error: {...}`, pino's `err`, log4j2's `thrown` and
`instant`, OpenTelemetry's `body`, `attributes` and `resource`, Datadog's `dd`, structlog's dict
tracebacks, Powertools' structured `stack_trace`) and returns flat (name, value) pairs that
`jsonlog.ALIASES` maps onto the schema, plus the part it did not read, which stays in the
record. `flatten_loguru` turns loguru's `serialize=True` envelope into a flat object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lambda_forwarder.parse.common import dumps_compact

# --- expanders: a nested object -> flat (name, value) pairs read by ALIASES, plus the part of
# the object they did not read (kept under the original name, moved aside when reserved) -------

Pairs = list[tuple[str, Any]]
Expansion = tuple[Pairs, dict[str, Any] | None]


def _prefixed(prefix: str, names: dict[str, str]) -> Callable[[Any, dict[str, Any]], Any]:
    """Read the known keys of a nested object under flat names: `{"type": ...}` under `error`
    becomes `error.type`; the rest stays in the object."""

    def expand(value: Any, obj: dict[str, Any]) -> Expansion | None:
        if type(value) is not dict:
            return None
        pairs: Pairs = []
        rest: dict[str, Any] = {}
        for key, item in value.items():
            flat = names.get(key)
            if flat is None:
                rest[key] = item
            else:
                pairs.append((flat, item))
        return pairs, rest or None

    return expand


_ERROR_NAMES = {
    "type": "error.type",
    "kind": "error.type",
    "name": "error.type",
    "class": "error.type",
    "message": "error.message",
    "msg": "error.message",
    "stack_trace": "error.stack_trace",
    "stack": "error.stack_trace",
    "stacktrace": "error.stack_trace",
}


def _log_object(value: Any, obj: dict[str, Any]) -> Expansion | None:
    """ECS nested `log: {level, logger, origin: {function, file: {name, line}}}`."""
    if type(value) is not dict:
        return None
    pairs: Pairs = []
    rest: dict[str, Any] = {}
    for key, item in value.items():
        if key in ("level", "logger"):
            pairs.append((f"log.{key}", item))
        elif key == "origin" and type(item) is dict and _ecs_origin(item):
            origin = item
            pairs.append(("log.origin.function", origin.get("function")))
            file = origin.get("file") or {}
            pairs.append(("log.origin.file.name", file.get("name")))
            pairs.append(("log.origin.file.line", file.get("line")))
        else:
            rest[key] = item
    return pairs, rest or None


def _ecs_origin(origin: dict[str, Any]) -> bool:
    file = origin.get("file", {})
    return (
        set(origin) <= {"function", "file"}
        and type(file) is dict
        and set(file)
        <= {
            "name",
            "line",
        }
    )


def _message_object(value: Any, obj: dict[str, Any]) -> Expansion | None:
    """Lambda's JSON log format writes a logged Node error as `message: {errorType, ...}`."""
    if type(value) is not dict or not ("errorType" in value or "errorMessage" in value):
        return None
    pairs: Pairs = [("message", value.get("errorMessage"))]
    rest = {}
    for key, item in value.items():
        if key in ("errorType", "errorMessage", "stackTrace", "stack"):
            pairs.append((key, item))
        else:
            rest[key] = item
    return pairs, rest or None


def _body(value: Any, obj: dict[str, Any]) -> Expansion | None:
    """OpenTelemetry's OTLP JSON body: `{"stringValue": "..."}`."""
    if type(value) is dict and len(value) == 1:
        ((kind, text),) = value.items()
        if kind.endswith("Value") and type(text) in (str, int, float, bool):
            return [("message", str(text))], None
    return None


def _any_value(value: Any) -> Any:
    """An OTLP `AnyValue` (`{"stringValue": "x"}`, `{"intValue": "3"}`) as a plain value."""
    if type(value) is dict and len(value) == 1:
        ((kind, item),) = value.items()
        if kind == "intValue" and type(item) is str and item.lstrip("-").isdigit():
            return int(item)
        if kind.endswith("Value"):
            return item
    return value


def _attributes(value: Any, obj: dict[str, Any]) -> Expansion | None:
    """OpenTelemetry attributes, a dict or OTLP's `[{"key": ..., "value": {...}}]`: the
    `exception.*` and `code.*` conventions are read, the rest stays under `attributes`."""
    if type(value) is list and all(type(item) is dict and "key" in item for item in value):
        value = {str(item["key"]): _any_value(item.get("value")) for item in value}
    if type(value) is not dict:
        return None
    pairs: Pairs = []
    rest: dict[str, Any] = {}
    for key, item in value.items():
        if key.startswith("exception.") or key in ("trace_id", "span_id"):
            pairs.append((key, item))
        elif key == "code.function":
            pairs.append(("log.origin.function", item))
        elif key in ("code.filepath", "code.file.path"):
            pairs.append(("log.origin.file.name", item))
        elif key in ("code.lineno", "code.line.number"):
            pairs.append(("log.origin.file.line", item))
        else:
            rest[key] = item
    return pairs, rest or None


def _resource(value: Any, obj: dict[str, Any]) -> Expansion | None:
    """OpenTelemetry's resource: `service.name` (and version) are the record's service."""
    if type(value) is not dict:
        return None
    attributes = value.get("attributes", value)
    if type(attributes) is list:
        attributes = {
            str(item.get("key")): _any_value(item.get("value"))
            for item in attributes
            if type(item) is dict
        }
    if type(attributes) is not dict:
        return None
    pairs = [
        (key, attributes[key])
        for key in ("service.name", "service.version")
        if type(attributes.get(key)) is str
    ]
    return pairs, value  # the resource itself stays, whole


def _instant(value: Any, obj: dict[str, Any]) -> Expansion | None:
    """log4j2's JSON layout: `instant: {epochSecond, nanoOfSecond}`."""
    if type(value) is not dict or type(value.get("epochSecond")) is not int:
        return None
    nanos = value.get("nanoOfSecond")
    seconds = value["epochSecond"] + (nanos / 1e9 if type(nanos) is int else 0.0)
    return [("@timestamp", seconds)], None


def _java_frames(frames: list[Any]) -> str | None:
    lines = []
    for frame in frames:
        if type(frame) is not dict:
            return None
        where = f"{frame.get('file', 'Unknown Source')}:{frame.get('line', '?')}"
        lines.append(f"\tat {frame.get('class', '?')}.{frame.get('method', '?')}({where})")
    return "\n".join(lines)


def _thrown(value: Any, obj: dict[str, Any]) -> Expansion | None:
    """log4j2's JSON layout: `thrown: {name, message, extendedStackTrace: [frames]}`."""
    if type(value) is not dict or "name" not in value:
        return None
    name = value.get("name")
    message = value.get("message", value.get("localizedMessage"))
    pairs: Pairs = [("error.type", name), ("error.message", message)]
    frames = value.get("extendedStackTrace", value.get("stackTrace"))
    if type(frames) is str:
        pairs.append(("error.stack_trace", frames))
    elif type(frames) is list:
        text = _java_frames(frames)
        if text is not None:
            head = f"{name}: {message}" if message else str(name)
            pairs.append(("error.stack_trace", f"{head}\n{text}"))
    return pairs, value  # the structured form stays too (cause chains, frames)


def _exception_list(value: Any, obj: dict[str, Any]) -> Expansion | None:
    """structlog's dict tracebacks: `exception: [{exc_type, exc_value, frames}, ...]`."""
    if type(value) is not list or not value or type(value[0]) is not dict:
        return None
    first = value[0]
    if "exc_type" not in first:
        return None
    pairs: Pairs = [
        ("error.type", first.get("exc_type")),
        ("error.message", first.get("exc_value")),
        ("error.stack_trace", dumps_compact(value)),
    ]
    return pairs, None


def _powertools_stack(value: Any, obj: dict[str, Any]) -> Expansion | None:
    """Powertools Python's structured `stack_trace: {type, value, module, frames}`."""
    if type(value) is not dict or "type" not in value:
        return None
    return [("error.type", value.get("type")), ("error.message", value.get("value"))], value


def _dd(value: Any, obj: dict[str, Any]) -> Expansion | None:
    """Datadog's nested `dd: {trace_id, span_id, service, version, env}`."""
    names = {
        "trace_id": "trace.id",
        "span_id": "span.id",
        "service": "service.name",
        "version": "service.version",
        "env": "service.environment",
    }
    return _prefixed("dd", names)(value, obj)


EXPANDERS: dict[str, Callable[[Any, dict[str, Any]], Expansion | None]] = {
    "log": _log_object,
    "error": _prefixed("error", _ERROR_NAMES),
    "err": _prefixed("err", _ERROR_NAMES),  # pino, bunyan
    "exception": _exception_list,
    "message": _message_object,
    "body": _body,
    "attributes": _attributes,
    "resource": _resource,
    "instant": _instant,
    "thrown": _thrown,
    "stack_trace": _powertools_stack,
    "dd": _dd,
    "logger": _prefixed("logger", {"name": "log.logger"}),
    "trace": _prefixed("trace", {"id": "trace.id"}),
    "span": _prefixed("span", {"id": "span.id"}),
    "service": _prefixed(
        "service",
        {
            "name": "service.name",
            "version": "service.version",
            "environment": "service.environment",
        },
    ),
}


def flatten_loguru(obj: dict[str, Any]) -> dict[str, Any] | None:
    """loguru's `serialize=True`: `{"text": ..., "record": {...}}` -> a flat object."""
    record = obj.get("record")
    if type(record) is not dict or type(obj.get("text")) is not str or "level" not in record:
        return None
    flat: dict[str, Any] = {"message": record.get("message")}
    level = record.get("level")
    if type(level) is dict:
        flat["level"] = level.get("name")
    moment = record.get("time")
    if type(moment) is dict:
        flat["time"] = moment.get("timestamp", moment.get("repr"))
    flat["logger"] = record.get("name")
    flat["log.origin.function"] = record.get("function")
    file = record.get("file")
    if type(file) is dict:
        flat["log.origin.file.name"] = file.get("path", file.get("name"))
    flat["log.origin.file.line"] = record.get("line")
    exception = record.get("exception")
    if type(exception) is dict:
        flat["error.type"] = exception.get("type")
        flat["error.message"] = exception.get("value")
        text = obj["text"]
        at = text.find("Traceback (most recent call last)")
        flat["error.stack_trace"] = text[at:] if at >= 0 else text
    extra = record.get("extra")
    if type(extra) is dict:
        flat.update(extra)
    rest = {
        key: value
        for key, value in record.items()
        if key not in ("message", "level", "time", "name", "function", "file", "line")
        and key not in ("exception", "extra")
    }
    flat["loguru"] = rest
    return {key: value for key, value in flat.items() if value is not None}
