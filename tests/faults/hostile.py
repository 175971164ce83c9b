"""Hostile inputs for the fault suite: payloads built by hand (corrupt layers, raw bytes) and
log lines built to break parsers, mappings, Slack and Rison."""

from __future__ import annotations

import base64
import gzip
import json
import time
from typing import Any

from lambda_forwarder.decode import encode_payload
from lambda_forwarder.model import CONTROL_MESSAGE, DATA_MESSAGE, LogBatch, LogEvent

OWNER = "123456789012"
MB = 1_048_576

SLACK_INJECTIONS = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<https://evil.example/login|click here>",
    "<@U012ABCDEF>",
    "*bold* _it_ ~strike~ `code` ```block```",
    "&amp; &lt; &gt;",
)
RISON_INJECTIONS = ("'", "!", ")", "(", "')&_a=(evil:!t)", "!'", "a b", "%27", "#", "&", "=")


def event_id(n: int) -> str:
    return str(10**55 + n)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def wire(events: list[dict[str, Any]] | None = None, **overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "messageType": DATA_MESSAGE,
        "owner": OWNER,
        "logGroup": "/ecs/checkout",
        "logStream": "checkout/1",
        "subscriptionFilters": ["logpipe"],
        "logEvents": events if events is not None else [],
    }
    document.update(overrides)
    return document


def raw_payload(document_bytes: bytes) -> dict[str, Any]:
    """A subscription event around raw JSON bytes (gzip + base64 done here, bytes untouched)."""
    return {"awslogs": {"data": b64(gzip.compress(document_bytes, mtime=0))}}


def batch(messages: list[str], start: int = 0, log_group: str = "/ecs/checkout") -> LogBatch:
    now = int(time.time() * 1000)
    return LogBatch(
        DATA_MESSAGE,
        OWNER,
        log_group,
        "checkout/1",
        tuple(LogEvent(event_id(start + n), now + n, m) for n, m in enumerate(messages)),
        ("logpipe",),
    )


def event_of(messages: list[str], start: int = 0) -> dict[str, Any]:
    return {"awslogs": {"data": encode_payload(batch(messages, start))}}


def nested(depth: int) -> str:
    return '{"deep": ' * depth + '"bottom"' + "}" * depth


# --- payloads that cannot be decoded: dead-lettered whole, with the stage that failed -------

_valid = encode_payload(batch(["a line"]))
_valid_gzip = base64.b64decode(_valid)

