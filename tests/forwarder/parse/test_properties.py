"""RecordParser properties: never raises, always fills the schema, never plants reserved roots,
gives the same record with or without orjson, loses no text; merging is order-preserving."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emitter.schema import is_reserved
from lambda_forwarder import jsonio
from lambda_forwarder.config import ParseSettings
from lambda_forwarder.model import LogBatch, LogEvent
from lambda_forwarder.parse import (
    EMITTER_KEYS,
    FORWARDER_KEYS,
    LEVELS,
    RecordParser,
    group_events,
    merged_event,
)

BATCH = LogBatch("DATA_MESSAGE", "123456789012", "/aws/lambda/fn", "s", ())
PARSER = RecordParser(ParseSettings(region="us-east-1"))
REQUIRED = ("@timestamp", "log.level", "message", "service.name", "log_id", *FORWARDER_KEYS)
ALLOWED_RESERVED = (
    EMITTER_KEYS
    | set(FORWARDER_KEYS)
    | {"log.origin.function", "log.origin.file.name", "log.origin.file.line", "logpipe.renamed"}
    | {"event.original", "logpipe.time_outside_window"}
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
key_names = st.sampled_from(
    [
        "level",
        "levelname",
        "severity",
        "msg",
        "message",
        "time",
        "ts",
        "timestamp",
        "service",
        "service.name",
        "log",
        "log.level",
        "error",
        "event",
        "aws",
        "aws.x",
        "schema",
        "name",
        "stack",
        "exception",
        "request_id",
        "trace_id",
        "@timestamp",
        "logpipe.renamed",
        "cloud",
        "location",
        "cold_start",
        "span.id",
        "error.type",
        "message_",
    ]
) | st.text(max_size=15)
json_objects = st.dictionaries(key_names, json_values, max_size=12)


def _parse(message: str) -> dict:
    return PARSER(LogEvent("1" * 56, 1795601226123, message), BATCH)


def _check(record: dict) -> None:
    for key in REQUIRED:
        assert key in record, key
    assert record["log.level"] in LEVELS
    assert isinstance(record["message"], str)
    assert record["@timestamp"].endswith("Z")
    assert record["event.original_format"] in ("emitter", "json", "lambda_platform", "text")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses(message: str) -> None:
    """Arbitrary text never raises and always yields a complete record."""
    _check(_parse(message))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        [
            "",
            "START RequestId: ",
            "REPORT RequestId: ",
            "[ERROR]\t",
            "[INFO] ",
            "2026-11-25T10:00:00Z x Task timed out after ",
            "INIT_REPORT ",
            "RequestId: ",
            "Traceback (most recent call last):\n",
            "{",
            "2026/11/25 ",
        ]
    ),
    st.text(max_size=200),
)
def test_prefixed_text_parses(prefix: str, rest: str) -> None:
    """Lines that start like a known format but go wrong still parse."""
    _check(_parse(prefix + rest))


@settings(max_examples=400, deadline=None)
@given(json_objects, st.booleans())
def test_any_json_object_parses_without_planting_reserved_roots(obj: dict, emitter: bool) -> None:
    """Arbitrary JSON objects parse; every key on a reserved root is a schema key."""
    if emitter:
        obj["schema"] = "emitter/1"
    record = _parse(json.dumps(obj))
    _check(record)
    for key in record:
        if is_reserved(key) and key not in ALLOWED_RESERVED:
            assert key.startswith("aws.lambda."), key
    assert record["aws.cloudwatch.log_group"] == "/aws/lambda/fn"


@settings(max_examples=200, deadline=None)
@given(json_objects)
def test_same_record_without_orjson(obj: dict) -> None:
    """The standard-library fallback gives the same records as orjson."""
    line = json.dumps(obj)
    with_orjson = _parse(line)
    saved = jsonio.fast_loads
    jsonio.fast_loads = jsonio._std_fast_loads
    try:
        without = _parse(line)
    finally:
        jsonio.fast_loads = saved
    assert with_orjson == without


@pytest.mark.parametrize(
    "line",
    ['{"a": NaN}', '{"a": 1e999}', '{"a": "\\ud800"}', '{"n": 99999999999999999999999}'],
)
def test_json_orjson_refuses_is_parsed_by_the_standard_library(line: str) -> None:
    """NaN, overflowing floats, lone surrogates and huge integers are still JSON records."""
    record = _parse(line)
    assert record["event.original_format"] == "json"
    json.dumps(record, ensure_ascii=False).encode("utf-8")


# --- no line loses text; merging keeps every event, in order --------------------------------

FORMAT_LINES = [
    "Traceback (most recent call last):",
    '  File "/app/x.py", line 3, in f',
    "    f()",
    "KeyError: 'x'",
    "",
    "The above exception was the direct cause of the following exception:",
    "java.lang.IllegalStateException: boom",
    "\tat a.b.C.d(C.java:1)",
    "Caused by: java.io.IOException: eof",
    "\t... 3 more",
    "panic: boom",
    "goroutine 1 [running]:",
    "main.main()",
    "exit status 2",
    "Error: boom",
    "    at f (x.js:1:1)",
    '{"level": "error", "msg": "json"}',
    '  {"msg": "indented json"}',
    "START RequestId: 1 Version: $LATEST",
    "2026-11-25 10:07:05,170 ERROR [app.pay] charge failed",
    "I1125 10:07:05.123456       1 main.go:1] klog",
    'time=2026-11-25T10:07:05Z level=info msg="logfmt line"',
    "info: Cat.Egory[0]",
    "      indented message",
    "[ERROR]\t2026-11-25T10:07:05.000Z\trid\tboom",
    '2026-11-25T10:07:05.000Z\trid\tERROR\tInvoke Error \t{"errorType": "E"}',
    # a log router's envelopes (Docker's json-file, FireLens) around such lines
    '{"log": "Traceback (most recent call last):\\n", "stream": "stderr"}',
    '{"log": "  File \\"/app/x.py\\", line 3, in f\\n", "stream": "stderr"}',
    '{"log": "KeyError: \'x\'\\n", "stream": "stderr"}',
    '{"container_id": "abc", "log": "\\tat a.b.C.d(C.java:1)", "source": "stderr"}',
    '{"container_id": "abc", "log": "{\\"msg\\": \\"json inside\\"}", "source": "stdout"}',
    "npm ERR! code E404",
    "npm error",
    "** (RuntimeError) boom",
    "    (app 0.1.0) lib/app.ex:3: App.start/2",
    "\x1b[31m2026/11/25 10:07:06 [Recovery] 2026/11/25 - 10:07:06 panic recovered:",
    "/app/main.go:42 (0x6b1c4a)",
    "Kernel pid terminated (application_controller) (x)",
]
lines = st.sampled_from(FORMAT_LINES) | st.text(max_size=60)


def _whole(line: str) -> str:
    line = line.rstrip("\r\n")
    return line.replace("\r\n", "\n").replace("\r", "\n") if "\r" in line else line


@settings(max_examples=400, deadline=None)
@given(st.sampled_from([*FORMAT_LINES, ""]), st.text(max_size=120))
def test_no_text_line_loses_text(prefix: str, rest: str) -> None:
    """A text line's record holds the line whole: as its message, or in event.original."""
    line = prefix + rest
    if line.lstrip()[:1] == "{":
        return  # JSON: its fields are the record (covered by the JSON properties above)
    record = _parse(line)
    if record["event.original_format"] == "lambda_platform":
        assert record["message"] == line.rstrip("\r\n")
        return
    assert _whole(line) in (record["message"], record.get("event.original")), record


@settings(max_examples=300, deadline=None)
@given(st.lists(lines, max_size=30))
def test_merging_keeps_every_event_in_order(messages: list[str]) -> None:
    """Groups cover the batch's events exactly once, in order; a merged message is the
    group's lines joined, and its record holds all of that text."""
    events = [LogEvent(f"{n:056d}", 1795601226123 + n, m) for n, m in enumerate(messages)]
    groups = group_events(events)
    flattened = [event for head, absorbed in groups for event in (head, *absorbed)]
    assert flattened == events
    for head, absorbed in groups:
        merged = merged_event(head, absorbed)
        if absorbed:
            assert merged.message == "\n".join(e.message.rstrip("\r\n") for e in (head, *absorbed))
            record = PARSER(merged, BATCH, continued=True)
            held = (record["message"], record.get("event.original"))
            assert _whole(merged.message) in held
        else:
            assert merged is head
