"""RecordParser properties: never raises, always fills the schema, never plants reserved roots,
and gives the same record with or without orjson."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambda_forwarder.config import ParseSettings
from lambda_forwarder.model import LogBatch, LogEvent
from lambda_forwarder.parse import EMITTER_KEYS, FORWARDER_KEYS, LEVELS, RecordParser, common
from lambda_forwarder.parse.common import is_reserved

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
        "message_original",
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
    saved = common._orjson_loads
    common._orjson_loads = None
    try:
        without = _parse(line)
    finally:
        common._orjson_loads = saved
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