CORRUPT_PAYLOADS: dict[str, tuple[Any, str]] = {
    "base64: not base64": ("%%% not base64 %%%", "decode:base64"),
    "base64: truncated": (_valid[:-3], "decode:"),
    "base64: empty string": ("", "decode:base64"),
    "base64: a number, not a string": (12345, "decode:base64"),
    "gzip: not gzip": (b64(b"definitely not gzip"), "decode:gzip"),
    "gzip: truncated stream": (b64(_valid_gzip[: len(_valid_gzip) // 2]), "decode:gzip"),
    "gzip: trailing garbage": (b64(_valid_gzip + b"garbage"), "decode:gzip"),
    "gzip: bomb (30 MB of spaces)": (b64(gzip.compress(b" " * 30 * MB, mtime=0)), "decode:gzip"),
    "json: not JSON": (b64(gzip.compress(b"{not json", mtime=0)), "decode:json"),
    "json: 100,000-deep array": (b64(gzip.compress(b"[" * 100_000, mtime=0)), "decode:json"),
    "shape: a list": (b64(gzip.compress(b"[1, 2, 3]", mtime=0)), "decode:shape"),
    "shape: unknown messageType": (
        b64(gzip.compress(json.dumps(wire(messageType="EVIL")).encode(), mtime=0)),
        "decode:shape",
    ),
    "shape: NaN timestamp": (
        b64(
            gzip.compress(
                b'{"messageType":"DATA_MESSAGE","owner":"1","logGroup":"g","logStream":"s",'
                b'"logEvents":[{"id":"1","timestamp":NaN,"message":"m"}]}',
                mtime=0,
            )
        ),
        "decode:shape",
    ),
    "shape: event without an id": (
        b64(gzip.compress(json.dumps(wire([{"timestamp": 1, "message": "m"}])).encode(), mtime=0)),
        "decode:shape",
    ),
}


# --- lines that must be indexed (nothing lost, nothing crashes) ----------------------------


def _metadata_keys() -> str:
    return json.dumps(
        {
            "_id": "spoofed-id",
            "_source": {"evil": True},
            "_index": "other-index",
            "_routing": "r",
            "": "empty key",
            ".": "dot",
            "a..b": "double dot",
            ".leading": 1,
            "trailing.": 2,
            "   ": "spaces",
            "message": "metadata-named keys",
        }
    )


def _numbers() -> str:
    return (
        '{"message": "numbers", "nan": NaN, "inf": Infinity, "ninf": -Infinity, '
        f'"big": {2**200}, "neg": {-(2**200)}, "huge": 1{"0" * 400}, "tiny": 1e-400, '
        '"bigfloat": 1e400}'
    )


HOSTILE_LINES: dict[str, list[str]] = {
    "1 MB text message": ["T" * (MB - 100)],
    "1 MB JSON message (one field)": [json.dumps({"message": "big", "blob": "J" * (MB - 200)})],
    "10,000-key JSON": [json.dumps({f"k{n}": n for n in range(10_000)} | {"message": "wide"})],
    "1,000-deep nesting": [nested(1000)],
    "NaN, Infinity, -Infinity, 2**200, 1e400": [_numbers()],
    "keys _id, _source, empty, '.', 'a..b'": [_metadata_keys()],
    "control characters": ["nul \x00 esc \x1b[31m bell \x07 ls \u2028 ps \u2029 nel \x85"],
    "empty message": [""],
    "whitespace message": [" \t "],
    "JSON that is not an object": ['["a", "list"]', "42", '"a string"', "null", "true"],
    "almost JSON": ['{"unterminated": "', "{", "}", '{"a": 1}}'],
    "emitter record, everything the wrong type": [
        json.dumps(
            {
                "schema": "emitter/1",
                "@timestamp": 12,
                "log.level": ["error"],
                "message": {"not": "a string"},
                "service.name": 7,
                "log_id": None,
                "error.stack_trace": {"a": 1},
            }
        )
    ],
    "lone surrogates and private use": ["lone \ud800 low \udfff pua \ue000 bom \ufeff"],
    "Slack and Rison injection": [
        json.dumps({"message": " ".join(SLACK_INJECTIONS), "field": "".join(RISON_INJECTIONS)})
    ],
}
EMPTY_BATCH_EVENT = {"awslogs": {"data": encode_payload(batch([]))}}
CONTROL_EVENT = {
    "awslogs": {
        "data": encode_payload(
            LogBatch(
                CONTROL_MESSAGE,
                "CloudwatchLogs",
                "",
                "",
                (LogEvent("", 0, "CWL CONTROL MESSAGE: Checking health of destination"),),
            )
        )
    }
}


def invalid_utf8_event() -> tuple[dict[str, Any], list[str]]:
    """Raw invalid UTF-8 bytes and an escaped lone surrogate inside the gzip'd JSON."""
    ids = [event_id(900), event_id(901), event_id(902)]
    now = int(time.time() * 1000)
    document = (
        b'{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/ecs/checkout",'
        b'"logStream":"s","subscriptionFilters":[],"logEvents":['
        b'{"id":"' + ids[0].encode() + b'","timestamp":' + str(now).encode() + b","
        b'"message":"raw bytes \xff\xfe and a cut sequence \xc3 and \xed\xa0\x80"},'
        b'{"id":"' + ids[1].encode() + b'","timestamp":' + str(now).encode() + b","
        b'"message":"escaped lone surrogate \\ud800 here"},'
        b'{"id":"' + ids[2].encode() + b'","timestamp":' + str(now).encode() + b","
        b'"message":"{\\"password\\": \\"\\udc80\\", \\"msg\\": \\"ok\\"}"}'
        b"]}"
    )
    return raw_payload(document), ids
