"""The hand-built bulk body: action and source lines, sizes, chunks."""

from __future__ import annotations

import json

from lambda_forwarder.index.body import action_line, chunks, format_ingested, source_line
from lambda_forwarder.model import Document, LogBatch, LogEvent

BATCH = LogBatch("DATA_MESSAGE", "123456789012", "/aws/lambda/x", "stream", ())


def doc(source: dict[str, object], doc_id: str | None = "e1", index: str = "logs-1") -> Document:
    return Document(doc_id, index, source, LogEvent(doc_id or "e", 0, "m"), BATCH)


def test_action_line_is_index_with_the_event_id() -> None:
    """`index` (not `create`) with `_id`: re-delivery overwrites the same document."""
    line = action_line(doc({}, "3867"))
    assert line.endswith(b"\n")
    assert json.loads(line) == {"index": {"_index": "logs-1", "_id": "3867"}}


def test_action_line_without_id() -> None:
    """No `_id` when ids are off (Serverless time series) or the document has none."""
    assert json.loads(action_line(doc({}, None))) == {"index": {"_index": "logs-1"}}
    assert json.loads(action_line(doc({}, "e1"), use_ids=False)) == {"index": {"_index": "logs-1"}}


def test_metadata_like_record_keys_stay_in_the_source() -> None:
    """`version`, `routing`, `pipeline`, `_id`-like keys never leak into the action line."""
    record = {"version": 3, "routing": "r", "pipeline": "p", "op_type": "delete", "message": "m"}
    action = json.loads(action_line(doc(dict(record))))
    source = json.loads(source_line(doc(dict(record)), "2026-11-25T10:00:00.000000Z"))
    assert action == {"index": {"_index": "logs-1", "_id": "e1"}}
    assert {k: source[k] for k in record} == record


def test_source_line_sets_event_ingested_and_is_one_line() -> None:
    document = doc({"message": "line one\nline two", "n": 1})
    line = source_line(document, "2026-11-25T10:00:00.000001Z")
    assert line.count(b"\n") == 1 and line.endswith(b"\n")
    assert json.loads(line)["event.ingested"] == "2026-11-25T10:00:00.000001Z"
    assert document.source["event.ingested"] == "2026-11-25T10:00:00.000001Z"


def test_source_line_handles_what_orjson_refuses() -> None:
    """Integers beyond 64 bits and lone surrogates still serialize (standard-library path)."""
    line = source_line(doc({"big": 2**70, "odd": "a\ud800b"}), "t")
    assert json.loads(line)["big"] == 2**70
    assert json.loads(line)["odd"] == "a\ud800b"


def test_format_ingested() -> None:
    assert format_ingested(1_764_065_226.5) == "2025-11-25T10:07:06.500000Z"


def test_chunks_by_count() -> None:
    assert list(chunks(list(range(7)), [1] * 7, max_bytes=1000, max_docs=3)) == [
        [0, 1, 2],
        [3, 4, 5],
        [6],
    ]


def test_chunks_by_bytes() -> None:
    """The byte limit counts whole items; a chunk never exceeds it."""
    sizes = [40, 40, 40, 10, 90, 5]
    assert list(chunks(list("abcdef"), sizes, max_bytes=100, max_docs=100)) == [
        ["a", "b"],
        ["c", "d"],
        ["e", "f"],
    ]


def test_oversize_item_travels_alone() -> None:
    assert list(chunks(["s", "BIG", "t"], [10, 500, 10], max_bytes=100, max_docs=10)) == [
        ["s"],
        ["BIG"],
        ["t"],
    ]


def test_sizes_are_utf8_bytes() -> None:
    """A non-ASCII record is sized in bytes, not characters."""
    line = source_line(doc({"message": "é" * 100}), "t")
    assert len(line) > 200  # 2 bytes per "é"
